"""`python -m anonymiser redact|report`: output format, YAML validity, errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import anonymiser
from anonymiser.report import mask_surface, render_story_report
from anonymiser.storyfile import parse_story, render_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "anonymiser"
REPO = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "anonymiser", *args], capture_output=True, text=True, cwd=REPO)


@pytest.fixture(scope="module")
def redacted_basic():
    proc = run("redact", str(FIXTURES / "story_basic.md"))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_redact_prints_valid_front_matter_with_other_keys_unchanged(redacted_basic):
    original = (FIXTURES / "story_basic.md").read_text()
    assert redacted_basic.startswith("---\n")
    head = redacted_basic.split("---\n")[1]
    meta = yaml.safe_load(head)
    assert meta["title"] == "Tea with [Name A]"
    assert meta["summary"] == "How [Name A] got me through a hard spring."
    for line in ("date: 2024-03-01", "themes: [peer-support, workload]", "consent: true", "status: published",
                 'role: "primary head"', "keep: [Lantern Club]", "redact: [the blue door]"):
        assert line in head and line in original


def test_redact_body(redacted_basic):
    body = redacted_basic.split("---\n", 2)[2]
    for surface in ("Marisol", "Quentby", "Fallowmere", "Tadcombe", "07700", "blue door", "Orla"):
        assert surface not in body
    assert "Lantern Club" in body  # front matter keep
    assert "[Name A]'s calm" in body and "Ms [Name A]" in body


def test_redact_accepts_an_unquoted_colon_in_a_title(tmp_path):
    p = tmp_path / "s.md"
    p.write_text("---\ntitle: Moving on: notes from Tadcombe\nthemes: [ofsted]\n---\nI worked in Tadcombe.\n")
    proc = run("redact", str(p))
    assert proc.returncode == 0
    meta = yaml.safe_load(proc.stdout.split("---\n")[1])
    assert meta == {"title": "Moving on: notes from [Place A]", "themes": ["ofsted"]}


def test_render_front_matter_touches_only_changed_values():
    fm = "title: 'Old'   # comment\nsummary: |\n  two\n  lines\ntags: [a, b]\n"
    out = render_front_matter(fm, {"title": "New [Name A]", "summary": "S"})
    assert yaml.safe_load(out) == {"title": "New [Name A]", "summary": "S", "tags": ["a", "b"]}
    assert "tags: [a, b]" in out and "# comment" in out


def test_report_lists_findings_with_context_and_flags():
    proc = run("report", str(FIXTURES / "story_basic.md"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "story_basic.md" in out and "Marisol Quentby" in out and "[Name A]" in out
    assert "relation" in out and "NAME" in out and "for six years" in out.split("flags:")[1]


def test_report_mask_hides_every_removed_surface():
    proc = run("report", "--mask", str(FIXTURES / "story_basic.md"))
    assert proc.returncode == 0, proc.stderr
    for surface in ("Marisol", "Quentby", "Fallowmere", "Tadcombe", "07700", "blue door", "Orla"):
        assert surface not in proc.stdout
    assert "M…(15)" in proc.stdout


def test_report_is_deterministic():
    assert run("report", "--mask", str(FIXTURES / "story_basic.md")).stdout == \
        run("report", "--mask", str(FIXTURES / "story_basic.md")).stdout


def test_mask_surface():
    assert mask_surface("Bronwen") == "B…(7)"


def test_report_bad_yaml_fails_naming_the_file():
    proc = run("report", str(FIXTURES / "bad_yaml.md"))
    assert proc.returncode != 0 and "bad_yaml.md" in proc.stderr and proc.stdout == ""


def test_missing_file_fails_naming_the_file(tmp_path):
    proc = run("redact", str(tmp_path / "nope.md"))
    assert proc.returncode != 0 and "nope.md" in proc.stderr and proc.stdout == ""


def test_missing_model_fails_with_install_hint_and_no_output():
    proc = run("redact", "--model", "no_such_model_xyz", str(FIXTURES / "story_basic.md"))
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "pip install no-such-model-xyz" in proc.stderr and "story_basic.md" in proc.stderr


def test_render_story_report_in_process():
    story = parse_story((FIXTURES / "story_basic.md").read_text())
    result = anonymiser.redact_story(story.metadata, story.body, anonymiser.load_policy())
    text = render_story_report("x.md", result, mask=True)
    assert "Quentby" not in text and text.startswith("== x.md")
