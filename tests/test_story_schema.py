"""The story schema fails closed: every problem is one line naming the file, the field and what was expected."""

from pathlib import Path

import pytest

from plugins.common.stories import SourceError, load_story, load_themes
from tests.sitebuild import REPO, story

THEMES = load_themes(REPO / "content" / "themes.yml")
PATH = Path("content/stories/2026-03-14-example.md")


def problems_in(text: str) -> list[str]:
    """The problem lines `load_story` reports for a story with this text (empty when valid)."""
    try:
        load_story(PATH, THEMES, text=text)
    except SourceError as err:
        return [str(p) for p in err.problems]
    return []


def test_a_valid_story_has_no_problems():
    assert problems_in(story()) == []


def test_the_vocabulary_declares_the_campaign_themes():
    for slug in ["ofsted", "small-schools", "trusts-and-local-authorities", "send", "parental-abuse",
                 "leaving-headship", "coming-back", "peer-support", "workload"]:
        assert slug in THEMES


def test_malformed_yaml_names_the_file_and_the_line():
    text = "---\ntitle: \"unclosed\ndate: 2026-01-01\n---\nText\n"
    [line] = problems_in(text)
    assert line.startswith(f"{PATH}: front matter is not valid YAML")


def test_an_empty_file_is_an_error_not_a_blank_page():
    assert problems_in("") == [f"{PATH}: is empty: a story needs front matter and text"]
    assert problems_in("  \n\n") == [f"{PATH}: is empty: a story needs front matter and text"]


def test_front_matter_without_text_is_an_error():
    assert problems_in(story(body="")) == [f"{PATH}: has front matter but no story text"]


def test_a_missing_title_names_the_field():
    assert problems_in(story(title=None)) == [f"{PATH}: field 'title': is missing: expected a non-empty line of text"]


def test_a_missing_date_names_the_field():
    assert problems_in(story(date=None)) == [f"{PATH}: field 'date': is missing: expected a date written as YYYY-MM-DD"]


def test_an_unparseable_date_says_what_was_expected():
    [line] = problems_in(story(date="14th March"))
    assert line == f"{PATH}: field 'date': cannot read '14th March' as a date: expected a date written as YYYY-MM-DD"


def test_an_unknown_theme_is_named():
    [line] = problems_in(story(themes=["ofsted", "ofstead"]))
    assert line.startswith(f"{PATH}: field 'themes': unknown theme 'ofstead' (known: ofsted,")


def test_themes_must_be_a_list():
    [line] = problems_in(story(themes="ofsted"))
    assert line.startswith(f"{PATH}: field 'themes': expected a list of theme slugs")


def test_consent_must_be_a_boolean_not_a_string():
    [line] = problems_in(story(consent="yes"))
    assert line == f"{PATH}: field 'consent': expected true or false, got 'yes'"


def test_a_title_of_the_wrong_type_is_reported():
    [line] = problems_in(story(title=42))
    assert line == f"{PATH}: field 'title': expected text, got int 42"


def test_an_unknown_status_is_reported():
    [line] = problems_in(story(status="live"))
    assert line == f"{PATH}: field 'status': expected draft or published, got 'live'"


def test_a_misspelt_field_is_reported_rather_than_ignored():
    [line] = problems_in(story(contnet_note="Mentions a death."))
    assert line.startswith(f"{PATH}: field 'contnet_note': unknown field")


def test_every_problem_is_reported_at_once():
    lines = problems_in(story(title=None, date="soon", themes=["nope"], consent="y"))
    assert {line.split("'")[1] for line in lines} == {"title", "date", "themes", "consent"}


def test_a_slug_must_be_url_safe():
    [line] = problems_in(story(slug="Leaving Ofsted!"))
    assert line.startswith(f"{PATH}: field 'slug': expected lower-case words")


def test_redact_and_keep_must_be_lists_of_text():
    lines = problems_in(story(redact="Carnival", keep=[3]))
    assert [line.split("'")[1] for line in lines] == ["redact", "keep"]


@pytest.mark.parametrize("fields, reason", [
    ({"consent": False}, "consent is not true"),
    ({"status": "draft"}, "status is draft"),
    ({"consent": False, "status": "draft"}, "consent is not true"),
])
def test_unpublishable_stories_say_why(fields, reason):
    assert load_story(PATH, THEMES, text=story(**fields)).skip_reason() == reason


def test_status_defaults_to_published():
    loaded = load_story(PATH, THEMES, text=story(status=None))
    assert loaded.status == "published" and loaded.skip_reason() is None


def test_non_utf8_bytes_are_an_error_naming_the_file(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes(story().encode("utf-8") + "caf\xe9".encode("latin-1"))
    with pytest.raises(SourceError) as err:
        load_story(path, THEMES)
    assert str(err.value).startswith(f"{path}: is not UTF-8 text")
