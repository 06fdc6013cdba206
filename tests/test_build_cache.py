"""The content-addressed caches of a build (plugins/common/cache.py) and what uses them, piece by
piece: a result is found again only by everything it was made from, a build parses each story
once, and every entry no story of the build used is deleted."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.common.cache import ContentCache, digest, prune_folder
from tests.sitebuild import REPO, story


# -- the cache itself ----------------------------------------------------------------------------
def test_a_result_is_found_again_by_the_same_inputs(tmp_path):
    cache = ContentCache(tmp_path, fingerprint="code v1")
    cache.put(cache.key("<p>A story.</p>"), b"clean")
    assert ContentCache(tmp_path, fingerprint="code v1").get(cache.key("<p>A story.</p>")) == b"clean"


def test_other_text_finds_nothing(tmp_path):
    cache = ContentCache(tmp_path, fingerprint="code v1")
    cache.put(cache.key("<p>A story.</p>"), b"clean")
    assert cache.get(cache.key("<p>Another story.</p>")) is None


def test_the_same_text_under_other_code_finds_nothing(tmp_path):
    old = ContentCache(tmp_path, fingerprint="code v1")
    old.put(old.key("<p>A story.</p>"), b"made by the old code")
    new = ContentCache(tmp_path, fingerprint="code v2")
    assert new.get(new.key("<p>A story.</p>")) is None


def test_inputs_are_not_confused_by_where_one_ends():
    assert digest("ab", "c") != digest("a", "bc")


def test_prune_deletes_what_the_build_did_not_use(tmp_path):
    earlier = ContentCache(tmp_path, fingerprint="f")
    earlier.put(earlier.key("withdrawn story"), b"its text")
    earlier.put(earlier.key("kept story"), b"its text")
    build = ContentCache(tmp_path, fingerprint="f")
    assert build.get(build.key("kept story")) == b"its text"
    assert build.prune() == 1
    assert ContentCache(tmp_path, fingerprint="f").get(build.key("withdrawn story")) is None
    assert ContentCache(tmp_path, fingerprint="f").get(build.key("kept story")) == b"its text"


def test_prune_leaves_another_build_s_half_written_file(tmp_path):
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / ".tmp-123").write_bytes(b"being written")
    prune_folder(tmp_path, keep=set(), suffix=".html")
    assert (tmp_path / "ab" / ".tmp-123").exists()


# -- what the plugins cache ----------------------------------------------------------------------
def test_sanitised_html_from_the_cache_is_what_sanitising_gives(tmp_path, monkeypatch):
    import plugins.sanitise as sanitise

    cache = sanitise.sanitised_cache(tmp_path)
    html = '<p onclick="x()">Hello <script>alert(1)</script><a href="https://example.org">there</a></p>'
    first = sanitise.cached_sanitise(html, cache)
    monkeypatch.setattr(sanitise, "sanitise_html", lambda html: pytest.fail("cleaned again"))
    assert sanitise.cached_sanitise(html, sanitise.sanitised_cache(tmp_path)) == first
    assert "script" in first.removed and "onclick" not in first.html


def test_rendered_story_html_from_the_cache_is_what_markdown_gives(tmp_path, monkeypatch):
    import plugins.anonymise.reader as reader

    text = "A *first* line.\n\n- one\n- two\n"
    first = reader.render_story_markdown(text, reader.story_html_cache(tmp_path))
    monkeypatch.setattr(reader, "render_markdown", lambda *args: pytest.fail("rendered again"))
    assert reader.render_story_markdown(text, reader.story_html_cache(tmp_path)) == first
    assert "<em>first</em>" in first


def reader_for(content: Path):
    """A SafeHarbourReader on `content` with ANONYMISE off (no model: these tests are about files)."""
    from pelican.settings import read_settings

    from plugins.anonymise.reader import SafeHarbourReader

    settings = read_settings(str(REPO / "pelicanconf.py"), override={"PATH": str(content), "ANONYMISE": False})
    return SafeHarbourReader(settings)


def stories_folder(tmp_path: Path, text: str) -> Path:
    """A content folder with the real theme vocabulary and one story file holding `text`."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "themes.yml").write_bytes((REPO / "content" / "themes.yml").read_bytes())
    (tmp_path / "stories" / "a.md").write_text(text, encoding="utf-8")
    return tmp_path / "stories" / "a.md"


