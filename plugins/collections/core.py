"""Themed collections: the schema, its validation and how a collection picks its stories.

A collection is one Markdown file in content/collections/ with YAML front matter:

    title: "Ofsted and the cliff edge"      # required, one line
    slug: ofsted-and-the-cliff-edge         # required: the stable URL collections/<slug>/
    intro: "Four heads on ..."              # required, one line (lede, share card description)
    stories: [slug-one, slug-two]           # EITHER an ordered list of story slugs
    themes: [ofsted]                        # OR themes: every published story of them, newest first

followed by a Markdown introduction. Validation fails closed exactly like stories: every
problem is reported at once, naming the file and the field. Nothing here knows about Pelican:
stories are any objects with `slug`, `date` and `themes` (objects with a `slug`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from plugins.common.ordering import newest_first
from plugins.common.stories import SLUG_PATTERN, Problem, SourceError, Theme, markup_problem, read_source, text_problem

#: Front-matter fields a collection may carry, and what each must be (for messages).
COLLECTION_FIELDS: dict[str, str] = {
    "title": "a non-empty line of text",
    "slug": "lower-case words joined by hyphens, e.g. ofsted-and-the-cliff-edge",
    "intro": "a non-empty line of text introducing the collection",
    "stories": "a list of story slugs, in the order they should appear",
    "themes": "a list of theme slugs from content/themes.yml",
}
REQUIRED_FIELDS = ("title", "slug", "intro")


@dataclass(frozen=True)
class Collection:
    """A validated collection file: either `story_slugs` or `theme_slugs` is set, never both."""

    path: str
    title: str
    slug: str
    intro: str
    story_slugs: tuple[str, ...] | None
    theme_slugs: tuple[str, ...] | None
    body: str


@dataclass(frozen=True)
class LeftOut:
    """A story a collection names that must not be published (draft or no consent)."""

    story_path: str
    reason: str


@dataclass
class Selection:
    """What a collection resolves to against the current build's published stories."""

    stories: list[Any] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _slug_list_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return f"expected a non-empty list, got {value!r}"
    bad = [v for v in value if not (isinstance(v, str) and SLUG_PATTERN.match(v))]
    if bad:
        return f"expected slugs (lower-case words joined by hyphens), got {bad!r}"
    repeated = sorted({v for v in value if value.count(v) > 1})
    if repeated:
        return f"lists {', '.join(repeated)} more than once"
    return None


def validate_collection(path: str, metadata: Mapping[str, Any], themes: Mapping[str, Theme]) -> list[Problem]:
    """Every problem in a collection's front matter; an empty list means it is valid."""
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(path, name, message))

    for name in metadata:
        if name not in COLLECTION_FIELDS:
            problem(str(name), f"unknown field (a collection may have: {', '.join(COLLECTION_FIELDS)})")
    for name in REQUIRED_FIELDS:
        if metadata.get(name) is None:
            problem(name, f"is missing: expected {COLLECTION_FIELDS[name]}")
        elif why := text_problem(metadata[name]) or markup_problem(metadata[name]):
            problem(name, why)
    if isinstance(metadata.get("slug"), str) and not SLUG_PATTERN.match(metadata["slug"]):
        problem("slug", f"expected {COLLECTION_FIELDS['slug']}, got {metadata['slug']!r}")

    has_stories, has_themes = metadata.get("stories") is not None, metadata.get("themes") is not None
    if has_stories and has_themes:
        problem("stories", "a collection has either `stories:` (chosen stories) or `themes:` (every story of those themes), not both")
    elif not has_stories and not has_themes:
        problem("stories", "is missing: a collection needs `stories:` (a list of story slugs) or `themes:` (a list of theme slugs)")
    for name in ("stories", "themes"):
        if metadata.get(name) is not None and (why := _slug_list_problem(metadata[name])):
            problem(name, why)
    if has_themes and isinstance(metadata["themes"], list):
        for theme in metadata["themes"]:
            if isinstance(theme, str) and SLUG_PATTERN.match(theme) and theme not in themes:
                problem("themes", f"unknown theme {theme!r} (known: {', '.join(themes)})")
    return problems


def load_collection(path: Path, themes: Mapping[str, Theme], text: str | None = None) -> Collection:
    """Read and validate one collection file; raise `SourceError` listing every problem."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise SourceError([Problem(name, "", f"is not UTF-8 text ({err.reason} at byte {err.start})")]) from err
        except OSError as err:
            raise SourceError([Problem(name, "", f"cannot be read: {err.strerror or err}")]) from err
    if not text.strip():
        raise SourceError([Problem(name, "", "is empty: a collection needs front matter (title, slug, intro, and stories or themes)")])
    post = read_source(path, text)
    problems = validate_collection(name, post.metadata, themes)
    if problems:
        raise SourceError(problems)
    meta = post.metadata
    return Collection(
        path=name,
        title=meta["title"].strip(),
        slug=meta["slug"],
        intro=meta["intro"].strip(),
        story_slugs=tuple(meta["stories"]) if meta.get("stories") is not None else None,
        theme_slugs=tuple(meta["themes"]) if meta.get("themes") is not None else None,
        body=post.content,
    )


def load_collections(paths: Iterable[Path], themes: Mapping[str, Theme]) -> tuple[list[Collection], list[Problem]]:
    """Every valid collection and every problem in the files, including two files sharing a slug."""
    collections: list[Collection] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            collection = load_collection(path, themes)
        except SourceError as err:
            problems.extend(err.problems)
            continue
        if collection.slug in seen:
            problems.append(Problem(collection.path, "slug", f"{collection.slug!r} is already the slug of {seen[collection.slug]}"))
            continue
        seen[collection.slug] = collection.path
        collections.append(collection)
    return collections, problems


def select_stories(
    collection: Collection,
    published: Sequence[Any],
    unpublished_slugs: Mapping[str, LeftOut],
) -> Selection:
    """The published stories a collection shows, the unpublished ones it names, and its problems.

    `published` are the build's published stories; `unpublished_slugs` maps the explicit `slug:`
    of each draft or unconsented story to its file and reason. A named slug that is in neither
    is a problem: the build stops rather than publish a collection that silently lost a story.
    """
    selection = Selection()
    if collection.theme_slugs is not None:
        wanted = set(collection.theme_slugs)
        chosen = [s for s in published if wanted & {t.slug for t in getattr(s, "themes", ())}]
        selection.stories = sorted(chosen, key=newest_first)
        return selection
    by_slug = {s.slug: s for s in published}
    for slug in collection.story_slugs or ():
        if slug in by_slug:
            selection.stories.append(by_slug[slug])
        elif slug in unpublished_slugs:
            selection.left_out.append(unpublished_slugs[slug])
        else:
            selection.problems.append(Problem(
                collection.path, "stories",
                f"unknown story slug {slug!r}: no story has it (a draft or unconsented story is recognised "
                "only by an explicit `slug:` in its front matter)",
            ))
    return selection


def citation(site_name: str, year: int, title: str, url: str, accessed: str = "[date]") -> str:
    """A plain-text, Harvard-style citation of a collection; `accessed` is left for the reader to fill."""
    return f'{site_name} ({year}) "{title}". Available at: {url} (Accessed: {accessed}).'
