"""No story reaches the site without the anonymiser: not in another format, not through an
editor's slug, not as markup in a one-line field."""

import pytest

from plugins.anonymise.reader import removed_from_slug
from plugins.common.stories import markup_problem, stray_story_files
from tests.sitebuild import build, output_files, story, write_content

# A distinctive name that the anonymiser removes, planted where it must never be published.
NAME = "Oluwaseun Adeyemi-Clarke"
SURNAME = "Adeyemi-Clarke"


def all_output_text(output) -> str:
    """Every output file's path and text, for searching what was published."""
    return "\n".join(str(p) + "\n" + p.read_text(encoding="utf-8", errors="replace") for p in output_files(output))


STORY_IN_OTHER_FORMATS = {
    "x.html": f"<html><head><title>Leaving</title></head><body><p>My deputy {NAME} rang 01632 960 418.</p></body></html>",
    "x.htm": f"<html><head><title>Leaving</title></head><body><p>My deputy {NAME} rang.</p></body></html>",
    "x.rst": f"Leaving\n#######\n\n:date: 2026-03-14\n\nMy deputy {NAME} rang.\n",
    "x.mkd": story("Leaving", f"My deputy {NAME} rang."),
    "x.mdown": story("Leaving", f"My deputy {NAME} rang."),
    "x.markdown": story("Leaving", f"My deputy {NAME} rang."),
    "x.txt": story("Leaving", f"My deputy {NAME} rang."),
}


@pytest.mark.parametrize("filename", sorted(STORY_IN_OTHER_FORMATS))
def test_a_story_in_another_format_stops_the_build_naming_the_file(tmp_path, filename):
    content = write_content(tmp_path, {"good.md": story("A good story"), filename: STORY_IN_OTHER_FORMATS[filename]})
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert any(filename in line and "stories are Markdown (.md)" in line for line in log.splitlines()), log
    assert output_files(tmp_path / "output") == []
    assert "Traceback" not in log


def test_a_stock_reader_refuses_a_story_even_past_the_first_check(tmp_path):
    """The readers themselves are guarded: a file that appears after the start-of-build check
    (or a check that missed it) is still never read by Pelican's own HTML reader."""
    from pelican.readers import HTMLReader
    from pelican.settings import read_settings

    from plugins.anonymise import guarded_reader
    from plugins.anonymise.build import CURRENT
    from plugins.common.stories import SourceError

    content = write_content(tmp_path, {"good.md": story("A good story")})
    leaked = content / "stories" / "late.html"
    leaked.write_text(STORY_IN_OTHER_FORMATS["x.html"], encoding="utf-8")
    settings = read_settings(None, override={"PATH": str(content)})
    reader = guarded_reader(HTMLReader)(settings)
    CURRENT.reset()
    with pytest.raises(SourceError, match="stories are Markdown"):
        reader.read(str(leaked))
    assert CURRENT.problems and CURRENT.problems[0].path == str(leaked)
    CURRENT.reset()


def test_hidden_files_in_the_stories_folder_are_not_stories(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / ".DS_Store").write_bytes(b"\0\1")
    (stories / "a.md").write_text(story(), encoding="utf-8")
    assert stray_story_files(stories) == []


def test_an_editors_slug_holding_a_removed_name_stops_the_build(tmp_path):
    content = write_content(tmp_path, {
        "good.md": story("A good story"),
        "slugged.md": story("The week the letter came", f"My deputy {NAME} rang at six.",
                            slug="adeyemi-clarke-and-me"),
    })
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert any("slugged.md" in line and "field 'slug'" in line for line in log.splitlines()), log
    assert output_files(tmp_path / "output") == []


def test_a_slug_is_checked_word_by_word_whatever_the_case_or_accents():
    assert removed_from_slug("siobhan-and-me", {"Siobhán"}) == ["Siobhán"]
    assert removed_from_slug("hope-in-may", {"Hope"}) == ["Hope"]
    assert removed_from_slug("mary-jane-smith-left", {"Jane Smith"}) == ["Jane Smith"]


def test_a_slug_without_removed_words_passes():
    assert removed_from_slug("hopeful-in-may", {"Hope"}) == []
    assert removed_from_slug("smith-jane", {"Jane Smith"}) == []
    assert removed_from_slug("a-letter", {"A"}) == []


@pytest.mark.parametrize("value", [
    "<a href='javascript:alert(1)'>click</a>",
    "A summary with <b>bold</b>",
    "Leaving &amp; after",
    "javascript:alert(1)",
    "A <!-- hidden --> comment",
])
def test_markup_in_a_one_line_field_is_a_problem(value):
    assert markup_problem(value) is not None


@pytest.mark.parametrize("value", ["Fox & Hounds", "Year 5 < Year 6, or so it felt", "Q&A with the head", "3 > 2"])
def test_plain_text_in_a_one_line_field_is_not_markup(value):
    assert markup_problem(value) is None


def test_markup_in_a_summary_stops_the_build_naming_story_and_field(tmp_path):
    content = write_content(tmp_path, {
        "good.md": story("A good story"),
        "marked.md": story("A title", "A body.", summary="See <a href='javascript:alert(1)'>this</a>"),
    })
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert any("marked.md" in line and "field 'summary'" in line and "markup" in line for line in log.splitlines()), log
    assert output_files(tmp_path / "output") == []
