"""The motivated-intruder check: details left in a story, how many heads they leave, and the
rewrites an editor can accept (anonymiser.risk)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from math import prod

from anonymiser.risk import apply_to_file, apply_to_text, assess, find_quasi_identifiers
from anonymiser.risk.estimate import band, narrowest_per_key, Factor
from anonymiser.risk.rewrite import number_value
from anonymiser.risk.rules import risk_data

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "risk"


def details(text: str) -> list[tuple[str, str]]:
    """(type, text) of every quasi-identifier in `text`."""
    return [(qi.label, qi.text) for qi, _ in find_quasi_identifiers(text)]


# --- finding the details ---------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("I was head of a two-form entry primary.", [("SIZE", "two-form entry"), ("PHASE", "primary")]),
    ("It was the only Catholic secondary in the county.", ("SCHOOL_TYPE", "Catholic")),
    ("We had 112 pupils and three classes.", ("SIZE", "112 pupils")),
    ("I had been head for fourteen years.", ("ROLE", "head for fourteen years")),
    ("We were judged inadequate in March 2019.", ("EVENT", "judged inadequate")),
    ("We were judged inadequate in March 2019.", ("DATE", "in March 2019")),
    ("Half my staff drive in from Wales.", ("GEOGRAPHY", "drive in from Wales")),
    ("My husband is the vicar.", ("FAMILY_HEALTH", "My husband is the vicar")),
    ("The school is forty minutes from the nearest town.", ("GEOGRAPHY", "forty minutes from")),
])
def test_each_kind_of_detail_is_found_with_its_span(text, expected):
    found = details(text)
    for item in expected if isinstance(expected, list) else [expected]:
        assert item in found, found


@pytest.mark.parametrize("text", [
    "It was my primary concern that week.",       # "primary" as an adjective of concern
    "I would have walked through fire for them.",  # a figure of speech, not a fire
    "I rang [Name A] at [School A] in [Place B].",  # placeholders are never details
])
def test_ordinary_words_are_not_details(text):
    assert [d for d in details(text) if d[0] in ("PHASE", "EVENT", "DATE")] == []


def test_a_childs_age_is_listed_but_narrows_nothing():
    a = assess({}, "Her son was aged 4 when he started.")
    assert [qi.key for qi in a.details] == ["age-mention"] and a.estimate.factors == []


def test_a_number_word_is_read_whole():
    assert number_value("fourteen years") == 14
    assert number_value("forty-two pupils") == 42
    assert number_value("a hundred") == 100


# --- the estimate ----------------------------------------------------------------------------
def test_a_story_that_says_only_primary_is_low_risk():
    a = assess({"role": "primary head"}, "The job got harder every year.")
    assert a.band == "low"
    assert a.estimate.base.startswith("primary schools in the UK")


def test_a_dated_grade_at_the_only_faith_secondary_in_the_county_is_high_risk():
    a = assess({"role": "secondary head, eleven years in post"},
               "I led the only Catholic secondary in the county. We were judged inadequate in March 2019.")
    assert a.band == "high"
    assert "catholic" in a.estimate.combination and "in a given month" in a.estimate.combination
    assert a.summary_line().startswith("risk: high (about ")


def test_a_date_narrows_the_event_in_its_own_sentence_only():
    dated = assess({}, "We were judged inadequate in March 2019.")
    apart = assess({}, "We were judged inadequate. In March 2019 the snow came.")
    assert dated.estimate.heads < apart.estimate.heads / 10


def test_a_welsh_medium_school_is_counted_among_schools_in_wales():
    a = assess({}, "I was head of a Welsh-medium primary.")
    assert a.estimate.base == "primary schools in Wales"


def test_details_of_one_family_count_once():
    """A small roll, mixed-age classes and a teaching head all say "a small school"."""
    one = assess({}, "We had 41 pupils.").estimate.heads
    three = assess({}, "We had 41 pupils in mixed-age classes, and I was a teaching head.").estimate.heads
    assert three == pytest.approx(one)


def test_narrowest_per_key_keeps_the_smaller_share():
    wide, narrow = Factor((), "wide", 0.5), Factor((), "narrow", 0.1)
    assert narrowest_per_key([("a", wide), ("a", narrow)]) == [narrow]
    assert narrowest_per_key([("roll", wide), ("classes", narrow)], {"roll": "size", "classes": "size"}) == [narrow]


def test_band_thresholds_follow_the_data():
    data = risk_data()
    assert band(data.high_below - 0.1, data) == "high"
    assert band(data.high_below, data) == "medium"
    assert band(data.medium_up_to, data) == "medium"
    assert band(data.medium_up_to + 1, data) == "low"


# --- rewrites --------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, rewritten", [
    ("I was head there, eight years in post, before it ended.", "I was head there, several years in post, before it ended."),
    ("We were judged inadequate in March 2019.", "We were judged inadequate in 2019."),
    ("We shut the school for two days in 2018.", "We shut the school for two days a few years ago."),
    ("It was a two-form entry primary.", "It was a mid-sized primary."),
    ("Half my staff drive in from Wales.", "Half my staff drive in from further away."),
    ("I led the only Catholic secondary in the county.", "I led a Catholic secondary in the county."),
    ("We had 112 pupils on a good day.", "We had a few hundred pupils on a good day."),
    ("My husband is the vicar, so everyone knew.", "My husband works locally, so everyone knew."),
    ("After my stroke I went back part-time.", "After my illness I went back part-time."),
    ("It was an Irish-medium primary.", "It was a primary."),
    ("The fire in the science block closed us.", "The incident in the science block closed us."),
    ("I was 52 when I left.", "I was in my fifties when I left."),
    ("It fell apart in my second year as head.", "It fell apart in my early years as head."),
    ("It was a grammar school in the south.", "It was a secondary school in the south."),
    ("I ran a small village school for years.", "I ran a school for years."),
    ("It was a village school with a big heart.", "It was a local school with a big heart."),
    ("We had three classes and a hall.", "We had a few classes and a hall."),
    ("We had a staff of nine and no office.", "We had a small staff and no office."),
    ("I became executive head that spring.", "I became head that spring."),
    ("I led a Catholic secondary in Wales, judged inadequate in March 2019.", "I led a Catholic secondary in the UK, judged inadequate in March 2019."),
    ("I was head of a primary in the North East.", "I was head of a primary in the north of England."),
    ("Our school is on the coast, and the wind never stops.", "Our school is in our area, and the wind never stops."),
    ("I was head of a school on an island.", "I was head of a school in a remote place."),
    ("It was a former mining town with one school.", "It was a town with one school."),
    ("We were rated inadequate and the trust moved in.", "We were rated below good and the trust moved in."),
    ("After the closure I stopped sleeping.", "After the changes I stopped sleeping."),
    ("The employment tribunal took a year.", "The legal dispute took a year."),
    ("We were judged inadequate in November, after lunch.", "We were judged inadequate that year, after lunch."),
    ("As a wheelchair user I knew the ramps.", "I knew the ramps."),
    ("When my husband died I went back in a week.", "When I lost someone close to me I went back in a week."),
    ("I was on maternity leave when it began.", "I was on leave when it began."),
    ("Then the school joined a multi-academy trust.", "Then the school joined a trust."),
    ("We became a federation of two schools.", "We became a group of schools of two schools."),
    ("I have been head since September 2016 and love it.", "I have been head for some years and love it."),
    ("The island is two hours away by boat.", "The island is a long way away."),
    ("In 2021 we moved into the new building.", "A few years ago we moved into the new building."),
    ("We moved into the new building that year.", "We moved buildings that year."),
    ("I am deaf, and the staff learned to sign.", "I have a disability, and the staff learned to sign."),
    ("It was the only special school in the county.", "It was a special school in the county."),
    ("I led a Church of England primary.", "I led a faith primary."),
    ("It was a Welsh-medium school up the valley.", "It was a school up the valley."),
    ("I had a stroke at Easter.", "I had an illness at Easter."),
])
def test_a_rewrite_keeps_the_sentence_and_removes_the_detail(sentence, rewritten):
    a = assess({}, sentence)
    before = {(qi.key, qi.value) for qi in a.details}
    made = [apply_to_text(sentence, r) for r in a.rewrites]
    assert rewritten in made, made
    r = a.rewrites[made.index(rewritten)]
    after = {(qi.key, qi.value) for qi, _ in find_quasi_identifiers(rewritten)}
    # the detail the rewrite was for (the one it overlaps most) is gone (a year may stay where a month was)
    target = max(a.details, key=lambda qi: min(qi.end, r.end) - max(qi.start, r.start))
    assert (target.key, target.value) in before and (target.key, target.value) not in after


def test_a_detail_with_no_vaguer_wording_can_go_with_its_sentence():
    text = "It was on the front page for a week. We carried on."
    a = assess({}, text)
    dropping = [r for r in a.rewrites if r.drops_sentence]
    assert dropping and apply_to_text(text, dropping[0]) == "We carried on."


def test_a_rewrite_is_made_in_the_story_file_at_the_right_place():
    raw = "---\ntitle: \"Eight years\"\nrole: \"primary head, eight years in post\"\n---\nI was eight years in post. Then it ended.\n"
    a = assess({"title": "Eight years", "role": "primary head, eight years in post"}, "I was eight years in post. Then it ended.\n")
    in_role = next(r for r in a.rewrites if r.field == "role")
    new = apply_to_file(raw, in_role, a.occurrence(in_role))
    assert 'role: "primary head, several years in post"' in new
    assert "I was eight years in post." in new  # the body is untouched by the role's rewrite


def test_a_rewrite_refuses_a_text_that_changed():
    a = assess({}, "We had 112 pupils.")
    with pytest.raises(ValueError):
        apply_to_text("We had 113 pupils.", a.rewrites[0])


# --- the command -----------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "anonymiser", *args], capture_output=True, text=True, cwd=REPO)


def test_risk_command_prints_details_rewrites_and_the_risk_line_last():
    proc = run("risk", str(FIXTURES / "high_risk_story.md"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1].startswith("risk: high (about ")
    assert any("Catholic" in line and "SCHOOL_TYPE" in line for line in lines)
    assert any(line.strip().startswith("1. ") for line in lines)


def test_risk_apply_edits_the_file_and_diff_only_shows_it(tmp_path):
    story = tmp_path / "story.md"
    story.write_text((FIXTURES / "high_risk_story.md").read_text(encoding="utf-8"), encoding="utf-8")
    before = story.read_text(encoding="utf-8")
    diff = run("risk", str(story), "--diff", "1")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.startswith("--- a/") and story.read_text(encoding="utf-8") == before
    applied = run("risk", str(story), "--apply", "1")
    assert applied.returncode == 0, applied.stderr
    after = story.read_text(encoding="utf-8")
    assert after != before
    removed = [line[1:] for line in diff.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert all(line not in after for line in removed) and all(line in after for line in added)


def test_risk_refuses_a_rewrite_that_does_not_exist():
    proc = run("risk", str(FIXTURES / "high_risk_story.md"), "--apply", "99")
    assert proc.returncode == 2 and "no rewrite 99" in proc.stderr


# --- the general forms (issue 18, second pass): one kind of detail, any wording ------------------
@pytest.mark.parametrize("text, expected", [
    ("The hall is seven miles down a farm track.", ("GEOGRAPHY", "seven miles down")),
    ("It is a twenty-five-minute boat ride each way.", ("GEOGRAPHY", "a twenty-five-minute boat ride")),
    ("In a gale I am stuck on the far side of the firth.", ("GEOGRAPHY", "on the far side of the firth")),
    ("The school lies within an area of outstanding natural beauty.", ("GEOGRAPHY", "within an area of outstanding natural beauty")),
    ("Half the parents work up on the fells.", ("GEOGRAPHY", "up on the fells")),
    ("We were the last primary in Herefordshire to get broadband.", ("GEOGRAPHY", "Herefordshire")),
    ("Principal, nursery, Northern Ireland", ("GEOGRAPHY", "Northern Ireland")),
    ("Storm Ciara took the fence and the bins.", ("EVENT", "Storm Ciara")),
    ("The diocese plans to federate the three village schools.", ("EVENT", "federate")),
    ("Inspectors found us very good for wellbeing, inclusion and equality.", ("EVENT", "very good for wellbeing, inclusion and equality")),
    ("A caretaker was attacked on the field.", ("EVENT", "was attacked")),
    ("She was there eight and a half years in all, and then five years in.", ("ROLE", "five years in")),
    ("It was her third principalship.", ("ROLE", "third principalship")),
    ("We had two vertically grouped classes.", ("SIZE", "two vertically grouped classes")),
    ("All forty-two of us fitted in the hall: a school of forty.", ("SIZE", "a school of forty")),
    ("It ran across all three campuses.", None),
    ("We lived in a hamlet of ninety souls.", ("GEOGRAPHY", "a hamlet of ninety souls")),
    ("The week after Whitsun the roof went.", ("DATE", "after Whitsun")),
    ("My partner, who is a paramedic, was on nights.", ("FAMILY_HEALTH", "My partner, who is a paramedic")),
    ("My girls were in my own school for years.", ("FAMILY_HEALTH", "My girls were in my own school")),
    ("I had six weeks off with anxiety after that.", ("FAMILY_HEALTH", "six weeks off with anxiety")),
])
def test_a_kind_of_detail_is_found_in_other_wordings(text, expected):
    if expected:
        assert expected in details(text), details(text)


@pytest.mark.parametrize("text", [
    "I trust my staff, and they trust me.",                 # trust between people, not an academy trust
    "It was my first school as a teacher.",                  # a first school is a phase; my first school is not
    "A flood of emails came in after the letter.",           # a figure of speech, not a flood
    "There was a storm of protest from parents.",            # not a named storm
    "I drove a few miles away to think.",                    # a vague distance narrows nothing
])
def test_general_forms_leave_ordinary_wording_alone(text):
    assert [d for d in details(text) if d[0] in ("EVENT", "PHASE", "SCHOOL_TYPE", "GEOGRAPHY")] == [], details(text)


def rewrites_of_every_detail(text: str) -> list[str]:
    """The text after each detail's own rewrite (counted or only listed)."""
    from anonymiser.risk.rewrite import rewrite_for
    return [apply_to_text(text, rewrite_for(qi, rule.rewrite, text)) for qi, rule in find_quasi_identifiers(text)]


