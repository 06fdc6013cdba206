"""Road numbers: "the A50", "down the b3306", "off the M6", "the A1(M)".

A British road number is a letter (A, B or M) and one to four digits. After "the" it names a
road a reader can find on a map, and with the story's other details a stretch of the country.
Paper and vitamin sizes take the same shape ("an A4 sheet", "the B12 levels"), so a following
word that such a size describes keeps it.
"""
from __future__ import annotations

import re

from ..registry import register
from ..types import Finding
from .base import Context

ROAD = re.compile(r"\b(?:the|The|THE)[ \t]+([AaBbMm][1-9]\d{0,3}(?:\([Mm]\))?)(?![\w(])(?:[ \t]+([A-Za-z]+))?")
#: Words after which the shape is a size or a dose, not a road ("the A4 paper").
NOT_A_ROAD = frozenset("paper papers sheet sheets size sizes envelope envelopes folder folders page pages "
                       "format pad pads print prints poster posters card cards levels level vitamin injection "
                       "injections deficiency jab jabs tablets".split())


@register
class RoadNumberDetector:
    """A road number after "the" -> PLACE."""

    name = "road"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        for m in ROAD.finditer(ctx.text):
            if m.group(2) and m.group(2).lower() in NOT_A_ROAD:
                continue
            out.append(Finding(m.start(1), m.end(1), "PLACE", m.group(1), self.name, 0.8))
        return out
