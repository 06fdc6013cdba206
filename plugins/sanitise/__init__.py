"""Pelican plugin: cut every story's HTML down to a small allowlist before it is written.

Connected to `content_object_init`, which Pelican sends as each story becomes an Article, so
the summary, feeds and pages all derive from the sanitised HTML. Titles and other metadata
are plain text, escaped by the theme's autoescaping Jinja environment.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.contents import Article

from .policy import SanitisedHtml, sanitise_html

__all__ = ["register", "sanitise_html", "SanitisedHtml"]

logger = logging.getLogger(__name__)


def sanitise_story(content) -> None:
    """Replace a story's HTML with its sanitised form, logging what was removed and from which file."""
    if not isinstance(content, Article) or not getattr(content, "_content", None):
        return
    result = sanitise_html(content._content)
    if result.removed:
        logger.warning(
            "Removed disallowed HTML from %s: %s", content.source_path, ", ".join(f"<{tag}>" for tag in result.removed)
        )
    content._content = result.html


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.content_object_init.connect(sanitise_story)