@pytest.mark.parametrize("sentence, rewritten", [
    ("She ran a first school in the next valley over.", "She ran a primary school in the next valley over."),
    ("It is a 3-18 academy with a farm.", "It is an academy with a farm."),
    ("It is a school for pupils with severe learning difficulties.", "It is a school for pupils with additional needs."),
    ("I led a girls' grammar near the sea.", "I led a grammar near the sea."),
    ("She teaches for the home tuition service.", "She teaches for the outreach service."),
    ("It was a trust special school.", "It was a special school."),
    ("We are one trust of 14 schools.", "We are one group of 14 schools."),
    ("We served a village of 300 people.", "We served a small village."),
    ("The infants were taught in one room.", "The infants were taught together."),
    ("It had a single teacher and a cook.", "It had a teacher and a cook."),
    ("I walked between both sites daily.", "I walked between each site daily."),
    ("We had no deputy that year.", "We had a small team that year."),
    ("This is my second headship.", "This is my headship."),
    ("Her third principalship was the hardest.", "Her principalship was the hardest."),
    ("She was the first woman to lead it.", "She was the head."),
    ("The farm is six miles up the glen road.", "The farm is some distance up the glen road."),
    ("It is a twenty-minute boat ride.", "It is a boat ride."),
    ("When it snows I am on the other side of the water.", "When it snows I am in another place."),
    ("Our school sits within the national park.", "Our school sits in the countryside."),
    ("We are up on the moor, past the quarry.", "We are in the countryside, past the quarry."),
    ("We were a primary in Wiltshire.", "We were a primary in the area."),
    ("Headteacher, secondary, Wales", "Headteacher, secondary, the UK"),
    ("Storm Ciara flooded the car park.", "A storm flooded the car park."),
    ("Fire in the sports hall closed us.", "An incident in the sports hall closed us."),
    ("The council wants to amalgamate the infant schools.", "The council wants to reorganise the infant schools."),
    ("We federated with the infants next door.", "We joined with the infants next door."),
    ("In the end we converted that spring.", "In the end we changed that spring."),
    ("We were weak in leadership and management.", "We were graded in leadership and management."),
    ("The verdict, in the end, was outstanding.", "The verdict, in the end, was published."),
    ("ETI arrived on a wet Monday.", "The inspectors arrived on a wet Monday."),
    ("A parent was arrested at the gate.", "A parent was questioned at the gate."),
    ("The police came twice that week.", "The authorities came twice that week."),
    ("In May I was suspended without warning.", "In May I was away from work without warning."),
    ("The complaint went to stage 3 in June.", "The complaint went to a later stage in June."),
    ("Two of our pupils died that winter.", "We had a bereavement that winter."),
    ("She helped him through his mum's death.", "She helped him through a bereavement."),
    ("We were still learning the Curriculum for Excellence.", "We were still learning the new curriculum."),
    ("Six weeks later the letter came.", "Weeks later the letter came."),
    ("The following spring we reopened.", "Later we reopened."),
    ("I resigned that summer, quietly.", "I resigned that year, quietly."),
    ("I started during the pandemic.", "I started a few years ago."),
    ("they came in feb 22 and stayed", "they came in 2022 and stayed"),
    ("I handed my notice in before Christmas.", "I handed my notice in earlier."),
    ("We break up at the end of July.", "We break up at the end of that year."),
    ("The school was founded in 1712.", "The school was founded long ago."),
    ("My wife farms, so she understands.", "My wife works, so she understands."),
    ("My husband, who is a vet, stayed home.", "My husband, stayed home."),
    ("Our eldest was in my class for a year.", "Our eldest was at school for a year."),
    ("I took my daughter to the match.", "I took my child to the match."),
    ("My two were asleep by then.", "My children were asleep by then."),
    ("She grew up in rural Scotland.", "She grew up in rural areas."),
    ("I was caring for my father most evenings.", "I was caring for family most evenings."),
    ("I had a month off with anxiety.", "I had time off."),
    ("I came back on a phased return.", "I came back on a gradual return."),
    ("After the panic attacks I slowed down.", "After the hard time I slowed down."),
    ("The local paper ran the story.", "People talked about the story."),
    ("We had nearly four hundred kids.", "We had a few hundred kids."),
    ("There were a hundred and twenty of them in the hall.", "There were many of them in the hall."),
    ("She had a class of thirty-one.", "She had a full class."),
    ("I left four and a half years in.", "I left several years in."),
    ("As cluster head I drove a lot.", "As head I drove a lot."),
    ("The two schools are on the same island.", "The two schools are in the same area."),
    ("We were two miles from the border.", "We were two miles from the edge of the area."),
    ("We teach in composite classes.", "We teach in classes."),
    ("We were the only one in the whole borough.", "We were one of the schools in the whole borough."),
    ("It was one of nine in the county.", "It was one of several in the county."),
    ("The trust runs fourteen schools.", "The trust runs a few schools."),
    ("I teach three days a week.", "I teach part of the week."),
    ("I was a principal teacher for years.", "I was a middle leader for years."),
    ("We have 14 EHCPs this year.", "We have a few EHCPs this year."),
    ("It is a controlled primary.", "It is a primary."),
    ("It was a Sikh-ethos school.", "It was a faith-ethos school."),
    ("I was a village head for a decade.", "I was a local head for a decade."),
    ("Most heads down south never see snow.", "Most heads elsewhere never see snow."),
    ("We take under-fives in the mornings.", "We take the youngest children in the mornings."),
    ("The room for 2 to 4 year olds is new.", "The room for the youngest children is new."),
    ("We moved into the new sixth-form block in 2019.", "We moved buildings in 2019."),
    ("We moved into the new campus that year.", "We moved buildings that year."),
    ("The hamlet is 360ish strong.", "The hamlet is a few hundred strong."),
    ("We were eight years ago a different place.", "We were some time ago a different place."),
    ("We had bad weather a few years ago.", "We had bad weather some time ago."),
    ("I was head there nine years.", "I was head there several years."),
    ("At fifty-six I stopped.", "In my fifties I stopped."),
])
def test_each_general_rewrite_keeps_the_sentence_and_removes_the_detail(sentence, rewritten):
    made = rewrites_of_every_detail(sentence)
    assert rewritten in made, made
    found = find_quasi_identifiers(sentence)
    target = found[made.index(rewritten)][0]
    # the detail is gone: no rule finds it again (a wider one may find what is left: "ETI" -> "the inspectors")
    after = {(qi.source, qi.text) for qi, _ in find_quasi_identifiers(rewritten)}
    assert (target.source, target.text) not in after and not any(src == target.source for src, _ in after), (target, after)


