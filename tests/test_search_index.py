"""The search index builder (plugins/search_index): no browser.

Pure tests build small indexes from inline stories; the site tests read what the real build
(`built_site`, anonymiser on) wrote to search/.
"""

from __future__ import annotations

import json
import re

import pytest

from plugins.search_index.core import (
    SearchStory, StoryTerms, body_postings, body_search, body_terms, build_body_index, build_lunr, build_search_files,
    compact_index, complete_search, distinctive_terms, expand_index, html_to_text, index_documents, load_index,
    search, shard_of, shorten, stem, stem_counts, story_terms, words,
)
from tests.sitebuild import REPO, build, story, write_content

REDACTION_STORY = REPO / "content" / "stories" / "2024-06-19-the-grade-on-the-gate.md"


def make_story(n: int, title: str, body: str, summary: str = "", themes=(("ofsted", "Ofsted"),)) -> SearchStory:
    """A small inline story numbered `n` (its URL and date follow from `n`)."""
    return SearchStory(url=f"stories/s{n}/", title=title, date=f"2026-01-{n + 1:02d}", themes=tuple(themes),
                       summary=summary, body=body)


STORIES = [
    make_story(0, "The week the letter came", "The inspection team arrived. Inspections are long. Governors met twice."),
    make_story(1, "Two villages", "The minibus between the villages broke down. Minibus again, minibus always.",
               themes=(("small-schools", "Small schools"),)),
    make_story(2, "After the meeting", "A parent shouted in the car park about harassment online.",
               summary="A head on what happened after a meeting.", themes=(("parental-abuse", "Parental abuse"),)),
]


# -- the pure core ---------------------------------------------------------------------

def test_distinctive_terms_prefer_a_word_one_story_repeats_over_a_word_every_story_uses():
    bodies = ["school minibus minibus minibus", "school governors", "school parents"]
    chosen = distinctive_terms(bodies, k=1)
    assert chosen[0] == ["minibus"]
    assert all("school" not in terms for terms in chosen)


def test_distinctive_terms_keep_at_most_k_words():
    chosen = distinctive_terms(["alpha bravo charlie delta echo foxtrot", "golf hotel"], k=3)
    assert len(chosen[0]) == 3


def test_distinctive_terms_skip_words_already_indexed_in_the_title():
    chosen = distinctive_terms(["minibus minibus governors", "other words"], k=5, already=["The minibus"])
    assert "minibus" not in chosen[0] and "governors" in chosen[0]


def test_distinctive_terms_never_include_anonymiser_placeholders():
    chosen = distinctive_terms(["[Name A] said [Name A] would ring. [Institution B] closed.", "nothing"], k=10)
    assert not {"name", "school"} & set(chosen[0])


def test_distinctive_terms_are_surface_words_not_stems():
    chosen = distinctive_terms(["inspections inspections inspection", "other"], k=1)
    assert chosen[0] == ["inspections"]


def test_refs_are_the_numeric_positions_of_the_docs():
    files = build_search_files(STORIES, terms_per_story=5, summary_chars=80)
    lunr_json = expand_index(files.index)
    refs = {field_ref.split("/", 1)[1] for field_ref, _ in lunr_json["fieldVectors"]}
    assert refs == {str(i) for i in range(len(files.docs["docs"]))}


def test_docs_file_holds_only_what_results_show():
    long_summary = "word " * 100
    stories = [make_story(0, "A title", "BODYONLYWORD appears only in the body.", summary=long_summary)]
    docs = build_search_files(stories, terms_per_story=5, summary_chars=60).docs
    url, title, themes, date, summary = docs["docs"][0]
    assert (url, title, date) == ("stories/s0/", "A title", "2026-01-01")
    assert [docs["themes"][t] for t in themes] == [["ofsted", "Ofsted"]]
    assert len(summary) <= 60 and summary.endswith("…")
    assert "BODYONLYWORD" not in json.dumps(docs)


def test_docs_json_is_written_without_spaces():
    files = build_search_files(STORIES, terms_per_story=5, summary_chars=80)
    assert ", " not in files.docs_json() and '": ' not in files.docs_json()


def test_index_loads_in_lunr_py_and_answers_a_query():
    index = load_index(json.loads(build_search_files(STORIES, 10, 80).index_json()))
    assert [int(ref) for ref in search(index, "minibus")] == [1]


