"""The story schema: front matter read with python-frontmatter, validated, failing closed.

A story is one Markdown file with YAML front matter. Validation reports every problem at
once, one line each, naming the file, the field and what was expected, so an editor can fix
a story in one pass. Nothing here knows about Pelican, so the anonymiser's command line,
the editors' tools and the tests share exactly the rules the build applies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import frontmatter
import yaml

#: Front-matter fields a story may carry, and what each must be (for messages).
STORY_FIELDS: dict[str, str] = {
    "title": "a non-empty line of text",
    "date": "a date written as YYYY-MM-DD",
    "themes": "a list of theme slugs from content/themes.yml",
    "consent": "true or false",
    "status": "draft or published",
    "slug": "lower-case words joined by hyphens, e.g. leaving-after-ofsted",
    "summary": "a line of text",
    "content_note": "a line of text",
    "role": "a line of text describing the writer's role, never a name",
    "redact": "a list of words or phrases",
    "keep": "a list of words or phrases",
    "risk_accepted": "the editor's reason for publishing a story whose re-identification risk is high",
}
REQUIRED_FIELDS = ("title", "date", "themes", "consent")
TEXT_FIELDS = ("title", "summary", "content_note", "role")
STATUSES = ("draft", "published")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The one format a story may be written in: only the anonymising reader reads it.
STORY_SUFFIX = ".md"
#: Markup in a one-line field: an HTML tag, comment or entity, or a script URL scheme. These
#: fields are shown as plain text everywhere (titles, listings, feeds, search, share cards).
MARKUP = re.compile(r"<[A-Za-z!/?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]{2,8});|\b(?:javascript|vbscript|data)\s*:", re.I)


@dataclass(frozen=True)
class Theme:
    """One entry of the declared theme vocabulary."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one source file, phrased for the editor who must fix it."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " + (f"field '{self.field}': " if self.field else "")
        return where + self.message


class SourceError(ValueError):
    """A source file cannot be published as it stands; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Story:
    """A validated story: front matter as the editor wrote it, and the Markdown body."""

    path: str
    metadata: dict[str, Any]
    body: str

    @property
    def status(self) -> str:
        """`published` unless the editor wrote `status: draft`."""
        return self.metadata.get("status", "published")

    def skip_reason(self) -> str | None:
        """Why this story must never reach the output, or None when it may be published."""
        if self.metadata.get("consent") is not True:
            return "consent is not true"
        if self.status != "published":
            return f"status is {self.status}"
        return None


def load_themes(path: Path) -> dict[str, Theme]:
    """Read the theme vocabulary file; a malformed vocabulary is an error naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise SourceError([Problem(str(path), "", f"cannot read the theme vocabulary: {err}")]) from err
    if not isinstance(data, dict) or not data:
        raise SourceError([Problem(str(path), "", "expected a mapping of theme slugs to name and description")])
    themes, problems = {}, []
    for slug, entry in data.items():
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            problems.append(Problem(str(path), str(slug), "theme slugs are lower-case words joined by hyphens"))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(Problem(str(path), slug, "expected `name:` (and optionally `description:`)"))
            continue
        themes[slug] = Theme(slug, entry["name"].strip(), str(entry.get("description", "")).strip())
    if problems:
        raise SourceError(problems)
    return themes


def read_source(path: Path, text: str | None = None) -> frontmatter.Post:
    """Read a Markdown file with YAML front matter; empty, non-UTF-8 or malformed files raise."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise SourceError([Problem(name, "", f"is not UTF-8 text ({err.reason} at byte {err.start})")]) from err
        except OSError as err:
            raise SourceError([Problem(name, "", f"cannot be read: {err.strerror or err}")]) from err
    if not text.strip():
        raise SourceError([Problem(name, "", "is empty: a story needs front matter and text")])
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (front matter line {mark.line + 2})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise SourceError([Problem(name, "", f"front matter is not valid YAML{where}: {problem}")]) from err
    except (ValueError, TypeError, AttributeError) as err:
        raise SourceError([Problem(name, "", f"front matter is not a YAML mapping: {err}")]) from err
    if not isinstance(post.metadata, dict):
        raise SourceError([Problem(name, "", "front matter must be a mapping of field: value")])
    return post


def text_problem(value: Any) -> str | None:
    """Why `value` is not a one-line, non-empty text field, or None when it is (shared by stories and collections)."""
    if not isinstance(value, str):
        return f"expected text, got {type(value).__name__} {value!r}"
    if not value.strip():
        return "is empty"
    if "\n" in value.strip():
        return "must be one line"
    return None


def markup_problem(value: Any) -> str | None:
    """Why a one-line field holding markup cannot be published, or None when it is plain text.

    The sanitiser cleans a story's body, but titles and summaries travel as text into feeds,
    the search index and share cards; markup there is refused, not silently escaped.
    """
    if not isinstance(value, str):
        return None
    found = MARKUP.search(value)
    if found is None:
        return None
    return (f"holds markup ({value[found.start():found.start() + 12]!r}...): one-line fields are plain text; "
            "remove the tag, entity or script link")


def not_markdown_problem(path: Path | str) -> Problem:
    """The problem of a file in the stories folder that is not a Markdown story: it would be
    read by one of Pelican's own readers, without the anonymiser."""
    suffix = Path(path).suffix or "file without an extension"
    return Problem(str(path), "", f"stories are Markdown ({STORY_SUFFIX}) with YAML front matter; a {suffix} file in "
                                  "the stories folder would bypass the anonymiser, so the build stops. "
                                  "Rename it to .md or move it out")


