"""`make report`: the editor's report per story and its one-page summary, written outside the
output from the build's own anonymiser cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import REPO, build, story, write_content

STORIES = {
    "2026-03-14-a-tuesday.md": story(
        title="A flask on a Tuesday",
        body="My deputy, Bronwen Harries, drove over from Lower Haddow. I thank my colleague Hope Ellis, and Hope "
             "again, after eleven years in post.",
    ),
    "2026-03-15-not-yet.md": story(title="Not yet", body="Still writing this one.", status="draft"),
}


def run_report(content: Path, cache: Path, out: Path) -> subprocess.CompletedProcess:
    """`python -m plugins.leak_gate.report` on `content` with the build's cache."""
    cmd = [sys.executable, "-m", "plugins.leak_gate.report", "--settings", str(REPO / "pelicanconf.py"),
           "--content", str(content), "--cache", str(cache), "--out", str(out)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """Build the stories, then write the report: (reports folder, cache entries before, after, output)."""
    root = tmp_path_factory.mktemp("report")
    content = write_content(root, STORIES)
    cache = root / "anon"
    result = build(content, root / "output", cache=cache)
    assert result.returncode == 0, result.stdout + result.stderr
    before = set(cache.rglob("*.json"))
    report = run_report(content, cache, root / "reports")
    assert report.returncode == 0, report.stdout + report.stderr
    return root / "reports", before, set(cache.rglob("*.json")), root / "output"


def test_each_published_story_gets_a_report(reported):
    reports, *_ = reported
    assert sorted(p.name for p in reports.glob("*.txt")) == ["2026-03-14-a-tuesday.txt"]


def test_a_story_report_shows_each_finding_with_label_placeholder_and_context(reported):
    text = (reported[0] / "2026-03-14-a-tuesday.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "Bronwen Harries" in line and "->" in line)
    assert "NAME" in line and "[Name A]" in line
    assert "⟦Bronwen Harries⟧, drove over" in text


def test_a_story_report_lists_flagged_indirect_identifiers(reported):
    text = (reported[0] / "2026-03-14-a-tuesday.txt").read_text(encoding="utf-8")
    assert "eleven years in post" in text.split("flags:")[1]


def test_a_story_report_shows_how_the_leak_gate_matches_each_surface(reported):
    text = (reported[0] / "2026-03-14-a-tuesday.txt").read_text(encoding="utf-8")
    gate = text.split("leak gate:")[1]
    assert any(line.split()[1:2] == ["Hope"] and "capitalised, not at a sentence start" in line for line in gate.splitlines())
    assert any("Bronwen Harries" in line and "matched any case" in line for line in gate.splitlines())


def test_the_summary_counts_findings_by_label_and_names_skipped_stories(reported):
    index = (reported[0] / "index.md").read_text(encoding="utf-8")
    assert "| NAME |" in index and "| PLACE |" in index
    assert "stories/2026-03-15-not-yet.md: status is draft" in index


def test_the_report_after_a_build_analyses_nothing_again(reported):
    _, before, after, _ = reported
    assert after == before


def test_the_report_is_never_written_into_the_output(reported):
    *_, output = reported
    assert not list(output.rglob("index.md")) and not list(output.rglob("*.txt"))


def test_the_report_refuses_a_folder_inside_the_output(tmp_path):
    content = write_content(tmp_path, {})
    cmd = [sys.executable, "-m", "plugins.leak_gate.report", "--settings", str(REPO / "pelicanconf.py"),
           "--content", str(content), "--cache", str(tmp_path / "anon"), "--out", "output/reports"]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "refusing" in result.stderr
