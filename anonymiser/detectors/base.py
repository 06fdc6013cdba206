"""The detector protocol and the per-text context every detector reads.

A detector is a small class with a `name` and one method,
`detect(ctx) -> list[Finding]`. Detectors do not talk to each other; the
resolver merges what they find.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ..lexicon import Lexicon
from ..text import PLACEHOLDER_RE, WORD_RE, Token, caps_line_spans, lowercase_style, markup_spans, tokenize
from ..types import Finding


#: A chat line's timestamp at its start: "[18:02]", "18:02 -", "[18:02, 14/03/2025]".
CHAT_TIMESTAMP = re.compile(r"^\s*\[?\d{1,2}[:.]\d{2}")
#: A quotation on one line: "…", “…” (what a message said, pasted into a story).
#: The rule under a Markdown table's header row ("|---|:---:|", "--- | ---").
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: A sentence opening with a capital inside a line ("ok. Then we", "fine? Yes").
UPPER_SENTENCE_START = re.compile(r"[.!?][)\"”’']?\s+[\"“‘']?[A-Z](?![A-Z\d])")
QUOTATION = re.compile(r"[\"“]([^\"“”\n]{8,300})[\"”]")


@dataclass
class Context:
    """One text under analysis plus cheap precomputed views of it.

    `entities` holds the statistical model's output as (start, end, spaCy label)
    and is filled in by the pipeline before detectors run (empty if the model
    was not needed).
    """

    text: str
    lexicon: Lexicon
    entities: list = field(default_factory=list)
    # Texts joined from several fields: offsets where a new field starts (a
    # signature can only be at the end of the body).
    body_range: tuple[int, int] | None = None

    @cached_property
    def tokens(self) -> list[Token]:
        """Word tokens, without the words of placeholders ("[Name A]" is opaque: idempotence)."""
        toks = tokenize(self.text)
        spans = self.placeholder_spans
        if not spans:
            return toks
        import bisect

        starts = [s for s, _ in spans]
        out = []
        done = set()
        for t in toks:
            k = bisect.bisect_right(starts, t.start) - 1
            if k >= 0 and spans[k][0] <= t.start < spans[k][1]:
                # one opaque token per placeholder, so word counts around it stay as they were
                if k not in done:
                    done.add(k)
                    s, e = spans[k]
                    out.append(Token(s, e, self.text[s:e], t.sentence_start, t.line_start))
                continue
            out.append(t)
        return out

    @cached_property
    def token_words(self) -> list[str]:
        """The tokens' texts, in order (what `ordinary.ordinary_use` reads)."""
        return [t.text for t in self.tokens]

    @cached_property
    def other_language_sentences(self) -> int:
        """How many sentences are in another language: three or more words of three letters or
        more, fewer than half of them known to both English word lists ("Mae hiraeth yn air
        rydyn ni i gyd yn ei nabod"). Two or more say the story mixes languages, so a word
        standing alone as a sentence ("Dziękuję.", "Shukriya.") is likelier that language's."""
        from ..lexicon import mostly_english

        lex = self.lexicon
        count = 0
        words: list[str] = []
        for t in [*self.tokens, None]:
            if t is None or t.sentence_start:
                if len(words) >= 3 and not mostly_english(words, lex):
                    count += 1
                words = []
            if t is not None and t.text.isalpha() and len(t.text) > 2:
                words.append(t.text)
        return count

    @cached_property
    def lowercase(self) -> bool:
        start, end = self.body_range or (0, len(self.text))
        body_tokens = [t for t in self.tokens if start <= t.start < end]
        return lowercase_style(body_tokens, self.text)

    @cached_property
    def table_headers(self) -> frozenset[str]:
        """The cells of each Markdown table's header row ("| Date | Staff | Cover |" above its
        "|---|" line): the names of the table's columns."""
        if "|" not in self.text:
            return frozenset()
        lines = self.text.split("\n")
        cells = set()
        for line, below in zip(lines, lines[1:]):
            if line.strip().startswith("|") and TABLE_RULE.match(below):
                cells.update(c.strip(" *_") for c in line.strip().strip("|").split("|"))
        return frozenset(c for c in cells if c)

    @cached_property
    def caps_lines(self) -> list[tuple[int, int]]:
        text = self.text
        for s, e in self.placeholder_spans:  # placeholders do not count towards a line's case
            text = text[:s] + " " * (e - s) + text[e:]
        return caps_line_spans(text)

    @cached_property
    def placeholder_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in PLACEHOLDER_RE.finditer(self.text)]

    @cached_property
    def keep_spans(self) -> list[tuple[int, int]]:
        """Spans of generic vocabulary (keep.txt terms) in the text."""
        return self.lexicon.keep_spans(self.text, self.tokens)

    @cached_property
    def user_keep_spans(self) -> list[tuple[int, int]]:
        """Spans of the editor's `keep:` terms in the text."""
        rx = self.lexicon.user_keep_re
        return [m.span() for m in rx.finditer(self.text)] if rx is not None else []

    @cached_property
    def markup_spans(self) -> list[tuple[int, int]]:
        """Spans of raw markup whose words are never published as text (see `text.markup_spans`)."""
        return markup_spans(self.text)

    @cached_property
    def lowercase_lines(self) -> list[tuple[int, int]]:
        """Stretches written without capitals inside a text that has them: a line of a chat
        pasted into a story ("[07:42] femi: running late"), or a quoted message ("the text
        said: \"its alison can u ring me x\""). A line counts with at least five words, a quotation
        with at least four, none capitalised (placeholders aside), not a link."""
        if self.lowercase:
            return []
        def uncapitalised(start: int, end: int, minimum: int) -> bool:
            piece = PLACEHOLDER_RE.sub(" ", self.text[start:end])  # a placeholder's capitals are not the writer's
            if any(c.isupper() for c in piece):
                return False
            return sum(1 for w in WORD_RE.findall(piece) if w[:1].isalpha()) >= minimum

        out = []
        pos = 0
        previous = ""
        for line in self.text.split("\n"):
            # a chat line with a timestamp is chat however short ("[18:02] me: at ashover again")
            minimum = 2 if CHAT_TIMESTAMP.match(line) else 5
            if "](" not in line and "://" not in line and (
                    uncapitalised(pos, pos + len(line), minimum) or self._uncapitalised_paragraph(line, previous)):
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
            previous = line
        for m in QUOTATION.finditer(self.text):
            if uncapitalised(m.start(1), m.end(1), 4):
                out.append(m.span(1))
        return sorted(out)

    @staticmethod
    def _uncapitalised_paragraph(line: str, previous: str) -> bool:
        """True for a message written without capitals at its sentences' starts, however short
        or whatever capitals it holds inside ("sorry graham, wrong window", "oh beth. ok. i can be
        at yours if the A19 behaves"): a line opening a paragraph (after a blank line or a
        sender's line in bold) in lower case, no sentence in it opening with a capital."""
        if previous.strip() and not previous.strip().startswith(("**", "__")):
            return False  # a wrapped line goes on with its paragraph's sentence
        piece = PLACEHOLDER_RE.sub(" ", line).strip()
        words = [w for w in WORD_RE.findall(piece) if w[:1].isalpha()]
        if len(words) < 3 or not piece[:1].islower():
            return False
        return UPPER_SENTENCE_START.search(piece) is None

    def in_lowercase_line(self, pos: int) -> bool:
        """True if `pos` is on a line written without capitals (see `lowercase_lines`)."""
        lines = self.lowercase_lines
        if not lines:
            return False
        # lines and quotations may overlap: the furthest end among the spans starting at or before pos
        k = bisect_right(lines, (pos, _AFTER_ANY_END)) - 1
        return k >= 0 and self._lowercase_lines_reach[k] > pos

    @cached_property
    def _lowercase_lines_reach(self) -> list[int]:
        """For each of `lowercase_lines` (sorted by start), the furthest end of it and those before it."""
        reach, furthest = [], -1
        for _, end in self.lowercase_lines:
            furthest = max(furthest, end)
            reach.append(furthest)
        return reach

    def in_caps_line(self, pos: int) -> bool:
        """True if `pos` is on a line written in capitals (see `caps_lines`)."""
        return _in_line(self.caps_lines, pos)

    @cached_property
    def title_case_lines(self) -> list[tuple[int, int]]:
        """Headings and front matter titles In Title Case ("The Letter I Never Sent"): capitals there say
        nothing. Only headings: in body text the share of capitals on a line would change when a
        name is replaced, and the output must not change when redacted again."""
        out = []
        pos = 0
        text = self.text
        for s, e in self.placeholder_spans:  # a placeholder stands for the capitalised word it replaced
            text = text[:s] + "X" + "x" * (e - s - 1) + text[e:]
        body_start = self.body_range[0] if self.body_range else 0
        for line in text.split("\n"):
            heading = line.lstrip().startswith("#") or pos < body_start  # Markdown heading or a title field
            words = [w for w in WORD_RE.findall(line) if len(w) > 3]
            if heading and len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) \
                    and not line.rstrip().endswith((".", "?", "!", ",", ";")):
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    def in_title_case_line(self, pos: int) -> bool:
        """True if `pos` is on a heading or title In Title Case (see `title_case_lines`)."""
        return _in_line(self.title_case_lines, pos)

    def token_index_at(self) -> dict[int, int]:
        """Map token start offset -> index (computed once per text)."""
        index = self.__dict__.get("_token_index")
        if index is None:
            index = self.__dict__["_token_index"] = {t.start: i for i, t in enumerate(self.tokens)}
        return index


