"""Readable, typed, per-story-consistent placeholders.

Variants of one person share a placeholder ("Bronwen Harries", "Bronwen",
"Harries" -> [Name A]); letters follow order of first appearance, so the same
story always gets the same output.
"""
from __future__ import annotations

from .surfaces import institution_acronyms, institution_stem
from .lexicon import strip_possessive
from .text import WORD_RE
from .types import Finding


#: Placeholder letters: A to Z without I and O, which read as the numbers 1 and 0 and "I" as the
#: pronoun ("[Name I] said").
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def letters(i: int) -> str:
    """0 -> A, 7 -> H, 8 -> J, 23 -> Z, 24 -> AA ... (I and O never used)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, len(LETTERS))
        s = LETTERS[r] + s
    return s


def _normalise(surface: str) -> str:
    """A surface's words, possessive taken off, lower case, one space between ("Bronwen Harries's" ->
    "bronwen harries"): what makes two mentions one entity."""
    return " ".join(strip_possessive(w).lower() for w in WORD_RE.findall(surface))


def assign(findings: list[Finding], lex) -> dict[str, str]:
    """Map each finding surface (exact text) to its placeholder; findings are in reading order."""
    by_key: dict[tuple[str, str], str] = {}  # (kind, normalised surface) -> entity id
    entity_kind: dict[str, str] = {}
    order: list[str] = []
    ordered = sorted(findings, key=lambda f: f.start)
    # each surface normalised once: the passes below compare every finding with every other
    normalised: dict[str, str] = {}

    def _norm(surface: str) -> str:
        found = normalised.get(surface)
        if found is None:
            found = normalised[surface] = _normalise(surface)
        return found

    # the names of several words, in reading order, with their words (what a single word may join)
    longer_names = [(other, words) for other in ordered if other.label == "NAME"
                    for words in [_norm(other.text).split()] if len(words) > 1]
    # the short forms each institution may go by, computed once per surface
    short_forms: dict[str, tuple[str | None, set[str]]] = {}
    for f in ordered:
        if f.label == "INSTITUTION" and f.text not in short_forms:
            stem = institution_stem(f.text, lex.institution_suffixes)
            short_forms[f.text] = (_norm(stem) if stem else None,
                                   {a.lower() for a in institution_acronyms(f.text, lex.institution_suffixes)})
    # pass 1: multi-word names and full institution names define entities
    for f in sorted(ordered, key=lambda f: (-len(_norm(f.text).split()), f.start)):
        if f.label == "CONTACT":
            continue
        key = (f.label, _norm(f.text))
        if key in by_key:
            continue
        eid = None
        if f.label == "NAME" and len(key[1].split()) == 1:
            # a single word joins the first multi-word name containing it
            for other, words in longer_names:
                if key[1] in words or key[1] == words[-1] + "s":
                    eid = by_key.get(("NAME", _norm(other.text)))
                    if eid:
                        break
        if f.label == "INSTITUTION" and eid is None:
            for other in ordered:
                if other.label == "INSTITUTION" and other is not f:
                    stem, acronyms = short_forms[other.text]
                    if (stem and (stem == key[1] or (" " not in key[1] and key[1] in stem.split()))) \
                            or key[1] in acronyms or key[1].replace(" ", "&") in acronyms:
                        eid = by_key.get(("INSTITUTION", _norm(other.text)))
                        if eid:
                            break
        if eid is None:
            eid = f"{f.label}:{key[1]}"
            entity_kind[eid] = f.label
        by_key[key] = eid
    # letters in order of first appearance, per kind
    first_seen: dict[str, int] = {}
    for f in ordered:
        if f.label == "CONTACT":
            continue
        eid = by_key[(f.label, _norm(f.text))]
        first_seen.setdefault(eid, f.start)
    # the short words each entity is written with ("K" of "Mrs K", "JT"): its letter must not be one,
    # or "Mrs [Name K]" would publish the initial it replaces
    own_words: dict[str, set[str]] = {}
    for f in ordered:
        if f.label != "CONTACT":
            own_words.setdefault(by_key[(f.label, _norm(f.text))], set()).update(
                w.upper() for w in WORD_RE.findall(f.text) if len(w) <= 3)
    counters: dict[str, int] = {}
    names: dict[str, str] = {}
    for eid in sorted(first_seen, key=lambda e: first_seen[e]):
        kind = entity_kind[eid]
        n = counters.get(kind, 0)
        while letters(n) in own_words.get(eid, ()):
            n += 1
        counters[kind] = n + 1
        template = lex.placeholders.get(kind, "[" + kind.title() + " {letter}]")
        names[eid] = template.format(letter=letters(n))
    out: dict[str, str] = {}
    for f in ordered:
        if f.label == "CONTACT":
            out[f.text] = lex.placeholders.get("CONTACT", "[contact removed]")
        else:
            out.setdefault(f.text, names[by_key[(f.label, _norm(f.text))]])
    return out


def render(text: str, findings: list[Finding], placeholder_of: dict[str, str]) -> str:
    """Replace each finding by its placeholder (findings must not overlap)."""
    parts = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        parts.append(text[pos:f.start])
        parts.append(placeholder_of[f.text])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
