"""Towns named like months ("March", in the Fens): the calendar word where a place stands.

A month is a keep word: "in March" is nearly always the month, and a gate that read it as the
town would stop every dated story. The town shows only by its company: where people live, grow
up or farm ("I grew up in March", "lived in March all my life"), beside other places ("heads
from March and Downham Market", "Wisbech, March and Chatteris") or before its county in an
address ("St Botolph's, March, Cambridgeshire"). Each of those is position and context, true of
any place that shares a month's name; a date beside the word ("March 2019") always wins.
"""
from __future__ import annotations

import re

from ..ordinary import MONTHS
from ..registry import register
from ..types import Finding
from .base import Context

#: What comes before a place where a person lives or comes from, never before a month.
RESIDENCE_BEFORE = re.compile(
    r"\b(?:grew up|grow up|growing up|live|lives|lived|living|raised|bred|based|settled|farm|farms|farmed|"
    r"moved to|moved back to|went back to|came back to|a view from|the town of|just outside|outside|near)"
    r"(?: just outside| near)?(?: in)?[ \t]+$", re.I)
#: A capitalised word or two after or before the month, as a neighbour in a list of places.
_NEIGHBOUR = r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?"
AFTER = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+)(" + _NEIGHBOUR + r")")
BEFORE = re.compile(r"(" + _NEIGHBOUR + r")(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+)$")
DATE_NEAR = re.compile(r"^[ \t]*(?:\d|the[ \t]+\d)")


@register
class MonthPlaceDetector:
    """A month's name that the gazetteer also lists as a place, where a place stands -> PLACE."""

    name = "month-place"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        lex = ctx.lexicon
        months = [m for m in MONTHS if m in lex.places]
        if not months:
            return []
        text = ctx.text
        out = []
        for m in re.finditer(r"\b(" + "|".join(w.title() for w in months) + r")\b(?!['’]?s\b)", text):
            s, e = m.span()
            if DATE_NEAR.match(text, e) or re.search(r"\d[ \t]*$", text[max(0, s - 4):s]):
                continue  # "March 2019", "14 March": the month
            if self._place_context(text, s, e, lex):
                out.append(Finding(s, e, "PLACE", m.group(0), self.name, 0.8))
        return out

    @staticmethod
    def _place_context(text: str, s: int, e: int, lex) -> bool:
        """True where a place stands: after where someone lives, or beside another place."""
        if RESIDENCE_BEFORE.search(text, max(0, s - 40), s):
            return True
        for neighbour in (AFTER.match(text, e), BEFORE.search(text, max(0, s - 40), s)):
            if neighbour is None:
                continue
            words = neighbour.group(1)
            if words.lower() in MONTHS or words.split()[0].lower() in MONTHS:
                continue  # "March and April": months together
            if words.lower() in lex.places or words.split()[0].lower() in lex.places or words.endswith("shire"):
                return True
        return False
