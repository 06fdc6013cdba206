"""The pull-request comment: every changed story checked, anonymised and reported, masked.

    python -m plugins.editor_tools.pr_report content/stories/a.md content/stories/b.md > comment.md

Prints the comment body (Markdown, starting with the hidden marker CI uses to update its one
comment). Removed words never appear in it: not in the context, the title or the file name.
Paths that no longer exist (a story deleted by the pull request, e.g. consent withdrawn) are
listed as removed. Exit status: 0 when every changed story can be merged as it stands, 1 when
one stops the build or could not be anonymised (the comment is printed either way), 2 on bad use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .report import StoryReport, render_markdown, story_report
from .session import DEFAULT_SETTINGS_FILE, EditorSession, StoryCheck, parse_overrides


def story_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """Markdown story paths, de-duplicated and sorted (so the report's order never depends on git's):
    (present, deleted)."""
    unique = sorted({p.strip() for p in paths if p.strip().endswith((".md", ".markdown"))})
    return [p for p in unique if Path(p).is_file()], [p for p in unique if not Path(p).exists()]


def build_reports(session: EditorSession, paths: list[str]) -> list[StoryReport]:
    """Check and report each story in `paths` (sorted), masked."""
    reports = []
    for number, path in enumerate(paths, start=1):
        check: StoryCheck = session.check(Path(path))
        check.path = path  # as given (relative in CI), not resolved
        surfaces = None
        if check.redaction is None:
            surfaces = session.surfaces_of_broken_file(Path(path))
        reports.append(story_report(check, number, surfaces=surfaces, mask=True))
    return reports


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m plugins.editor_tools.pr_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="story files the pull request changes")
    parser.add_argument("-s", "--settings", type=Path, default=DEFAULT_SETTINGS_FILE, help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("-e", "--extra-settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override a setting as `pelican -e` does, e.g. ANONYMISER_CACHE_DIR='\"/tmp/c\"'")
    args = parser.parse_args(argv)
    try:
        overrides = parse_overrides(args.extra_settings)
    except ValueError as err:
        parser.error(str(err))
    present, deleted = story_paths(args.paths)
    session = EditorSession.from_file(args.settings, overrides)
    reports = build_reports(session, present)
    body = render_markdown(reports)
    if deleted:
        body += "\n**Stories removed by this pull request** (they leave the site when it is merged): " \
                f"{len(deleted)}.\n"
    sys.stdout.write(body)
    return 1 if any(r.problems or r.result.startswith("could not") for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
