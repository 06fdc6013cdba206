"""Plain-text report of a story redaction for editors.

Each finding in context (about 40 characters either side) with label,
detector, score and placeholder; then the flagged indirect identifiers and
warnings. mask=True hides every removed surface (in the finding and in the
context) as first letter + length, e.g. "B…(7)", so the report can be shared.
"""
from __future__ import annotations

import re

WINDOW = 40


def mask_surface(surface: str) -> str:
    """"Bronwen" -> "B…(7)"."""
    s = surface.strip()
    return f"{s[:1]}…({len(s)})" if s else surface


def _masker(surfaces):
    words = sorted({s for s in surfaces if s and s.strip()}, key=lambda s: (-len(s), s))
    if not words:
        return lambda t: t
    rx = re.compile("|".join(r"\s+".join(map(re.escape, w.split())) for w in words), re.I)
    return lambda t: rx.sub(lambda m: mask_surface(m.group(0)), t)


def _context(text: str, start: int, end: int, mark: str) -> str:
    before = text[max(0, start - WINDOW):start]
    after = text[end:end + WINDOW]
    line = f"{'…' if start > WINDOW else ''}{before}⟦{mark}⟧{after}{'…' if end + WINDOW < len(text) else ''}"
    return line.replace("\n", " ⏎ ")


def render_story_report(path, story_redaction, mask: bool = False) -> str:
    """The report for one story (see module doc). Deterministic for a given input."""
    sr = story_redaction
    hide = _masker(sr.removed_surfaces()) if mask else (lambda t: t)
    lines = [f"== {path}"]
    lines.append(f"findings: {len(sr.findings)}")
    for fld, f in sorted(sr.findings, key=lambda x: (x[0] != "body", x[0], x[1].start)):
        text = sr.originals.get(fld, "")
        surface = mask_surface(f.text) if mask else f.text
        placeholder = sr.placeholders.get(f.text, "?")
        lines.append(f"  {fld}:{f.start}-{f.end} {f.label:<11} {surface!s:<24} -> {placeholder}  "
                     f"[{f.source} {f.score:.2f}]")
        if text:
            before = hide(text[max(0, f.start - WINDOW):f.start])
            after = hide(text[f.end:f.end + WINDOW])
            ctx = f"{before}⟦{surface}⟧{after}".replace("\n", " ⏎ ")
            lines.append(f"      {ctx}")
    lines.append(f"flags: {len(sr.flags)}")
    for fld, fl in sorted(sr.flags, key=lambda x: (x[0] != "body", x[0], x[1].start)):
        text = sr.originals.get(fld, "")
        lines.append(f"  {fld}:{fl.start}-{fl.end} {fl.kind:<15} {hide(fl.text)!s}  ({fl.note})")
        if text:
            ctx = hide(text[max(0, fl.start - WINDOW):fl.start]) + "⟦" + hide(fl.text) + "⟧" + hide(text[fl.end:fl.end + WINDOW])
            lines.append("      " + ctx.replace("\n", " ⏎ "))
    if sr.warnings:
        lines.append(f"warnings: {len(sr.warnings)}")
        for w in sr.warnings:
            lines.append(f"  {hide(w)}")
    return "\n".join(lines) + "\n"
