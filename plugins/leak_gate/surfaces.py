"""What the gate looks for: every removed surface of every story, labelled, with its match mode.

Pure: built from `anonymiser.StoryRedaction` objects (or anything with `findings` and
`removed_surfaces()`), the site's allowlist and a word list; no Pelican, no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from anonymiser.ordinary import HONORIFICS, is_public_number, never_a_name

from .text import surface_tokens

#: A possessive ending: "'s", "’s", or a lone apostrophe after a plural.
POSSESSIVE = re.compile(r"(?:['’][sS]|(?<=s)['’])$")
#: A surface matches whatever its case: multi-word surfaces, and words that are not ordinary English.
ANY_CASE = "any case"
#: A surface of ordinary words ("Hope", "Long Way Home"): matches only written as a name,
#: capitalised (one word: and not opening a sentence); see `match_mode`.
NAME_CASE = "capitalised, not at a sentence start"
#: The label of a `redact:` term that no detector labelled.
REDACT_LABEL = "REDACT"
#: One-letter surfaces ("J" of "Mr J") would match every stray letter; they are not gated.
MIN_SINGLE_TOKEN_LENGTH = 2


@dataclass
class Surface:
    """One removed surface as the gate matches it: tokens, label(s), mode and the stories it came from."""

    text: str
    tokens: tuple[str, ...]
    mode: str
    labels: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """The labels joined ("NAME" or "NAME/PLACE" when stories disagree)."""
        return "/".join(sorted(self.labels))


@dataclass(frozen=True)
class AllowedTerm:
    """A term the site may show although some story had it removed, and why (printed every build)."""

    term: str
    why: str

    @property
    def tokens(self) -> tuple[str, ...]:
        """The term as case-folded word tokens."""
        return surface_tokens(self.term)


def parse_allowlist(value: Any) -> list[AllowedTerm]:
    """LEAK_GATE_ALLOWLIST as a list: accepts a dict term -> why, or a list of {"term", "why"}.

    Every entry must say why: an allowlist without reasons is where leaks go to hide.
    """
    if not value:
        return []
    items = value.items() if isinstance(value, Mapping) else [
        (entry.get("term"), entry.get("why")) if isinstance(entry, Mapping) else (entry, None) for entry in value
    ]
    allowed = []
    for term, why in items:
        if not isinstance(term, str) or not term.strip():
            raise ValueError(f"LEAK_GATE_ALLOWLIST: every entry needs a non-empty 'term', got {term!r}")
        if not isinstance(why, str) or not why.strip():
            raise ValueError(f"LEAK_GATE_ALLOWLIST: the entry for {term!r} must say 'why' it may appear")
        allowed.append(AllowedTerm(term.strip(), why.strip()))
    return allowed


def _label_for(surface: str, tokens: tuple[str, ...], findings: list[tuple[tuple[str, ...], str]],
               redact_terms: set[tuple[str, ...]]) -> str:
    """A finding's label for the same words, else of a finding containing them, else REDACT."""
    for finding_tokens, label in findings:
        if finding_tokens == tokens:
            return label
    if tokens in redact_terms:
        return REDACT_LABEL
    for finding_tokens, label in findings:
        n = len(tokens)
        if any(finding_tokens[i:i + n] == tokens for i in range(len(finding_tokens) - n + 1)):
            return label
    return REDACT_LABEL


#: Words of a multi-word name that are not gated on their own ("Mrs", initials, particles).
NAME_PART_STOPWORDS = HONORIFICS | frozenset("st de la le van von der den du da di al el bin ibn ap and of the".split())


def is_gated(tokens: tuple[str, ...], text: str) -> bool:
    """False for a surface that names no one wherever it stands: words that never name anyone
    alone ("Mrs", "Two", "Roman Catholic") and public helpline numbers the site itself prints."""
    if all(never_a_name(t) for t in tokens):  # word by word: stricter than the anonymiser's names_no_one
        return False
    return not (any(c.isdigit() for c in text) and is_public_number(text))


