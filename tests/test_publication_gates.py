"""Two gates hold in every configuration: no consent or a draft means never published, and a
broken story stops the whole build before anything is written."""

import pytest

from tests.sitebuild import build, output_files, story, write_content

# Distinctive words that stand only in the story that must not be published.
UNPUBLISHED_MARK = "Zephyrine"


def all_output_text(output) -> str:
    """Every output file's text and path, for searching what was published."""
    return "\n".join(str(p) + "\n" + p.read_text(encoding="utf-8", errors="replace") for p in output_files(output))


@pytest.fixture(params=[True, False], ids=["anonymise", "no-anonymise"])
def anonymise(request):
    """Run a test with the anonymiser on and off: the gates must not depend on it."""
    return request.param


@pytest.mark.parametrize("fields", [{"consent": False}, {"status": "draft"}, {"consent": False, "status": "draft"}],
                         ids=["no-consent", "draft", "no-consent-and-draft"])
def test_unpublishable_story_never_reaches_the_output(tmp_path, anonymise, fields):
    content = write_content(tmp_path, {
        "published.md": story("A published story", "A story that may be read."),
        "held.md": story(f"{UNPUBLISHED_MARK} held back", f"Words about {UNPUBLISHED_MARK} that nobody may read.", **fields),
    })
    result = build(content, tmp_path / "output", ANONYMISE=anonymise)
    assert result.returncode == 0, result.stderr + result.stdout
    assert UNPUBLISHED_MARK.lower() not in all_output_text(tmp_path / "output").lower()
    assert "held.md" in result.stdout + result.stderr and "never written to the output" in result.stdout + result.stderr


def test_drafts_stay_out_even_when_settings_ask_pelican_to_write_drafts(tmp_path):
    content = write_content(tmp_path, {
        "published.md": story("A published story", "A story that may be read."),
        "held.md": story(f"{UNPUBLISHED_MARK} draft", f"{UNPUBLISHED_MARK} is unfinished.", status="draft"),
    })
    result = build(content, tmp_path / "output", ANONYMISE=False, DRAFT_SAVE_AS="drafts/{slug}.html")
    assert result.returncode == 0, result.stderr + result.stdout
    assert UNPUBLISHED_MARK.lower() not in all_output_text(tmp_path / "output").lower()


@pytest.mark.parametrize("bad_text, expected", [
    ("", "is empty"),
    ("---\ntitle: [unclosed\n---\nText\n", "front matter is not valid YAML"),
    (story(themes=["no-such-theme"]), "field 'themes': unknown theme 'no-such-theme'"),
    (story(date="next Tuesday"), "field 'date': cannot read 'next Tuesday' as a date"),
    (story(title=None), "field 'title': is missing"),
], ids=["empty", "malformed-yaml", "unknown-theme", "bad-date", "no-title"])
def test_a_broken_story_stops_the_build_and_writes_nothing(tmp_path, anonymise, bad_text, expected):
    content = write_content(tmp_path, {"good.md": story("A good story"), "broken.md": bad_text})
    result = build(content, tmp_path / "output", ANONYMISE=anonymise)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert any("broken.md" in line and expected in line for line in log.splitlines()), log
    assert output_files(tmp_path / "output") == []


def test_every_broken_story_is_reported_in_one_build(tmp_path):
    content = write_content(tmp_path, {"one.md": story(themes=["nope"]), "two.md": "", "fine.md": story()})
    result = build(content, tmp_path / "output", ANONYMISE=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "2 problem(s) in 2 file(s)" in log
    assert "one.md: field 'themes'" in log and "two.md: is empty" in log


def test_raw_html_and_scripts_in_a_story_never_reach_a_page(tmp_path, anonymise):
    body = "Our story.\n\n<script>alert('xss')</script>\n\n<p onclick=\"steal()\">Held text.</p>\n\n[a link](javascript:alert(1))\n\n<iframe src=\"https://evil.example/\"></iframe>"
    content = write_content(tmp_path, {"html.md": story("A story with markup", body)})
    result = build(content, tmp_path / "output", ANONYMISE=anonymise)
    assert result.returncode == 0, result.stderr + result.stdout
    page = (tmp_path / "output" / "stories" / "a-story-with-markup" / "index.html").read_text(encoding="utf-8")
    assert "Held text." in page
    for bad in ("alert(", "onclick", "javascript:", "<iframe", "evil.example"):
        assert bad not in page
    assert "Removed disallowed HTML" in result.stdout + result.stderr


def test_a_title_with_markup_stops_the_build(tmp_path):
    content = write_content(tmp_path, {"good.md": story("A good story"),
                                       "t.md": story("<img src=x onerror=alert(1)> Fear & hope")})
    result = build(content, tmp_path / "output", ANONYMISE=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert any("t.md" in line and "field 'title'" in line and "markup" in line for line in log.splitlines()), log
    assert output_files(tmp_path / "output") == []


def test_a_title_with_angle_brackets_that_are_not_markup_is_escaped_in_every_page(tmp_path):
    content = write_content(tmp_path, {"t.md": story("Fear <3 hope & Year 5 < Year 6")})
    result = build(content, tmp_path / "output", ANONYMISE=False)
    assert result.returncode == 0, result.stderr + result.stdout
    pages = [p for p in output_files(tmp_path / "output") if p.suffix in {".html", ".xml"}]
    assert pages
    for path in pages:
        assert "<3 hope" not in path.read_text(encoding="utf-8"), path