# --- the word prefilter: a rule is skipped only where it cannot match -------------------------
def test_fold_case_writes_every_character_a_case_insensitive_pattern_matches_to_a_letter_as_that_letter():
    """The prefilter looks for lowercase ASCII words in `fold_case(text)`: any character that an
    IGNORECASE pattern matches to an ASCII letter must be folded to that letter, or a rule would
    be skipped on a text it matches (every code point is tried)."""
    import re

    from anonymiser.risk.rules import fold_case

    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if letter.fullmatch(char):
            folded = fold_case(char)
            assert len(folded) == 1 and re.fullmatch(folded, char, re.IGNORECASE), (hex(code), folded)


@pytest.mark.parametrize("pattern, flags, required", [
    (r"\bjunior school\b", 0, (("junior school",),)),
    (r"\bprimar(?:y|ies)\b(?!\s+concern)", 0, (("primar",), ("ies", "y"))),  # a lookahead requires nothing
    (r"\b(?:aged )?(?:3|four) to (?:11|eleven)\b", 0, (("3", "four"), (" to ",), ("11", "eleven"))),
    (r"(?<!few )\b\d+ pupils", 0, ((" pupils",),)),  # a lookbehind requires nothing
    (r"\bReception\b|\bks[1-5]", 0, (("ks", "reception"),)),
    (r"\b(?:a|the)? ?grammar\b", 0, (("grammar",),)),
    (r"\bfor (?:[\w-]+ )?years\b|\b\d+ terms\b", 0, ((" terms", "years"),)),  # the longer word of each branch
    (r"\bY\d\b|\bnursery\b", 0, (("nursery", "y"),)),  # a branch's words, one of which is there
    (r"\bcaf\u00e9\b", 0, (("caf",),)),  # a letter outside ASCII ends the word sought
    (r"\d+|\bnursery\b", 0, ()),  # one branch requires no word: nothing is known
])
def test_required_words_are_read_from_the_pattern(pattern, flags, required):
    import re

    from anonymiser.risk.rules import required_words

    assert required_words(re.compile(pattern, flags)) == required


def test_a_rule_is_run_on_every_text_it_matches_and_skipped_on_one_without_its_words():
    """The shortcut never changes what is found: over every story of the risk fixtures, the
    anonymiser's holdout corpora and this repository's stories, a rule that matches a text is
    never one `may_match` would skip; and a story without a rule's words skips that rule."""
    from anonymiser.risk.rules import fold_case

    texts = [p.read_text(encoding="utf-8") for folder in (FIXTURES, REPO / "bench" / "risk-holdout",
                                                          REPO / "content" / "stories")
             for p in sorted(folder.rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "bench").glob("anon-holdout*/*.md"))]
    assert len(texts) > 50
    rules = risk_data().rules
    assert sum(1 for rule in rules if rule.required) > 0.9 * len(rules)  # the shortcut applies to most
    matched = 0
    for text in texts:
        folded = fold_case(text)
        for rule in rules:
            if rule.pattern.search(text):
                matched += 1
                assert rule.may_match(folded), (rule.source, rule.required)
    assert matched > 500
    junior = next(rule for rule in rules if rule.required == (("junior school",),))
    assert not junior.may_match(fold_case("We had a small infant school."))
    assert junior.may_match(fold_case("Our JUNIOR SCHOOL closed."))


@pytest.mark.parametrize("pattern, expected", [
    (r"\bjunior school\b", True),
    (r"(?<!few )\b\d+ pupils\b(?! on roll)", True),  # lookarounds that cannot read a line break
    (r"\bHindu\s+school\b", False),  # \s matches a line break
    (r"\bthe only (?:[\w-]+ ){0,3}school", True),
    (r"\bprimary\b(?!\s+concern)", False),  # a lookahead that reads across a line break
    (r"[^.]+ school", False),  # a negated class holds the line break
    (r"^Dear\b", False),  # an anchor other than a word boundary
    (r"\b(?:x)?\b", False),  # may match the empty string
])
def test_a_rule_is_read_line_by_line_only_when_no_part_of_it_can_read_a_line_break(pattern, expected):
    import re

    from anonymiser.risk.rules import stays_on_one_line

    assert stays_on_one_line(re.compile(pattern, re.IGNORECASE)) is expected


def test_the_shortcuts_find_exactly_what_every_rule_run_over_every_text_finds(monkeypatch):
    """find_quasi_identifiers with the word prefilter and the search by line or by sentence and
    clause, against the same rules run over each whole text, on every risk fixture, holdout story
    and site story (and some with their line breaks doubled, as one line, one word a line, with
    punctuation between every two words or none at all)."""
    import dataclasses
    import re

    from anonymiser.risk import quasi

    texts = [p.read_text(encoding="utf-8") for folder in (FIXTURES, REPO / "bench" / "risk-holdout",
                                                          REPO / "content" / "stories")
             for p in sorted(folder.rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "bench").glob("anon-holdout*/*.md"))]
    texts += [t.replace("\n", "\n\n") for t in texts[:20]] + [t.replace("\n", " ") for t in texts[:20]]
    texts += [t.replace(" ", "\n") for t in texts[:20]]  # every word on a line: only \s reaches the next
    # sentences and clauses are stretches too: punctuation everywhere, and none at all
    texts += [t.replace(" ", ". ") for t in texts[20:30]] + [t.replace(" ", ";") for t in texts[30:40]]
    texts += [t.replace(",", ":").replace(" ", "? ") for t in texts[40:50]] + [re.sub(r"[.!?;:]", " ", t) for t in texts[:10]]
    assert sum(rule.one_line for rule in risk_data().rules) > 0.5 * len(risk_data().rules)
    assert sum("." in rule.separators and not rule.one_line for rule in risk_data().rules) > 20
    fast = [find_quasi_identifiers(text) for text in texts]
    plain = dataclasses.replace(risk_data(), rules=tuple(dataclasses.replace(rule, required=(), one_line=False,
                                                                             separators="")
                                                         for rule in risk_data().rules))
    monkeypatch.setattr(quasi, "risk_data", lambda: plain)
    slow = [find_quasi_identifiers(text) for text in texts]
    assert sum(len(found) for found in slow) > 500
    assert [[(qi, rule.source) for qi, rule in found] for found in fast] == \
        [[(qi, rule.source) for qi, rule in found] for found in slow]


@pytest.mark.parametrize("pattern, flags, tested", [
    (r"\b(?:the )?police\b", 0, True),  # an optional word: its first letter or the next word's
    (r"(?<!few )\b\d+ pupils", 0, True),  # lookarounds take no character
    (r"\b(?:a|an|\d+) miles?", 0, True),
    (r"\b\w+ school", 0, False),  # any letter may start it: no test is worth it
    (r"\b(?i:years?) \d", 0, False),  # flags change inside: the set would be read with others
    (r"\b(?:x)?\b", 0, False),  # may match the empty string
    (r"[^.]+ school", 0, False),
])
def test_a_pattern_gets_a_first_character_test_only_when_its_first_characters_are_known(pattern, flags, tested):
    import re

    from anonymiser.risk.rules import with_first_character_test

    compiled = re.compile(pattern, flags)
    assert (with_first_character_test(compiled) is not compiled) is tested


