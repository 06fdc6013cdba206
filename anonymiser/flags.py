"""Indirect identifiers: flagged for the editor, never removed.

An exact date, an age, a roll size, years in post or a rare event does not name anyone, but
together they can. The editor decides. The flags are the quasi-identifiers of the
motivated-intruder check (`anonymiser.risk`), so the redaction report and `python -m
anonymiser risk` always list the same details; the check adds how much they narrow.
"""
from __future__ import annotations

from .risk.quasi import find_quasi_identifiers
from .types import Flag


def find_flags(text: str) -> list[Flag]:
    """Indirect identifiers in text, in reading order: kind (the detail's type), text and what it says."""
    flags = []
    for qi, _ in find_quasi_identifiers(text):
        what = qi.key.replace("-", " ")
        note = what if qi.value in ("", qi.key) else f"{what}: {qi.value.replace('-', ' ')}"
        flags.append(Flag(qi.start, qi.end, qi.label.lower().replace("_", " "), qi.text, note))
    return flags
