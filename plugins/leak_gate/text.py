"""Turn any output file into the words a reader (or a crawler) could see: the pure core of the gate.

A removed surface can reach the output in many disguises: entity-encoded (`&#66;ronwen`,
`&amp;#66;ronwen` in a feed that escapes HTML twice), URL-encoded (`Bronwen%20Harries`,
`Bronwen+Harries`), split by a tag (`Bron<span>wen</span>`), by a soft hyphen or a zero-width
space, in full-width letters (NFKC), across a line break, in an attribute (`alt`, `title`,
`content`, `href`) or as a slug (`bronwen-harries`, `bronwen_harries`). Everything here undoes
those disguises and splits the result into word tokens once per file, so that matching is a
set lookup per token instead of one regular expression per surface.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote_plus

#: Marks a hard break between two pieces of text (a block element, an attribute, a path part).
#: It is not a word character, and the scanner treats it as the start of a sentence.
BREAK = "\u2029"
#: Invisible characters that can split a word without a reader seeing it.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff\u180e\u034f"
                       "\u202a-\u202e\u2066-\u2069]")
#: Inline HTML elements: text on either side of them runs on (`Bron<span>wen</span>` is one word).
#: Every other tag (block HTML, XML elements of feeds and sitemaps) is a break.
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|"
                        r"sub|sup|time|u|var|wbr|ins|del)(?:\s[^<>]*)?/?>", re.I)
#: Comments and CDATA sections: their text counts (a comment is in the page source).
COMMENT = re.compile(r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>", re.S)
#: Any other tag, declaration or processing instruction: a break.
TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")
#: Attributes with their values (quoted or not), collected from the whole document in one pass.
ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>=]+))""")
#: Attributes whose values are the page's machinery, never words a reader sees or a story
#: supplies (`class="meta"`, `rel="stylesheet"`, `xmlns="http://www.w3.org/2000/svg"`): a removed
#: surface that is also such a keyword is not a leak there. Stories cannot set them (the sanitiser
#: keeps only href, title and a few structural ones), and anything the theme derives from a
#: story (a slug) also stands in an `href`, `id` or `content`, which are scanned.
MACHINE_ATTRIBUTES = frozenset(
    "class rel type role charset http-equiv name property lang dir as method autocomplete spellcheck "
    "tabindex width height version encoding xmlns viewbox fill stroke x y font-size font-weight "
    "text-anchor aria-hidden aria-live aria-current crossorigin integrity media sizes loading decoding "
    "target referrerpolicy".split())
#: The scheme of a URL ("https://", "mailto:"): a protocol's name, never a person's.
URL_SCHEME = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{1,15}:(?=//)|\b(?:mailto|tel|sms):(?=\S)", re.I)
#: A word token: letters and digits; `_` and `-` separate words, so slugs split into their words.
TOKEN_SPLIT = re.compile(r"([^\W_]+)")
#: Punctuation that ends a sentence (the next capitalised word may be capitalised only for that).
SENTENCE_END = re.compile(r"[.!?…\u2029]")
#: JavaScript/JSON string escapes (a search index may write "\\u0042ronwen").
SCRIPT_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrtfv/\\\"']))")
SCRIPT_ESCAPES = {"n": "\n", "r": "\n", "t": " ", "f": " ", "v": " "}
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
#: Abbreviations after which a full stop does not end the sentence ("Mr. Hope").
TITLE_ABBREVIATIONS = frozenset("mr mrs ms mx dr prof st rev revd cllr sr jr".split())
#: How deep decoding and re-parsing may go (each round undoes one layer of encoding).
MAX_DECODE_ROUNDS = 6