def test_the_first_character_test_finds_exactly_what_each_rule_as_written_finds():
    """Every rule's pattern, with and without its first-character lookahead, over the risk
    fixtures, a holdout corpus and the site's stories: the same matches at the same places."""
    import re

    texts = [p.read_text(encoding="utf-8") for folder in (FIXTURES, REPO / "bench" / "risk-holdout",
                                                          REPO / "content" / "stories")
             for p in sorted(folder.rglob("*.md"))]
    texts.append("Seventeen pupils. SEVENTY-TWO CHILDREN on roll, 3 miles away; the Police came.")
    tested = 0
    for rule in risk_data().rules:
        source = rule.pattern.pattern
        if not source.startswith("(?=["):
            continue
        tested += 1
        written = re.compile(source[source.index("])(?:") + 5:-1], rule.pattern.flags)
        for text in texts:
            assert [m.span() for m in rule.pattern.finditer(text)] == [m.span() for m in written.finditer(text)], rule.source
    assert tested > 0.8 * len(risk_data().rules)


# --- calibration: what an intruder can look up narrows; what no record holds narrows little ----
def test_tenure_and_an_illness_alone_do_not_make_a_story_high_risk():
    """Years in post and a parent's illness are in no public record: on a small population
    (Welsh secondaries) they do not narrow it to a handful of heads."""
    a = assess({}, "I am head of a secondary school in Wales. I have been five years in post, and my "
                   "father has dementia.")
    assert a.band != "high", a.estimate.factors


def test_private_details_together_narrow_no_further_than_the_floor():
    a = assess({}, "I lead a primary school. I was 47 and seven years in post when my husband, who is a nurse, "
                   "was diagnosed with cancer, and I was signed off with stress.")
    data = risk_data()
    private = [f for f in a.estimate.factors if f.private]
    assert len(private) >= 3
    assert prod(f.counted for f in private) >= data.private_floor - 1e-9
    assert a.band == "low"


def test_a_private_detail_counts_less_than_its_share_and_a_public_one_counts_in_full():
    a = assess({}, "A Catholic primary school; I was 52 that year.")
    by_key = {f.details[0].key: f for f in a.estimate.factors}
    assert by_key["faith"].counted == by_key["faith"].share and not by_key["faith"].private
    assert by_key["age"].private and by_key["age"].counted > by_key["age"].share


def test_public_details_beyond_the_two_narrowest_count_less_than_independent():
    data = risk_data()
    a = assess({}, "A Catholic primary school in the North West, on the coast, with 212 pupils.")
    public = sorted((f for f in a.estimate.factors if not f.private), key=lambda f: f.share)
    assert len(public) >= 4
    assert all(f.counted == f.share for f in public[:data.full_details])
    assert all(f.counted > f.share for f in public[data.full_details:])


def test_a_story_full_of_public_details_is_still_high_risk():
    a = assess({}, "I was head of a Welsh-medium primary school in Anglesey with 38 pupils. We were put in "
                   "special measures in March 2019, and the school closed in July 2021.")
    assert a.band == "high", a.estimate.combination


def test_a_spouse_in_a_parish_office_is_public_but_in_an_ordinary_job_is_private():
    vicar = assess({}, "My husband is the vicar.").estimate.factors
    nurse = assess({}, "My husband is a nurse.").estimate.factors
    assert [f.private for f in vicar] == [False]
    assert [f.private for f in nurse] == [True]


# --- third pass: forms of each kind of detail, in sentences of our own -----------------------
@pytest.mark.parametrize("text, expected", [
    ("Last week the inspectors left us with our 'good' intact.", ("EVENT", "'good'")),
    ("In the end they gave us outstanding for the second time.", ("EVENT", "gave us outstanding")),
    ("After that visit we slipped to requires improvement.", ("EVENT", "slipped to requires improvement")),
    ("We were RI for two long years.", ("EVENT", "RI")),
    ("A monitoring visit came before Easter.", ("EVENT", "monitoring visit")),
    ("The church inspection, SIAMS, was the week after.", ("EVENT", "SIAMS")),
    ("In the end the school closed and the children went to the town.", ("EVENT", "the school closed")),
    ("The snow shut us for four days.", ("EVENT", "shut us for four days")),
    ("There were talks about joining a larger trust.", ("EVENT", "talks about joining")),
    ("The county is moving to a two-tier system.", ("EVENT", "moving to a two-tier")),
    ("We balloted parents on the uniform.", ("EVENT", "balloted parents")),
    ("The trust issued a warning notice in the spring.", ("EVENT", "warning notice")),
    ("We were decanted to the old library for a year.", ("EVENT", "decanted")),
    ("My deputy stepped down at Christmas.", ("EVENT", "stepped down")),
    ("The death of a pupil changed the whole term.", ("EVENT", "death of a pupil")),
    ("We lost two of our pupils that winter.", ("EVENT", "We lost two of our pupils")),
    ("There was police involvement by then.", ("EVENT", "police involvement")),
    ("The storm took half the roof.", ("EVENT", "The storm")),
    ("A parent made a complaint to the ombudsman.", ("EVENT", "a complaint to the ombudsman")),
])
def test_events_are_found_in_their_other_forms(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, expected", [
    ("I grew up in Cardiff and never left.", ("GEOGRAPHY", "Cardiff")),
    ("Our school is right in the city, by the bus station.", ("GEOGRAPHY", "right in the city")),
    ("Parents drive down the A470 to reach us.", ("GEOGRAPHY", "A470")),
    ("Traffic on the ring road makes every trip late.", ("GEOGRAPHY", "ring road")),
    ("We walked the fells of the Lake District on the staff day.", ("GEOGRAPHY", "the Lake District")),
    ("Children from an island come over by boat.", ("GEOGRAPHY", "an island")),
    ("Families at this end of the valley farm sheep.", ("GEOGRAPHY", "this end of the valley")),
    ("We are the last primary school before the border.", ("GEOGRAPHY", "the last primary school before")),
    ("The nearest secondary is forty minutes each way.", ("GEOGRAPHY", "forty minutes each way")),
    ("Most of our families live in Tyrone.", ("GEOGRAPHY", "Tyrone")),
    ("This is a three-tier area, one of few left.", ("GEOGRAPHY", "three-tier area")),
    ("The school sits in a narrow valley.", ("GEOGRAPHY", "a narrow valley")),
    ("Half our staff live in the central belt.", ("GEOGRAPHY", "the central belt")),
])
def test_geography_is_found_in_its_other_forms(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, expected", [
    ("We have eighty-odd on the register.", ("SIZE", "eighty-odd")),
    ("The roll is a thousand and a bit.", ("SIZE", "a thousand and a bit")),
    ("Twelve hundred walk through the gates each day.", ("SIZE", "Twelve hundred")),
    ("The nursery has 26 places.", ("SIZE", "26 places")),
    ("The building was designed for 210 and we have more.", ("SIZE", "designed for 210")),
    ("By then numbers had dropped to 87.", ("SIZE", "numbers had dropped to 87")),
    ("It is a two-teacher school at the end of the lane.", ("SIZE", "a two-teacher school")),
    ("We are down to three FTE.", ("SIZE", "three FTE")),
    ("We had just one SENCo across both sites.", ("SIZE", "just one SENCo")),
    ("There are nineteen in my class this year.", ("SIZE", "nineteen in my class")),
    ("The trust runs thirty-odd schools.", ("SIZE", "thirty-odd schools")),
    ("The service covers two hospitals.", ("SIZE", "two hospitals")),
])
def test_sizes_are_found_in_their_other_forms(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, expected", [
    ("Our sixth form is tiny.", ("PHASE", "Our sixth form")),
    ("It takes students from 14 to 19.", ("PHASE", "14 to 19")),
    ("I lead a university technical college.", ("SCHOOL_TYPE", "university technical college")),
    ("We are a VC school in the diocese.", ("SCHOOL_TYPE", "VC")),
    ("It is a little church school on the green.", ("SCHOOL_TYPE", "little")),
    ("I was nine years and a bit in post when it ended.", ("ROLE", "nine years and a bit in post")),
    ("Seven as head, and three as deputy before that.", ("ROLE", "Seven as head")),
    ("It was my fourth Christmas in post.", ("ROLE", "my fourth Christmas in post")),
    ("Before that I was deputy at the same school.", ("ROLE", "deputy at the same school")),
    ("I am the fourth head in six years.", ("ROLE", "the fourth head in six years")),
    ("It was the summer before Covid.", ("DATE", "the summer before Covid")),
    ("We moved in early 2021.", ("DATE", "early 2021")),
    ("It all changed in the autumn.", ("DATE", "in the autumn")),
    ("That meant another three terms of it.", ("DATE", "another three terms")),
    ("The letter came on 14 Hydref.", ("DATE", "14 Hydref")),
    ("I teach Blwyddyn 5 on Fridays.", ("DATE", "Blwyddyn 5")),
    ("By then I was his main carer.", ("FAMILY_HEALTH", "his main carer")),
    ("Mum has been in and out of hospital since May.", ("FAMILY_HEALTH", "in and out of hospital")),
    ("My partner works away most weeks.", ("FAMILY_HEALTH", "My partner works away")),
    ("We farm above the village.", ("FAMILY_HEALTH", "We farm")),
    ("With two teenagers at home, evenings are short.", ("FAMILY_HEALTH", "two teenagers at home")),
])
def test_other_details_are_found_in_their_other_forms(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text", [
    "It was a good day and everyone stayed in good humour.", # good, not a grade
    "We had a storm of complaints about lunch.",             # a figure of speech
    "The children love the village green in May.",           # no roll, no event
    "We talked for twenty-odd minutes about reading.",       # a rough number of minutes is no roll
    "She has three children and loves her job.",             # children counted, not a school's roll
])
def test_third_pass_forms_leave_ordinary_wording_alone(text):
    assert [d for d in details(text) if d[0] in ("EVENT", "SIZE", "GEOGRAPHY")] == [], details(text)


