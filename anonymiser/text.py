"""Low-level text helpers: word tokens, sentence starts, writing style.

Everything here is a linear scan with precompiled regexes.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# A word: letters, with inner hyphens/apostrophes ("Morgan-Rees", "O'Brien", "Bronwen's").
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# Placeholders the anonymiser itself writes; never analysed again (idempotence).
PLACEHOLDER_RE = re.compile(r"\[(?:Name|Place|School|Institution) [A-Z]{1,3}\]|\[contact removed\]|\[redacted\]")
# Characters that may stand between a sentence boundary and the first word.
_OPENERS = set(" \t*_\"“‘'([>#-–—•|~`”’)]")
_BOUNDARY = set(".!?…\n")


def is_capitalised(word: str) -> bool:
    """First letter upper case ("Hope", "HOPE", "McKay")."""
    return word[:1].isupper()


def is_all_caps(word: str) -> bool:
    """Every letter upper case and at least two letters."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Token(NamedTuple):
    """A word of the text with its offsets and whether it starts a sentence/line (a named tuple:
    a story has thousands and a frozen dataclass costs three times as much to build)."""

    start: int
    end: int
    text: str
    sentence_start: bool
    line_start: bool


_TRAILING_OPENERS = re.compile(r"[\s*_\"“‘'(\[>#\-–—•|~`”’)\]]*\Z")
#: A line that opens with a time or a date stamp and nothing else before its first word
#: ("**12:40** Parent complaint", "09.10 Rang the LA", "3/2 Mtg w/ parents"): an entry opens there.
_TIME_STAMP_OPENER = re.compile(r"[\s*_\[(>#|-]*(?:\d{1,2}[:.]\d{2}(?:\s?[ap]m)?|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
                                r"[\s*_\])|:–—-]*")
_LIST_MARKER = re.compile(r"\n[ \t]*(?:\d{1,3}[.)/]|[-*+•])?[\s*_\"“‘'(\[>#\-–—•|~`”’)\]]*\Z")


#: One emphasis mark (not "**") after a space, a bracket or a quote, ending a gap: italics open.
_SINGLE_EMPHASIS_OPENER = re.compile(r"(?:^|[\s(\[\"“‘'])[*_]\Z")
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
#: Tags after which text starts a new block, as after a line break.
_BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote td th tr table hr section article".split())


def _mask_markup(text: str) -> str:
    """The text with raw HTML tags blanked out (same length): tag and attribute names are not
    words of the story, and a block tag ends a line. Quoted attribute values stay as text."""
    if "<" not in text:
        return text

    def blank(m: re.Match) -> str:
        tag = m.group(0)
        kept = [" "] * len(tag)
        for q in _QUOTED.finditer(tag):
            kept[q.start() + 1:q.end() - 1] = tag[q.start() + 1:q.end() - 1]
        if m.group(1).lower() in _BLOCK_TAGS:
            kept[-1] = "\n"
        return "".join(kept)

    return _HTML_TAG.sub(blank, text)


