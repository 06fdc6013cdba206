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
from dataclasses import dataclass
from urllib.parse import unquote_plus

#: Marks a hard break between two pieces of text (a block element, an attribute, a path part).
#: It is not a word character, and the scanner treats it as the start of a sentence.
BREAK = "\u2029"
#: Invisible characters that can split a word without a reader seeing it.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
                                   "\ufeff\u180e\u034f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
#: Inline HTML elements: text on either side of them runs on (`Bron<span>wen</span>` is one word).
#: Every other tag (block HTML, XML elements of feeds and sitemaps) is a break.
INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup "
                        "time u var wbr ins del".split())
#: Tags, comments and CDATA sections of HTML and XML.
MARKUP = re.compile(r"<!--(?P<comment>.*?)-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<(?P<tag>[^<>]*)>", re.S)
TAG_NAME = re.compile(r"\s*/?\s*([A-Za-z][\w:.-]*)")
ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""")
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
    """Undo HTML entities and URL encoding, repeatedly, then NFKC and drop invisible characters.

    `&amp;#66;` needs two rounds of entity decoding, `%2526%2366%253B` three of URL decoding;
    the loop stops when a round changes nothing.
    """
    for _ in range(MAX_DECODE_ROUNDS):
        if "\\" in text:
            text = SCRIPT_ESCAPE.sub(_unescape_script, text)
        decoded = html.unescape(unquote_plus(text)) if ("%" in text or "+" in text) else html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return unicodedata.normalize("NFKC", text).translate(INVISIBLE)


def _unescape_script(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return SCRIPT_ESCAPES.get(match.group(3), match.group(3))


def visible_segments(raw: str, depth: int = 0) -> list[str]:
    """Split markup into the text a reader sees, plus every attribute value and comment, decoded.

    Running text is kept together across inline tags and broken at block tags; each attribute
    value and each comment is a segment of its own. Text that decodes into more markup (an
    Atom feed's escaped HTML) is parsed again.
    """
    if "<" not in raw:
        text = decode(raw)
        if "<" in text and depth < MAX_DECODE_ROUNDS:
            return visible_segments(text, depth + 1)
        return [text]
    segments: list[str] = []
    running: list[str] = []
    position = 0
    for match in MARKUP.finditer(raw):
        running.append(raw[position:match.start()])
        position = match.end()
        if match.group("cdata") is not None:
            running.append(match.group("cdata"))
            continue
        if match.group("comment") is not None:
            segments.append(match.group("comment"))
            running.append(BREAK)
            continue
        tag = match.group("tag")
        name = TAG_NAME.match(tag)
        values = [next(v for v in groups[1:] if v is not None) for groups in ATTRIBUTE.findall(tag)]
        segments.extend(values)
        # What is left of the tag once its values are out: its name, or text between a stray "<"
        # and ">" in a script ("a<b && c>d"), which must not vanish from the scan.
        segments.append(ATTRIBUTE.sub(" ", tag))
        if name is None or name.group(1).lower() not in INLINE_TAGS:
            running.append(BREAK)
    running.append(raw[position:])
    out: list[str] = []
    for piece in ["".join(running), *segments]:
        text = decode(piece)
        if "<" in text and text != piece and depth < MAX_DECODE_ROUNDS:
            out.extend(visible_segments(text, depth + 1))
        else:
            out.append(text)
    return out


def path_segments(relative_path: str) -> list[str]:
    """A file's path inside the output, one segment per folder or file name, decoded."""
    return [decode(part) for part in relative_path.replace("\\", "/").split("/") if part]


@dataclass
class Tokens:
    """The word tokens of one file: original spelling, case-folded form, and the text before each."""

    words: list[str]
    folded: list[str]
    gaps: list[str]

    def sentence_start(self, index: int) -> bool:
        """True if token `index` opens a sentence, a block, an attribute or a path part.

        A full stop after a title abbreviation ("Mr. Hope") does not end a sentence.
        """
        if index == 0:
            return True
        gap = self.gaps[index]
        if not SENTENCE_END.search(gap) and not BLANK_LINE.search(gap):
            return False
        if BREAK not in gap and gap.lstrip().startswith(".") and self.folded[index - 1] in TITLE_ABBREVIATIONS:
            return False
        return True

    def capitalised(self, index: int) -> bool:
        """True if token `index` starts with an upper-case letter."""
        return self.words[index][:1].isupper()


def tokenise(segments: list[str]) -> Tokens:
    """Word tokens of `segments` joined by breaks (one split per file, not one per surface)."""
    parts = TOKEN_SPLIT.split(BREAK.join(segments))
    words = parts[1::2]
    return Tokens(words=words, folded=[w.casefold() for w in words], gaps=parts[0:-1:2])


def surface_tokens(surface: str) -> tuple[str, ...]:
    """A removed surface as the case-folded word tokens the scanner compares with."""
    return tuple(w.casefold() for w in TOKEN_SPLIT.findall(decode(surface)))
