"""Places whose names join capitalised words with lower-case ones ("Hope under Dinmore", "Kirkby
in Ashfield", "Clacton-on-Sea", "Newbiggin-by-the-Sea"): removed whole.

A run of capitalised words stops at "under" or "in", so each capitalised part alone was found
or missed on its own merits, and "Hope" or "Sea" left beside a removed part names the place
still. The gazetteer knows such names whole; this detector matches them whole, in any spelling
of their joins (spaces or hyphens), wherever they stand.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..registry import register
from ..types import Finding
from .base import Context

#: The lower-case words that join the parts of a place's name.
JOINERS = frozenset("on of le the upon in by under y and la de cum en sub super next over with".split())
#: The longest such name, in words.
MAX_WORDS = 5


@lru_cache(maxsize=4)
def joined_place_names(places: frozenset) -> frozenset:
    """The gazetteer's names with a lower-case joiner inside, spaces and hyphens made one space."""
    out = set()
    for place in places:
        words = re.split(r"[ -]+", place)
        if len(words) > 2 and any(w in JOINERS for w in words[1:-1]):
            out.add(" ".join(words))
    return frozenset(out)


@register
class JoinedPlaceDetector:
    """A gazetteer place of capitalised words joined by lower-case ones -> one PLACE."""

    name = "joined-place"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        names = joined_place_names(ctx.lexicon.places)
        if not names:
            return []
        toks, text = ctx.tokens, ctx.text
        n = len(toks)
        out = []
        i = 0
        while i < n - 2:
            t = toks[i]
            nxt = toks[i + 1].text
            if not (t.text[:1].isupper() and nxt.lower() in JOINERS and nxt[:1].islower() or ctx.lowercase):
                i += 1
                continue
            found = None
            for k in range(min(n - 1, i + MAX_WORDS - 1), i + 1, -1):
                gaps = [text[toks[j].end:toks[j + 1].start] for j in range(i, k)]
                if any(g not in (" ", "-") for g in gaps):
                    continue
                if " ".join(x.text.lower() for x in toks[i:k + 1]) in names:
                    found = k
                    break
            if found is None:
                i += 1
                continue
            s, e = t.start, toks[found].end
            out.append(Finding(s, e, "PLACE", text[s:e], self.name, 0.85))
            i = found + 1
        return out