def _in_line(lines: list[tuple[int, int]], pos: int) -> bool:
    """True if `pos` falls in one of `lines`: spans of whole lines, in order, never overlapping
    (detectors ask this for thousands of tokens, so it is a binary search, not a scan)."""
    if not lines:
        return False
    k = bisect_right(lines, (pos, _AFTER_ANY_END)) - 1
    return k >= 0 and lines[k][0] <= pos < lines[k][1]


#: Greater than any offset: (pos, _AFTER_ANY_END) sorts after every span that starts at pos.
_AFTER_ANY_END = float("inf")


class Detector(Protocol):
    """Anything with a name and detect(ctx) -> list[Finding]."""

    name: str

    def detect(self, ctx: Context) -> list[Finding]:  # pragma: no cover - protocol
        ...


def after_indefinite_article(ctx: Context, i: int) -> bool:
    """True if token `i` comes right after "a" or "an" (any case) on its line: "a Carol service",
    "FROM A CAROL SERVICE" name a kind of thing, so a word that is both a given name and an
    ordinary word ("carol", "olive") is the word there."""
    if i == 0 or ctx.tokens[i].sentence_start:
        return False
    prev = ctx.tokens[i - 1]
    return prev.text.lower() in ("a", "an") and ctx.text[prev.end:ctx.tokens[i].start] == " "
