"""`make new-story`: a draft with its front matter and guide, a safe file name, never an overwrite."""

import datetime as dt
import io
import re

import pytest

from plugins.common.stories import SourceError, load_story, load_themes
from plugins.editor_tools import new_story
from plugins.editor_tools.session import EditorSession
from tests.sitebuild import REPO, build, output_files, story, write_content

THEMES = load_themes(REPO / "content" / "themes.yml")
TODAY = dt.date(2026, 5, 6)
TITLE = "Saturday coffee with Bernadette Quarshie"


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    """The build's anonymiser policy (same model and keep-list as `make html`)."""
    cache = tmp_path_factory.mktemp("new-story-cache")
    return EditorSession.from_file(overrides={"ANONYMISER_CACHE_DIR": str(cache)}).adapter.policy


def test_it_creates_a_dated_draft_in_the_stories_folder(tmp_path):
    path, _ = new_story.create_story("The week the letter came", tmp_path, THEMES, TODAY, policy=None)
    assert path.parent == tmp_path and re.fullmatch(r"2026-05-06-story-[0-9a-f]{6}\.md", path.name)
    assert 'title: "The week the letter came"' in path.read_text(encoding="utf-8")


def test_the_file_name_carries_no_name_from_the_title(tmp_path, policy):
    path, notes = new_story.create_story(TITLE, tmp_path, THEMES, TODAY, policy=policy)
    assert path.name.startswith("2026-05-06-saturday-coffee")
    assert "bernadette" not in path.name and "quarshie" not in path.name
    assert notes == []


def test_without_the_anonymiser_the_file_name_is_neutral_and_says_why(tmp_path):
    path, notes = new_story.create_story(TITLE, tmp_path, THEMES, TODAY, policy=None)
    assert re.fullmatch(r"2026-05-06-story-[0-9a-f]{6}\.md", path.name)
    assert "neutral name" in notes[0]


def test_an_existing_file_is_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.setattr(new_story, "neutral_slug", lambda: "story-abcdef")
    first, _ = new_story.create_story("First", tmp_path, THEMES, TODAY)
    first.write_text("the editor's work", encoding="utf-8")
    with pytest.raises(FileExistsError):
        new_story.create_story("Second", tmp_path, THEMES, TODAY)
    assert first.read_text(encoding="utf-8") == "the editor's work"


def test_the_fresh_draft_is_valid_and_skipped_as_a_draft(tmp_path):
    path, _ = new_story.create_story("A title", tmp_path, THEMES, TODAY)
    path.write_text(path.read_text(encoding="utf-8") + "The story.\n", encoding="utf-8")
    draft = load_story(path, THEMES)
    assert draft.metadata["themes"] == [] and draft.skip_reason() == "consent is not true"


def test_once_themes_are_chosen_and_consent_recorded_it_is_publishable(tmp_path):
    path, _ = new_story.create_story("A title", tmp_path, THEMES, TODAY)
    text = path.read_text(encoding="utf-8").replace("themes: []", "themes: [ofsted, workload]")
    text = text.replace("consent: false", "consent: true").replace("status: draft", "status: published")
    path.write_text(text + "The story.\n", encoding="utf-8")
    assert load_story(path, THEMES).skip_reason() is None


def test_publishing_with_no_theme_chosen_is_still_an_error(tmp_path):
    path, _ = new_story.create_story("A title", tmp_path, THEMES, TODAY)
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published") + "Text.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="field 'themes': expected a list of theme slugs"):
        load_story(path, THEMES)


def test_the_guide_lists_the_themes_and_what_to_remove_by_hand(tmp_path):
    path, _ = new_story.create_story("A title", tmp_path, THEMES, TODAY)
    text = path.read_text(encoding="utf-8")
    for slug in THEMES:
        assert re.search(rf"^#\s+{slug}\s", text, re.MULTILINE), slug
    for guidance in ["exact dates", "ages, numbers on roll, years in post", "rare events", "# redact:", "# keep:",
                     "# role:", "# content_note:", "make preview STORY="]:
        assert guidance in text, guidance


def test_a_fresh_draft_does_not_break_the_build(tmp_path):
    content = write_content(tmp_path, {"published.md": story("A published story", "A story that may be read.")})
    path, _ = new_story.create_story("A draft in progress", content / "stories", THEMES, TODAY)
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.name in result.stdout + result.stderr  # named in the log as skipped
    assert not any("draft-in-progress" in str(p) for p in output_files(tmp_path / "output"))


def test_without_a_title_or_a_terminal_it_stops_with_a_clear_message(monkeypatch, capsys):
    monkeypatch.delenv("TITLE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert new_story.main([]) == 2
    assert 'make new-story TITLE="The title of the story"' in capsys.readouterr().err


def test_on_a_terminal_it_asks_for_the_title():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    asked = io.StringIO()
    assert new_story.ask_title(Terminal("  The week the letter came \n"), asked) == "The week the letter came"
    assert "Title of the new story" in asked.getvalue()


def test_the_command_writes_into_the_content_folder_and_says_what_next(tmp_path, capsys):
    content = write_content(tmp_path, {})
    code = new_story.main(["--title", "A new one", "--no-anonymiser", "-e", f'PATH="{content}"'])
    out = capsys.readouterr().out
    [created] = (content / "stories").glob("*.md")
    assert code == 0 and f"Created {created}" in out and "make preview STORY=" in out


def test_placeholders_and_their_possessives_are_dropped_from_the_slug():
    assert new_story.slugify_title("[Name A]'s \"last\" day at [Institution B]") == "last-day-at"
