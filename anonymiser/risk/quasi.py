"""Finding quasi-identifiers in anonymised text: typed spans, with what each one narrows."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import PLACEHOLDER_RE
from ..types import Finding
from .rules import QuasiRule, fold_case, number_value, risk_data

#: Sentence ends: a date and an event are read together only inside one sentence (or line).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True, order=True)
class QuasiIdentifier(Finding):
    """A detail left in a story that narrows who wrote it: a finding whose `label` is the type
    (PHASE, DATE...), `source` the rule that found it and `score` how much it narrows on its
    own (the share of heads it leaves, 1.0 for a detail that counts only beside another, like a
    date); with the `field` it stands in, its `key` and `value`.
    """

    field: str = "body"
    key: str = ""
    value: str = ""


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_quasi_identifiers(text: str, field: str = "body") -> list[tuple[QuasiIdentifier, QuasiRule]]:
    """Every quasi-identifier in `text`, in reading order, with the rule that found it.

    Of two overlapping matches with the same key, the longer one stays ("in March 2019"
    over "March"); details with different keys may overlap ("the only Catholic secondary in
    the county" holds a kind, a phase and a uniqueness claim).
    """
    data = risk_data()
    kept: list[tuple[QuasiIdentifier, QuasiRule]] = []
    candidates = []
    folded = fold_case(text)
    # one character per character (true unless a character lowers to several): then a line's
    # words are found at the line's own offsets
    lines = _Lines(text) if len(folded) == len(text) else None
    for rule in data.rules:
        # most rules' words are absent from a story: a substring test says so far faster than
        # running the case-insensitive pattern at every position
        if not rule.may_match(folded):
            continue
        if rule.one_line and lines is not None:
            matches = (m for start, end in lines.holding(rule.required, folded)
                       for m in rule.pattern.finditer(text, start, end))
        else:
            matches = rule.pattern.finditer(text)
        for m in matches:
            if not m.group(0).strip() or PLACEHOLDER_RE.fullmatch(m.group(0).strip()):
                continue
            candidates.append((m.start(), m.end(), rule))
    # longest first, so the shorter match of the same key inside it is dropped
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: dict[str, list[tuple[int, int]]] = {}
    for start, end, rule in candidates:
        spans = taken.setdefault(rule.key, [])
        if any(_overlaps((start, end), s) for s in spans):
            continue
        spans.append((start, end))
        score = rule.factor if rule.factor is not None else 1.0
        if rule.round_factor is not None and (number_value(text[start:end]) or 1) % 50 == 0:
            score = rule.round_factor  # "about 400 pupils" narrows less than "412 pupils"
        kept.append((QuasiIdentifier(start, end, rule.type, text[start:end], rule.source, score, field, rule.key,
                                     rule.value), rule))
    kept.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return kept


class _Lines:
    """The lines of a text, and which of them hold a word of every group of a rule."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.ends = [start - 1 for start in self.starts[1:]] + [len(text)]

    def holding(self, groups: tuple[tuple[str, ...], ...], folded: str) -> list[tuple[int, int]]:
        """(start, end) of each line, in order, holding a word of every group (as `may_match`)."""
        from bisect import bisect_right

        chosen: set[int] | None = None
        for group in groups:
            found = set()
            for word in group:
                at = folded.find(word)
                while at != -1:
                    found.add(bisect_right(self.starts, at) - 1)  # a word holds no line break
                    at = folded.find(word, at + 1)
            chosen = found if chosen is None else chosen & found
        lines = range(len(self.starts)) if chosen is None else sorted(chosen)
        return [(self.starts[i], self.ends[i]) for i in lines]


def sentence_of(text: str, position: int) -> tuple[int, int]:
    """The (start, end) of the sentence or line holding `position`."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() >= position:
            return start, m.start()
        start = m.end()
    return start, len(text)