#: Elements whose content is code or chrome, not story text: the site's sanitiser drops them whole
#: (it imports this list), so nothing inside them is ever published.
DROPPED_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                        "textarea", "select")
#: A dropped element with its content, closed. An element never closed loses only its tag (the
#: sanitiser keeps the text after it, so the anonymiser must read that text: it is published).
DROPPED_ELEMENT = re.compile(r"<\s*(%s)\b[^>]*>.*?<\s*/\s*\1\s*>" % "|".join(DROPPED_WITH_CONTENT), re.I | re.S)
#: Attribute values that are published as text (a link's or an abbreviation's title, an image's alt).
_PUBLISHED_ATTRIBUTE = re.compile(r"\b(?:title|alt)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
#: A tag that is never closed ("<IMG SRC=javascript:alert(1)"), up to the end of its line.
_OPEN_TAG = re.compile(r"<[A-Za-z/!][^<>\n]*(?:>|$)", re.M)


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Spans of raw markup whose words the sanitiser never publishes as text: tags (names,
    attributes, attribute values other than a title or alt text) and the content of scripts,
    styles and frames. A name there is not a name in the story; a name in a title still is."""
    if "<" not in text:
        return []
    spans = [m.span() for m in DROPPED_ELEMENT.finditer(text)]
    for m in _OPEN_TAG.finditer(text):
        start = m.start()
        for value in _PUBLISHED_ATTRIBUTE.finditer(m.group(0)):
            spans.append((start, m.start() + value.start(1)))
            start = m.start() + value.end(1)
        spans.append((start, m.end()))
    return sorted(spans)


def _after_line_label(text: str, colon_end: int) -> bool:
    """True if the colon ending at `colon_end` closes a short label at the start of a line
    ("ADEBAYO:", "[07:42] femi:", "Q:"): what follows opens the speaker's sentence."""
    line_start = text.rfind("\n", 0, colon_end) + 1
    return len(WORD_RE.findall(text, line_start, colon_end)) <= 5


#: A line opening with a label in bold, then the message: "**@the.retired.bursar** Proud of you".
_BOLD_LABEL_LINE = re.compile(r"[ \t>]*(?:\*\*|__)[^*_\n]{1,60}(?:\*\*|__)[ \t]+")


def _after_bold_label(text: str, word_start: int) -> bool:
    """True if the word at `word_start` follows a label in bold that opens its line (a comment's
    poster, a chat's sender): it opens the message as a sentence's first word does."""
    line_start = text.rfind("\n", 0, word_start) + 1
    return _BOLD_LABEL_LINE.fullmatch(text, line_start, word_start) is not None


#: Symbols that separate the fields of a line ("Like · Reply · 2d", "Forum › Support › Conduct"): a
#: word after one is capitalised as a field's first word, not as a name.
FIELD_SEPARATORS = frozenset("· • ⋅ ∙ › »".split())


#: What the text between two words says of the second, by gap: (line_start, sentence_start,
#: sentence start if the word is capitalised, sentence start if a line label ends before it).
#: Gaps repeat (", ", ". ", "\n\n"), so each is worked out once per process.
_GAP_MEANING: dict[str, tuple[bool, bool, bool, bool]] = {}


def _gap_meaning(gap: str) -> tuple[bool, bool, bool, bool]:
    """What a gap between two words (not before the first) says of the word after it."""
    meaning = _GAP_MEANING.get(gap)
    if meaning is None:
        tail = _TRAILING_OPENERS.search(gap)
        before = gap[:tail.start()]
        line_start = "\n" in gap and ("\n" in tail.group(0) or bool(_LIST_MARKER.search(gap))
                                      or bool(_TIME_STAMP_OPENER.fullmatch(gap, gap.rfind("\n") + 1)))
        # "Like · Reply · 2d", "Joined: Sept 2019 · Forum name": each field opens like a sentence
        sent_start = line_start or (before[-1:] in (".", "!", "?", "…") if before else False) \
            or before.rstrip(" \t")[-1:] in FIELD_SEPARATORS
        # "- **30.10.24**: Support plan review": a line's label of numbers alone (a date, a time)
        # ends with a colon in the gap itself, so the word after it opens the line's sentence
        label_in_gap = before[-1:] == ":" and "\n" in before
        # a quotation, or a phrase in italics ("children say *Bore da, Mrs Fychan*"): a capital after
        # its opening mark opens what is quoted; writers italicise other languages' words this way
        opens_quote = tail.group(0).rstrip("*_")[-1:] in ("\"", "“") or _SINGLE_EMPHASIS_OPENER.search(gap) is not None
        meaning = (line_start, sent_start or label_in_gap, opens_quote, before[-1:] == ":")
        if len(_GAP_MEANING) < 65536:
            _GAP_MEANING[gap] = meaning
    return meaning


#: WORD_RE capturing the word, for re.split: [gap, word, gap, word, ..., gap] in one C call.
_WORD_SPLIT = re.compile("(" + WORD_RE.pattern + ")", re.UNICODE)
#: Token's constructor without the named tuple's Python-level __new__ (a story has thousands).
_make_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Word tokens of text, each marked sentence-initial if only openers (spaces, quotes,
    emphasis, list markers) separate it from the start of the text, a line break or . ! ?
    Raw HTML tags are not words; a block tag counts as a line break."""
    text = _mask_markup(text)
    parts = _WORD_SPLIT.split(text)
    if len(parts) < 2:
        return []
    tokens = []
    append = tokens.append
    gap = parts[0]
    s = len(gap)
    word = parts[1]
    e = s + len(word)
    line_start = gap.strip(" \t*_\"“‘'([>#-–—•|~`”’)]\n") == "" or bool(_LIST_MARKER.search("\n" + gap)) \
        or bool(_TIME_STAMP_OPENER.fullmatch(gap, gap.rfind("\n") + 1))
    append(_make_token(Token, (s, e, word, line_start, line_start)))
    gap_meaning = _GAP_MEANING
    for k in range(2, len(parts) - 1, 2):
        gap = parts[k]
        word = parts[k + 1]
        prev_end = e
        s = e + len(gap)
        e = s + len(word)
        if gap == " ":
            append(_make_token(Token, (s, e, word, False, False)))
            continue
        meaning = gap_meaning.get(gap) or _gap_meaning(gap)
        line_start, sent_start, after_quote, after_colon = meaning
        sent_start = sent_start or (after_quote and word[:1].isupper()) \
            or (after_colon and _after_line_label(text, prev_end)) \
            or (gap.rstrip().endswith(("**", "__")) and _after_bold_label(text, s))  # "ADEBAYO: Better.", "**@jo** Proud of you"
        append(_make_token(Token, (s, e, word, sent_start, line_start)))
    return tokens


def lowercase_style(tokens: list[Token], text: str = "") -> bool:
    """True for text written without capitals (texting style: "i went to hull").

    Capitalisation is then no evidence of anything, so detectors switch to
    case-insensitive context rules. `text` (the tokens' text) tells the pronoun "i" from
    dialect's "i'".
    """
    starts = [t for t in tokens if t.sentence_start and t.text[:1].isalpha()]
    # the pronoun "i", not dialect's "i'" (in: "i' t'village"), whose token is "i" too
    lower_i = sum(1 for t in tokens if t.text == "i" and text[t.end:t.end + 1] not in ("'", "’"))
    if len(starts) < 3:
        return lower_i >= 2
    lower = sum(1 for t in starts if t.text[:1].islower())
    return lower / len(starts) >= 0.5 or lower_i >= 3


_TWO_CAPS = re.compile(r"[^\W\d_a-z]{2}")


def caps_line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in capitals ("MRS X SHOULD BE SACKED")."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if not _TWO_CAPS.search(line):
            pos += len(line) + 1
            continue
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def by_first_letter(words, escape=re.escape) -> str:
    """An alternation of `words` (each written as `escape` writes it) that matches exactly what
    "|".join(map(escape, words)) matches, preferring the same word at each position: the words
    are grouped by their first letter ("s(?:eventeen|ix)"), in the order given within each group.
    Two words whose first letters differ never both match at one position (in any case: distinct
    ASCII letters never fold to one character), so the order between groups is immaterial; the
    engine tries one branch per letter instead of every word (a case-insensitive alternation gets
    no first-letter shortcut from `re`). Every word must start with a lower-case ASCII letter (so
    that no two groups can match one character under IGNORECASE)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if not "a" <= word[:1] <= "z":
            raise ValueError(f"by_first_letter: {word!r} does not start with a lower-case ASCII letter")
        groups.setdefault(word[0], []).append(escape(word[1:]))
    return "|".join(first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                    for first, rests in groups.items())