def test_a_query_finds_other_forms_of_a_word():
    index = load_index(build_search_files(STORIES, 10, 80).index)
    docs = build_search_files(STORIES, 10, 80).docs["docs"]
    assert [docs[int(r)][1] for r in search(index, "inspected")] == ["The week the letter came"]


def test_a_query_with_one_typo_still_finds_the_story():
    files = build_search_files(STORIES, 10, 80)
    found = search(load_index(files.index), "harrassment")
    assert [files.docs["docs"][int(r)][1] for r in found] == ["After the meeting"]


def test_stop_words_alone_find_nothing():
    assert search(load_index(build_search_files(STORIES, 10, 80).index), "the after a") == []


def test_compact_encoding_answers_exactly_as_lunrs_own_json():
    documents = index_documents(STORIES, [["minibus", "inspections", "harassment"]] * 3)
    original = build_lunr(documents)
    reloaded = load_index(compact_index(original.serialize()))
    for query in ["minibus", "inspection meeting", "villages", "harasment parent"]:
        want = [(m["ref"], round(m["score"], 6)) for m in original.query(_query(original, query))]
        got = [(m["ref"], round(m["score"], 6)) for m in reloaded.query(_query(reloaded, query))]
        assert got == want, query


def _query(index, text):
    """A lunr.py query of `text`'s words, fuzzy from five letters (as search() builds one)."""
    query = index.create_query()
    for word in text.split():
        query.term(word, edit_distance=1 if len(word) >= 5 else 0)
    return query


def test_a_final_y_after_a_vowel_keeps_its_y_as_in_lunr_js():
    assert [stem(w) for w in ["journey", "always", "days", "happy"]] == ["journey", "alway", "day", "happi"]


def test_words_are_trimmed_as_lunr_js_trims_them():
    # lunr.py's own trimmer leaves "it’s," whole, so the browser could never match it
    assert words("“Quoted” it’s, end. café") == ["quoted", "it’s", "end", "caf"]


def test_a_query_for_a_word_ending_in_vowel_and_y_finds_the_title_holding_it():
    files = build_search_files([make_story(0, "The long journey home", "Words."), make_story(1, "Other", "Words.")], 0, 80)
    assert [files.docs["docs"][int(ref)][1] for ref in search(load_index(files.index), "journey")] == ["The long journey home"]


def test_html_to_text_drops_tags_and_decodes_entities():
    assert html_to_text("<p>Fish &amp; chips</p><p>were <em>cold</em></p>") == "Fish & chips were cold"


def test_shorten_cuts_at_a_word_boundary():
    assert shorten("one two three four", 12) == "one two…"


# -- the body index: every word of every story, in shards ---------------------------------

def decoded(numbers: list[int]) -> dict[int, int]:
    """Postings [ref delta, frequency, ...] as {ref: frequency}."""
    ref, out = 0, {}
    for i in range(0, len(numbers), 2):
        ref += numbers[i]
        out[ref] = numbers[i + 1]
    return out


def body_of(stories_bodies: list[str], shard_bytes: int = 48_000):
    """The body index of inline bodies, and a shard loader as search.js fetches shards."""
    body = build_body_index(stories_bodies, shard_bytes)
    return body, (lambda n: body.shards[n])


def test_every_word_of_a_body_is_in_the_body_index():
    postings = body_postings(["The hall caught fire in the night; the caretaker's kettle survived."])
    assert {stem(w) for w in ["hall", "caught", "fire", "night", "caretaker's", "kettle", "survived"]} <= set(postings)


def test_postings_give_each_story_holding_a_word_with_its_frequency():
    postings = body_postings(["minibus minibus", "no such word", "the minibus broke", "Minibus again."])
    assert decoded(postings[stem("minibus")]) == {0: 2, 2: 1, 3: 1}


def test_stop_words_placeholders_and_single_letters_are_not_in_the_body_index():
    assert body_terms("The [Name A] and [Institution B] rang x would be there") == [stem("rang")]


def test_body_words_are_trimmed_as_lunr_js_trims_them_in_the_browser():
    # JavaScript's \W is ASCII-only, so lunr.js turns a query "café" into "caf": so must the index.
    assert body_terms("café “quoted” end.") == [stem("caf"), stem("quoted"), stem("end")]


