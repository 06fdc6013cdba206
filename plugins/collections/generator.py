"""The Pelican generator for collections, their feeds and every page's share card.

`generate_context` runs after the articles generator has read (and anonymised) every story
and before `all_generators_finalized`, where the anonymise plugin stops a build with the
problems of every generator (this one's `problems` list included): so a bad collection file
stops the build before anything is written, like a bad story. Stories the reader skipped
(drafts, no consent) are learnt from Pelican's `article_generator_context` signal, which
carries their reason and explicit slug: no story file is read again here.
`generate_output` writes the collection pages, their print versions, the index, the feeds and
the share cards of stories, themes and collections.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import PIL
from pelican import signals
from pelican.generators import Generator

from plugins.anonymise.reader import PAGE_MARKDOWN_EXTENSIONS, render_markdown
from plugins.common.settings import read as read_settings
from plugins.common.cache import PYTHON, code_fingerprint, digest, prune_folder
from plugins.common.stories import load_themes
from plugins.sanitise import sanitise_html

from . import cards
from .core import Collection, LeftOut, citation, load_collections, select_stories

logger = logging.getLogger(__name__)

COLLECTIONS_URL = "collections/"
#: A collection's URL comes from its own `slug:` only, so retitling a story never moves it.
COLLECTION_URL = "collections/{slug}/"
COLLECTION_PRINT_URL = "collections/{slug}/print/"
#: Card labels, by kind of page (the folder under SHARE_CARDS_DIR).
CARD_LABELS = {"story": "Story", "collection": "Collection", "theme": "Theme", "site": "Collections"}


@dataclass
class CollectionPage:
    """What the collection templates see: the validated collection and its published stories."""

    collection: Collection
    stories: list[Any]
    content: str
    feed_url: str
    absolute_url: str
    left_out: list[LeftOut] = field(default_factory=list)

    title = property(lambda self: self.collection.title)
    slug = property(lambda self: self.collection.slug)
    intro = property(lambda self: self.collection.intro)
    source_path = property(lambda self: self.collection.path)
    url = property(lambda self: COLLECTION_URL.format(slug=self.slug))
    save_as = property(lambda self: self.url + "index.html")
    print_url = property(lambda self: COLLECTION_PRINT_URL.format(slug=self.slug))
    print_save_as = property(lambda self: self.print_url + "index.html")

    @property
    def updated(self) -> dt.date | None:
        """The date of the collection's newest story (None while it has none)."""
        return max((s.date for s in self.stories), default=None)

    def citation(self, site_name: str, today: dt.date) -> str:
        """The plain-text citation, dated by the newest story (or `today` for an empty collection)."""
        year = (self.updated or today).year
        return citation(site_name, year, self.title, self.absolute_url)


def canonical_base(settings: dict[str, Any]) -> str:
    """The site's absolute base URL when publishing, '' (root-relative) in development.

    Templates see SITEURL rewritten to a relative path on every page when RELATIVE_URLS is on,
    so links that leave the site (citations, og:url) use this instead, as the sitemap does.
    """
    base = settings.get("FEED_DOMAIN") if settings.get("RELATIVE_URLS") else settings.get("SITEURL")
    return (base or "").rstrip("/")


def unpublished_slugs(skipped: dict[str, tuple[str, str]]) -> dict[str, LeftOut]:
    """The explicit `slug:` of every story this build skipped (draft or no consent), with its file.

    `skipped` maps a source path to (reason, explicit slug or ""), as the reader reported it.
    A skipped story is never anonymised, so it has no derived slug: only an explicit one can be
    recognised. A collection naming any other unknown slug stops the build (fail closed).
    """
    found: dict[str, LeftOut] = {}
    for path, (reason, slug) in sorted(skipped.items()):
        if slug:
            found[slug] = LeftOut(path, reason)
    return found


_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)


def demote_headings(html: str) -> str:
    """Move every heading in `html` one level down (h2 -> h3 ...), for a story shown under its own h2."""
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