# --- fourth pass: calibration (a roll or a city narrows less; high needs two findable details) ---
def _factor(a, key):
    return next(f for f in a.estimate.factors if f.details[0].key == key)


def test_an_approximate_roll_narrows_less_than_an_exact_one():
    exact = _factor(assess({}, "A primary school with 412 pupils."), "roll")
    rough = _factor(assess({}, "A primary school with about 410 pupils."), "roll")
    assert rough.share > exact.share


def test_a_roll_is_read_against_how_rolls_are_spread_in_its_phase():
    """Three hundred pupils is an ordinary primary but a very small secondary."""
    primary = _factor(assess({}, "A primary school with 300 pupils."), "roll")
    secondary = _factor(assess({}, "A secondary school with 300 pupils."), "roll")
    assert primary.share > 5 * secondary.share


def test_a_city_is_a_share_of_its_own_nation_and_names_it():
    a = assess({}, "I lead a secondary school in Belfast.")
    assert a.estimate.base == "secondary schools in Northern Ireland"
    assert _factor(a, "city").share > 0.1  # a fifth of the province's schools, not one county in fifty


def test_a_city_in_another_nation_is_only_a_point_of_reference():
    near = _factor(assess({}, "A Welsh-medium primary, an hour from Bristol."), "city")
    assert near.share == risk_data().schools["city_elsewhere_share"]


def test_one_rare_detail_with_corroborating_ones_is_at_most_medium():
    """A county, an exact roll and a distance leave a handful of schools to check, not one head."""
    a = assess({}, "I am head of a primary school in Norfolk with 87 pupils, twenty minutes from the sea.")
    assert a.band == "medium", a.estimate.combination


def test_two_findable_details_can_make_a_story_high():
    a = assess({}, "I am head of a primary school in Norfolk with 87 pupils. We were judged inadequate in March 2019.")
    assert a.band == "high", a.estimate.combination


def test_a_rare_phase_counts_as_a_findable_detail():
    a = assess({}, "I was principal of a sixth form college. We were judged inadequate in March 2019.")
    assert a.band == "high", a.estimate.combination


def test_a_nation_without_a_phase_of_its_own_counts_its_parent_phase():
    a = assess({}, "I lead an infant school in Scotland.")
    assert a.estimate.base_count > 0


# --- fourth pass: kinds of ROLE, FAMILY_HEALTH and EVENT detail, in sentences of our own -------
@pytest.mark.parametrize("text, expected", [
    ("I am head of school; the executive head visits on Fridays.", ("ROLE", "head of school")),
    ("After three headships I know the signs.", ("ROLE", "three headships")),
    ("Eleven years a head teaches you patience.", ("ROLE", "Eleven years a head")),
    ("She was deputy for nine years before that.", ("ROLE", "deputy for nine years")),
    ("I was deputy for a long time before applying.", ("ROLE", "deputy for a long time")),
    ("I am the only head the school has ever had.", ("ROLE", "the only head the school has ever had")),
    ("I am the fifth head here in seven years.", ("ROLE", "the fifth head here in seven years")),
    ("On top of everything I do the DSL role too.", ("ROLE", "do the DSL role too")),
    ("That winter I had shingles twice.", ("FAMILY_HEALTH", "shingles")),
    ("Mum had a fall in March and everything changed.", ("FAMILY_HEALTH", "had a fall")),
    ("Dad died on the Tuesday of inspection week.", ("FAMILY_HEALTH", "Dad died")),
    ("My father went into a care home at Easter.", ("FAMILY_HEALTH", "My father went into a care home")),
    ("My daughter is autistic, and mornings are hard.", ("FAMILY_HEALTH", "My daughter is autistic")),
    ("Her brother works offshore, so she covers the school run.", ("FAMILY_HEALTH", "works offshore")),
    ("Our eldest is away at university now.", ("FAMILY_HEALTH", "is away at university")),
    ("The governors voted to federate with the village school.", ("EVENT", "governors voted to federate")),
    ("The objection period ran for four weeks.", ("EVENT", "objection period")),
    ("The primary across the river closed that summer.", ("EVENT", "primary across the river closed")),
    ("The new science block opened after two years of mud.", ("EVENT", "The new science block opened")),
    ("We were Good then and we are Good now.", ("EVENT", "were Good")),
    ("Someone sprayed graffiti on the hall.", ("EVENT", "sprayed graffiti")),
])
def test_fourth_pass_kinds_of_detail_are_found(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text", [
    "I converted the old library into a nurture room.",    # a room converted, not the school
    "The gates closed at six and the cleaners went home.",  # a time of day, not a closure
    "She was judged good at listening by everyone.",        # a skill, not a grade
    "He is a former headteacher who now mentors.",          # a sign-off title says nothing of the school
])
def test_fourth_pass_rules_leave_ordinary_sentences_alone(text):
    assert [d for d in details(text) if d[0] in ("EVENT", "ROLE")] == [], details(text)


