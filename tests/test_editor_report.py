"""The pull-request report: it lists what was removed, never repeats a removed word, and is stable."""

import re
from pathlib import Path

import pytest

from plugins.editor_tools import pr_report
from plugins.editor_tools.masking import context_around, mask, mask_text
from plugins.editor_tools.report import MARKER, md, name_words
from plugins.editor_tools.session import EditorSession
from tests.sitebuild import REPO

FIXTURES = REPO / "tests" / "fixtures" / "editors"
STORY = FIXTURES / "2026-05-06-tea-with-ottoline.md"
DRAFT = FIXTURES / "2026-05-07-held-draft.md"
# The invented people and places in the fixture story, first names alone included.
INVENTED = ["Ottoline", "Brackenbury", "Wendell", "Pargeter", "Thistlewood", "Ravensmere"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """An anonymiser cache of this module's own, so the tests never touch the repository's cache/."""
    return tmp_path_factory.mktemp("editor-cache")


def run_report(capsys, cache, *paths) -> tuple[int, str]:
    """Run the report step as CI does; returns (exit status, comment body)."""
    code = pr_report.main([str(p) for p in paths] + ["-e", f'ANONYMISER_CACHE_DIR="{cache}"'])
    return code, capsys.readouterr().out


def relative(path: Path) -> str:
    return str(path.relative_to(REPO))


# -- masking (pure) --------------------------------------------------------------------------

def test_a_mask_is_the_first_letter_and_the_length():
    assert mask("Bernadette") == "B……(10)"


def test_masking_finds_a_name_in_any_case_and_in_a_file_name():
    assert mask_text("2024-04-17-coffee-with-bernadette.md", ["Bernadette"]) == "2024-04-17-coffee-with-b……(10).md"


def test_masking_leaves_a_name_inside_another_word_alone():
    assert mask_text("Alfie and Al", ["Al"]) == "Alfie and A……(2)"


def test_context_masks_other_names_in_the_window_and_marks_the_finding():
    text = "Then Ottoline told Wendell the news."
    start = text.index("Wendell")
    line = context_around(text, start, start + 7, [], ["Ottoline"], marker=("<", ">"))
    assert line == "Then O……(8) told <W……(7)> the news."


def test_context_never_cuts_a_name_at_the_window_edge():
    text = "one two three four five six seven Ottoline Brackenbury eight nine ten eleven Target here"
    start = text.index("Target")
    line = context_around(text, start, start + 6, [], ["Ottoline Brackenbury"], words=6)
    assert "Brackenbury" not in line and "B……" not in line.split()[0]


def test_name_words_split_a_full_name_but_not_its_title():
    assert name_words("Mrs Ottoline Brackenbury") == {"Ottoline", "Brackenbury"}


def test_markdown_escaping_stops_mentions_and_html():
    assert md("@someone <b>|") == "&#64;someone &lt;b&gt;\\|"


# -- the report step on a changed story (real anonymiser) ---------------------------------------

def test_the_report_lists_the_findings_of_a_changed_story(capsys, cache):
    code, body = run_report(capsys, cache, relative(STORY))
    assert code == 0
    assert body.startswith(MARKER + "\n")
    assert "| Placeholder | Label | Detector | In | Words around it |" in body
    assert re.search(r"^\| `\[Name [A-Z]\]` \| NAME \| \w+ \| text \| ", body, re.MULTILINE)
    assert "O……(20)" in body  # the full name, masked, in the words around it


def test_the_report_never_quotes_a_removed_word(capsys, cache):
    _, body = run_report(capsys, cache, relative(STORY), relative(DRAFT))
    redaction = EditorSession.from_file(overrides={"ANONYMISER_CACHE_DIR": str(cache)}).check(STORY).redaction
    surfaces = redaction.removed_surfaces()
    assert surfaces, "the anonymiser removed nothing from the fixture"
    for surface in sorted(surfaces) + INVENTED + ["Quentin", "Marchbanks"]:
        assert surface.casefold() not in body.casefold(), surface


def test_the_report_masks_a_name_in_the_file_name_and_asks_for_a_rename(capsys, cache):
    _, body = run_report(capsys, cache, relative(STORY))
    [line] = [line for line in body.splitlines() if line.startswith("`tests/fixtures/editors/2026-05-06-")]
    assert "-with-o……(8).md`" in line  # the first name alone is masked: only the full name was found
    assert "Rename this file" in body


def test_the_report_is_byte_identical_across_runs(capsys, cache, tmp_path):
    first = run_report(capsys, cache, relative(DRAFT), relative(STORY))[1]
    # A cold cache the second time: the anonymiser runs again and must say the same.
    second = run_report(capsys, tmp_path / "cold", relative(STORY), relative(DRAFT), relative(STORY))[1]
    assert first.encode() == second.encode()


def test_a_skipped_story_is_listed_with_its_reason(capsys, cache):
    _, body = run_report(capsys, cache, relative(DRAFT))
    assert "| 1 | Not ready yet | not published (consent is not true) |" in body


def test_an_indirect_identifier_is_flagged(capsys, cache):
    _, body = run_report(capsys, cache, relative(STORY))
    assert "**Indirect identifiers to check (" in body and "twelve years in post" in body


def test_a_broken_story_lists_its_problems_masked_and_fails_the_step(capsys, cache, tmp_path):
    broken = tmp_path / "2026-05-08-ottoline-again.md"
    broken.write_text('---\ntitle: "Ottoline Brackenbury again"\ndate: soon\nthemes: [ofsted]\nconsent: true\n---\n'
                      "Ottoline Brackenbury rang me.\n", encoding="utf-8")
    code, body = run_report(capsys, cache, broken)
    assert code == 1
    assert "field 'date': cannot read 'soon' as a date" in body
    assert "ottoline" not in body.casefold()


def test_a_deleted_story_is_counted_but_not_named(capsys, cache, tmp_path):
    code, body = run_report(capsys, cache, tmp_path / "2026-01-01-ottoline-withdrawn.md")
    assert code == 0
    assert "Stories removed by this pull request** (they leave the site when it is merged): 1." in body
    assert "ottoline" not in body.casefold()


def test_no_changed_story_gives_a_short_comment(capsys, cache):
    code, body = run_report(capsys, cache)
    assert code == 0 and "This pull request changes no stories." in body


def test_a_surname_left_alone_in_the_anonymised_text_is_reported_masked():
    from types import SimpleNamespace

    from anonymiser import Finding
    from plugins.editor_tools.report import leftover_rows

    redaction = SimpleNamespace(
        findings=[("body", Finding(0, 20, "NAME", "Ottoline Brackenbury", "ner", 0.9))],
        metadata={"title": "Tea"}, body="[Name A] came. Brackenbury (as she signed) left.")
    [row] = leftover_rows(redaction, {"Ottoline Brackenbury", "Ottoline", "Brackenbury"}, True, ("<", ">"))
    assert (row.text, row.field) == ("B……(11)", "text")
    assert row.context == "[Name A] came. <B……(11)> (as she signed) left."
