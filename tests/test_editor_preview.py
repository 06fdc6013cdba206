"""`make preview`: one story checked and anonymised with the build's settings, report in the terminal."""

import re

import pytest

from plugins.editor_tools import preview
from tests.sitebuild import REPO, story

STORY = REPO / "tests" / "fixtures" / "editors" / "2026-05-06-tea-with-ottoline.md"
DRAFT = REPO / "tests" / "fixtures" / "editors" / "2026-05-07-held-draft.md"


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("preview-cache")


def run_preview(capsys, cache, *args) -> tuple[int, str, str]:
    code = preview.main([str(a) for a in args] + ["-e", f'ANONYMISER_CACHE_DIR="{cache}"'])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_it_prints_the_anonymised_text(capsys, cache):
    code, out, _ = run_preview(capsys, cache, STORY)
    assert code == 0
    assert re.search(r"The first person to notice was \[Name [A-Z]\], my business manager", out)
    assert "Brackenbury" not in out


def test_it_prints_the_report_masked(capsys, cache):
    _, out, _ = run_preview(capsys, cache, STORY)
    report = out.split("Redaction report", 1)[1]
    assert "Result: will be published" in report and "Removed (" in report
    assert "»O……(20)«" in report and "twelve years in post" in report


def test_unmask_shows_the_removed_words_on_request(capsys, cache):
    _, out, _ = run_preview(capsys, cache, STORY, "--unmask")
    assert "»Ottoline Brackenbury«" in out.split("Redaction report", 1)[1]


def test_it_fills_the_build_cache_so_the_next_run_needs_no_model(capsys, cache):
    run_preview(capsys, cache, STORY)
    assert any(cache.rglob("*")), "nothing was written to the anonymiser cache"


def test_a_draft_is_previewed_with_the_reason_it_is_not_published(capsys, cache):
    code, out, _ = run_preview(capsys, cache, DRAFT)
    assert code == 0 and "Not published as it stands (consent is not true)" in out
    assert re.search(r"\[Name [A-Z]\] asked me to wait", out) and "choose at least one theme" in out


def test_a_bad_story_fails_with_one_problem_per_line(capsys, cache, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(story(date="next Tuesday", themes=["nope"]), encoding="utf-8")
    code, out, _ = run_preview(capsys, cache, bad)
    assert code == 1
    assert any(line.startswith(f"{bad}: field 'date': cannot read 'next Tuesday' as a date") for line in out.splitlines())
    assert any(line.startswith(f"{bad}: field 'themes': unknown theme 'nope'") for line in out.splitlines())


def test_a_missing_file_is_a_clear_error(capsys, cache, tmp_path):
    code, _, err = run_preview(capsys, cache, tmp_path / "nope.md")
    assert code == 2 and "does not exist" in err


def test_no_story_given_says_how_to_call_it(capsys, cache):
    code, _, err = run_preview(capsys, cache)
    assert code == 2 and "make preview STORY=" in err


def test_html_renders_the_story_page_into_a_temporary_folder(capsys, cache):
    code, out, _ = run_preview(capsys, cache, DRAFT, "--html")
    page = out.rsplit("Page (only on this computer): ", 1)[1].splitlines()[0]
    text = open(page, encoding="utf-8").read()
    assert code == 0 and str(REPO) not in page
    assert re.search(r"\[Name [A-Z]\] asked me to wait", text) and "Quentin" not in text


def test_html_leaves_the_real_builds_leak_gate_manifest_alone(capsys, cache):
    manifest = cache.parent / "leak-gate" / "manifest.json"  # where the build's own manifest would go
    code, out, _ = run_preview(capsys, cache, STORY, "--html")
    assert code == 0 and "Page (only on this computer): " in out
    assert not manifest.exists()