def test_shard_of_is_fnv_1a_over_utf_16_code_units():
    assert shard_of("", 1 << 32) == 0x811C9DC5  # FNV-1a's offset basis: nothing hashed
    assert shard_of("a", 1 << 32) == 0xE40C292C  # the published FNV-1a 32 value of "a"
    assert 0 <= shard_of("ŵyn", 7) < 7


def test_each_stem_is_in_the_shard_its_hash_names_and_in_no_other():
    body, _ = body_of([f"word{i} common story{i % 3}" for i in range(60)], shard_bytes=200)
    count = len(body.shards)
    placed = [(term, n) for n, shard in enumerate(body.shards) for term in shard["terms"]]
    assert count > 1
    assert all(shard_of(term, count) == n for term, n in placed)
    assert len({term for term, _ in placed}) == len(placed)


def test_smaller_shards_mean_more_of_them():
    bodies = [f"alpha{i} bravo{i} charlie{i} delta" for i in range(100)]
    assert len(build_body_index(bodies, 500).shards) > len(build_body_index(bodies, 5_000).shards) >= 1


def test_the_docs_file_tells_the_page_how_to_find_the_shards():
    files = build_search_files(STORIES, 10, 80, body_shard_bytes=48_000)
    assert files.docs["body"] == {"shards": len(files.body.shards), "version": files.body.version, "format": 1}


def test_the_body_index_version_changes_with_any_body():
    one = build_body_index(["the first text"], 48_000).version
    assert build_body_index(["the first text"], 48_000).version == one
    assert build_body_index(["the first text, edited"], 48_000).version != one


def test_body_texts_are_the_stories_plain_texts_in_ref_order():
    body = build_search_files(STORIES, 10, 80, body_shard_bytes=48_000).body
    assert body.texts[0] == STORIES[2].body  # newest first, as the docs file
    assert len(body.texts) == len(STORIES)


def test_body_search_finds_a_word_that_stands_only_in_a_body():
    body, load = body_of(["The hall caught fire.", "A quiet term.", "Nothing burned."])
    assert [ref for ref, _ in body_search(load, 3, len(body.shards), "fire")] == [0]


def test_body_search_trims_the_query_as_the_browser_does():
    body, load = body_of(["A café at the corner.", "Nothing."])
    assert [ref for ref, _ in body_search(load, 2, len(body.shards), "café")] == [0]


def test_body_search_finds_other_forms_of_the_word():
    body, load = body_of(["She kept a sleep diary.", "No such thing here."])
    assert [ref for ref, _ in body_search(load, 2, len(body.shards), "diaries")] == [0]


def test_body_search_ranks_a_story_using_a_word_more_often_higher():
    body, load = body_of(["one governor", "governors, governors and a governor", "none"])
    assert [ref for ref, _ in body_search(load, 3, len(body.shards), "governor")] == [1, 0]


def test_body_search_ranks_a_story_with_more_of_the_query_words_higher():
    body, load = body_of(["the hall", "the hall caught fire", "fire drill"])
    assert [ref for ref, _ in body_search(load, 3, len(body.shards), "hall fire")][0] == 1


def test_body_search_breaks_ties_for_the_newer_story():
    body, load = body_of(["tremor", "tremor"])
    assert [ref for ref, _ in body_search(load, 2, len(body.shards), "tremor")] == [0, 1]


def test_body_search_of_stop_words_alone_asks_no_shard():
    asked = []
    body, load = body_of(["the and a"])
    assert body_search(lambda n: asked.append(n) or load(n), 1, len(body.shards), "the and a") == [] and asked == []


def test_complete_results_append_what_only_the_body_holds_after_the_first_results():
    stories = [
        make_story(0, "The minibus", "Nothing else."),
        make_story(1, "A term", "We drove the minibus to the coast."),
        make_story(2, "Another term", "Quiet."),
    ]
    files = build_search_files(stories, 0, 80, body_shard_bytes=48_000)
    titles = [files.docs["docs"][ref][1] for ref in complete_search(load_index(files.index), files.body, 3, "minibus")]
    assert titles == ["The minibus", "A term"]


