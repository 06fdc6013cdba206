"""Editor-forced terms: every occurrence of a `redact:` term, in any case and with any
whitespace (line breaks included) between its words."""
from __future__ import annotations

from ..types import Finding
from .base import Context
from ..registry import register


@register
class RedactTermDetector:
    """Policy/front-matter redact terms -> findings with score 1.0 (nothing overrides them)."""

    name = "redact-term"
    strong = True

    def __init__(self, label_guess=None):
        self.label_guess = label_guess

    def detect(self, ctx: Context) -> list[Finding]:
        rx = ctx.lexicon.redact_re
        if rx is None:
            return []
        out = []
        for m in rx.finditer(ctx.text):
            out.append(Finding(m.start(), m.end(), "NAME", m.group(0), self.name, 1.0))
        return out
