"""The anonymiser's caches answer each question by everything the answer depends on, never by
less: a memo keyed too loosely would hand one text's answer to another (a leak or a lost flag).
Texts are written for these tests."""
from __future__ import annotations

import pytest

import anonymiser
from anonymiser import registry, story
from anonymiser.lexicon import Lexicon
from anonymiser.text import tokenize


@pytest.fixture(scope="module")
def policy():
    return anonymiser.load_policy()


def _starts(text: str) -> dict[str, bool]:
    return {t.text: t.sentence_start for t in tokenize(text)}


def test_same_gap_before_a_quotation_opens_a_sentence_only_before_a_capital():
    # both words follow the same gap ' "'; whether it opens a sentence depends on the word after it
    first = tokenize('We waited "Honestly" and "maybe"')
    assert [t.sentence_start for t in first if t.text in ("Honestly", "maybe")] == [True, False]
    again = tokenize('Then "maybe" and "Honestly"')
    assert [t.sentence_start for t in again if t.text in ("maybe", "Honestly")] == [False, True]


def test_same_gap_after_a_colon_opens_a_sentence_only_after_a_line_label():
    assert _starts("ADEBAYO: Better")["Better"] is True
    assert _starts("We kept talking for a very long time about it: Better")["Better"] is False


def test_story_redone_with_a_forced_term_hides_the_flag_the_term_covers(policy):
    items = [({"title": "Numbers"}, "The school has 212 pupils on roll and I love it.")]
    [first] = story._redact_once(items, policy, [()])
    [redone] = story._redact_once(items, policy, [("212 pupils",)])
    assert any("212" in fl.text for _, fl in first.flags)
    assert not any("212" in fl.text for _, fl in redone.flags)


def test_strict_and_loose_ordinary_answers_are_cached_apart(policy):
    asked_strict_first = Lexicon.build(policy)
    asked_loose_first = Lexicon.build(policy)
    assert asked_strict_first.is_ordinary("kerfuffle") is False
    assert asked_strict_first.is_ordinary("kerfuffle", strict=False) is True
    assert asked_loose_first.is_ordinary("kerfuffle", strict=False) is True
    assert asked_loose_first.is_ordinary("kerfuffle") is False


def test_one_policys_keep_term_is_not_kept_by_another(policy):
    text = "I rang Harrowell at the trust. Harrowell said no."
    kept = policy.with_terms(keep=("Harrowell",))
    assert "Harrowell" in anonymiser.redact(text, kept).text
    assert "Harrowell" not in anonymiser.redact(text, policy).text
    assert "Harrowell" in anonymiser.redact(text, kept).text


def test_a_detector_registered_later_is_strong_even_after_its_source_was_asked(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", dict(registry._load()))
    monkeypatch.setattr(registry, "_STRONG_BY_SOURCE", {})
    assert registry.is_strong("speed-test-detector:kind") is False

    class SpeedTestDetector:
        name = "speed-test-detector"
        strong = True

        def detect(self, ctx):
            return []

    registry.register(SpeedTestDetector)
    assert registry.is_strong("speed-test-detector:kind") is True


@pytest.mark.parametrize("variant", ["Ann Ann", "Bronwyth Harrowell", "R.J.", "KELT Academy", "Elm Vale"])
def test_variant_mentions_found_without_a_pattern_are_the_patterns_mentions(variant):
    from anonymiser.resolver import _variant_regex, variant_spans

    text = ("xAnn Ann Ann Ann-b ANN ANN, Ann\tAnn\u00a0Ann @Ann Ann Ann_ann -Ann Ann Ann Ann- "
            "Bronwyth  Harrowell, BRONWYTH\nHARROWELL's Bronwyth Harrowells R.J. xR.J. KELT ACADEMY "
            "KELT Academy-wide Elm Vale@ Elm Vale-x Elm Vale-")
    assert variant_spans(variant, text) == [m.span() for m in _variant_regex(variant).finditer(text)]
    assert variant_spans(variant, text)  # each variant stands somewhere in the text


def test_span_index_answers_inside_as_a_scan_of_every_span_does():
    import random

    from anonymiser.resolver import _SpanIndex, _inside

    rnd = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rnd.randint(1, 30)) for a in (rnd.randint(0, 100) for _ in range(rnd.randint(0, 8)))]
        index = _SpanIndex(spans)
        for s in range(0, 120, 3):
            for e in (s + 1, s + 5, s + 20):
                assert index.holds(s, e) == _inside(spans, s, e)


def test_position_in_a_lowercase_line_or_quotation_found_by_search_as_by_scan(policy):
    from anonymiser.detectors.base import Context

    text = ('Our chair wrote to me on Monday. The text said: "its alison can u ring me x" and then\n'
            "[07:42] femi: running late again sorry, \"the bus never came\" ok\n"
            "We met at noon.")
    ctx = Context(text=text, lexicon=policy.lexicon)
    assert ctx.lowercase_lines  # a quotation and a chat line, one inside the other
    for pos in range(len(text)):
        assert ctx.in_lowercase_line(pos) == any(s <= pos < e for s, e in ctx.lowercase_lines)