def test_a_name_the_anonymiser_missed_in_a_body_is_caught_by_the_leak_gate_in_the_body_index(tmp_path):
    # Shards hold stems ("harri" for "Harries"), so the gate also scans each story's plain text
    # under search/text/, in the same output: a surface in a shard is in a text file too.
    from plugins.leak_gate.scan import Matcher
    from plugins.leak_gate.surfaces import story_surfaces
    from plugins.leak_gate.words import is_ordinary_word
    from plugins.search_index import write_body_index
    from tests.test_leak_gate_core import MODEL, STORY, redaction

    surfaces = story_surfaces({STORY: redaction(("Bronwen Harries", "NAME"), ("Lower Haddow", "PLACE"))},
                              lambda word: is_ordinary_word(word, MODEL))
    write_body_index(tmp_path / "search", build_body_index(["Bronwen Harries drove over from Lower Haddow.", "A quiet term."], 48_000))
    leaks, _ = Matcher.build(surfaces, []).scan_output(tmp_path)
    caught = {(leak.file, leak.entry.text) for leak in leaks}
    assert {("search/text/0.json", "Bronwen Harries"), ("search/text/0.json", "Lower Haddow")} <= caught
    assert ("search/body/0.json", "Bronwen") in caught  # a name part that is its own stem is caught in the shard too
    assert not {file for file, _ in caught} - {"search/text/0.json", "search/body/0.json"}


def test_writing_the_body_index_again_leaves_no_text_of_a_withdrawn_story(tmp_path):
    from plugins.search_index import write_body_index

    write_body_index(tmp_path, build_body_index(["first story", "second story", "withdrawn story"], 48_000))
    write_body_index(tmp_path, build_body_index(["first story", "second story"], 48_000))
    assert sorted(p.name for p in (tmp_path / "text").iterdir()) == ["0.json", "1.json"]
    write_body_index(tmp_path, None)
    assert not (tmp_path / "text").exists() and not (tmp_path / "body").exists()


# -- each story's terms, computed once and kept by its text ------------------------------

def test_story_terms_are_what_the_index_and_the_body_postings_count():
    body = "Inspections, inspections and the inspection. The minibus broke; [Name A] rang. x"
    terms = story_terms(body)
    counts, surfaces = stem_counts(body)
    assert terms.counts == dict(counts) and terms.surfaces == surfaces
    assert terms.body == {term: body_terms(body).count(term) for term in body_terms(body)}
    assert StoryTerms.from_json(terms.to_json()) == terms


def test_search_files_from_cached_terms_are_the_files_computed_afresh(tmp_path):
    from plugins.search_index import cached_story_terms, story_terms_cache

    fresh = build_search_files(STORIES, 5, 80, 48_000)
    for _ in range(2):  # the first build fills the cache, the second reads every body's terms from it
        cache = story_terms_cache(tmp_path)
        cached = build_search_files(STORIES, 5, 80, 48_000, cached_story_terms(cache))
        assert (cached.index_json(), cached.docs_json(), cached.body.shards) == (fresh.index_json(), fresh.docs_json(),
                                                                                  fresh.body.shards)
    assert cache.hits == len(STORIES) and cache.misses == 0


def test_cached_terms_are_found_only_by_the_same_body_and_a_broken_entry_is_made_again(tmp_path, monkeypatch):
    import plugins.search_index as plugin

    cache = plugin.story_terms_cache(tmp_path)
    terms_of = plugin.cached_story_terms(cache)
    assert terms_of("The minibus broke down.") == story_terms("The minibus broke down.")
    monkeypatch.setattr(plugin, "story_terms", lambda body: pytest.fail("computed again"))
    assert terms_of("The minibus broke down.") == story_terms("The minibus broke down.")  # from the cache
    with pytest.raises(pytest.fail.Exception):
        terms_of("The minibus broke down again.")  # another text is not found
    cache.path(cache.key("The minibus broke down.")).write_bytes(b"{not json")
    with pytest.raises(pytest.fail.Exception):
        terms_of("The minibus broke down.")  # an unreadable entry is a miss