class CollectionsGenerator(Generator):
    """Reads content/collections/, checks every file and writes the collections and share cards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters["demote_headings"] = demote_headings
        #: Problems with collection files: the anonymise plugin stops the build on them, with its own.
        self.problems: list = []
        #: source path -> (reason, explicit slug) of every story the reader skipped this build.
        self.skipped: dict[str, tuple[str, str]] = {}
        # Pelican makes the generators of a build before any of them reads a file; this one
        # listens only as long as it lives (a weak reference), so one build's never hears the next's.
        signals.article_generator_context.connect(self.note_skipped_story)

    def note_skipped_story(self, generator, metadata) -> None:
        """Remember a story the reader skipped: its file, why, and its explicit slug if any."""
        if metadata.get("status") == "skip" and metadata.get("story_source"):
            self.skipped[str(metadata["story_source"])] = (str(metadata.get("unpublished_reason", "")),
                                                           str(metadata.get("unpublished_slug") or ""))

    def generate_context(self) -> None:
        """Validate the collections against the published stories; record problems for the build to stop on."""
        self.site = read_settings(self.settings)
        self.today = dt.date.today()
        self.themes = load_themes(self.site.story_themes_file)
        directory = self.site.collections_dir
        paths = sorted(directory.glob("*.md")) + sorted(directory.glob("*.markdown")) if directory.is_dir() else []
        collections, problems = load_collections(paths, self.themes)
        self.problems.extend(problems)

        published = list(self.context.get("articles", []))
        unpublished = unpublished_slugs(self.skipped)
        base = canonical_base(self.settings)
        self.collections: list[CollectionPage] = []
        for collection in collections:
            selection = select_stories(collection, published, unpublished)
            self.problems.extend(selection.problems)
            for left in selection.left_out:
                logger.warning(
                    "Collection %s left out story %s (%s): never published through a collection",
                    self.short(collection.path), self.short(left.story_path), left.reason,
                )
            if not selection.stories and not selection.problems:
                logger.warning("Collection %s has no published stories yet", self.short(collection.path))
            html = render_markdown(collection.body, PAGE_MARKDOWN_EXTENSIONS) if collection.body.strip() else ""
            self.collections.append(CollectionPage(
                collection=collection,
                stories=selection.stories,
                content=sanitise_html(html).html,
                feed_url=self.site.collection_feed_atom.format(slug=collection.slug),
                absolute_url=f"{base}/{COLLECTION_URL.format(slug=collection.slug)}",
                left_out=selection.left_out,
            ))
        self.context["collections"] = self.collections
        self.context["COLLECTIONS_URL"] = COLLECTIONS_URL
        self.context["SHARE_BASE_URL"] = base
        self.context["SHARE_CARDS_DIR"] = self.site.share_cards_dir

    def short(self, path: str) -> str:
        """`path` relative to the content folder when it is inside it (keeps log lines on one line)."""
        try:
            return str(Path(path).resolve().relative_to(self.site.content_path))
        except ValueError:
            return path

    # -- output ---------------------------------------------------------------------------
    def generate_output(self, writer) -> None:
        """Write every collection page, print version, feed, the index and all share cards."""
        relative = self.settings.get("RELATIVE_URLS", False)
        site_name = self.settings.get("SITENAME", "")
        date_format = self.settings.get("DEFAULT_DATE_FORMAT", "%-d %B %Y")
        for page in self.collections:
            extra = {
                "collection": page,
                "citation": page.citation(site_name, self.today),
                "updated": page.updated.strftime(date_format) if page.updated else None,
            }
            writer.write_file(page.save_as, self.get_template("collection"), self.context,
                              relative_urls=relative, url=page.url, **extra)
            writer.write_file(page.print_save_as, self.get_template("collection_print"), self.context,
                              relative_urls=relative, url=page.print_url, **extra)
            writer.write_feed(page.stories, self.context, page.feed_url, page.feed_url, feed_title=page.title)
        writer.write_file(COLLECTIONS_URL + "index.html", self.get_template("collections"), self.context,
                          relative_urls=relative, url=COLLECTIONS_URL)
        self.write_cards()

    def card_subjects(self) -> list[tuple[str, str, str]]:
        """(kind, slug, title) of every page with a share card: stories, themes, collections, the index.

        A story's title here is the Article's title, which the reader built from the anonymised
        fields only: the card never sees the source.
        """
        subjects = [("story", a.slug, a.title) for a in self.context.get("articles", [])]
        tags = self.context.get("tags", [])
        pairs = tags.items() if isinstance(tags, dict) else tags
        subjects += [("theme", tag.slug, tag.name) for tag, _ in pairs]
        subjects += [("collection", c.slug, c.title) for c in self.collections]
        subjects.append(("site", "collections", "Themed collections of stories"))
        return subjects

    def png_key(self, svg: str) -> str:
        """The card PNG cache's key: the SVG's text (every string and position the PNG is drawn
        from), Pillow's version and Python's."""
        return hashlib.sha256(f"{PIL.__version__}\0{PYTHON}\0{svg}".encode("utf-8")).hexdigest()[:40]

    def cached_png(self, card, svg: str, drawn: bytes | None = None) -> tuple[bytes, bool]:
        """The card's PNG from the content-addressed cache, drawn (and stored) on a miss; `drawn`
        is the card's PNG when the caller has just drawn it (`cards.card_pngs`).

        Returns (png bytes, whether it was drawn now)."""
        cached = self.site.share_cards_cache_dir / f"{self.png_key(svg)}.png"
        if cached.is_file():
            return cached.read_bytes(), False
        png = drawn if drawn is not None else cards.card_png(card)
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(png)
        partial.replace(cached)  # atomic: a concurrent build never reads half a PNG
        return png, True

    def card_svg(self, layout_fingerprint: str, label: str, title: str, site_name: str) -> tuple[str, str]:
        """(the card's SVG, its layout key): laid out once, then found again by its strings.

        Laying a card out measures its title in the font at several sizes (a millisecond a card);
        the SVG is a function of the label, title, site name, cards.py and Pillow alone, so it is
        cached under a hash of exactly those."""
        key = digest(layout_fingerprint, label, title, site_name)
        cached = self.site.share_cards_cache_dir / f"{key}.svg"
        try:
            return cached.read_text(encoding="utf-8"), key
        except OSError:
            pass
        svg = cards.card_svg(cards.make_card(label, title, site_name))
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(svg, encoding="utf-8")
        partial.replace(cached)
        return svg, key

    def write_cards(self) -> None:
        """Write each subject's card as SVG and PNG under SHARE_CARDS_DIR/<kind>/<slug>.

        The PNG is a function of the SVG's strings alone, so a card whose SVG is already in the
        output unchanged (a rebuild in `make serve`) is not drawn again: ~15 ms a card saved.
        Cached cards no page of this build uses (a story withdrawn or retitled) are deleted
        from the card cache: a card shows its story's title.
        """
        site_name = self.settings.get("SITENAME", "")
        root = Path(self.output_path) / self.site.share_cards_dir
        layout_fingerprint = code_fingerprint([Path(cards.__file__)], f"Pillow {PIL.__version__}")
        drawn = kept = 0
        used_svgs: set[str] = set()
        used_pngs: set[str] = set()
        subjects = self.card_subjects()
        to_write = []
        for kind, slug, title in subjects:
            svg, layout_key = self.card_svg(layout_fingerprint, CARD_LABELS[kind], title, site_name)
            used_svgs.add(layout_key)
            used_pngs.add(self.png_key(svg))
            svg_path, png_path = root / kind / f"{slug}.svg", root / kind / f"{slug}.png"
            if png_path.is_file() and svg_path.is_file() and svg_path.read_text(encoding="utf-8") == svg:
                kept += 1
                continue
            to_write.append((cards.make_card(CARD_LABELS[kind], title, site_name), svg, svg_path, png_path))
        # Every PNG neither cached nor in the output is drawn first, over the build's processes
        # (a cold build draws a thousand: ~15 ms each); each distinct card once.
        missing = {}
        for card, svg, _, _ in to_write:
            key = self.png_key(svg)
            if key not in missing and not (self.site.share_cards_cache_dir / f"{key}.png").is_file():
                missing[key] = card
        drawn_now = dict(zip(missing, cards.card_pngs(list(missing.values()), self.site.anonymiser_processes)))
        for card, svg, svg_path, png_path in to_write:
            svg_path.parent.mkdir(parents=True, exist_ok=True)
            png, was_drawn = self.cached_png(card, svg, drawn_now.get(self.png_key(svg)))
            png_path.write_bytes(png)
            svg_path.write_text(svg, encoding="utf-8")
            drawn += was_drawn
            kept += not was_drawn
        # A card left from an earlier build (a story since withdrawn or retitled) must not linger.
        current = {(kind, slug) for kind, slug, _ in subjects}
        for kind in CARD_LABELS:
            for stale in sorted((root / kind).glob("*")) if (root / kind).is_dir() else []:
                if (kind, stale.stem) not in current and stale.suffix in {".png", ".svg"}:
                    stale.unlink()
        pruned = prune_folder(self.site.share_cards_cache_dir, used_svgs, ".svg")
        pruned += prune_folder(self.site.share_cards_cache_dir, used_pngs, ".png")
        logger.info("Share cards under %s: %d drawn, %d unchanged; %d cached cards no page uses deleted",
                    root, drawn, kept, pruned)