def stray_story_files(stories_dir: Path) -> list[Problem]:
    """Every file under the stories folder that is not a Markdown story (`.md`), as problems.

    Pelican's stock readers would publish an `.html`, `.rst`, `.mkd` or `.mdown` file as
    written, without the anonymiser; so any such file stops the build. Hidden files (editor
    swap files, `.DS_Store`) are ignored, as Pelican ignores them.
    """
    if not stories_dir.is_dir():
        return []
    problems = []
    for path in sorted(stories_dir.rglob("*")):
        relative = path.relative_to(stories_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix != STORY_SUFFIX:
            problems.append(not_markdown_problem(path))
    return problems


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _list_of_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def validate_story(path: str, metadata: Mapping[str, Any], themes: Mapping[str, Theme]) -> list[Problem]:
    """Every problem in a story's front matter, one per field; an empty list means it is valid."""
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(path, field, message))

    for name in metadata:
        if name not in STORY_FIELDS:
            problem(str(name), f"unknown field (a story may have: {', '.join(STORY_FIELDS)})")
    for name in REQUIRED_FIELDS:
        if name not in metadata or metadata[name] is None:
            problem(name, f"is missing: expected {STORY_FIELDS[name]}")

    for name in TEXT_FIELDS:
        if metadata.get(name) is not None and (why := text_problem(metadata[name]) or markup_problem(metadata[name])):
            problem(name, why)
    if metadata.get("date") is not None and _as_date(metadata["date"]) is None:
        problem("date", f"cannot read {metadata['date']!r} as a date: expected {STORY_FIELDS['date']}")
    if "themes" in metadata and metadata["themes"] is not None:
        value = metadata["themes"]
        # A draft may leave `themes: []` while the editor decides (make new-story writes it so);
        # drafts are never published, and a story cannot be published without a theme.
        empty_allowed = metadata.get("status") == "draft"
        if not isinstance(value, list) or (not value and not empty_allowed):
            problem("themes", f"expected {STORY_FIELDS['themes']}, got {value!r}")
        else:
            for theme in value:
                if theme not in themes:
                    problem("themes", f"unknown theme {theme!r} (known: {', '.join(themes)})")
    if "consent" in metadata and metadata["consent"] is not None and not isinstance(metadata["consent"], bool):
        problem("consent", f"expected {STORY_FIELDS['consent']}, got {metadata['consent']!r}")
    if "status" in metadata and metadata["status"] not in STATUSES:
        problem("status", f"expected {STORY_FIELDS['status']}, got {metadata['status']!r}")
    if "slug" in metadata and not (isinstance(metadata["slug"], str) and SLUG_PATTERN.match(metadata["slug"])):
        problem("slug", f"expected {STORY_FIELDS['slug']}, got {metadata['slug']!r}")
    if "risk_accepted" in metadata and not (isinstance(metadata["risk_accepted"], str) and metadata["risk_accepted"].strip()):
        problem("risk_accepted", f"expected {STORY_FIELDS['risk_accepted']}, got {metadata['risk_accepted']!r}")
    for name in ("redact", "keep"):
        if name in metadata and not _list_of_text(metadata[name]):
            problem(name, f"expected {STORY_FIELDS[name]}, got {metadata[name]!r}")
    return problems


def load_story(path: Path, themes: Mapping[str, Theme], text: str | None = None) -> Story:
    """Read and validate one story file; raise `SourceError` listing every problem."""
    post = read_source(path, text)
    problems = validate_story(str(path), post.metadata, themes)
    if not post.content.strip():
        problems.append(Problem(str(path), "", "has front matter but no story text"))
    if problems:
        raise SourceError(problems)
    metadata = dict(post.metadata)
    metadata["date"] = _as_date(metadata["date"])
    return Story(str(path), metadata, post.content)
