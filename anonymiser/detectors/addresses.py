"""The lines of a postal address block: "Thwaite / Richmond / North Yorkshire / DL11 6QZ".

A letter opens with the sender's and the recipient's addresses, one part per line, ending with
a postcode. Each line above the postcode, up to the blank line that starts the block, is part
of the address whatever its words: a village, a town, a county, a street with its number. The
postcode itself and numbered streets are the contact detector's; this one reads the structure,
so a village no gazetteer knows ("Thwaite") is found by where it stands.

Lines that name a person or a role ("Jonathan Akintola MP", "Headteacher") are left to the name
detectors: a title, an honorific or a role word among a line's words keeps the whole line out.
"""
from __future__ import annotations

import re

from ..lexicon import is_function_word
from ..ordinary import HONORIFICS
from ..registry import register
from ..types import Finding
from .base import Context
from .contacts import POSTCODE

#: A postcode standing alone on its line, or at the end of it after a comma ("Leeds, LS7 4QD").
POSTCODE_LINE = re.compile(r"^[ \t]*(?:[^\n]*,[ \t]*)?" + POSTCODE.pattern + r"[ \t,.]*$", re.M)
#: How many lines above a postcode an address can run to.
MAX_ADDRESS_LINES = 6
#: At most this many words on one line of an address.
MAX_LINE_WORDS = 5
#: An address line ends with nothing but a comma; a sentence, a label or a list does not.
NOT_AN_ADDRESS_LINE = re.compile(r"[.!?:;@]\s*$|^\s*(?:[-*+>#|]|\d+[.)]\s)|\b(?:Tel|Email|Phone|Fax|Mobile)\b", re.I)
WORD = re.compile(r"[\w'’-]+")
#: Letters after a name ("MP", "OBE", "MSP"): the line is a person's.
POST_NOMINAL = re.compile(r"[A-Z]{2,4}")


@register
class AddressBlockDetector:
    """Each line of an address block above its postcode -> PLACE (CONTACT if it holds a number)."""

    name = "address-block"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        if not POSTCODE.search(text):
            return []
        lex = ctx.lexicon
        out = []
        for m in POSTCODE_LINE.finditer(text):
            end = text.rfind("\n", 0, m.start())  # the newline ending the line above the postcode
            for _ in range(MAX_ADDRESS_LINES):
                if end <= 0:
                    break
                start = text.rfind("\n", 0, end) + 1
                line = text[start:end]
                if not line.strip():
                    break  # a blank line: the block starts below it
                finding = self._line_finding(ctx, start, line, lex)
                if finding is not None:
                    out.append(finding)
                end = start - 1
        return out

    def _line_finding(self, ctx: Context, start: int, line: str, lex) -> Finding | None:
        stripped = line.strip().rstrip(",").strip()
        words = WORD.findall(stripped)
        if not words or len(words) > MAX_LINE_WORDS or NOT_AN_ADDRESS_LINE.search(stripped):
            return None
        if not (stripped[:1].isupper() or stripped[:1].isdigit()):
            return None
        if any(w in lex.titles or w.lower().rstrip(".") in HONORIFICS or w.lower() in lex.relation_words
               or POST_NOMINAL.fullmatch(w) for w in words) or lex.is_given_name(words[0]):
            return None  # a person or a role ("Jonathan Akintola MP", "Headteacher"): the name detectors' lines
        if words[-1] in lex.institution_suffixes:
            return None  # "Thwaite Bridge Primary School": the institution detector's
        numbered = any(c.isdigit() for c in stripped)
        if not numbered and all(lex.is_keep_word(w) or is_function_word(w) or lex.is_ordinary(w) for w in words):
            return None  # "Constituency Office", "The School House": words, nobody's place by themselves
        s = start + line.index(stripped)
        label = "CONTACT" if numbered else "PLACE"
        return Finding(s, s + len(stripped), label, stripped, self.name, 0.8)
