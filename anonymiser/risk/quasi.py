"""Finding quasi-identifiers in anonymised text: typed spans, with what each one narrows."""
from __future__ import annotations

import re
from bisect import bisect_right
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
    # one character per character (true unless a character lowers to several): then a stretch's
    # words are found at the stretch's own offsets
    same_offsets = len(folded) == len(text)
    # whether the text holds each word the rules name, tested once per word (the rules share them)
    held: dict[str, bool] = {}
    # the text's stretches between each set of separators the rules use (a few sets), made once
    stretches: dict[str, _Lines] = {}
    for rule in data.rules:
        # most rules' words are absent from a story: a substring test says so far faster than
        # running the case-insensitive pattern at every position
        if not _holds_every_group(rule.required, folded, held):
            continue
        if same_offsets and rule.separators and rule.required:
            lines = stretches.get(rule.separators)
            if lines is None:
                lines = stretches[rule.separators] = _Lines(text, folded, held, rule.separators)
            matches = _matches_in(rule.pattern, text, lines.holding(rule.required))
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


def _holds_every_group(groups: tuple[tuple[str, ...], ...], folded: str, held: dict[str, bool]) -> bool:
    """`QuasiRule.may_match`, each word's presence in `folded` looked up in `held` (and entered
    there the first time it is tested)."""
    for group in groups:
        for word in group:
            found = held.get(word)
            if found is None:
                found = held[word] = word in folded
            if found:
                break
        else:
            return False
    return True


def _matches_in(pattern: re.Pattern, text: str, runs: list[tuple[int, int]]) -> list[re.Match]:
    """The matches of a pattern in the given runs of whole stretches between its separators (lines,
    sentences, clauses: see `QuasiRule.separators`), in order."""
    if len(runs) == 1:
        return list(pattern.finditer(text, *runs[0]))
    return [m for start, end in runs for m in pattern.finditer(text, start, end)]


class _Lines:
    """The lines of a text (or, with other `separators`, the stretches between any two of those
    characters: sentences and clauses), and which of them hold a word of every group of a rule.

    A story runs a few hundred rules over the same few dozen lines, and the rules share their
    words ("school", " the "): which lines hold a word is found once per text and kept. A rule's
    words hold none of its separators (`QuasiRule.separators`: the pattern cannot match them).
    """

    def __init__(self, text: str, folded: str, held: dict[str, bool] | None = None, separators: str = "\n"):
        self.folded = folded
        #: word -> whether the folded text holds it, as far as known (see `_holds_every_group`)
        self.held = held if held is not None else {}
        self.starts = [0] + [m.end() for m in re.finditer("[" + re.escape(separators) + "]", text)]
        self.ends = [start - 1 for start in self.starts[1:]] + [len(text)]
        self.everything = frozenset(range(len(self.starts)))
        self._lines_of: dict[str, frozenset[int]] = {}
        self._lines_of_group: dict[tuple[str, ...], frozenset[int]] = {}

    def lines_with(self, word: str) -> frozenset[int]:
        """The indices of the lines holding `word` (a word holds no line break)."""
        found = self._lines_of.get(word)
        if found is not None:
            return found
        folded, starts = self.folded, self.starts
        last = len(starts) - 1
        hits = []
        # a word already known to be absent is not sought again
        at = -1 if self.held.get(word) is False else folded.find(word)
        while at != -1:
            line = bisect_right(starts, at) - 1
            hits.append(line)
            if line == last:
                break
            # the rest of this line cannot add it again: search on from the next line
            at = folded.find(word, starts[line + 1])
        found = self._lines_of[word] = frozenset(hits)
        return found

    def holding(self, groups: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
        """(start, end) of each run of consecutive lines, in order, every line of it holding a word of
        every group (as `may_match`); a run of lines is searched as one (a one-line rule's matches
        are the same), and every line at once when all of them hold the words."""
        chosen: frozenset[int] | None = None
        for group in groups:
            found = self._lines_of_group.get(group)
            if found is None:
                found = frozenset().union(*map(self.lines_with, group))
                self._lines_of_group[group] = found
            chosen = found if chosen is None else chosen & found
            if not chosen:
                return []
        if chosen is None or len(chosen) == len(self.starts):
            return [(0, self.ends[-1])]
        runs: list[tuple[int, int]] = []
        last = -2
        for i in sorted(chosen):
            if i == last + 1:
                runs[-1] = (runs[-1][0], self.ends[i])
            else:
                runs.append((self.starts[i], self.ends[i]))
            last = i
        return runs


def sentence_of(text: str, position: int) -> tuple[int, int]:
    """The (start, end) of the sentence or line holding `position`."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() >= position:
            return start, m.start()
        start = m.end()
    return start, len(text)