def test_a_story_is_parsed_once_while_its_file_is_unchanged(tmp_path, monkeypatch):
    import plugins.anonymise.reader as reader_module

    path = stories_folder(tmp_path, story(body="The inspection came on a Tuesday."))
    reader = reader_for(tmp_path)
    parsed = []
    real_load_story = reader_module.load_story
    monkeypatch.setattr(reader_module, "load_story", lambda *args: parsed.append(args[0]) or real_load_story(*args))
    first = reader.load_story(str(path))
    assert reader.load_story(str(path)) is first
    assert len(parsed) == 1


def test_an_edit_between_the_prefetch_and_the_read_is_read(tmp_path):
    path = stories_folder(tmp_path, story(body="The inspection came on a Tuesday."))
    reader = reader_for(tmp_path)
    reader.load_story(str(path))
    path.write_text(story(body="The inspection came on a Wednesday."), encoding="utf-8")
    assert "Wednesday" in reader.load_story(str(path)).body


def test_a_broken_story_raises_the_same_problems_each_time(tmp_path):
    from plugins.common.stories import SourceError

    path = stories_folder(tmp_path, story(themes=["no-such-theme"]))
    reader = reader_for(tmp_path)
    problems = []
    for _ in range(2):
        with pytest.raises(SourceError) as err:
            reader.load_story(str(path))
        problems.append([str(p) for p in err.value.problems])
    assert problems[0] == problems[1] and "no-such-theme" in problems[0][0]


# -- the leak gate's input --------------------------------------------------------------------------
def test_the_gate_refuses_a_story_article_that_came_without_its_redaction():
    from plugins.leak_gate import LeakFound, check_every_story_noted

    settings = {"ANONYMISE": True, "PATH": "content"}
    story_article = SimpleNamespace(is_story=True, source_path="content/stories/a.md", redaction=None)
    generator = SimpleNamespace(settings=settings, articles=[story_article], hidden_articles=[], drafts=[])
    with pytest.raises(LeakFound, match="content/stories/a.md"):
        check_every_story_noted([generator])


def test_the_gate_scans_for_a_story_whose_redaction_only_the_article_carried():
    import plugins.leak_gate as gate

    redaction = object()
    story_article = SimpleNamespace(is_story=True, source_path="content/stories/a.md", story_source="content/stories/a.md",
                                    redaction=redaction)
    gate.forget_stories()
    gate.check_every_story_noted([SimpleNamespace(settings={"ANONYMISE": True}, articles=[story_article])])
    assert gate.gated_redactions() == {"content/stories/a.md": redaction}
    gate.forget_stories()


# -- choosing a Python -------------------------------------------------------------------------------
def fake_python(folder: Path, name: str, works: bool) -> Path:
    """An executable named `name` that behaves like a working Python 3.11-3.13 (or a broken pyenv shim)."""
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n" if works else "#!/bin/sh\necho 'pyenv: command not found' >&2\nexit 127\n")
    path.chmod(0o755)
    return path


