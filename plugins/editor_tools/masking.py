"""Masking removed words so a report can talk about them without repeating them.

A removed surface is shown as its first letter and its length, e.g. "Bernadette" becomes
"B……(10)": enough for the editor who wrote the story to recognise it, not enough for a
reader of a pull-request comment to learn it. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Between the first letter and the length; no spaces, so word-splitting never cuts a mask.
ELLIPSIS = "……"
_SPACE = re.compile(r"\s+")


def mask(surface: str) -> str:
    """`surface` as first letter, ellipsis and length: "Bernadette" -> "B……(10)"."""
    surface = surface.strip()
    if not surface:
        return ""
    return f"{surface[0]}{ELLIPSIS}({len(surface)})"


def surface_pattern(surfaces: Iterable[str]) -> re.Pattern | None:
    """One case-insensitive pattern matching any surface as a whole word (longest first), or None."""
    terms = sorted({_SPACE.sub(" ", s.strip()) for s in surfaces if s and s.strip()}, key=lambda t: (-len(t), t))
    if not terms:
        return None
    # Whitespace inside a surface may be any run of whitespace in the text (line breaks in Markdown).
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in term.split(" ")) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask_spans(text: str, spans: Iterable[tuple[int, int]], surfaces: Iterable[str] = ()) -> str:
    """`text` with every span, and every occurrence of every surface, replaced by its mask.

    Overlapping spans and matches are merged first, so a name inside a longer removed phrase
    is masked once, as part of the phrase.
    """
    ranges = [(s, e) for s, e in spans if 0 <= s < e <= len(text)]
    pattern = surface_pattern(surfaces)
    if pattern is not None:
        ranges += [m.span() for m in pattern.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(text[cursor:start])
        out.append(mask(text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def mask_text(text: str, surfaces: Iterable[str]) -> str:
    """`text` with every occurrence of every surface (whole words, any case) masked."""
    return mask_spans(text, (), surfaces)


def context_around(text: str, start: int, end: int, spans: Iterable[tuple[int, int]], surfaces: Iterable[str],
                   words: int = 6, marker: tuple[str, str] = ("**", "**"), shown: str | None = None) -> str:
    """About `words` words either side of text[start:end], everything removed masked, the span marked.

    The span itself is shown as `shown` when given (a flag's own words), else masked. The window
    is cut at whitespace only after masking, so it can never show part of a name.
    """
    if not (0 <= start < end <= len(text)):
        return ""
    target = "\x00"  # stands in for the finding while the rest is masked, never in story text
    others = [(s, e) for s, e in spans if e <= start or s >= end]
    before = mask_spans(text[:start], [(s, e) for s, e in others if e <= start], surfaces)
    after_spans = [(s - end, e - end) for s, e in others if s >= end]
    after = mask_spans(text[end:], after_spans, surfaces)
    left = _SPACE.split(before)
    right = _SPACE.split(after)
    # A word glued to the span ("Bernadette's") stays whole: the first/last pieces touch it.
    head = left[-1]
    tail = right[0]
    shown_left = left[:-1][-words:]
    shown_right = right[1:][:words]
    middle = head + target + tail
    pieces = shown_left + [middle] + shown_right
    line = " ".join(p for p in pieces if p)
    open_mark, close_mark = marker
    shown = mask(text[start:end]) if shown is None else _SPACE.sub(" ", shown)
    line = line.replace(target, open_mark + shown + close_mark)
    prefix = "… " if len(left) - 1 > words else ""
    suffix = " …" if len(right) - 1 > words else ""
    return (prefix + line + suffix).strip()
