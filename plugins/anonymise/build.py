"""What one Pelican build learns about its stories: problems, skipped files, redactions.

Pelican creates a reader per generator, and in `make serve` runs many builds in one process,
so this state lives here, is reset at the start of every build and read by the signals that
end it (the fail-closed check, the leak gate, the editor's report).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from plugins.common.stories import Problem

logger = logging.getLogger(__name__)


class BuildStopped(Exception):
    """The build must not write anything: raised with every problem found, one per line."""

    exitcode = 1
    #: Its message is the whole story for an editor: Pelican's traceback is left out of the log.
    editor_facing = True


class EditorFacingErrors(logging.Filter):
    """Drop the traceback Pelican logs with an exception that carries its own editor's message.

    Pelican logs every exception that stops a build with `exc_info`; for a stopped build or a
    leak, the message already names the file, the field and the fix, and a page of frames
    from Pelican's internals only hides it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record; strip its traceback when the exception is editor-facing."""
        if record.exc_info and getattr(record.exc_info[1], "editor_facing", False):
            record.exc_info = None
            record.exc_text = None
        return True


@dataclass
class BuildState:
    """The stories' problems, skips and redactions seen by the current build."""

    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    #: source path -> anonymiser.StoryRedaction, for the leak gate and the report.
    redactions: dict[str, Any] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget the previous build (`make serve` rebuilds in the same process)."""
        self.problems.clear()
        self.skipped.clear()
        self.redactions.clear()

    def stop_if_problems(self) -> None:
        """Raise `BuildStopped` naming every problem, so nothing of this build is written."""
        if not self.problems:
            return
        files = sorted({p.path for p in self.problems})
        lines = [str(p) for p in self.problems]
        raise BuildStopped(
            f"{len(lines)} problem(s) in {len(files)} file(s); nothing was written:\n  " + "\n  ".join(lines)
        )


#: The one state object of this process's current build.
CURRENT = BuildState()
