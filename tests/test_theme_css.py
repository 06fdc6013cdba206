"""The theme's one stylesheet: small, self-contained, accessible in light, dark and print.

Read straight from theme/static/css/site.css (no build needed). The colour checks compute
WCAG 2.2 contrast ratios from the custom properties declared in :root, for the light palette
and for the dark one in `@media (prefers-color-scheme: dark)`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS_PATH = Path(__file__).resolve().parents[1] / "theme" / "static" / "css" / "site.css"
CSS = CSS_PATH.read_text(encoding="utf-8")
CSS_NO_COMMENTS = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)

# (foreground, background, minimum ratio): every pairing the theme actually uses.
PAIRS = [
    ("--text", "--bg", 4.5), ("--text", "--surface", 4.5), ("--muted", "--bg", 4.5), ("--muted", "--surface", 4.5),
    ("--link", "--bg", 4.5), ("--link", "--surface", 4.5), ("--button-text", "--button-bg", 4.5),
    ("--text", "--note-bg", 4.5), ("--link", "--note-bg", 4.5), ("--text", "--help-bg", 4.5),
    ("--link", "--help-bg", 4.5), ("--muted", "--help-bg", 4.5),
    ("--focus", "--bg", 3.0), ("--focus", "--surface", 3.0), ("--control", "--surface", 3.0),
    ("--button-bg", "--bg", 3.0), ("--note-line", "--bg", 3.0), ("--help-line", "--bg", 3.0),
]


def block_after(marker: str) -> str:
    """The text of the balanced {...} block that follows `marker` in the stylesheet."""
    start = CSS_NO_COMMENTS.index(marker)
    i = CSS_NO_COMMENTS.index("{", start)
    depth = 0
    for j in range(i, len(CSS_NO_COMMENTS)):
        depth += {"{": 1, "}": -1}.get(CSS_NO_COMMENTS[j], 0)
        if depth == 0:
            return CSS_NO_COMMENTS[i + 1:j]
    raise AssertionError(f"unbalanced block after {marker}")


def custom_properties(block: str) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", block)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1) if root else ""))


def luminance(colour: str) -> float:
    colour = colour.strip().lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


LIGHT = custom_properties(CSS_NO_COMMENTS)
DARK = {**LIGHT, **custom_properties(block_after("@media (prefers-color-scheme: dark)"))}


def test_stylesheet_is_under_12_kb():
    assert CSS_PATH.stat().st_size < 12 * 1024


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_colour_pairs_meet_wcag_aa_contrast(palette):
    low = [(fg, bg, round(contrast(palette[fg], palette[bg]), 2)) for fg, bg, minimum in PAIRS
           if contrast(palette[fg], palette[bg]) < minimum]
    assert not low, f"pairs below WCAG AA: {low}"


def test_dark_palette_redefines_the_colours():
    dark_only = custom_properties(block_after("@media (prefers-color-scheme: dark)"))
    assert {"--bg", "--text", "--link", "--focus"} <= dark_only.keys()


def test_uses_only_the_system_font_stack():
    assert "@font-face" not in CSS_NO_COMMENTS and "@import" not in CSS_NO_COMMENTS
    assert re.search(r"font-family:\s*system-ui", CSS_NO_COMMENTS)


def test_fetches_nothing():
    assert "url(" not in CSS_NO_COMMENTS


def test_focus_visible_has_a_thick_outline():
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", CSS_NO_COMMENTS)
    width = re.search(r"outline:\s*(\d+)px\s+solid", rule.group(1)) if rule else None
    assert width and int(width.group(1)) >= 3


def test_respects_reduced_motion():
    assert "animation-duration" in block_after("@media (prefers-reduced-motion: reduce)")


def test_base_text_is_18px_with_generous_line_height_and_a_readable_measure():
    body = re.search(r"\nbody\s*\{([^}]*)\}", CSS_NO_COMMENTS).group(1)
    assert re.search(r"font-size:\s*1\.125rem", body) and re.search(r"line-height:\s*1\.6", body)
    assert re.search(r"--measure:\s*6[0-9]ch", CSS_NO_COMMENTS)


def test_print_hides_the_chrome():
    printed = block_after("@media print")
    hidden = re.search(r"([^{}]*)\{\s*display:\s*none", printed).group(1)
    for selector in (".site-header nav", ".search", ".site-footer ul", ".skip", ".support-link"):
        assert selector in hidden, selector


def test_print_shows_link_urls_after_links_in_the_text():
    assert re.search(r"\.prose a\[href\]::after[^{]*\{[^}]*attr\(href\)", block_after("@media print"))
