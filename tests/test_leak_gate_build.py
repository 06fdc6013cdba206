"""The leak gate in real builds: planted leaks fail the build naming label, story and file;
a clean site, an ordinary word and an allowlisted term pass; `make check` re-scans an output.

Each leaky build plants surfaces the real anonymiser removed from a small inline story, via a
theme override and Pelican's TEMPLATE_PAGES (fixtures in tests/fixtures/leak_gate/). A build
costs a few seconds, so each fixture builds once per module and the tests read its result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import REPO, build, output_files, story, write_content

FIXTURES = REPO / "tests" / "fixtures" / "leak_gate"
STORY_FILE = "2026-03-14-coffee-with-bronwen-harries.md"
STORY_BODY = (
    "The inspection came on a Tuesday. My deputy, Bronwen Harries, drove over from Lower Haddow with a flask.\n\n"
    "I will always be grateful to my colleague Hope Ellis, and to Hope for the flask."
)
#: TEMPLATE_PAGES: fixture page -> output file. Each plants one disguise in its own file.
PLANTED = {
    "entity.html": "leaks/entity/index.html",
    "url.html": "leaks/url/index.html",
    "newline.html": "leaks/newline/index.html",
    "slug.html": "leaks/slug/index.html",
    "hope_name.html": "leaks/hope-name/index.html",
    "clean.html": "people/bronwen_harries/index.html",
}
HOPE_PAGE = """---
title: Hope
slug: on-hope
---
We hope the worst is over. Hope is what we offer: we hope you will stay.
"""
OFFICE_PAGE = """---
title: Our office
slug: office
---
Our office is in Lower Haddow, above the library.
"""


def content_with_story(root: Path, pages: dict[str, str] | None = None, planted: dict[str, str] | None = None,
                       story_file: str = STORY_FILE) -> Path:
    """A content tree with the test story, the given pages and the given fixture template pages."""
    content = write_content(root, {story_file: story(title="A flask on a Tuesday", body=STORY_BODY)}, pages)
    if planted:
        (content / "leaky").mkdir()
        for name in planted:
            shutil.copy(FIXTURES / "template_pages" / name, content / "leaky" / name)
    return content


def leak_lines(result: subprocess.CompletedProcess) -> list[str]:
    """The build's leak lines (label, surface, story, file), whitespace collapsed."""
    text = re.sub(r"[ \t]+", " ", result.stdout + result.stderr)
    return [line.strip() for line in text.splitlines() if " from " in line and " in " in line
            and re.match(r"\s*[A-Z]+(/[A-Z]+)* ", line)]


def line_for(result: subprocess.CompletedProcess, output_file: str) -> str:
    """The one leak line naming `output_file`."""
    lines = {line for line in leak_lines(result) if line.endswith(output_file) or f" in {output_file} (" in line}
    assert len(lines) == 1, f"expected one leak line for {output_file}:\n" + "\n".join(leak_lines(result))
    return lines.pop()


@pytest.fixture(scope="module")
def anon_cache(tmp_path_factory) -> Path:
    """One anonymiser cache for this module's builds (same story: analysed once)."""
    return tmp_path_factory.mktemp("leak-gate-cache") / "anon"


@pytest.fixture(scope="module")
def leaky_build(tmp_path_factory, anon_cache):
    """A build whose theme override and template pages print removed surfaces in every disguise."""
    root = tmp_path_factory.mktemp("leaky")
    content = content_with_story(root, planted=PLANTED)
    output = root / "output"
    result = build(
        content, output, cache=anon_cache,
        THEME_TEMPLATES_OVERRIDES=[str(FIXTURES / "leaky_templates")],
        TEMPLATE_PAGES={f"leaky/{name}": dest for name, dest in PLANTED.items()},
        LEAK_GATE_MANIFEST=str(root / "manifest.json"),
    )
    return result, output


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory, anon_cache):
    """The same story, no planted leak, and a page that uses the word "hope" freely."""
    root = tmp_path_factory.mktemp("clean")
    content = content_with_story(root, pages={"hope.md": HOPE_PAGE})
    output = root / "output"
    result = build(content, output, cache=anon_cache, LEAK_GATE_MANIFEST=str(root / "manifest.json"))
    return result, output, root / "manifest.json"