# --- fifth pass: forms of each kind the fourth and fifth blind corpora showed missing, in
# sentences of our own (one behaviour a line), each with a sentence of the same words that is not
# a detail of the writer's school -------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # ROLE: tenure as a bare count of years beside the post, or opening a sentence
    ("Principal, seven years, rural primary", ("ROLE", "Principal, seven years")),
    ("Head teacher (three years), infant school", ("ROLE", "Head teacher (three years")),
    ("She has been principal of [School C] for nearly nine years.", ("ROLE", "principal of [School C] for nearly nine years")),
    ("We have been here fourteen years, my husband and I.", ("ROLE", "here fourteen years")),
    ("Six years was enough to learn every road.", ("ROLE", "Six years")),
    ("She is retiring after fourteen years in the village.", ("ROLE", "retiring after fourteen years")),
    ("Twenty years this October, and still the first one in.", ("ROLE", "Twenty years this October")),
    ("I have led it since the merger; three before that as acting head.", ("ROLE", "three before that as acting head")),
    ("Before that I was a vice-principal across the city.", ("ROLE", "Before that I was a vice-principal")),
    ("I was the first head the governors appointed.", ("ROLE", "the first head the governors appointed")),
    ("Principal since it opened, and still here.", ("ROLE", "Principal since it opened")),
    ("Fifteen years of headship across three schools.", ("ROLE", "across three schools")),
    ("I am also the DSL, which nobody else wanted.", ("ROLE", "am also the DSL")),
    ("After this summer I am moving into part-time coaching.", ("ROLE", "moving into part-time coaching")),
    # SIZE: a roll with no noun, its change, staff, classes, the smallest of an area
    ("We're just under four hundred, nursery to Year 6.", ("SIZE", "We're just under four hundred")),
    ("We have roughly seventy in the building.", ("SIZE", "We have roughly seventy")),
    ("Our enrolment next autumn will be seventy-three.", ("SIZE", "enrolment next autumn will be seventy-three")),
    ("There are nine in the whole of the sixth form.", ("SIZE", "nine in the whole of the sixth form")),
    ("The roll has halved since the estate was cleared.", ("SIZE", "roll has halved")),
    ("About sixty bairns come on the bus.", ("SIZE", "About sixty bairns")),
    ("Sixteen pupils stayed for the last assembly.", ("SIZE", "Sixteen pupils")),
    ("We have only one deputy head and a part-time bursar.", ("SIZE", "only one deputy head")),
    ("There are more adults than children on a trip day.", ("SIZE", "more adults than children")),
    ("Three composites and a nursery class.", ("SIZE", "Three composites")),
    ("There is one class in each year, no more.", ("SIZE", "one class in each year")),
    ("We are the smallest primary in the county.", ("SIZE", "the smallest primary in the county")),
    # GEOGRAPHY: landmarks, neighbouring places, kinds of town, parts of an area, ways there
    ("The juniors walk along the canal for science.", ("GEOGRAPHY", "along the canal")),
    ("She lives three villages along, so nobody sees her shopping.", ("GEOGRAPHY", "three villages along")),
    ("We are a primary in a market town on the Wolds.", ("GEOGRAPHY", "market town")),
    ("It is a quiet suburb with a Tuesday market.", ("GEOGRAPHY", "suburb")),
    ("Everyone in the shire knows the school bus.", ("GEOGRAPHY", "the shire")),
    ("We sit in the east of the county, near the coast road.", ("GEOGRAPHY", "the east of the county")),
    ("Our pupils come from four local authorities.", ("GEOGRAPHY", "four local authorities")),
    ("It is an hour from the nearest station.", ("GEOGRAPHY", "from the nearest station")),
    ("Getting to the mainland takes two ferries.", ("GEOGRAPHY", "two ferries")),
    ("It is nine miles, but the lanes are slow.", ("GEOGRAPHY", "nine miles")),
    ("The school is in Armagh city, a market hub.", ("GEOGRAPHY", "Armagh")),
    ("We're a small primary in Down, by the shore.", ("GEOGRAPHY", "in Down")),
    # EVENT: leaving, reviews and consultations, incidents, floods told by the water
    ("He is retiring at the end of this year.", ("EVENT", "retiring at the end of this year")),
    ("She is handing in her notice on Monday.", ("EVENT", "handing in her notice")),
    ("The authority began an area review of small schools.", ("EVENT", "an area review")),
    ("The consultation ran until Easter.", ("EVENT", "The consultation ran")),
    ("By spring they had shelved the plans.", ("EVENT", "shelved the plans")),
    ("[School B] will close when the year ends.", ("EVENT", "[School B] will close")),
    ("The school converted into a church academy.", ("EVENT", "converted into a church academy")),
    ("Staff voted to federate with the junior school.", ("EVENT", "voted to federate")),
    ("There was a critical incident on the field.", ("EVENT", "a critical incident")),
    ("The stream poured into the classrooms overnight.", ("EVENT", "The stream poured into the classrooms")),
    ("For a term we taught in the church hall.", ("EVENT", "taught in the church hall")),
    ("Two years on, we are good again.", ("EVENT", "good again")),
    ("We close on the last Friday of July, for ever.", ("EVENT", "We close on")),
    # SCHOOL_TYPE, PHASE
    ("It is a junior high on the far island.", ("SCHOOL_TYPE", "junior high")),
    ("We joined a federation of four in the dale.", ("SCHOOL_TYPE", "federation of four")),
    ("We were only the second Catholic primary the town had.", ("SCHOOL_TYPE", "second Catholic primary")),
    ("It is a village Church of England primary.", ("SCHOOL_TYPE", "village Church of England primary")),
    ("It is a controlled country school.", ("SCHOOL_TYPE", "controlled")),
    ("Pupils here are five to eleven, mostly from farms.", ("PHASE", "five to eleven")),
    # DATE: a month leading a sentence or heading, ordinals of seasons, decades, relative times
    ("In October the trust wrote to parents.", ("DATE", "In October")),
    ("**March.** The report was published.", ("DATE", "**March.**")),
    ("**Fourth winter.** Staffing was harder.", ("DATE", "**Fourth winter")),
    ("The hall was added in the 1960s.", ("DATE", "the 1960s")),
    ("It flooded the summer before last.", ("DATE", "the summer before last")),
    # FAMILY_HEALTH: a spouse's work in a relative clause, a condition, ages together, a parent
    ("My partner, who runs the garage, does the school run.", ("FAMILY_HEALTH", "My partner, who runs the garage")),
    ("My own lad is dyslexic, so I know that fight.", ("FAMILY_HEALTH", "My own lad is dyslexic")),
    ("Ours are 8 and 11, so mornings are loud.", ("FAMILY_HEALTH", "are 8 and 11")),
    ("Mum turned ninety-one in March.", ("FAMILY_HEALTH", "Mum turned ninety-one")),
    ("The GP gave me a fit note for a fortnight.", ("FAMILY_HEALTH", "fit note")),
])
def test_fifth_pass_kinds_of_detail_are_found(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, kind", [
    ("Two years after the move the roof leaked again.", "ROLE"),        # years counted mid-sentence, not the post
    ("Ten years of cuts have left the roof leaking.", "ROLE"),          # years of something else, not the post
    ("I was a pupil here once, before that I was a baby.", "ROLE"),     # no post before this one
    ("We've got two jobs that follow us home.", "SIZE"),                # a number with its own noun is no roll
    ("Three staff off with flu on a Monday.", "SIZE"),                  # staff absent, not the staff counted
    ("We walked the dog on the beach before school.", "GEOGRAPHY"),     # a walk, not a landmark of the school
    ("The trust is doing a strategic review of leadership.", "EVENT"),  # a review of posts, not of a school's future
    ("We go at the end of the day, after the last bell.", "EVENT"),     # a day ends; no leaving dated by a term
    ("We were good friends for years.", "EVENT"),                      # good, not a grade
    ("She maintained that the timetable was fine.", "SCHOOL_TYPE"),     # a verb, not a maintained school
    ("The score was nine to five at full time.", "PHASE"),              # a score, not an age range
    ("May I ask what the governors decided?", "DATE"),                  # the verb, not the month
])
def test_fifth_pass_forms_leave_the_same_words_alone_when_they_say_nothing_of_the_school(text, kind):
    assert [d for d in details(text) if d[0] == kind] == [], details(text)


@pytest.mark.parametrize("key", ["sixth-form-college", "boarding", "integrated", "controlled", "single-sex", "utc",
                                 "rolls", "roll_window", "county_share", "cities", "city_elsewhere_share"])
def test_a_school_count_added_as_an_estimate_says_so_beside_it(key):
    """schools.yml: a figure no one looked up in its publication is marked where it stands (in the
    comment just above it), so no reader takes a helper's rounding for a published count."""
    lines = (REPO / "anonymiser" / "data" / "risk" / "schools.yml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:") or f" {key}: " in line)
    above = []
    for line in reversed(lines[:at]):
        if not line.lstrip().startswith("#") and not line.strip().startswith(("within:", "phases:")):
            break
        above.append(line)
    comment = " ".join(" ".join(reversed(above)).replace("#", " ").split()).lower()
    assert "estimate, not looked up" in comment or "a modelling choice, not a count" in comment, key


@pytest.mark.parametrize("text, expected", [
    ("It is my fourth year and the hardest.", ("ROLE", "fourth year")),
    ("Our new building still has no blinds.", ("EVENT", "Our new building")),
    ("The academy opened in the late 2000s on a field.", ("DATE", "opened in the late 2000s")),
    ("I taught Y5-6 before I led the school.", ("DATE", "Y5-6")),
    ("Ours is a primary in a tiny village on the moor.", ("SCHOOL_TYPE", "primary in a tiny village")),
    ("We run the place with a staff of around forty.", ("SIZE", "a staff of around forty")),
    ("I lead a federation of two village infant schools.", ("SCHOOL_TYPE", "of two village infant schools")),
    ("She is the longest-serving principal in the county.", ("ROLE", "the longest-serving principal")),
    ("I was promoted from assistant head within the school.", ("ROLE", "promoted from assistant head")),
    ("I became headteacher in 2018, in a January.", ("ROLE", "became headteacher in 2018")),
    ("The year I took over the headship, the boiler died.", ("ROLE", "took over the headship")),
    ("There have been five principals in eight years.", ("ROLE", "five principals in eight years")),
    ("Our roll sits at about 140 this term.", ("SIZE", "roll sits at about 140")),
    ("We admit forty-five each year.", ("SIZE", "admit forty-five each year")),
    ("The playground looks out; we are opposite the harbour.", ("GEOGRAPHY", "opposite the harbour")),
    ("Many of our parents work at the refinery.", ("GEOGRAPHY", "parents work at the refinery")),
    ("Pupils come from the outlying hamlets by minibus.", ("GEOGRAPHY", "outlying hamlets")),
    ("One colleague left after a finding of gross misconduct.", ("EVENT", "gross misconduct")),
    ("In the end I signed a settlement in the spring.", ("EVENT", "signed a settlement")),
    ("The trust decided to merge us with the juniors.", ("EVENT", "decided to merge us")),
    ("Our SATs were the highest in the borough that year.", ("EVENT", "SATs were the highest in the borough")),
    ("We were shortlisted for a national award for music.", ("EVENT", "shortlisted for a national award")),
    ("It was the first week of the second lockdown.", ("DATE", "of the second lockdown")),
    ("We teach in an Edwardian building with high windows.", ("DATE", "Edwardian building")),
    ("As a single dad I leave at five on the dot.", ("FAMILY_HEALTH", "single dad")),
    ("I also look after my elderly father at weekends.", ("FAMILY_HEALTH", "look after my elderly father")),
    ("Dad's memory is slipping and I drive up on Sundays.", ("FAMILY_HEALTH", "Dad's memory")),
    ("I was off for a month after surgery on my knee.", ("FAMILY_HEALTH", "surgery on my")),
    ("We adopted a brother and sister the year I started.", ("FAMILY_HEALTH", "We adopted")),
])
def test_fifth_pass_forms_in_other_words_are_found(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, kind", [
    ("The other village schools in the cluster are bigger.", "SCHOOL_TYPE"),           # neighbours, not ours
    ("Pupils in the third year of the course sit the exam.", "ROLE"),                  # a course's year, not the post's
    ("The staff room was restructured over the summer.", "EVENT"),                     # a room, not posts cut
    ("Let me take two minutes to explain.", "SIZE"),                                   # no admission number
    ("A father of one of our Year 3s rang at lunchtime.", "FAMILY_HEALTH"),            # a parent, not the writer's family
    ("I woke with my heart racing before the visit.", "FAMILY_HEALTH"),                 # a feeling, not a condition
    ("The children looked after the class hamster all week.", "FAMILY_HEALTH"),        # no relative cared for
])
def test_fifth_pass_forms_in_other_words_leave_the_same_words_alone(text, kind):
    assert [d for d in details(text) if d[0] == kind] == [], details(text)


def test_the_roll_is_the_number_before_on_roll_not_a_change_said_after_it():
    found = [d for d in details("Twenty-eight on roll this morning, which is two down on the summer.") if d[0] == "SIZE"]
    assert found == [("SIZE", "Twenty-eight on roll")], found


