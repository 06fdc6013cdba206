"""Collections built by Pelican from a small fixture tree (tests/fixtures/collections/).

Stable URLs survive a story's retitling, unpublished stories never appear through a
collection, bad collection files stop the build naming the file, and a story's share card and
share meta carry only its anonymised title.
"""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plugins.collections import cards
from tests.sitebuild import build, output_files, write_content

FIXTURES = Path(__file__).parent / "fixtures" / "collections"
SVG = "{http://www.w3.org/2000/svg}"
FIRST_TITLE, SECOND_TITLE = "A grade on a Friday", "One word on a Friday afternoon"
#: The name in the fixture story's title, removed by its `redact:` list.
REMOVED_NAME = ("Bernadette", "Okafor")


def fixture_content(root: Path, retitle: str | None = None) -> Path:
    """The fixture stories and collections as a content tree under `root`; optionally retitle one story."""
    stories = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURES / "stories").glob("*.md")}
    if retitle:
        stories["retitled.md"] = stories["retitled.md"].replace(f'title: "{FIRST_TITLE}"', f'title: "{retitle}"')
        assert retitle in stories["retitled.md"]
    content = write_content(root, stories)
    shutil.copytree(FIXTURES / "collections", content / "collections")
    return content


def log_of(result) -> str:
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The fixture built twice with the anonymiser, the second time with one story retitled."""
    root = tmp_path_factory.mktemp("collections-build")
    cache = root / "anon-cache"
    done = {}
    for name, title in (("first", None), ("second", SECOND_TITLE)):
        content = fixture_content(root / name, retitle=title)
        result = build(content, root / name / "output", cache=cache)
        if result.returncode != 0:
            pytest.fail(f"the fixture site did not build:\n{log_of(result)}", pytrace=False)
        done[name] = (root / name / "output", result)
    return done


@pytest.fixture(scope="module")
def site(builds) -> Path:
    return builds["first"][0]


def stable_urls(output: Path) -> set[str]:
    """Every output path that must not move when a story's title changes."""
    keep = ("collections/", "feeds/collections/", "themes/", "feeds/themes/", "cards/collection/", "cards/theme/", "cards/site/")
    return {str(p.relative_to(output)) for p in output_files(output) if str(p.relative_to(output)).startswith(keep)}


# -- stable URLs ---------------------------------------------------------------------------------
def test_collection_pages_index_print_versions_and_feeds_are_at_their_urls(site):
    for path in ("collections/index.html", "collections/chosen-stories/index.html", "collections/chosen-stories/print/index.html",
                 "collections/inspection-stories/index.html", "feeds/collections/chosen-stories.atom.xml",
                 "feeds/collections/inspection-stories.atom.xml", "themes/ofsted/index.html", "feeds/themes/ofsted.atom.xml"):
        assert (site / path).is_file(), path


def test_collection_theme_and_feed_urls_survive_a_story_being_retitled(builds):
    first, second = builds["first"][0], builds["second"][0]
    assert (first / "stories" / "a-grade-on-a-friday").is_dir() and (second / "stories" / "one-word-on-a-friday-afternoon").is_dir()
    assert stable_urls(first) and stable_urls(first) == stable_urls(second)


def test_a_themes_collection_shows_the_retitled_story_under_its_new_title_and_url(builds):
    page = (builds["second"][0] / "collections" / "inspection-stories" / "index.html").read_text(encoding="utf-8")
    assert SECOND_TITLE in page and "stories/one-word-on-a-friday-afternoon/" in page
    assert FIRST_TITLE not in page


def test_a_themes_collection_lists_its_stories_newest_first(site):
    page = (site / "collections" / "inspection-stories" / "index.html").read_text(encoding="utf-8")
    assert page.index(FIRST_TITLE) < page.index("The inspection call")


def test_a_collection_feed_holds_its_published_stories(site):
    feed = ET.parse(site / "feeds" / "collections" / "chosen-stories.atom.xml").getroot()
    entries = [e.find("{http://www.w3.org/2005/Atom}link").get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert sorted(link.rstrip("/").rsplit("/", 1)[-1] for link in entries) == ["saturday-coffee", "the-inspection-call"]


# -- unpublished stories -----------------------------------------------------------------------
def test_an_unpublished_story_named_in_a_collection_is_left_out_with_a_warning_naming_its_file(builds):
    log = log_of(builds["first"][1])
    warnings = [line for line in log.splitlines() if "left out story" in line]
    assert any("chosen-stories.md" in w and "stories/unfinished.md" in w and "draft" in w for w in warnings), log
    assert any("chosen-stories.md" in w and "stories/not-agreed.md" in w and "consent" in w for w in warnings), log


def test_an_unpublished_story_never_appears_through_a_collection(site):
    unpublished = ("Something I have not finished", "unfinished-draft", "Not yet agreed", "not-yet-agreed",
                   "not ready to be read", "has not yet agreed")
    hits = [(str(p.relative_to(site)), u) for p in output_files(site) if p.suffix in {".html", ".xml", ".svg", ".json"}
            for u in unpublished if u in p.read_text(encoding="utf-8")]
    assert not hits
    page = (site / "collections" / "chosen-stories" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="card-title"') == 2


# -- bad collection files ------------------------------------------------------------------------
@pytest.mark.parametrize("bad, named", [
    ("unknown-slug.md", "'no-such-story-anywhere'"),
    ("unknown-theme.md", "'underwater-basket-weaving'"),
    ("malformed.md", "not valid YAML"),
    ("empty.md", "is empty"),
])
def test_a_bad_collection_stops_the_build_naming_the_file_and_writes_nothing(tmp_path, bad, named):
    content = fixture_content(tmp_path)
    shutil.copy(FIXTURES / "bad" / bad, content / "collections" / bad)
    result = build(content, tmp_path / "output", ANONYMISE=False)
    lines = [line for line in log_of(result).splitlines() if f"collections/{bad}" in line]
    assert result.returncode != 0
    assert any(named in line for line in lines), log_of(result)
    assert not [p for p in output_files(tmp_path / "output") if p.suffix == ".html"]


# -- share cards and meta carry only anonymised text -----------------------------------------
def svg_strings(path: Path) -> tuple[str, ...]:
    return tuple(t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG}text"))


def h1_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))).strip()


