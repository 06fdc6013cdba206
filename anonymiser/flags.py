"""Indirect identifiers: flagged for the editor, never removed.

An exact date, an age, a roll size, years in post or a rare event does not
name anyone, but together they can. The editor decides.
"""
from __future__ import annotations

import re

from .types import Flag

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_NUMWORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred)"
            r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|and))*")
_NUM = r"(?:\d[\d,]*|" + _NUMWORD + r")"

PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("date", re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+\d{4})?\b"), "exact date"),
    ("date", re.compile(r"\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+of\s+" + _MONTH + r"\b", re.I), "exact date"),
    ("date", re.compile(r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"), "exact date"),
    ("date", re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"), "exact date"),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "exact date"),
    ("age", re.compile(r"\b(?:aged|age)\s+" + _NUM + r"\b", re.I), "age"),
    ("age", re.compile(r"\b(?:at|turned|turning)\s+(?:\d{2})\b(?![.:]\d)(?!\s*(?:am|pm|%|o'clock|minutes|hours|mph|pupils|children|students))", re.I), "possible age"),
    ("years_in_post", re.compile(r"\bfor\s+" + _NUM + r"\s+years\b", re.I), "years in post"),
]

# Flags that start with a number, in one pass (the number alternation is the costly part):
# group name -> (kind, note).
NUMBER_LED = re.compile(
    r"\b" + _NUM + r"(?:(?P<age>[- ]years?[- ]old)"
    r"|(?P<roll>\s+(?:pupils|children|students|learners|on roll))"
    r"|(?P<pupil>-pupil)"
    r"|(?P<post>\s+years?\s+(?:in post|as (?:a |the )?(?:head|headteacher|deputy|principal)|in headship|at the school|there)))\b",
    re.I)
NUMBER_LED_KINDS = {"age": ("age", "age"), "roll": ("number_on_roll", "number on roll / class size"),
                    "pupil": ("number_on_roll", "number on roll"), "post": ("years_in_post", "years in post")}

# Rare or newsworthy events: looked up word by word (one pass), plus a few phrases.
RARE_EVENT_WORDS = frozenset("""fire arson flood flooded flooding died death funeral killed suicide murder murdered
court tribunal solicitor police arrest arrested newspaper headline headlines press journalist bbc tiktok viral
petition strike closure closing merger federation federating stabbing knife lockdown explosion collapse asbestos
sacked dismissed dismissal suspended capability whistleblowing whistleblower inquest coroner""".split())
RARE_EVENT_PHRASES = re.compile(r"\b(?:court case|went viral|Facebook group|local paper|front page)\b", re.I)
_WORD = re.compile(r"[A-Za-z]+")


def find_flags(text: str) -> list[Flag]:
    """Indirect identifiers in text, sorted, without duplicates of the same span and kind."""
    seen = set()
    out = []
    for kind, rx, note in PATTERNS:
        for m in rx.finditer(text):
            key = (m.start(), m.end(), kind)
            if key in seen:
                continue
            seen.add(key)
            out.append(Flag(m.start(), m.end(), kind, m.group(0), note))
    for m in NUMBER_LED.finditer(text):
        kind, note = NUMBER_LED_KINDS[m.lastgroup]
        key = (m.start(), m.end(), kind)
        if key not in seen:
            seen.add(key)
            out.append(Flag(m.start(), m.end(), kind, m.group(0), note))
    for m in RARE_EVENT_PHRASES.finditer(text):
        seen.add((m.start(), m.end(), "rare_event"))
        out.append(Flag(m.start(), m.end(), "rare_event", m.group(0), "rare or newsworthy event"))
    for m in _WORD.finditer(text):
        if m.group(0).lower() in RARE_EVENT_WORDS and (m.start(), m.end(), "rare_event") not in seen:
            out.append(Flag(m.start(), m.end(), "rare_event", m.group(0), "rare or newsworthy event"))
    # a date inside a longer date: keep the longer
    out.sort(key=lambda f: (f.start, -f.end))
    pruned = []
    for f in out:
        if any(p.kind == f.kind and p.start <= f.start and f.end <= p.end for p in pruned):
            continue
        pruned.append(f)
    return pruned