@pytest.mark.parametrize("text, expected", [
    ("Since I arrived we have tripled in size.", ("SIZE", "we have tripled in size")),
    ("We are oversubscribed every single year.", ("SIZE", "oversubscribed")),
    ("Our leadership team is just me.", ("SIZE", "leadership team is just me")),
    ("The middle class covers three year groups.", ("SIZE", "covers three year groups")),
    ("It is one of the oldest schools in Scotland.", ("SIZE", "one of the oldest schools in Scotland")),
    ("She was made a National Leader of Governance.", ("ROLE", "National Leader of Governance")),
    ("I chair the county heads' forum this year.", ("ROLE", "chair the county heads' forum")),
    ("Everyone calls me the authority's lead for attendance.", ("ROLE", "authority's lead")),
    ("I've worked here since I was an NQT.", ("ROLE", "since I was an NQT")),
    ("I arrived as interim and stayed nine years.", ("ROLE", "as interim")),
    ("We serve a council estate on the ring road.", ("GEOGRAPHY", "council estate")),
    ("We really are in the middle of nowhere.", ("GEOGRAPHY", "the middle of nowhere")),
    ("About a third of our pupils have free school meals.", ("GEOGRAPHY", "a third of our pupils have free school meals")),
    ("Our families speak twenty-six languages between them.", ("GEOGRAPHY", "twenty-six languages")),
    ("We made the headlines for the wrong reasons.", ("EVENT", "made the headlines")),
    ("The bishop came to bless the new hall.", ("EVENT", "The bishop came")),
    ("We had to evacuate twice that winter.", ("EVENT", "evacuate")),
    ("Parents started a petition to save the nursery.", ("EVENT", "petition to save")),
    ("A norovirus outbreak closed two classes.", ("EVENT", "A norovirus outbreak")),
    ("The council put in an interim executive board.", ("EVENT", "interim executive board")),
    ("My marriage fell apart in my second year.", ("FAMILY_HEALTH", "My marriage fell apart")),
    ("My youngest has type 1 diabetes, so nights are broken.", ("FAMILY_HEALTH", "My youngest has type 1 diabetes")),
    ("I've had a transplant and I tire easily.", ("FAMILY_HEALTH", "I've had a transplant")),
    ("I wear hearing aids and the class knows to face me.", ("FAMILY_HEALTH", "I wear hearing aids")),
])
def test_fifth_pass_second_round_forms_are_found(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, kind", [
    ("Half the children have free school meals.", "SCHOOL_TYPE"),   # meals, not a free school
    ("The hall was used as an interim measure.", "ROLE"),           # an arrangement, not a post
    ("The council put in an interim executive board.", "ROLE"),    # a board (an intervention), not the writer's post
    ("The pupils wrote a petition for longer break.", "EVENT"),     # a class activity, not opposition to the school
    ("A pupil on dialysis revised on the ward.", "FAMILY_HEALTH"),  # a pupil's treatment, not the writer's family
    ("The plants had grown tall by June.", "SIZE"),                 # growth of something else
])
def test_fifth_pass_second_round_forms_leave_the_same_words_alone(text, kind):
    assert [d for d in details(text) if d[0] == kind] == [], details(text)


@pytest.mark.parametrize("text, expected", [
    ("HT at this place 9 yrs and counting", ("ROLE", "9 yrs")),
    ("I came here as a TA in 2006 and never left.", ("ROLE", "came here as a TA in 2006")),
    ("my OH is a sparky so he's out early", ("FAMILY_HEALTH", "OH is a sparky")),
    ("Dad has gone into a nursing home near us.", ("FAMILY_HEALTH", "Dad has gone into a nursing home")),
    ("I've been on the waiting list since Easter.", ("FAMILY_HEALTH", "I've been on the waiting list")),
    ("Sports day was cancelled because of the storm.", ("EVENT", "cancelled because of the storm")),
    ("The kitchens have not been touched since the seventies.", ("DATE", "the seventies")),
    ("The council wants to close us by 2027.", ("EVENT", "wants to close us")),
    ("tbh joining a mat was the best thing we did", ("SCHOOL_TYPE", "joining a mat")),
    ("We're about 340 since the new estate opened.", ("SIZE", "We're about 340")),
    ("just under a thousand weans on a good day", ("SIZE", "a thousand weans")),
    ("This year we lost two TAs to the budget.", ("SIZE", "lost two TAs")),
    ("The report came. Good in every area, they said.", ("EVENT", "Good")),
    ("my wee one starts nursery in august", ("FAMILY_HEALTH", "my wee one")),
])
def test_fifth_pass_chat_and_other_registers_are_found(text, expected):
    assert expected in details(text), details(text)


@pytest.mark.parametrize("text, kind", [
    ("my deputy is off on mat leave till june", "SCHOOL_TYPE"),      # maternity leave, not a trust
    ("Year 6 sat on the mat for the story.", "SCHOOL_TYPE"),        # a mat to sit on
    ("Snow fell all afternoon and the children loved it.", "EVENT"),  # weather, nothing shut
    ("Good. Now to the next item on the agenda.", "EVENT"),              # an interjection, not a grade
    ("We're two years into the plan and it shows.", "SIZE"),            # a number with its own noun is no roll
])
def test_fifth_pass_chat_and_other_registers_leave_the_same_words_alone(text, kind):
    assert [d for d in details(text) if d[0] == kind] == [], details(text)


# --- sixth pass: the grammar layer (anonymiser/risk/grammar.py) ----------------------------------
# Each reading finds a detail from the parse (what a number counts, whose relative, where a phrase
# of place points), so a wording no phrase rule names is found; each has a negative of the same
# words in another grammar. Sentences of our own, not from any corpus.
from anonymiser.risk.grammar import find_by_grammar, grammar_data, parse  # noqa: E402


def grammar(text: str) -> list[tuple[str, str, str]]:
    """(type, text, reading) of every detail the grammar layer finds in `text`."""
    return [(s.type, text[s.start:s.end], s.reason) for s in find_by_grammar(parse(text))]


@pytest.mark.parametrize("text, kind, words", [
    # DATE: an entity anchored to one time; a Welsh month with its day; an adult's age
    ("The roof went in the winter of 2011.", "DATE", "2011"),
    ("Governors met on 14 March to decide.", "DATE", "14 March"),
    ("We reopened the following September with new staff.", "DATE", "the following September"),
    ("Daeth y llythyr ar 12 Hydref.", "DATE", "12 Hydref"),
    ("I was fifty-six when I finally stopped.", "DATE", "fifty-six"),
    ("My class this year is Years 4 and 5 together.", "DATE", "Years 4 and 5"),
    ("The P5s were the loudest by far.", "DATE", "P5s"),
    ("The chapel was put up in 1874 by the mill owner.", "DATE", "1874"),
    ("Three summers ago the boiler finally gave out.", "DATE", "Three summers ago"),
    # ROLE: tenure, an ordinal of a post, a particular post, an earlier post at a school
    ("I have been in charge here for seventeen years.", "ROLE", "seventeen years"),
    ("I was deputy for the best part of a decade before taking the headship.", "ROLE", "decade"),
    ("This is my fifth headship and the hardest.", "ROLE", "fifth headship"),
    ("She was the founding principal of the new campus.", "ROLE", "founding principal"),
    ("Before this I was assistant head at a much larger academy.", "ROLE", "head at a much larger academy"),
    # SIZE: what a number counts, the roll as a number, a number standing alone
    ("We have eighty-three learners across the two buildings.", "SIZE", "eighty-three learners"),
    ("We run with a staff of 31 including the cook.", "SIZE", "staff of 31"),
    ("Numbers are down to 140 this year.", "SIZE", "140"),
    ("Seven hundred and twelve, last time I counted.", "SIZE", "Seven hundred and twelve"),
    # GEOGRAPHY: a named place, a distance, a phrase of place, a compass place
    ("Our nearest secondary is in Shropshire.", "GEOGRAPHY", "Shropshire"),
    ("The bus comes seventeen miles each way.", "GEOGRAPHY", "seventeen miles"),
    ("The school sits just below the moor.", "GEOGRAPHY", "below the moor"),
    ("We are on the edge of a market town.", "GEOGRAPHY", "on the edge of a market town"),
    ("Most of my family moved down south years ago.", "GEOGRAPHY", "down south"),
    # FAMILY_HEALTH: a relative with something told about them; health and absence of one's own
    ("My sister teaches at the grammar down the road.", "FAMILY_HEALTH", "My sister"),
    ("I was signed off in the spring and came back in June.", "FAMILY_HEALTH", "signed off"),
    ("I was off for most of a term with my back.", "FAMILY_HEALTH", "off"),
    ("My brother was diagnosed last autumn.", "FAMILY_HEALTH", "diagnosed"),
    ("I had my hysterectomy over the Easter holidays.", "FAMILY_HEALTH", "hysterectomy"),
    # EVENT: an event verb of the school, an event noun, a grade given, a pupil's death, leaving
    ("The council closed us in the end.", "EVENT", "closed"),
    ("The arson made the regional news.", "EVENT", "arson"),
    ("They kept us at 'satisfactory' again.", "EVENT", "satisfactory"),
    ("Two of our pupils died in the crash.", "EVENT", "died"),
    ("I retired the summer we amalgamated.", "EVENT", "retired"),
    ("We moved into the new block after half-term.", "EVENT", "moved"),
    ("We came out outstanding, which nobody expected.", "EVENT", "outstanding"),
    ("The evening paper carried the whole sorry business.", "EVENT", "paper"),
    ("In the end we joined a trust from the next county.", "EVENT", "joined"),
    ("Industrial action closed the kitchens for a fortnight.", "EVENT", "action"),
])
def test_grammar_layer_finds_each_reading(text, kind, words):
    found = grammar(text)
    assert any(k == kind and words in t for k, t, _ in found), found


