"""The collection schema, story selection, citations and share cards, without building a site."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from plugins.collections import cards
from plugins.collections.core import LeftOut, citation, load_collection, load_collections, select_stories
from plugins.common.stories import SourceError, Theme, load_themes
from tests.sitebuild import REPO

THEMES = load_themes(REPO / "content" / "themes.yml")
SVG = "{http://www.w3.org/2000/svg}"


def collection_text(**fields) -> str:
    """A collection file's text: a valid `stories:` collection unless fields replace or remove (None) some."""
    meta = {"title": '"Inspection stories"', "slug": "inspection-stories", "intro": '"Four heads on inspection."',
            "stories": "[the-call, the-grade]"}
    meta.update(fields)
    lines = ["---"] + [f"{k}: {v}" for k, v in meta.items() if v is not None] + ["---", "Why these stories matter.", ""]
    return "\n".join(lines)


def problems_of(text: str) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_collection(Path("collections/bad.md"), THEMES, text)
    return [str(p) for p in caught.value.problems]


# -- the schema ------------------------------------------------------------------------------
def test_a_valid_stories_collection_keeps_its_order_and_markdown_introduction():
    c = load_collection(Path("collections/ok.md"), THEMES, collection_text(stories="[the-grade, the-call]"))
    assert (c.title, c.slug, c.story_slugs, c.theme_slugs) == ("Inspection stories", "inspection-stories", ("the-grade", "the-call"), None)
    assert c.body.strip() == "Why these stories matter."


def test_a_valid_themes_collection_has_no_story_list():
    c = load_collection(Path("collections/ok.md"), THEMES, collection_text(stories=None, themes="[ofsted, send]"))
    assert (c.story_slugs, c.theme_slugs) == (None, ("ofsted", "send"))


@pytest.mark.parametrize("missing", ["title", "slug", "intro"])
def test_a_missing_required_field_is_named(missing):
    assert any(f"field '{missing}': is missing" in p for p in problems_of(collection_text(**{missing: None})))


def test_both_stories_and_themes_is_a_problem():
    assert any("not both" in p for p in problems_of(collection_text(themes="[ofsted]")))


def test_neither_stories_nor_themes_is_a_problem():
    assert any("field 'stories': is missing" in p for p in problems_of(collection_text(stories=None)))


def test_an_unknown_theme_is_named():
    found = problems_of(collection_text(stories=None, themes="[ofsted, basket-weaving]"))
    assert any("collections/bad.md" in p and "unknown theme 'basket-weaving'" in p for p in found)


def test_an_unknown_field_is_named():
    assert any("field 'author'" in p for p in problems_of(collection_text(author='"Jo"')))


def test_a_slug_that_is_not_a_slug_is_a_problem():
    assert any("field 'slug'" in p for p in problems_of(collection_text(slug='"Inspection Stories"')))


def test_a_story_listed_twice_is_a_problem():
    assert any("more than once" in p for p in problems_of(collection_text(stories="[the-call, the-call]")))


def test_malformed_yaml_names_the_file():
    found = problems_of("---\ntitle: \"unclosed\nslug: [\n---\ntext\n")
    assert any(p.startswith("collections/bad.md: ") and "not valid YAML" in p for p in found)


def test_an_empty_file_names_the_file():
    assert problems_of("  \n\n") == [
        "collections/bad.md: is empty: a collection needs front matter (title, slug, intro, and stories or themes)"]