def test_make_install_takes_the_newest_python_that_runs(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_python(bin_dir, "python3.13", works=False)  # a pyenv shim for a version not selected
    newest_working = fake_python(bin_dir, "python3.12", works=True)
    fake_python(bin_dir, "python3.11", works=True)
    env = {"PATH": f"{bin_dir}:/bin", "PYENV_ROOT": str(tmp_path / "no-pyenv"), "HOME": str(tmp_path)}
    result = subprocess.run(["/bin/sh", str(REPO / "scripts" / "newest-python")], env=env,
                            capture_output=True, text=True)
    # /usr/bin/python3.11 may exist on the machine, but 3.12 on PATH is newer.
    assert result.stdout.strip() == str(newest_working)


# -- results derived ahead, on every core, for the stories a cold build anonymises ----------------
def test_what_a_cold_build_derives_ahead_is_what_the_reader_makes_and_every_read_finds_it(tmp_path):
    import json

    from pelican.settings import read_settings

    from anonymiser.risk import assess
    from plugins.anonymise import DERIVE_AHEAD_MIN, derive_ahead
    from plugins.anonymise.reader import (STORY_MARKDOWN_EXTENSIONS, RiskVerdict, SafeHarbourReader,
                                          escape_placeholders, render_markdown)
    from plugins.sanitise import CACHE_FOLDER, sanitise_html, sanitised_cache

    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    (content / "themes.yml").write_bytes((REPO / "content" / "themes.yml").read_bytes())
    paths = []
    for n in range(DERIVE_AHEAD_MIN + 1):
        path = content / "stories" / f"s{n}.md"
        path.write_text(story(f"Story {n}", f"Mrs Okonkwo-Bright rang on day {n}. [Name A]: *not* a link.\n\n- one"),
                        encoding="utf-8")
        paths.append(str(path))
    settings = read_settings(str(REPO / "pelicanconf.py"), override={
        "PATH": str(content), "ANONYMISER_CACHE_DIR": str(tmp_path / "cache" / "anonymiser")})
    reader = SafeHarbourReader(settings)
    anonymiser = reader.story_anonymiser()
    anonymiser.prefetch([reader.load_story(p) for p in paths])
    assert len(anonymiser.fresh) == len(paths)

    derive_ahead(reader, anonymiser.fresh, processes=2)

    cleaned = sanitised_cache(reader.site.build_cache_dir / CACHE_FOLDER)
    for _, redaction in anonymiser.fresh:
        markdown_text = escape_placeholders(redaction.body, list(redaction.placeholders.values()))
        html = render_markdown(markdown_text, STORY_MARKDOWN_EXTENSIONS)
        assert reader.html_cache.path(reader.html_cache.key(markdown_text)).read_text(encoding="utf-8") == html
        assert json.loads(cleaned.path(cleaned.key(html)).read_bytes())["html"] == sanitise_html(html).html
        risk_key = reader.risk_cache.key(json.dumps({"metadata": redaction.metadata, "body": redaction.body},
                                                    sort_keys=True, default=str, ensure_ascii=False))
        assert RiskVerdict(**json.loads(reader.risk_cache.path(risk_key).read_bytes())) == \
            RiskVerdict.of(assess(redaction.metadata, redaction.body))
    for path in paths:
        reader.read(path)
    assert reader.html_cache.misses == 0 and reader.risk_cache.misses == 0
    assert reader.html_cache.hits == reader.risk_cache.hits == len(paths)


def test_a_worker_that_fails_leaves_the_work_to_the_reader(tmp_path, monkeypatch):
    from types import SimpleNamespace

    import plugins.anonymise as plugin
    from plugins.anonymise.reader import story_html_cache

    def broken(index):
        raise RuntimeError("worker failed")

    monkeypatch.setattr(plugin, "_derive", broken)
    cache = story_html_cache(tmp_path)
    reader = SimpleNamespace(risk_cache=None, html_cache=cache, settings={"PLUGINS": []},
                             site=SimpleNamespace(risk_gate=False, build_cache_dir=tmp_path))
    fresh = [(None, SimpleNamespace(body=f"Story {n}.", placeholders={})) for n in range(plugin.DERIVE_AHEAD_MIN)]
    plugin.derive_ahead(reader, fresh, processes=2)  # does not raise: the reader will meet the error itself
    assert not list(tmp_path.rglob("*.html"))
