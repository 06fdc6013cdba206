"""Shapes of a found surface that other mentions of the same thing take: an institution's short
name and acronyms, the parts of a person's name that still name them alone.

Shared by the resolver's propagation stage, the placeholder assignment and the detectors, so
that no resolver stage imports a detector module.
"""
from __future__ import annotations

import re

from .lexicon import is_function_word, strip_possessive

#: Given names that are also modal verbs or common verbs: a part of a full name ("Will Chadwick")
#: still names the person alone, although the word is a function word elsewhere.
MODAL_NAMES = frozenset({"will", "may", "can", "pat", "sue"})


def institution_stem(surface: str, suffixes) -> str | None:
    """The distinctive part of an institution name, used to find later short mentions:
    "Elton Vale Primary School" -> "Elton Vale". None if nothing distinctive is left."""
    words = surface.split()
    markers = {m.lower() for m in suffixes} | {"ce", "rc", "cofe", "va", "vc"}
    while words and strip_possessive(words[-1]).lower() in markers:
        words.pop()
        # "Lydgate Junior and Infant School": past a connector into more institution words
        if len(words) > 1 and words[-1] in ("and", "&") and strip_possessive(words[-2]).lower() in markers:
            words.pop()
    if words and words[-1] in ("of", "and", "&"):
        return None
    if not words or len(words) == len(surface.split()):
        return None
    stem = " ".join(words)
    if stem in ("St", "St.", "The", "Saint"):
        return None
    return stem


def institution_acronyms(surface: str, suffixes=frozenset()) -> set[str]:
    """Acronyms an institution may go by: the initials of its capitalised words, with and without
    its kind ("Kernow Estuary Learning Trust" -> "KELT", "KEL"; "Bath and North East Somerset
    Council" -> "BNESC", "BNES", "B&NES", "BANES"). Only names of three or more such words."""
    words = re.findall(r"[\w'’]+|&", surface)
    markers = {m.lower() for m in suffixes}
    out = set()
    for keep_kind in (True, False):
        ws = list(words)
        while not keep_kind and ws and strip_possessive(ws[-1]).lower() in markers:
            ws.pop()
        caps = [w for w in ws if w[:1].isupper() and not is_function_word(w)]
        if len(caps) < 3:
            continue
        out.add("".join(w[0] for w in caps))
        if "and" in ws or "&" in ws:
            for joiner in ("&", "A"):
                out.add("".join(w[0] if w[:1].isupper() and not is_function_word(w) else joiner
                                for w in ws if (w[:1].isupper() and not is_function_word(w)) or w in ("and", "&")))
    return {a for a in out if len(a) >= 3}
