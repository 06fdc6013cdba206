"""Share cards: 1200×630 images for Open Graph and Twitter, drawn at build time, no service.

A card is decided once, as plain data (`Card`: a label, the title's wrapped lines, the site's
name), and both images are drawn from that data alone: the SVG writes each line as a <text>
element, the PNG draws exactly the same strings with Pillow. So what a PNG shows can be
checked by reading its SVG, and a story's card can only ever carry the text it was given
(the anonymised title: the generator never hands this module anything else).

The font is Pillow's own scalable default (Aileron, bundled in Pillow ≥ 10.1 wheels): it is
always present wherever Pillow installs from PyPI, so the PNGs are identical on every machine
and need no system font package (fonts-dejavu-core is installed by .ci/run only when Chromium
is missing). Text is measured with the same font for both images, so their lines match.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
LABEL_SIZE = 34
SITE_SIZE = 34
#: Title sizes tried largest first; the first at which the title fits its box is used.
TITLE_SIZES = (72, 64, 56, 48)
TITLE_LINE_HEIGHT = 1.22
TITLE_TOP = 200  # baseline of the first title line
BACKGROUND = "#0a5a60"  # the site's link/button colour; white text on it is 7.4:1
FOREGROUND = "#ffffff"
ACCENT = "#ffd54a"  # the site's focus halo colour; 9.1:1 on the background
SVG_FONTS = "Aileron, 'DejaVu Sans', Arial, Helvetica, sans-serif"
ELLIPSIS = "…"
#: Written into every SVG: bump it when the drawing changes, so cards kept from an earlier build are redrawn.
CARD_FORMAT = 1


@dataclass(frozen=True)
class Card:
    """Everything a card shows: the only strings either image is drawn from."""

    label: str
    lines: tuple[str, ...]
    title_size: int
    site_name: str

    def strings(self) -> tuple[str, ...]:
        """Every string drawn on the card, in drawing order."""
        return (self.label, *self.lines, self.site_name)


@functools.lru_cache(maxsize=None)
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font at `size` pixels."""
    return ImageFont.load_default(size=size)


def wrap(text: str, size: int, width: int) -> list[str]:
    """Greedy word wrap of `text` to lines at most `width` pixels wide in the card font."""
    measure = font(size).getlength
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while measure(current) > width:  # a word wider than the card: break it
            cut = len(current)
            while cut > 1 and measure(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def max_lines(size: int) -> int:
    """How many title lines of `size` fit between the label and the site name."""
    return 1 + int((TITLE_BOTTOM - TITLE_TOP) // (size * TITLE_LINE_HEIGHT))


def make_card(label: str, title: str, site_name: str) -> Card:
    """Lay out a card: the largest title size at which `title` fits, else the smallest, shortened."""
    width = WIDTH - 2 * MARGIN
    title = " ".join(title.split())
    for size in TITLE_SIZES:
        lines = wrap(title, size, width)
        if len(lines) <= max_lines(size):
            return Card(label, tuple(lines), size, site_name)
    size = TITLE_SIZES[-1]
    lines = wrap(title, size, width)[: max_lines(size)]
    last = lines[-1]
    while last and font(size).getlength(last + ELLIPSIS) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + ELLIPSIS
    return Card(label, tuple(lines), size, site_name)


def _baselines(card: Card) -> list[int]:
    step = round(card.title_size * TITLE_LINE_HEIGHT)
    return [TITLE_TOP + i * step for i in range(len(card.lines))]


LABEL_BASELINE = MARGIN + LABEL_SIZE
SITE_BASELINE = HEIGHT - MARGIN
RULE_Y = HEIGHT - MARGIN - SITE_SIZE - 28
TITLE_BOTTOM = RULE_Y - 36  # no title baseline below this: descenders stay clear of the rule


def card_svg(card: Card) -> str:
    """The card as an SVG document: one <text> per drawn string, classed label/title/site."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- Safe Harbour share card, format {CARD_FORMAT} -->",
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label={quoteattr(" ".join(card.lines) + " · " + card.site_name)}>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
        f'<text class="label" x="{MARGIN}" y="{LABEL_BASELINE}" font-family="{SVG_FONTS}" font-size="{LABEL_SIZE}" '
        f'fill="{ACCENT}">{escape(card.label)}</text>',
    ]
    for line, y in zip(card.lines, _baselines(card)):
        parts.append(
            f'<text class="title" x="{MARGIN}" y="{y}" font-family="{SVG_FONTS}" font-size="{card.title_size}" '
            f'font-weight="bold" fill="{FOREGROUND}">{escape(line)}</text>'
        )
    parts += [
        f'<rect x="{MARGIN}" y="{RULE_Y}" width="120" height="6" fill="{ACCENT}"/>',
        f'<text class="site" x="{MARGIN}" y="{SITE_BASELINE}" font-family="{SVG_FONTS}" font-size="{SITE_SIZE}" '
        f'fill="{FOREGROUND}">{escape(card.site_name)}</text>',
        "</svg>",
        "",
    ]
    return "\n".join(parts)


def card_png(card: Card) -> bytes:
    """The card as PNG bytes, drawn from the same strings and positions as `card_svg`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, LABEL_BASELINE), card.label, font=font(LABEL_SIZE), fill=ACCENT, anchor="ls")
    for line, y in zip(card.lines, _baselines(card)):
        # Pillow's default font has no bold face: a one-pixel stroke stands in for font-weight.
        draw.text((MARGIN, y), line, font=font(card.title_size), fill=FOREGROUND, anchor="ls",
                  stroke_width=1, stroke_fill=FOREGROUND)
    draw.rectangle((MARGIN, RULE_Y, MARGIN + 119, RULE_Y + 5), fill=ACCENT)
    draw.text((MARGIN, SITE_BASELINE), card.site_name, font=font(SITE_SIZE), fill=FOREGROUND, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True costs 3x the time (45 ms a card) for no smaller file here
    return out.getvalue()


#: Fewest cards worth starting worker processes for (a pool costs ~0.2 s, a card ~15 ms).
PARALLEL_MIN = 32


def card_pngs(cards: list[Card], processes: int = 1) -> list[bytes]:
    """`card_png` of each card, in order; over `processes` worker processes when there are enough
    cards to pay for starting them (a cold build draws one per story). A PNG depends on its card
    alone, so where it is drawn changes nothing."""
    import multiprocessing as mp

    if processes <= 1 or len(cards) < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return [card_png(card) for card in cards]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(card_png, cards, chunksize=16))
    except BrokenProcessPool:  # a worker died (not a drawing error, which is raised as it is): draw here
        return [card_png(card) for card in cards]
