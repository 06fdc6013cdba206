"""The build's settings, schema and anonymiser, loaded once for the editors' tools.

`EditorSession` reads `pelicanconf.py` with Pelican's own `read_settings` and Safe Harbour's
settings with `plugins.common.settings.read`, and anonymises through the build's adapter
(`plugins.anonymise.adapter.StoryAnonymiser`: same model, same keep-list, same cache). So a
preview or a pull-request report says exactly what `make html` will do, and a story already
built is never anonymised again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from plugins.common.settings import SiteSettings
from plugins.common.settings import read as read_site_settings
from plugins.common.stories import Problem, SourceError, Story, Theme, load_story, load_themes, read_source

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SETTINGS_FILE = REPO / "pelicanconf.py"


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """`NAME=value` pairs as Pelican's `-e` takes them: JSON values, or plain strings."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"expected NAME=value, got {pair!r}")
        try:
            overrides[name] = json.loads(value)
        except json.JSONDecodeError:
            overrides[name] = value
    return overrides


def read_pelican_settings(settings_file: Path = DEFAULT_SETTINGS_FILE, overrides: Mapping[str, Any] | None = None) -> dict:
    """Pelican's settings from `settings_file` (as `pelican -s` reads them) with `overrides` on top."""
    import logging

    from pelican.settings import read_settings  # Pelican is heavy: only the tools that need it import it

    # read_settings warns about feed URLs for a site build; these tools build no feeds.
    quiet = logging.getLogger("pelican.settings")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return read_settings(str(settings_file), override=dict(overrides or {}))
    finally:
        quiet.setLevel(level)


@dataclass
class StoryCheck:
    """What the build would make of one story file: its problems, or its skip reason and redaction."""

    path: str
    story: Story | None = None
    problems: list[Problem] = field(default_factory=list)
    skip_reason: str | None = None
    redaction: Any = None  # anonymiser.StoryRedaction
    error: str | None = None  # why the anonymiser could not run on it
    risk: Any = None  # anonymiser.risk.RiskAssessment of the anonymised story

    @property
    def publishable(self) -> bool:
        """True when the build would publish this story as it stands."""
        return not self.problems and self.skip_reason is None and self.error is None


class EditorSession:
    """Settings, theme vocabulary and the build's anonymiser adapter, loaded once per command."""

    def __init__(self, pelican_settings: Mapping[str, Any], settings_file: Path = DEFAULT_SETTINGS_FILE,
                 overrides: Mapping[str, Any] | None = None):
        self.pelican_settings = dict(pelican_settings)
        self.settings_file = Path(settings_file)
        self.overrides = dict(overrides or {})
        self.site: SiteSettings = read_site_settings(self.pelican_settings)
        self.themes: dict[str, Theme] = load_themes(self.site.story_themes_file)
        self._adapter = None

    @classmethod
    def from_file(cls, settings_file: Path = DEFAULT_SETTINGS_FILE, overrides: Mapping[str, Any] | None = None) -> "EditorSession":
        """A session on the settings `make html` uses (`pelicanconf.py`), with optional overrides."""
        return cls(read_pelican_settings(settings_file, overrides), settings_file, overrides)

    @property
    def adapter(self):
        """The build's `StoryAnonymiser` (policy and cache), created on first use."""
        if self._adapter is None:
            from plugins.anonymise.adapter import StoryAnonymiser

            self._adapter = StoryAnonymiser(self.site)
        return self._adapter

    def validate(self, path: Path) -> StoryCheck:
        """Read and validate one story with the build's schema; no anonymisation."""
        check = StoryCheck(str(path))
        try:
            check.story = load_story(Path(path), self.themes)
        except SourceError as err:
            check.problems = list(err.problems)
            return check
        check.skip_reason = check.story.skip_reason()
        return check

    def check(self, path: Path) -> StoryCheck:
        """Validate one story and anonymise it (drafts and unconsented stories too: the editor
        needs the report before publishing). A missing model is recorded, never ignored."""
        import anonymiser

        check = self.validate(path)
        if check.story is None:
            return check
        try:
            check.redaction = self.adapter.anonymise(check.story)
        except anonymiser.ModelUnavailable as err:
            check.error = f"the anonymiser's model could not be loaded: {err}"
            return check
        if self.site.risk_gate:
            from plugins.anonymise.reader import risk_check

            check.risk, problem = risk_check(check.story, check.redaction)
            if problem is not None:
                check.problems.append(problem)
        return check

    def surfaces_of_broken_file(self, path: Path) -> set[str] | None:
        """Best effort for a story that fails validation: the words the anonymiser would remove
        from its text, so its file name and problems can be shown masked. None if impossible."""
        try:
            import anonymiser

            from .report import removed_surfaces

            text = Path(path).read_text(encoding="utf-8", errors="replace")
            try:  # the values and text only, so field names ("slug:") are not read as words
                post = read_source(Path(path), text)
                text = "\n\n".join([*(str(v) for v in post.metadata.values()), post.content])
            except SourceError:
                pass
            raw = anonymiser.redact_story({"title": "Untitled"}, text, self.adapter.policy)
            return removed_surfaces(raw)
        except Exception:  # noqa: BLE001 - any failure means: hide the file's details entirely
            return None