def test_the_terms_cache_is_keyed_on_this_package_s_code(tmp_path, monkeypatch):
    import plugins.search_index as plugin

    before = plugin.story_terms_cache(tmp_path).fingerprint
    edited = tmp_path / "core.py"
    edited.write_text(open(plugin.core.__file__, encoding="utf-8").read() + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(plugin.core, "__file__", str(edited))
    assert plugin.story_terms_cache(tmp_path).fingerprint != before


# -- the plugin in a real build ------------------------------------------------------------

def test_a_removed_surface_reaching_the_body_index_fails_the_build_naming_the_search_files(tmp_path):
    """Story A's editor redacts a café; story B names it in lower case in its body, where B's own
    anonymiser sees ordinary words. The gate scans the body index's files like every page."""
    from tests.test_leak_gate_build import leak_lines

    content = write_content(tmp_path, {
        "a.md": story("Friday afternoons", "We met every Friday at the Copper Kettle on the corner.",
                      redact=["Copper Kettle"], slug="a"),
        "b.md": story("Tea again", "Tea at the copper kettle, again. The kettle was always on.", slug="b"),
    })
    result = build(content, tmp_path / "output")
    assert result.returncode != 0
    files = {line.rsplit(" in ", 1)[-1].split(" (")[0] for line in leak_lines(result)}
    assert any(f.startswith("search/text/") for f in files), files
    assert any(f.startswith("stories/b/") for f in files), files
    assert not (tmp_path / "output" / "search").exists()  # nothing left to deploy


def test_only_published_stories_are_indexed(tmp_path):
    content = write_content(tmp_path, {
        "published.md": story("A published story", "Minibus trouble again.", slug="published"),
        "draft.md": story("Quillfeather draft", "Quillfeather words.", slug="draft", status="draft"),
        "unconsented.md": story("Marrowby unconsented", "Marrowby words.", slug="unconsented", consent=False),
    })
    result = build(content, tmp_path / "output", ANONYMISE=False)
    assert result.returncode == 0, result.stderr
    docs = json.loads((tmp_path / "output" / "search" / "docs.json").read_text())
    index = (tmp_path / "output" / "search" / "index.json").read_text().lower()
    assert [d[0] for d in docs["docs"]] == ["stories/published/"]
    assert "quillfeather" not in index and "marrowby" not in index


def test_terms_per_story_setting_limits_the_index(tmp_path):
    body = " ".join(f"word{chr(97 + i)}{chr(97 + j)}" for i in range(10) for j in range(10))
    content = write_content(tmp_path, {"a.md": story("Alpha", body, slug="a"), "b.md": story("Bravo", "Other text.", slug="b")})
    sizes = {}
    for k in (2, 40):
        result = build(content, tmp_path / f"out{k}", ANONYMISE=False, SEARCH_TERMS_PER_STORY=k)
        assert result.returncode == 0, result.stderr
        sizes[k] = len(json.loads((tmp_path / f"out{k}" / "search" / "index.json").read_text())["terms"])
    assert sizes[40] - sizes[2] == 38


# -- the real site, anonymised ---------------------------------------------------------

def unique_removed_words() -> list[str]:
    """Words of surfaces the anonymiser removes from one story whose stem no other story's source uses
    (a false positive such as "Attendance" is a word other stories may rightly be found by)."""
    import anonymiser
    from plugins.common.stories import load_story, load_themes

    themes = load_themes(REPO / "content" / "themes.yml")
    source = load_story(REDACTION_STORY, themes)
    redaction = anonymiser.redact_story(source.metadata, source.body, anonymiser.load_policy())
    others = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "content" / "stories").glob("*.md") if p != REDACTION_STORY)
    other_stems = {stem(w) for w in words(others)}
    removed = {w for surface in redaction.removed_surfaces() for w in re.findall(r"[A-Za-z]{5,}", surface)}
    return sorted(w for w in removed if stem(w.lower()) not in other_stems)


@pytest.fixture(scope="module")
def removed_words():
    """Names the anonymiser removed from the chosen story that nothing else on the site uses."""
    words = unique_removed_words()
    assert words, "the anonymiser removed nothing unique from the chosen story: pick another"
    return words


def test_search_files_of_the_real_site_hold_no_removed_name(built_site, removed_words):
    text = ((built_site / "search" / "index.json").read_text() + (built_site / "search" / "docs.json").read_text()).lower()
    assert [w for w in removed_words if w.lower() in text] == []
    assert all(w in REDACTION_STORY.read_text(encoding="utf-8") for w in removed_words)  # the source does name them


