"""Rebuilds with the build's caches: the output is the same as a build from nothing, a story that
leaves the site leaves nothing of its text in cache/, and every gate still runs on a cached build.

Builds are real (`pelican` with the repository's settings and the real anonymiser) on small
inline stories; each build costs a few seconds, so each scenario builds only what it checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import REPO, build, output_files, story, write_content

pytestmark = pytest.mark.slow

#: A removed name and a phrase of ordinary words that survives anonymisation (a phrase: the gate's
#: word lists hold single words): both must leave cache/ when the story leaves the site, and both
#: are in cache/ while it is published.
WITHDRAWN_NAME = "Bronwen Harries"
WITHDRAWN_PHRASE = "a jar of marmalade"
WITHDRAWN_STORY = story(
    title="The flask on the Tuesday",
    body=f"My deputy, {WITHDRAWN_NAME}, drove over with a flask and {WITHDRAWN_PHRASE}.",
    slug="the-flask-on-the-tuesday",
)
KEPT_STORY = story(title="A term I will not forget", body="The inspection came on a Wednesday. We coped.",
                   slug="a-term-i-will-not-forget")


def caches_hold(root: Path, text: str) -> list[str]:
    """The files under `root` (every cache of a build) whose bytes hold `text`."""
    needle = text.encode("utf-8")
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and needle in p.read_bytes())


def site_files(output: Path) -> dict[str, bytes]:
    """Every output file's bytes, by path."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output_files(output)}


def test_a_cached_rebuild_after_an_edit_is_byte_identical_to_a_build_from_nothing(tmp_path):
    content = write_content(tmp_path, {"a.md": KEPT_STORY, "b.md": WITHDRAWN_STORY})
    output, caches = tmp_path / "output", tmp_path / "caches"
    assert build(content, output, cache=caches / "anonymiser").returncode == 0
    (content / "stories" / "a.md").write_text(KEPT_STORY.replace("We coped.", "We coped, just."), encoding="utf-8")

    rebuilt = build(content, output, cache=caches / "anonymiser")
    from_nothing = build(content, tmp_path / "fresh-output", cache=tmp_path / "fresh-caches" / "anonymiser")

    assert rebuilt.returncode == 0 and from_nothing.returncode == 0, rebuilt.stdout + rebuilt.stderr
    rebuilt_files, fresh_files = site_files(output), site_files(tmp_path / "fresh-output")
    assert sorted(rebuilt_files) == sorted(fresh_files)
    assert [name for name in rebuilt_files if rebuilt_files[name] != fresh_files[name]] == []
    assert b"We coped, just." in rebuilt_files["stories/a-term-i-will-not-forget/index.html"]


@pytest.mark.parametrize("withdraw", ["consent withdrawn", "file deleted"])
def test_a_story_that_leaves_the_site_leaves_nothing_of_its_text_in_the_caches(tmp_path, withdraw):
    content = write_content(tmp_path, {"a.md": KEPT_STORY, "b.md": WITHDRAWN_STORY})
    output, caches = tmp_path / "output", tmp_path / "caches"
    assert build(content, output, cache=caches / "anonymiser").returncode == 0
    assert caches_hold(caches, WITHDRAWN_PHRASE) and caches_hold(caches, WITHDRAWN_NAME)  # cached while published

    if withdraw == "consent withdrawn":
        (content / "stories" / "b.md").write_text(WITHDRAWN_STORY.replace("consent: true", "consent: false"),
                                                  encoding="utf-8")
    else:
        (content / "stories" / "b.md").unlink()
    result = build(content, output, cache=caches / "anonymiser")

    assert result.returncode == 0, result.stdout + result.stderr
    assert caches_hold(caches, WITHDRAWN_PHRASE) == []
    assert caches_hold(caches, WITHDRAWN_NAME) == []
    assert caches_hold(caches, "Wednesday")  # the story still published keeps its entries


def test_a_leak_planted_after_a_clean_cached_build_still_fails_the_rebuild(tmp_path):
    content = write_content(tmp_path, {"b.md": WITHDRAWN_STORY})
    output, caches = tmp_path / "output", tmp_path / "caches"
    assert build(content, output, cache=caches / "anonymiser").returncode == 0
    (content / "pages" / "office.md").write_text(
        f"---\ntitle: Our office\nslug: office\n---\nAsk {WITHDRAWN_NAME} at the office.\n", encoding="utf-8")

    result = build(content, output, cache=caches / "anonymiser")

    assert result.returncode != 0
    assert "office/index.html" in result.stdout + result.stderr


def test_a_high_risk_story_stops_the_build_again_when_its_verdict_comes_from_the_cache(tmp_path):
    high_risk = (REPO / "tests" / "fixtures" / "risk" / "high_risk_story.md").read_text(encoding="utf-8")
    content = write_content(tmp_path, {"high.md": high_risk})
    caches = tmp_path / "caches"
    first = build(content, tmp_path / "output", cache=caches / "anonymiser")
    again = build(content, tmp_path / "output", cache=caches / "anonymiser")
    assert first.returncode != 0 and again.returncode != 0
    assert "re-identification risk: high" in again.stdout + again.stderr