def test_a_leaky_build_fails(leaky_build):
    result, _ = leaky_build
    assert result.returncode == 1, result.stderr


def test_an_entity_encoded_leak_names_label_story_and_file(leaky_build):
    line = line_for(leaky_build[0], "leaks/entity/index.html")
    assert line.startswith("NAME") and "'Bronwen Harries'" in line and STORY_FILE in line


def test_a_url_encoded_leak_is_reported(leaky_build):
    line = line_for(leaky_build[0], "leaks/url/index.html")
    assert line.startswith("PLACE") and "'Lower Haddow'" in line and STORY_FILE in line


def test_a_name_split_by_a_line_break_is_reported(leaky_build):
    assert "'Bronwen Harries'" in line_for(leaky_build[0], "leaks/newline/index.html")


def test_a_slug_form_leak_is_reported(leaky_build):
    assert "'Hope Ellis'" in line_for(leaky_build[0], "leaks/slug/index.html")


def test_a_leak_in_a_file_name_alone_is_reported(leaky_build):
    assert "'Bronwen Harries'" in line_for(leaky_build[0], "people/bronwen_harries/index.html")


def test_hope_written_as_a_name_is_reported(leaky_build):
    line = line_for(leaky_build[0], "leaks/hope-name/index.html")
    assert line.startswith("NAME") and "'Hope'" in line


def test_a_template_printing_the_source_file_name_leaks_it(leaky_build):
    result, _ = leaky_build
    story_pages = [line for line in leak_lines(result) if re.search(r" in stories/[^/]+/index\.html", line)]
    assert any("'Bronwen Harries'" in line for line in story_pages), "\n".join(leak_lines(result))


def test_a_leaky_build_leaves_nothing_to_deploy(leaky_build):
    _, output = leaky_build
    assert output_files(output) == []


def test_a_clean_site_passes(clean_build):
    result, output, _ = clean_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "on-hope" / "index.html").exists()


def test_the_word_hope_beside_a_colleague_called_hope_passes(clean_build):
    result, output, _ = clean_build
    page = (output / "on-hope" / "index.html").read_text(encoding="utf-8")
    assert "We hope the worst" in page and "Hope is what we offer" in page and leak_lines(result) == []


