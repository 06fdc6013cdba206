"""The allowlist every story's HTML is cut down to, and the function that applies it.

Stories come from outside the network, so their HTML is untrusted: Markdown passes raw
HTML through, and a pasted story can carry scripts, styles, frames, event handlers or
`javascript:`/`data:` links. Only a small set of structural tags survives; links keep only
http, https and mailto. Whatever is removed is reported, so an editor sees what changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import bleach

from anonymiser.text import DROPPED_ELEMENT, DROPPED_WITH_CONTENT

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "blockquote", "q", "cite",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "sup", "sub",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["scope"], "td": [], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
#: Elements whose content is code or chrome, not story text, are dropped whole, content and all,
#: by the anonymiser's own pattern (`DROPPED_ELEMENT`: the anonymiser skips exactly what is dropped
#: here); an element never closed loses its tag only, and the anonymiser reads the text after it.
_LONE_DROPPED_TAG = re.compile(r"<\s*/?\s*(?:%s)\b[^>]*/?>" % "|".join(DROPPED_WITH_CONTENT), re.IGNORECASE)
_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass(frozen=True)
class SanitisedHtml:
    """Clean HTML and the names of the tags that were removed from it (empty when nothing was)."""

    html: str
    removed: tuple[str, ...]


_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
#: bleach writes attributes in a fixed form, so outbound links are found reliably after cleaning;
#: Python-Markdown writes a link's href first too, so pages' Markdown links are found the same way.
#: A link that already has a rel is left alone (never two rel attributes).
_OUTBOUND_LINK = re.compile(r'<a href="(https?://[^"]*)"(?![^>]*\brel=)')


def mark_outbound_links(html: str) -> str:
    """Give every outbound http(s) link rel="noopener noreferrer": it never hands the reader's page
    (window.opener, the Referer) to another site. Used for stories and for the network's pages."""
    return _OUTBOUND_LINK.sub(r'<a href="\1" rel="noopener noreferrer"', html)


def sanitise_html(html: str) -> SanitisedHtml:
    """Cut `html` down to the story allowlist; report which disallowed tags were removed."""
    removed = {m.group(1).lower() for m in _TAG_NAME.finditer(html)} - ALLOWED_TAGS
    without_code = _LONE_DROPPED_TAG.sub("", DROPPED_ELEMENT.sub("", html))
    clean = _CLEANER.clean(without_code)
    # Outbound links never hand the reader's page to another site.
    clean = mark_outbound_links(clean)
    return SanitisedHtml(clean, tuple(sorted(removed)))