def _with_name_parts(redaction: Any, is_dictionary_word: Callable[[str], bool]) -> set[str]:
    """The removed surfaces plus each word of every multi-word NAME ("Bronwen", "Harries" of
    "Bronwen Harries"): a template printing a surname alone must fail the gate too.

    A word that is itself a dictionary word is not added on its own: the anonymiser also
    labels slogans and organisations NAME ("World's Okayest Head"), and gating "Head" or
    "Church" alone would fail builds for nothing. (The anonymiser's own findings of such a
    word, like "Hope" for "Hope Ellis", are gated as found.)
    """
    surfaces = set(redaction.removed_surfaces())
    for _, finding in redaction.findings:
        if finding.label != "NAME":
            continue
        words = surface_tokens(finding.text)
        if len(words) > 1:
            surfaces.update(p.title() for p in words
                            if len(p) > 2 and p not in NAME_PART_STOPWORDS and not is_dictionary_word(p))
    return surfaces


def match_mode(tokens: tuple[str, ...], label: str, is_ordinary: Callable[[str], bool]) -> str:
    """How a surface is matched: NAME_CASE (only written as a name: capitalised) or ANY_CASE.

    One ordinary word ("Hope") is matched only capitalised, as is a phrase of ordinary words
    that is no two-word personal name ("Long Way Home", "Health and Care Plan"): in lower case
    it is the phrase ("drove the long way home"). "Will Baker" stays any case: a given name and
    a surname that are both words are still a person's name in a lower-case chat."""
    if not all(is_ordinary(t) or t in NAME_PART_STOPWORDS for t in tokens):
        return ANY_CASE
    if len(tokens) == 1 or label not in ("NAME", REDACT_LABEL) or len(tokens) >= 3:
        return NAME_CASE
    return ANY_CASE


def story_surfaces(redactions: Mapping[str, Any], is_ordinary: Callable[[str], bool],
                   is_dictionary_word: Callable[[str], bool] | None = None) -> list[Surface]:
    """Every surface removed from any story, merged across stories, with label and match mode.

    `redactions` maps a story's source path to its StoryRedaction; `is_ordinary(word)` says
    whether a one-word surface is an ordinary English word, inflections included, and
    `is_dictionary_word(word)` whether it is one exactly as written (see `words.py`; by
    default `is_ordinary`).
    """
    is_dictionary_word = is_dictionary_word or is_ordinary
    merged: dict[tuple[str, ...], Surface] = {}
    for path, redaction in redactions.items():
        findings = [(surface_tokens(f.text), f.label) for _, f in redaction.findings]
        redact_terms = {surface_tokens(t) for t in getattr(redaction, "redact_terms", ())}
        for text in _with_name_parts(redaction, is_dictionary_word):
            text = POSSESSIVE.sub("", text)  # "J's" is the surface "J": its "s" is no word of the name
            tokens = surface_tokens(text)
            if not tokens or (len(tokens) == 1 and len(tokens[0]) < MIN_SINGLE_TOKEN_LENGTH) or not is_gated(tokens, text):
                continue
            label = _label_for(text, tokens, findings, redact_terms)
            surface = merged.get(tokens)
            if surface is None:
                surface = merged[tokens] = Surface(text=text.strip(), tokens=tokens,
                                                   mode=match_mode(tokens, label, is_ordinary))
            elif surface.mode == NAME_CASE and match_mode(tokens, label, is_ordinary) == ANY_CASE:
                surface.mode = ANY_CASE  # the stricter reading wins when stories disagree
            surface.labels.add(label)
            surface.stories.add(str(path))
    return sorted(merged.values(), key=lambda s: s.tokens)


def allowed_surfaces(surfaces: Iterable[Surface], allowlist: Iterable[AllowedTerm]) -> list[Surface]:
    """The surfaces that an allowlisted term covers exactly (shown in the build log and report)."""
    allowed = {a.tokens for a in allowlist}
    return [s for s in surfaces if s.tokens in allowed]