@pytest.mark.parametrize("text, kind", [
    # the same words where they narrow nothing
    ("Every winter the boiler breaks.", "DATE"),                     # a season that recurs
    ("In March we always plant potatoes.", "DATE"),                  # a month alone recurs every year
    ("I had fifty-six emails by breakfast.", "DATE"),                # a count, not an age
    ("The first week back is always chaos.", "DATE"),                # a return, not a time ago
    ("Years ago, people walked to school.", "DATE"),                 # no count of years
    ("Room 12 is by the hall.", "DATE"),                             # a number after a noun, not a year group
    ("The trip took seventeen years to organise, or felt like it.", "ROLE"),  # no post, no "I" holding one
    ("New heads find their first few years lonely.", "ROLE"),        # someone else's years
    ("Our church is two thousand years old in spirit, I tell them.", "ROLE"),  # history, not tenure
    ("She is a teaching assistant in Year 2.", "ROLE"),              # a post, but not a head's
    ("The seven-year-olds sang first.", "ROLE"),                     # an age, not a tenure
    ("Every year group has a fifth lesson on Friday.", "ROLE"),      # an ordinal of no post
    ("Two adults came with one child.", "SIZE"),                     # small counts of other people
    ("Page 140 of the handbook says so.", "SIZE"),                   # a page number
    ("It was the next village that got the new hall.", "GEOGRAPHY"),  # somewhere else
    ("We sat in the village hall.", "GEOGRAPHY"),                    # the story's own place, no kind said
    ("The children learn Gaelic songs.", "GEOGRAPHY"),               # a language, not a place
    ("My sister said hello.", "FAMILY_HEALTH"),                      # a relative, nothing told about them
    ("Staff stress is high across the county.", "FAMILY_HEALTH"),    # stress in general, no one's own
    ("The council closed the road for a week.", "EVENT"),            # not the school closed
    ("We moved the piano into the hall.", "EVENT"),                  # moving things, not the school
    ("The good news is the piano is tuned.", "EVENT"),               # news told, not the news
    ("Two new pupils joined the choir.", "EVENT"),                   # joining a club, not a trust
    ("We took action on uniform.", "EVENT"),                         # action, not industrial action
    ("A fire drill is held every term.", "EVENT"),                   # not one that happened
    ("She is a good teacher and a good friend.", "EVENT"),           # "good", not a grade given
])
def test_grammar_layer_leaves_the_same_words_alone(text, kind):
    assert not any(k == kind for k, _, _ in grammar(text)), grammar(text)


def test_grammar_word_classes_are_closed_lists_of_lemmas():
    data = grammar_data()
    for name in ("kin", "time_units", "count_nouns", "landscape", "event_nouns"):
        words = getattr(data, name)
        assert words and all(w == w.lower() for w in words)
    assert "husband" in data.kin and "year" in data.time_units


def test_assess_adds_grammar_details_outside_the_estimate():
    body = "Seven hundred and twelve, last time I counted. We were judged inadequate in March 2019."
    with_grammar = assess({}, body)
    without = assess({}, body, grammar=False)
    added = [qi for qi in with_grammar.details if qi.key == "grammar"]
    assert added and all(qi.source.startswith("grammar:") for qi in added)
    # the estimate reads the phrase rules' details only: the grammar layer never moves a band
    assert with_grammar.band == without.band and with_grammar.heads == without.heads
    # no grammar detail overlaps a phrase rule's
    rules = [qi for qi in with_grammar.details if qi.key != "grammar"]
    assert not any(g.start < r.end and r.start < g.end for g in added for r in rules if g.field == r.field)


def test_assess_without_a_model_keeps_the_phrase_rules():
    from anonymiser.types import ModelUnavailable

    def no_model(text):
        raise ModelUnavailable("no model")

    a = assess({}, "We have 112 pupils.", parser=no_model)
    assert [qi.key for qi in a.details] and all(qi.key != "grammar" for qi in a.details)


# --- seventh pass: SCHOOL_TYPE, SIZE, FAMILY_HEALTH and EVENT from grammar -----------------------
# Each reading is a word of a closed class of meaning (grammar.yml) in a grammatical relation: a
# kind word modifying a school noun, a quantity heading a noun a school is counted in, a relative's
# clause telling their life, an event verb or noun tied to the school. Sentences of our own, each
# with a negative of similar words.
@pytest.mark.parametrize("text, kind, words", [
    # SCHOOL_TYPE: a kind word before a school noun, a kind said of the school, a kind as a noun
    ("Ours is a little Methodist primary up a lane.", "SCHOOL_TYPE", "Methodist"),
    ("I took over a Gaelic-medium unit last year.", "SCHOOL_TYPE", "Gaelic-medium"),
    ("We became voluntary aided the year the diocese asked.", "SCHOOL_TYPE", "aided"),
    ("Back then I ran a PRU on two floors of an old office.", "SCHOOL_TYPE", "PRU"),
    ("We sit in a small diocesan trust these days.", "SCHOOL_TYPE", "diocesan"),
    # SIZE: a noun of quantity, "N of" a school noun, a number with where it is counted, a size
    # compared, the sites as several, the schools the writer leads
    ("We run with a handful of TAs and a caretaker.", "SIZE", "handful of TAs"),
    ("It is a school of forty-two, give or take.", "SIZE", "school of forty-two"),
    ("Thirty-one on roll this week.", "SIZE", "Thirty-one"),
    ("We are half the size we were ten years ago.", "SIZE", "half the size"),
    ("I am executive head of three little schools.", "SIZE", "three little schools"),
    ("We work across both sites.", "SIZE", "both sites"),
    # FAMILY_HEALTH: a relative told by a verb of a life; leave for health; the body; a symptom;
    # a disease already in the story
    ("My brother farms sheep above the estuary.", "FAMILY_HEALTH", "My brother"),
    ("She came back on a phased return after Easter.", "FAMILY_HEALTH", "phased return"),
    ("I put my back out lifting staging.", "FAMILY_HEALTH", "back"),
    ("The dementia has taken most of her words now.", "FAMILY_HEALTH", "dementia"),
    ("I had sharp chest pains on the drive in.", "FAMILY_HEALTH", "chest pains"),
    # EVENT: the school carried into a body, opening, the inspectorate arriving, a proceeding of an
    # event, an inspectorate's phrase, a person suspended, the head leaving, a pupil lost, a grade
    # said of the school in a sentence about its inspection
    ("The governors took us into a trust the year after.", "EVENT", "took"),
    ("We opened in a church hall with twelve children.", "EVENT", "opened"),
    ("The inspectors rang on a Tuesday lunchtime.", "EVENT", "inspectors"),
    ("Then came the closure consultation, and the letters.", "EVENT", "closure consultation"),
    ("We were put into special measures that spring.", "EVENT", "special measures"),
    ("I was suspended pending an investigation.", "EVENT", "suspended"),
    ("I left headship at fifty.", "EVENT", "left"),
    ("We lost a pupil that winter.", "EVENT", "lost"),
    ("Ofsted came back and we were good again.", "EVENT", "good"),
])
def test_seventh_pass_grammar_readings(text, kind, words):
    found = grammar(text)
    assert any(k == kind and words in t for k, t, _ in found), found


@pytest.mark.parametrize("text, kind", [
    ("Catholic schools everywhere are short of money.", "SCHOOL_TYPE"),   # a kind in general (plural)
    ("Free school meals went up again.", "SCHOOL_TYPE"),                  # "school" modifies another noun
    ("We are a small school with a big heart.", "SCHOOL_TYPE"),           # scale alone is no kind
    ("Gaelic-medium teachers are hard to find.", "SCHOOL_TYPE"),          # any school's teachers
    ("He is a special friend of the family.", "SCHOOL_TYPE"),             # "special", no school noun
    ("We visited two other village schools.", "SCHOOL_TYPE"),            # somebody else's
    ("A handful of parents complained.", "SIZE"),                         # not a noun a school is counted in
    ("Half the staffroom laughed.", "SIZE"),                              # a share, no size compared
    ("We visited three schools in Leeds.", "SIZE"),                       # others' schools, not led
    ("Both teams played well.", "SIZE"),                                  # "both", not of sites
    ("My brother laughed at that.", "FAMILY_HEALTH"),                     # a relative, nothing of a life
    ("We went back to the hall.", "FAMILY_HEALTH"),                       # "back", no body
    ("Return forms are due on Friday.", "FAMILY_HEALTH"),                 # a return, not a phased one
    ("The stress of the job is real.", "FAMILY_HEALTH"),                  # a state, not a disease
    ("The inspectors' handbook is long.", "EVENT"),                       # no inspectorate arriving
    ("We opened the windows.", "EVENT"),                                  # opening something, not the school
    ("Every consultation takes months.", "EVENT"),                        # a proceeding of no event
    ("She said the film was good.", "EVENT"),                             # "good", no inspection
    ("We lost the match.", "EVENT"),                                      # not a pupil
    ("I left the office early.", "EVENT"),                                # not the post
    ("Children moved into the hall for lunch.", "EVENT"),                 # not into a body
])
def test_seventh_pass_readings_leave_the_same_words_alone(text, kind):
    assert not any(k == kind for k, _, _ in grammar(text)), grammar(text)