def test_two_files_with_one_slug_stop_the_second(tmp_path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(collection_text(), encoding="utf-8")
    found, problems = load_collections(sorted(tmp_path.glob("*.md")), THEMES)
    assert len(found) == 1 and len(problems) == 1 and problems[0].path.endswith("b.md")


# -- selecting stories ---------------------------------------------------------------------------
@dataclass
class FakeStory:
    slug: str
    date: dt.datetime
    themes: tuple[Theme, ...]


def story(slug: str, day: int, *themes: str) -> FakeStory:
    return FakeStory(slug, dt.datetime(2026, 1, day), tuple(THEMES[t] for t in themes))


PUBLISHED = [story("the-call", 3, "ofsted"), story("the-grade", 9, "ofsted", "workload"), story("the-bus", 5, "send")]


def test_stories_are_shown_in_the_collections_order():
    c = load_collection(Path("c.md"), THEMES, collection_text(stories="[the-call, the-bus, the-grade]"))
    assert [s.slug for s in select_stories(c, PUBLISHED, {}).stories] == ["the-call", "the-bus", "the-grade"]


def test_a_themes_collection_selects_every_story_of_its_themes_newest_first():
    c = load_collection(Path("c.md"), THEMES, collection_text(stories=None, themes="[ofsted]"))
    assert [s.slug for s in select_stories(c, PUBLISHED, {}).stories] == ["the-grade", "the-call"]


def test_an_unknown_story_slug_is_a_problem_naming_the_collection_and_the_slug():
    c = load_collection(Path("collections/c.md"), THEMES, collection_text(stories="[the-call, nowhere]"))
    selection = select_stories(c, PUBLISHED, {})
    assert [str(p) for p in selection.problems] and "collections/c.md" in str(selection.problems[0])
    assert "'nowhere'" in str(selection.problems[0])


def test_an_unpublished_story_is_left_out_not_shown_and_not_a_problem():
    c = load_collection(Path("c.md"), THEMES, collection_text(stories="[the-call, the-draft]"))
    left = LeftOut("stories/2026-01-01-draft.md", "status is draft")
    selection = select_stories(c, PUBLISHED, {"the-draft": left})
    assert ([s.slug for s in selection.stories], selection.left_out, selection.problems) == (["the-call"], [left], [])


def test_the_citation_has_title_url_and_a_date_to_fill_in():
    assert citation("Safe Harbour", 2026, "Ofsted and the cliff edge", "https://example.org/collections/o/") == (
        'Safe Harbour (2026) "Ofsted and the cliff edge". Available at: https://example.org/collections/o/ (Accessed: [date]).')


# -- share cards -------------------------------------------------------------------------------
def test_a_long_title_is_wrapped_within_the_card():
    card = cards.make_card("Story", "The week the letter came and everything I had built over eight years went with it", "Safe Harbour")
    assert len(card.lines) > 1
    assert all(cards.font(card.title_size).getlength(line) <= cards.WIDTH - 2 * cards.MARGIN for line in card.lines)
    assert " ".join(card.lines) == "The week the letter came and everything I had built over eight years went with it"


def test_a_title_too_long_for_the_card_is_shortened_with_an_ellipsis():
    card = cards.make_card("Story", "word " * 200, "Safe Harbour")
    assert len(card.lines) == cards.max_lines(cards.TITLE_SIZES[-1]) and card.lines[-1].endswith("…")


def test_the_png_is_1200_by_630():
    image = Image.open(io.BytesIO(cards.card_png(cards.make_card("Theme", "Ofsted", "Safe Harbour"))))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_svg_is_1200_by_630_and_holds_exactly_the_cards_strings():
    card = cards.make_card("Collection", "Ofsted & the <cliff> edge", "Safe Harbour")
    root = ET.fromstring(cards.card_svg(card).encode("utf-8"))
    assert (root.get("width"), root.get("height")) == ("1200", "630")
    assert tuple(t.text for t in root.iter(f"{SVG}text")) == card.strings()


def test_the_png_is_a_function_of_the_cards_strings_alone():
    """Same card, same bytes (so a PNG can be checked by redrawing its SVG's strings); the title shows."""
    card = cards.make_card("Story", "The inspection call", "Safe Harbour")
    blank = cards.Card(card.label, ("",), card.title_size, card.site_name)
    assert cards.card_png(card) == cards.card_png(cards.make_card("Story", "The inspection call", "Safe Harbour"))
    assert cards.card_png(card) != cards.card_png(blank)


def test_cards_drawn_over_several_processes_are_the_cards_drawn_one_by_one_in_order():
    titles = [f"Story number {n} of a long cold build" for n in range(cards.PARALLEL_MIN + 3)]
    made = [cards.make_card("Story", title, "Safe Harbour") for title in titles]
    assert cards.card_pngs(made, processes=2) == [cards.card_png(card) for card in made]
    assert cards.card_pngs(made[:2], processes=2) == [cards.card_png(card) for card in made[:2]]
