"""Faster forms of the anonymiser's searches find exactly what the plain forms find. Texts and
word lists here are written for these tests (and the project's own lists, read as data)."""
from __future__ import annotations

import random
import re

import pytest

from anonymiser.ordinary import COUNTRIES, country_spans
from anonymiser.risk.quasi import _Lines
from anonymiser.risk.rules import LATER_NUMBER_WORDS, NUMBER_WORDS, fold_case
from anonymiser.text import by_first_letter

TEXTS = [
    "Seventy-seven pupils, seventeen staff and SEVEN governors; sixty six? sixteen. ten-twenty",
    "She moved from Guinea-Bissau to guinea, then NIGER and Nigeria; the Dominican  Republic\nand Dominica",
    "a hundred and twenty-one, forty two, four, fourteen, fortyfour, eleven and a half dozen",
    "ſeven and ſixteen (long s), Sri\nLanka, sri lanka, papua new guinea, south sudan, sudan",
]


def _random_text(rng: random.Random, words: list[str]) -> str:
    pieces = []
    for _ in range(60):
        word = rng.choice(words)
        word = rng.choice([word, word.upper(), word.title(), word[: max(1, len(word) - 2)], word + "s"])
        pieces.append(word + rng.choice([" ", "-", "\n", ", ", "", "  "]))
    return "".join(pieces)


@pytest.mark.parametrize("words", [NUMBER_WORDS.split("|"), LATER_NUMBER_WORDS,
                                   sorted(COUNTRIES, key=len, reverse=True)])
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_alternation_grouped_by_first_letter_matches_as_the_plain_alternation(words, flags):
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?:[- ]\w+)?", flags)
    grouped = re.compile(r"\b(?:" + by_first_letter(words) + r")(?:[- ]\w+)?", flags)
    rng = random.Random(17)
    for text in TEXTS + [_random_text(rng, words) for _ in range(40)]:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_alternation_grouped_by_first_letter_keeps_the_order_within_a_letter():
    # "seven" before "seventy" prefers "seven" where both match, as the plain alternation does
    assert re.match(by_first_letter(["seven", "seventy", "six"]), "seventy").group(0) == "seven"
    assert re.match(by_first_letter(["seventy", "seven", "six"]), "seventy").group(0) == "seventy"


def test_alternation_grouped_by_first_letter_refuses_a_capital_or_other_first_character():
    # "S" and "s" groups could both match one character under IGNORECASE: their order would matter
    with pytest.raises(ValueError):
        by_first_letter(["Seven", "six"])
    with pytest.raises(ValueError):
        by_first_letter(["(seven)"])


def test_country_spans_are_those_of_the_plain_alternation():
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(sorted((re.escape(c).replace("\\ ", r"\s+") for c in COUNTRIES),
                                                          key=len, reverse=True)) + r")(?![\w-])", re.I)
    rng = random.Random(3)
    for text in TEXTS + [_random_text(rng, sorted(COUNTRIES)) for _ in range(40)]:
        assert country_spans(text) == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("text", TEXTS + ["", "\n\nthe the\nthe\n", "school schools\nschool\n\nthe school"])
def test_lines_holding_a_word_are_the_lines_a_scan_of_each_line_finds(text):
    folded = fold_case(text)
    lines = _Lines(text, folded)
    for word in ("the", "school", "s", "seven", "ty", "sri", "absent", "e", " "):
        expected = frozenset(i for i, line in enumerate(folded.split("\n")) if word in line)
        assert lines.lines_with(word) == expected


def test_spoken_email_and_number_found_in_any_case_after_their_prefilters():
    from anonymiser.detectors.contacts import ContactDetector, SPOKEN_NUMBER
    from anonymiser.detectors.base import Context
    import anonymiser

    lexicon = anonymiser.load_policy().lexicon
    text = ("Write to kyle DOT hocking AT example Dot org or ring oh seven seven double oh nine double oh "
            "three one four; o one o two o three is counting.")
    kinds = {f.source for f in ContactDetector(lexicon.street_suffixes).detect(Context(text=text, lexicon=lexicon))}
    assert {"contact:spoken-email", "contact:spoken-phone"} <= kinds
    plain = re.compile(r"(?<![\w-])(?:(?:double|triple)[ \t]+)?(?:oh|o|zero|nought|one|two|three|four|five|six|seven|"
                       r"eight|nine)(?:[ \t,-]+(?:(?:double|triple)[ \t]+)?(?:oh|o|zero|nought|one|two|three|four|five|"
                       r"six|seven|eight|nine)){5,}(?![\w-])", re.I)
    rng = random.Random(5)
    digit_words = "oh o zero nought one two three four five six seven eight nine double triple on once".split()
    for sample in [text] + [_random_text(rng, digit_words) for _ in range(40)]:
        assert [m.span() for m in SPOKEN_NUMBER.finditer(sample)] == [m.span() for m in plain.finditer(sample)]


def test_a_name_after_a_verb_of_contact_is_found_in_prose_with_capitals():
    # prose with capitals visits only the words after a verb of contact: "rang harry" is still found
    import anonymiser
    from anonymiser.detectors.base import Context
    from anonymiser.detectors.context import LowercaseNameDetector

    lexicon = anonymiser.load_policy().lexicon
    text = "On Monday I rang harry about the trip. Then We met femi at the gate and The Head agreed."
    found = {f.text for f in LowercaseNameDetector().detect(Context(text=text, lexicon=lexicon))}
    assert {"harry", "femi"} <= found


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\bjunior school\b", re.I, "\n.!?;:"),
    (r"\bHindu\s+school\b", re.I, ".!?;:"),  # \s matches a line break, no punctuation
    (r"\bSt\.? Mary's\b", 0, "\n!?;:"),  # the full stop is part of a match
    (r"\bprimary\b(?![.!?])", re.I, "\n;:"),  # a lookahead reads a sentence's end
    (r"\b\w+\W+school", re.I, ""),  # \W matches every separator
    (r"[^.]+ school", re.I, "."),  # a negated class: only what it excludes
    (r"(?<!few )\b\d+ pupils", re.I, "\n.!?;:"),
    (r"^Dear\b", 0, ""),  # an anchor other than a word boundary
    (r"\b(?:x)?\b", 0, ""),  # may match the empty string
    (r"\bhead.{0,20}school", 0, ""),  # any character
])
def test_a_rule_is_run_between_the_characters_no_part_of_it_can_read(pattern, flags, expected):
    from anonymiser.risk.rules import separators_of

    assert separators_of(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize("separators", ["\n", ".!?;:", "\n.!?;:"])
def test_stretches_holding_a_word_are_those_a_split_at_the_separators_finds(separators):
    text = "We met. Then the school\nclosed; the SCHOOL: reopened! Really? yes.\n\nschool"
    folded = fold_case(text)
    lines = _Lines(text, folded, {}, separators)
    pieces = re.split("[" + re.escape(separators) + "]", folded)
    for word in ("school", "the", "yes", "absent"):
        assert lines.lines_with(word) == frozenset(i for i, piece in enumerate(pieces) if word in piece)