def decode(text: str) -> str:
    """Undo HTML entities, URL and script escapes, repeatedly, then NFKC and drop invisible characters.

    `&amp;#66;` needs two rounds of entity decoding, `%2526%2366%253B` three of URL decoding;
    the loop stops when a round changes nothing. Plain ASCII text with nothing to undo is
    returned as it is (the common case, and the fast one).
    """
    for _ in range(MAX_DECODE_ROUNDS):
        decoded = SCRIPT_ESCAPE.sub(_unescape_script, text) if "\\" in text else text
        if "%" in decoded or "+" in decoded:
            decoded = unquote_plus(decoded)
        if "&" in decoded:
            decoded = html.unescape(decoded)
        if decoded == text:
            break
        text = decoded
    if ":" in text:
        text = URL_SCHEME.sub(BREAK, text)
    if text.isascii():
        return text
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _unescape_script(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return SCRIPT_ESCAPES.get(match.group(3), match.group(3))


def _comment_text(match: re.Match) -> str:
    comment, cdata = match.groups()
    return cdata if cdata is not None else BREAK + comment + BREAK


#: A list of typefaces (CSS `font-family: ...;`, SVG `font-family="..."`): names of fonts, never story
#: text, and full of words that are also surnames ("Sans", "Roman", "Georgia").
FONT_FAMILY = re.compile(r"""font-family\s*(?::[^;}<>\n]*|=\s*(?:"[^"]*"|'[^']*'))""", re.I)


def visible_segments(raw: str, depth: int = 0) -> list[str]:
    """Split markup into the text a reader sees and the attribute values, decoded.

    Running text is kept together across inline tags (`Bron<span>wen</span>`) and broken at
    every other tag; all attribute values (`alt`, `title`, `content`, `href`) form a second
    segment, one break between each. Text that decodes into more markup (an Atom feed's
    escaped HTML) is parsed again. Whole-document regular expressions, not a loop per tag:
    this runs over every file of the site on every build.
    """
    if "font-family" in raw or "FONT-FAMILY" in raw:
        raw = FONT_FAMILY.sub(BREAK, raw)
    if "<" not in raw:
        return _decoded_segments(raw, depth)
    values = BREAK.join(a or b or c for name, a, b, c in ATTRIBUTE.findall(raw)
                        if (a or b or c) and name.lower() not in MACHINE_ATTRIBUTES)
    text = TAG.sub(BREAK, INLINE_TAG.sub("", COMMENT.sub(_comment_text, raw)))
    return _decoded_segments(text, depth) + (_decoded_segments(values, depth) if values else [])


def _decoded_segments(text: str, depth: int) -> list[str]:
    """`text` decoded; parsed again if decoding revealed markup."""
    decoded = decode(text)
    if "<" in decoded and decoded != text and depth < MAX_DECODE_ROUNDS:
        return visible_segments(decoded, depth + 1)
    return [decoded]


def path_segments(relative_path: str) -> list[str]:
    """A file's path inside the output, one segment per folder or file name, decoded."""
    return [decode(part) for part in relative_path.replace("\\", "/").split("/") if part]


class Tokens:
    """The word tokens of one file: case-folded for lookup; spelling and context only when asked.

    Splitting out the original spelling and the text between words costs a second pass, so
    it is done only for a file with a one-word, ordinary-word candidate ("Hope").
    """

    def __init__(self, text: str):
        self.text = text
        self.folded = TOKEN_SPLIT.findall(text.casefold())
        self._parts: list[str] | None = None
        self._words: list[str] | None = None

    def _split(self) -> list[str]:
        if self._parts is None:
            parts = TOKEN_SPLIT.split(self.text)
            if len(parts) // 2 != len(self.folded):  # case folding moved a word boundary (rare)
                self.folded = [w.casefold() for w in parts[1::2]]
            self._parts = parts
        return self._parts

    @property
    def words(self) -> list[str]:
        """The tokens as written (split out once: the matcher reads them at every ordinary-word hit)."""
        if self._words is None:
            self._words = self._split()[1::2]
        return self._words

    def word(self, index: int) -> str:
        """Token `index` as written."""
        return self._split()[2 * index + 1]

    def gap(self, index: int) -> str:
        """The text between token `index - 1` and token `index`."""
        return self._split()[2 * index]

    def sentence_start(self, index: int) -> bool:
        """True if token `index` opens a sentence, a block, an attribute or a path part.

        A full stop after a title abbreviation ("Mr. Hope") does not end a sentence.
        """
        if index == 0:
            return True
        gap = self.gap(index)
        if not SENTENCE_END.search(gap) and not BLANK_LINE.search(gap):
            return False
        if BREAK not in gap and gap.lstrip().startswith(".") and self.folded[index - 1] in TITLE_ABBREVIATIONS:
            return False
        return True

    def sentence_window(self, index: int, reach: int = 2) -> tuple[list[str], int]:
        """Up to `reach` words either side of token `index` within its sentence, as written, and
        the token's index in them: the context the ordinary-word rule reads ("Stage 2" is a
        designation; "said Gem. 10 days later" is not one)."""
        start = index
        while start > 0 and index - start < reach and not self.sentence_start(start):
            start -= 1
        end = index + 1
        while end < len(self.folded) and end - index <= reach and not self.sentence_start(end):
            end += 1
        return [self.word(k) for k in range(start, end)], index - start

    def capitalised(self, index: int) -> bool:
        """True if token `index` starts with an upper-case letter."""
        return self.word(index)[:1].isupper()


def tokenise(segments: list[str]) -> Tokens:
    """Word tokens of `segments` joined by breaks (one pass per file, not one per surface)."""
    return Tokens(BREAK.join(segments))


def surface_tokens(surface: str) -> tuple[str, ...]:
    """A removed surface as the case-folded word tokens the scanner compares with."""
    return tuple(w.casefold() for w in TOKEN_SPLIT.findall(decode(surface)))