def test_a_story_title_with_a_name_gets_a_url_without_it(tmp_path, anon_cache):
    content = write_content(tmp_path, {STORY_FILE: story(title="Coffee with Bronwen Harries", body=STORY_BODY)})
    result = build(content, tmp_path / "output", cache=anon_cache, LEAK_GATE_MANIFEST=str(tmp_path / "m.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    paths = [p.relative_to(tmp_path / "output").as_posix().lower() for p in output_files(tmp_path / "output")]
    assert [p for p in paths if p.startswith("stories/") and p != "stories/index.html"]
    assert not [p for p in paths if "bronwen" in p or "harries" in p]


def test_the_source_file_name_never_reaches_a_url(clean_build):
    _, output, _ = clean_build
    stem = Path(STORY_FILE).stem
    for path in output_files(output):
        assert stem not in path.as_posix()
        if path.suffix in {".html", ".xml", ".json"}:
            assert stem not in path.read_text(encoding="utf-8")


def test_an_allowlisted_term_passes_and_is_printed(tmp_path, anon_cache):
    content = content_with_story(tmp_path, pages={"office.md": OFFICE_PAGE})
    result = build(content, tmp_path / "output", cache=anon_cache, LEAK_GATE_MANIFEST=str(tmp_path / "m.json"),
                   LEAK_GATE_ALLOWLIST={"Lower Haddow": "the network's office is there"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lower Haddow" in (tmp_path / "output" / "office" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"'Lower Haddow' may appear anywhere: the network's office is there",
                     re.sub(r"\s+", " ", result.stdout + result.stderr))


def test_in_ci_the_leak_lines_print_no_surface(tmp_path, anon_cache):
    content = content_with_story(tmp_path, planted={"newline.html": ""}, story_file="2026-03-14-a-tuesday.md")
    result = build(content, tmp_path / "output", cache=anon_cache, env={"CI": "true"}, LEAK_GATE_MANIFEST=str(tmp_path / "m.json"),
                   TEMPLATE_PAGES={"leaky/newline.html": "leaks/newline/index.html"})
    everything = (result.stdout + result.stderr).lower()
    assert result.returncode == 1
    assert "NAME B… #" in line_for(result, "leaks/newline/index.html")
    assert "bronwen" not in everything and "harries" not in everything


def check(output: Path, manifest: Path) -> subprocess.CompletedProcess:
    """`make check` on `output` with `manifest`."""
    return subprocess.run([sys.executable, "-m", "plugins.leak_gate", str(output), "--manifest", str(manifest)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_make_check_passes_a_clean_output(clean_build):
    _, output, manifest = clean_build
    result = check(output, manifest)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_check_finds_a_leak_planted_after_the_build(clean_build, tmp_path):
    _, output, manifest = clean_build
    copy = tmp_path / "output"
    shutil.copytree(output, copy)
    (copy / "about" / "team").mkdir(parents=True)
    (copy / "about" / "team" / "index.html").write_text("<p>Our thanks to B&#114;onwen Harries.</p>", encoding="utf-8")
    result = check(copy, manifest)
    assert result.returncode == 1
    assert re.search(r"NAME B… #\w+ from .*" + re.escape(STORY_FILE) + r" in about/team/index\.html", result.stderr)
    assert "bronwen harries" not in (result.stdout + result.stderr).lower()  # (the story's file name has it slugged)


def test_make_check_refuses_an_output_built_without_the_anonymiser(tmp_path, anon_cache):
    content = content_with_story(tmp_path)
    result = build(content, tmp_path / "output", cache=anon_cache, ANONYMISE=False,
                   LEAK_GATE_MANIFEST=str(tmp_path / "m.json"))
    assert result.returncode == 0, result.stderr
    assert check(tmp_path / "output", tmp_path / "m.json").returncode == 1


def test_a_surface_removed_in_one_story_and_missed_in_anothers_title_fails_naming_both(tmp_path):
    """Story A has a café removed by its editor's `redact:`; story B names it in lower case in its
    title, where B's own anonymiser sees only ordinary words. The gate names the story that holds
    the leak (B, its title), the story it was removed from (A) and the fix."""
    content = write_content(tmp_path, {
        "a.md": story("Friday afternoons", "We met every Friday at the Copper Kettle on the corner.",
                      redact=["Copper Kettle"]),
        "b.md": story("Tea at the copper kettle, again", "The kettle was always on."),
    })
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'Copper Kettle' from" in log and "a.md" in log
    assert re.search(r"stands in: \S*b\.md, field 'title'", log), log
    assert "add 'Copper Kettle' to `redact:` in that story" in log
    assert output_files(tmp_path / "output") == []


def test_an_ordinary_word_removed_as_a_name_is_no_leak_where_it_is_used_as_that_word(tmp_path):
    """A town called March removed from one story does not fail the build on the dates of every
    listing ("14 March 2026"), and "rated Good" elsewhere is not the surname Good."""
    content = write_content(tmp_path, {
        "a.md": story("Market day", "I grew up in March, a market town in the Fens. Mrs Good taught me.",
                      date="2026-03-14"),
        "b.md": story("The grade", "We were rated Good in the end. It was March 2024 before we knew.",
                      date="2026-03-15"),
    })
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr
