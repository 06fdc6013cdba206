"""Pelican plugin: cut every story's HTML down to a small allowlist before it is written.

Connected to `content_object_init`, which Pelican sends as each story becomes an Article, so
the summary, feeds and pages all derive from the sanitised HTML. Titles and other metadata
are plain text, escaped by the theme's autoescaping Jinja environment.

The result is cached by content (`plugins/common/cache.py`): the key is the HTML the reader
made and a fingerprint of the policy's code and bleach's version, so a rebuild cleans only
the stories an edit changed, and whatever the cache holds was made by today's policy. Only
anonymised stories are cached (never with ANONYMISE off); `article_generator_finalized`
deletes the entries no story of the build used.

Signals used: `content_object_init` (clean a story), `article_generator_finalized` (prune).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from plugins.common.cache import ContentCache, code_fingerprint
from plugins.common.settings import read as read_settings

from .policy import SanitisedHtml, sanitise_html

__all__ = ["register", "sanitise_html", "SanitisedHtml", "sanitised_cache", "cached_sanitise"]

logger = logging.getLogger(__name__)

#: Where the cached results live, under BUILD_CACHE_DIR.
CACHE_FOLDER = "sanitised"


def sanitised_cache(directory: Path) -> ContentCache:
    """The cache of sanitised story HTML, keyed on the HTML and on everything that decides the result:
    the policy's code (which holds the allowlist) and bleach's version."""
    import bleach

    from anonymiser import text as anonymiser_text  # DROPPED_WITH_CONTENT lives there

    fingerprint = code_fingerprint([Path(__file__).with_name("policy.py"), Path(anonymiser_text.__file__)],
                                   f"bleach {bleach.__version__}")
    return ContentCache(directory, fingerprint, suffix=".json")


def cached_sanitise(html: str, cache: ContentCache | None) -> SanitisedHtml:
    """`sanitise_html(html)`, from `cache` when this exact HTML was cleaned before."""
    if cache is None:
        return sanitise_html(html)
    key = cache.key(html)
    data = cache.get(key)
    if data is not None:
        stored = json.loads(data)
        return SanitisedHtml(stored["html"], tuple(stored["removed"]))
    result = sanitise_html(html)
    cache.put(key, json.dumps({"html": result.html, "removed": list(result.removed)}).encode("utf-8"))
    return result


#: The cache of the build in progress (None with ANONYMISE off), made once per build from its
#: settings by `start_build`: Pelican reads stories one build at a time, and `make serve` starts
#: each build with `get_generators`.
_build: dict[str, ContentCache | None] = {}


def _cache_for(settings) -> ContentCache | None:
    if "cache" not in _build:
        site = read_settings(settings)
        # A story as written (ANONYMISE off) is never stored in cache/.
        _build["cache"] = sanitised_cache(site.build_cache_dir / CACHE_FOLDER) if site.anonymise else None
    return _build["cache"]


def sanitise_story(content) -> None:
    """Replace a story's HTML with its sanitised form, logging what was removed and from which file."""
    if not isinstance(content, Article) or not getattr(content, "_content", None):
        return
    result = cached_sanitise(content._content, _cache_for(content.settings))
    if result.removed:
        logger.warning(
            "Removed disallowed HTML from %s: %s", content.source_path, ", ".join(f"<{tag}>" for tag in result.removed)
        )
    content._content = result.html


def start_build(pelican=None) -> None:
    """Start a build with no memory of the last one's cache or settings."""
    _build.clear()


def prune_cache(generator) -> None:
    """Every story is read and cleaned: delete the cached results no story of this build used."""
    cache = _cache_for(generator.settings)
    if cache is not None:
        cache.prune()


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(start_build)
    signals.content_object_init.connect(sanitise_story)
    signals.article_generator_finalized.connect(prune_cache)
