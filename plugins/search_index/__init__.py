"""Pelican plugin: a prebuilt lunr index of the published stories for the search page.

Signals used:
- `initialized`: put the search settings' defaults where templates can read them.
- `article_generator_finalized`: collect the published stories of this build (already
  anonymised by `plugins.anonymise`: this plugin never reads a source file).
- `finalized`: write `<SEARCH_INDEX_DIR>/index.json` (the lunr index), `docs.json` (what
  the results show), `body/<n>.json` (the body index's shards) and `text/<ref>.json` (each
  story's anonymised plain text, for snippets) into the output. A build stopped for a story
  problem never gets here.

The search page itself is the `search` direct template (theme/templates/search.html) with
theme/static/js/search.js and the vendored lunr.js 2.3.9.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Callable

from pelican import signals

from plugins.common.cache import ContentCache, code_fingerprint
from plugins.common.settings import DEFAULTS
from plugins.common.settings import read as read_settings

from . import core
from .core import BodyIndex, SearchStory, StoryTerms, build_search_files, html_to_text, story_terms

__all__ = ["register", "story_record", "collected_stories", "INDEX_FILE", "DOCS_FILE", "BODY_DIR", "TEXT_DIR"]

logger = logging.getLogger(__name__)

INDEX_FILE = "index.json"
DOCS_FILE = "docs.json"
#: Folders of the body index's shards and of each story's plain text (snippets), under SEARCH_INDEX_DIR.
BODY_DIR = "body"
TEXT_DIR = "text"

#: The published stories of the current build (Pelican may build many times in one process).
_collected: list[SearchStory] = []


def story_record(article) -> SearchStory:
    """A Pelican article as search sees it: the reader's anonymised fields, as plain text."""
    tags = list(getattr(article, "tags", None) or [])
    return SearchStory(
        url=article.url,
        title=" ".join(str(article.title).split()),
        date=article.date.strftime("%Y-%m-%d"),
        themes=tuple((tag.slug, tag.name) for tag in tags),
        role=str(getattr(article, "role", "") or ""),
        summary=html_to_text(str(getattr(article, "summary", "") or "")),
        body=html_to_text(article.content),
        theme_descriptions=tuple(t.description for t in getattr(article, "themes", None) or () if t.description),
    )


def is_published_story(article) -> bool:
    """Only published stories are searchable (drafts and hidden articles never are)."""
    return getattr(article, "status", "published") == "published" and bool(getattr(article, "is_story", True))


def collect_stories(generator) -> None:
    """Remember this build's published stories (the generator's `articles` holds no drafts)."""
    _collected.clear()
    _collected.extend(story_record(a) for a in generator.articles if is_published_story(a))


def collected_stories() -> list[SearchStory]:
    """The published stories the last build in this process indexed (for the quality benchmark)."""
    return list(_collected)


def write_index(pelican) -> None:
    """Write the index, docs, body shards and body texts into the output folder.

    They are ordinary output files written before the leak gate runs (it connects to
    `finalized` after this plugin), so the gate scans every shard and text like any page."""
    site = read_settings(pelican.settings)
    # Only anonymised bodies may go to cache/ (as the rendered HTML): no cache when anonymising is off.
    cache = story_terms_cache(site.build_cache_dir / "search") if site.anonymise else None
    files = build_search_files(_collected, site.search_terms_per_story, site.search_summary_chars,
                               site.search_body_shard_bytes, cached_story_terms(cache))
    if cache is not None:
        cache.prune()  # a withdrawn story's words leave cache/ with it
    folder = Path(pelican.output_path) / site.search_index_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INDEX_FILE).write_text(files.index_json(), encoding="utf-8")
    (folder / DOCS_FILE).write_text(files.docs_json(), encoding="utf-8")
    write_body_index(folder, files.body)
    logger.info("Search index: %d stories, %d terms each at most; body index in %d shards",
                len(_collected), site.search_terms_per_story, len(files.body.shards) if files.body else 0)


def story_terms_cache(directory: Path) -> ContentCache:
    """The cache of each story body's search terms (`StoryTerms`), keyed on the anonymised body
    text and on everything else that decides them: this package's code and lunr's (its stemmer
    and stop words), lunr's version, and Python's (`code_fingerprint`)."""
    import lunr
    import lunr.stemmer
    import lunr.stop_word_filter

    sources = [core.__file__, lunr.stemmer.__file__, lunr.stop_word_filter.__file__]
    return ContentCache(directory, code_fingerprint(sources, f"lunr {lunr.__VERSION__}"), suffix=".json")


def cached_story_terms(cache: ContentCache | None) -> Callable[[str], StoryTerms]:
    """`story_terms`, reading and filling `cache` (without one, `story_terms` itself)."""
    if cache is None:
        return story_terms

    def terms_of(body: str) -> StoryTerms:
        key = cache.key(body)
        data = cache.get(key)
        if data is not None:
            try:
                return StoryTerms.from_json(data)
            except (ValueError, TypeError):
                pass  # an unreadable entry is a miss: computed again and rewritten
        terms = story_terms(body)
        cache.put(key, terms.to_json().encode("utf-8"))
        return terms

    return terms_of


def write_body_index(folder: Path, body: BodyIndex | None) -> None:
    """`body/<n>.json` for each shard and `text/<ref>.json` for each story's plain text (a JSON
    string: no raw <, > or &, like every search file); with no body index, neither folder.

    Both folders are emptied first: a story withdrawn since the last build into this output
    must not stay findable through a stale text file."""
    for name in (BODY_DIR, TEXT_DIR):
        if (folder / name).exists():
            shutil.rmtree(folder / name)
    if body is None:
        return
    for name, files in ((BODY_DIR, [(f"{n}.json", body.shard_json(n)) for n in range(len(body.shards))]),
                        (TEXT_DIR, [(f"{ref}.json", body.text_json(ref)) for ref in range(len(body.texts))])):
        target = folder / name
        target.mkdir(parents=True)
        for file_name, text in files:
            (target / file_name).write_text(text, encoding="utf-8")


def expose_settings(pelican) -> None:
    """Give templates the search settings' defaults (search.html builds the index URLs)."""
    for name in ("SEARCH_INDEX_DIR",):
        pelican.settings.setdefault(name, DEFAULTS[name])


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(expose_settings)
    signals.article_generator_finalized.connect(collect_stories)
    signals.finalized.connect(write_index)