def test_body_shards_and_texts_of_the_real_site_hold_no_removed_name(built_site, removed_words):
    shards = sorted((built_site / "search" / "body").glob("*.json"))
    texts = sorted((built_site / "search" / "text").glob("*.json"))
    docs = json.loads((built_site / "search" / "docs.json").read_text())
    assert len(shards) == docs["body"]["shards"] and len(texts) == len(docs["docs"])
    terms = {term for path in shards for term in json.loads(path.read_text())["terms"]}
    plain = " ".join(json.loads(path.read_text()) for path in texts).lower()
    assert [w for w in removed_words if w.lower() in plain or stem(w.lower()) in terms] == []


def test_body_texts_of_the_real_site_are_the_published_pages_text(built_site):
    docs = json.loads((built_site / "search" / "docs.json").read_text())
    url = docs["docs"][0][0]
    page = html_to_text((built_site / url / "index.html").read_text())
    text = json.loads((built_site / "search" / "text" / "0.json").read_text())
    assert text and " ".join(text.split()[:12]) in page


def test_every_word_of_the_real_site_is_findable_in_the_body_index(built_site):
    docs = json.loads((built_site / "search" / "docs.json").read_text())
    count = docs["body"]["shards"]
    shards = [json.loads((built_site / "search" / "body" / f"{n}.json").read_text()) for n in range(count)]
    for ref in range(len(docs["docs"])):
        text = json.loads((built_site / "search" / "text" / f"{ref}.json").read_text())
        for term in set(body_terms(text)):
            assert ref in decoded(shards[shard_of(term, count)]["terms"][term]), (ref, term)


def test_a_removed_name_finds_nothing_in_the_real_index(built_site, removed_words):
    index = load_index(json.loads((built_site / "search" / "index.json").read_text()))
    assert {w: search(index, w) for w in removed_words} == {w: [] for w in removed_words}


def test_search_page_form_works_without_javascript(built_site):
    page = (built_site / "search" / "index.html").read_text()
    form = re.search(r'<form class="search-form".*?</form>', page, re.S).group(0)
    assert 'method="get"' in form and 'name="q"' in form and '<select id="search-theme" name="theme">' in form
    slugs = set(re.findall(r'<option value="([a-z-]+)">', form))
    assert slugs == set(re.findall(r"^([a-z-]+):", (REPO / "content" / "themes.yml").read_text(), re.M))
    fallback = re.search(r'<div class="search-fallback".*?</div>', page, re.S).group(0)
    assert "JavaScript" in fallback and 'href="../themes/"' in fallback and 'href="../stories/"' in fallback


def test_search_page_scripts_are_external_files_only(built_site):
    page = (built_site / "search" / "index.html").read_text()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(re.search(r'\bsrc="[^"]+"', s) and " defer" in s for s in scripts)
    assert [body for body in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S) if body.strip()] == []
    assert " style=" not in page


def test_other_pages_do_not_load_the_search_scripts(built_site):
    assert "<script" not in (built_site / "stories" / "index.html").read_text()


def test_every_page_has_a_header_search_box_leading_to_the_search_page(built_site):
    pages = [p for p in built_site.rglob("*.html")]
    without = []
    for page in pages:
        form = re.search(r'<form class="search" role="search" action="([^"]*)" method="get">', page.read_text())
        target = (page.parent / form.group(1)).resolve() if form else None
        if target != (built_site / "search").resolve():
            without.append(str(page.relative_to(built_site)))
    assert pages and without == []


def test_a_title_that_looks_like_markup_is_never_written_raw():
    stories = [make_story(0, "<img src=x onerror=alert(1)> Fear & hope", "Body words here.")]
    files = build_search_files(stories, 5, 80)
    text = files.docs_json() + files.index_json()
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(files.docs_json())["docs"][0][1] == "<img src=x onerror=alert(1)> Fear & hope"


def test_a_site_without_stories_gets_an_empty_index_that_still_answers():
    files = build_search_files([], terms_per_story=24, summary_chars=160)
    assert files.docs["docs"] == [] and search(load_index(files.index), "anything") == []