def test_a_storys_card_shows_its_anonymised_title_and_never_the_removed_name(site):
    page = (site / "stories" / "saturday-coffee" / "index.html").read_text(encoding="utf-8")
    title = h1_text(page)
    assert title.startswith("Saturday coffee with") and not any(n in title for n in REMOVED_NAME)
    strings = svg_strings(site / "cards" / "story" / "saturday-coffee.svg")
    assert " ".join(strings[1:-1]) == title
    assert not any(n in s for s in strings for n in REMOVED_NAME)


def test_a_storys_png_card_is_drawn_from_exactly_its_svg_strings(site):
    svg = site / "cards" / "story" / "saturday-coffee.svg"
    texts = list(ET.parse(svg).getroot().iter(f"{SVG}text"))
    title_size = int(next(t for t in texts if t.get("class") == "title").get("font-size"))
    label, *lines, site_name = (t.text or "" for t in texts)
    redrawn = cards.card_png(cards.Card(label, tuple(lines), title_size, site_name))
    assert (site / "cards" / "story" / "saturday-coffee.png").read_bytes() == redrawn


def test_share_meta_on_story_and_collection_pages_never_carries_the_removed_name(site):
    for path in ("stories/saturday-coffee/index.html", "collections/chosen-stories/index.html",
                 "collections/chosen-stories/print/index.html", "themes/peer-support/index.html"):
        head = (site / path).read_text(encoding="utf-8").split("</head>")[0]
        meta = re.findall(r'<meta (?:property|name)="(?:og|twitter):[^"]+" content="([^"]*)"', head)
        assert meta or path.endswith("print/index.html"), path
        assert not [m for m in meta for n in REMOVED_NAME if n in m], path


def test_share_urls_and_the_citation_are_absolute_when_publishing(tmp_path):
    content = fixture_content(tmp_path)
    base = "https://harbour.example"
    result = build(content, tmp_path / "output", ANONYMISE=False, RELATIVE_URLS=False, SITEURL=base, FEED_DOMAIN=base)
    assert result.returncode == 0, log_of(result)
    out = tmp_path / "output"
    for path, kind, slug in (("stories/the-inspection-call/index.html", "story", "the-inspection-call"),
                             ("themes/ofsted/index.html", "theme", "ofsted"),
                             ("collections/chosen-stories/index.html", "collection", "chosen-stories")):
        page = (out / path).read_text(encoding="utf-8")
        assert f'<meta property="og:url" content="{base}/{path.removesuffix("index.html")}">' in page
        assert f'<meta name="twitter:image" content="{base}/cards/{kind}/{slug}.png">' in page
    page = (out / "collections" / "chosen-stories" / "index.html").read_text(encoding="utf-8")
    assert f"Available at: {base}/collections/chosen-stories/ (Accessed: [date])." in html.unescape(page)


def test_a_rebuild_removes_the_card_of_a_retitled_story_and_redraws_only_what_changed(tmp_path):
    output = tmp_path / "output"
    assert build(fixture_content(tmp_path / "a"), output, ANONYMISE=False).returncode == 0
    kept = (output / "cards" / "story" / "the-inspection-call.png").stat().st_mtime_ns
    result = build(fixture_content(tmp_path / "b", retitle=SECOND_TITLE), output, ANONYMISE=False)
    assert result.returncode == 0, log_of(result)
    story_cards = {p.name for p in (output / "cards" / "story").iterdir()}
    assert "one-word-on-a-friday-afternoon.png" in story_cards and not any(n.startswith("a-grade-on-a-friday") for n in story_cards)
    assert (output / "cards" / "story" / "the-inspection-call.png").stat().st_mtime_ns == kept


def test_a_build_into_an_empty_output_copies_cached_cards_instead_of_drawing_them(tmp_path):
    content, cache = fixture_content(tmp_path / "a"), tmp_path / "cache" / "anon"
    card_cache = tmp_path / "cache" / "card-cache"  # where tests.sitebuild.build puts it
    assert build(content, tmp_path / "first", cache=cache, ANONYMISE=False).returncode == 0
    drawn = {p.name: p.stat().st_mtime_ns for p in card_cache.glob("*.png")}
    again = build(content, tmp_path / "again", cache=cache, ANONYMISE=False)
    assert again.returncode == 0, log_of(again)
    assert drawn and {p.name: p.stat().st_mtime_ns for p in card_cache.glob("*.png")} == drawn  # no card drawn again
    first_png = tmp_path / "first" / "cards" / "story" / "the-inspection-call.png"
    assert (tmp_path / "again" / "cards" / "story" / "the-inspection-call.png").read_bytes() == first_png.read_bytes()
