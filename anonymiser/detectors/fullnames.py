"""A given name and the capitalised word after it are one person, even when that word is also
an ordinary word or generic vocabulary: "Bill Winter", "May Church", "Sky Baker", "MAY WINTER".

Other detectors find the given name, or a surname that no dictionary knows; a surname that is a
season, a building or a trade ("Winter", "Church", "Head") is generic vocabulary to them, so the
surname would be left beside the placeholder of its given name. Not when the second word makes
the pair a street, a place, an institution or a named event ("Grace Road", "Hope Valley", "Grace
Academy", "May Day"), or is a function word, a title, a number, a weekday or a month.
"""
from __future__ import annotations

import re

from ..lexicon import is_function_word, strip_possessive
from ..ordinary import CALENDAR_WORDS, never_a_name
from ..registry import register
from ..surfaces import MODAL_NAMES
from ..types import Finding
from .base import Context, after_indefinite_article


@register
class GivenNameSurnameDetector:
    """A capitalised given name followed by a capitalised word on the same line -> one NAME."""

    name = "full-name"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        lex = ctx.lexicon
        toks = ctx.tokens
        text = ctx.text
        out = []
        for i, (first, second) in enumerate(zip(toks, toks[1:])):
            given = first.text
            if not given[:1].isupper() or not second.text[:1].isupper():
                continue  # (most pairs: tested before any slicing or look-up; the stripped word starts alike)
            word = strip_possessive(second.text)
            if text[first.end:second.start] != " " or not word[:1].isupper():
                continue
            if given.isupper() != word.isupper() or (given.isupper() and not ctx.in_caps_line(first.start)
                                                     and not (len(word) > 3 and lex.is_ordinary(word) is False)):
                continue  # "May WINTER" is no pair; in capitals only inside a shouted line, or before a
                # surname no dictionary knows ("RING HOPE INGLEBY ON 01632 ..." in a line of mixed case)
            if ctx.in_title_case_line(first.start) or given in lex.titles or len(word) < 3:
                continue
            if not (lex.is_given_name(given) or given.lower() in MODAL_NAMES) or never_a_name(given):
                continue
            if after_indefinite_article(ctx, i) and lex.is_ordinary(given) is True:
                continue  # "A CAROL SERVICE", "an Olive Branch": a kind of thing
            if first.sentence_start and given.lower() in MODAL_NAMES | CALENDAR_WORDS and not second.sentence_start \
                    and i + 2 < len(toks) and toks[i + 2].text.lower() in ("i", "you", "we", "they"):
                continue  # "Will Leeds cope", "May I ask": a modal opening a question
            w = word.title() if word.isupper() else word
            if is_function_word(w) or w in lex.titles or never_a_name(w) or w.lower() in CALENDAR_WORDS \
                    or w in lex.street_suffixes or w in lex.place_suffixes or w in lex.institution_suffixes \
                    or w in lex.event_words or w.lower() in lex.place_nouns:
                continue
            end = second.start + len(word)
            out.append(Finding(first.start, end, "NAME", text[first.start:end], self.name, 0.6))
        return out


#: An Arabic surname written with its article or kinship word joined by a hyphen: "al-Khatib",
#: "el-Tayeb", "Abu-Bakr", "bin-Laden". The lower-case article before a capital is the evidence;
#: the shape holds for surnames no gazetteer knows.
ARTICLE_SURNAME = re.compile(r"(?<![\w'’-])(?:al|el|ul|ad|ar|as|ash|at|az|an|abu|ibn|bin|bint|ben)[-‑][A-Z][\w'’]+(?:[-‑][A-Z][\w'’]+)?")


@register
class ArticleSurnameDetector:
    """Surnames with a hyphenated Arabic article or kinship word ("al-Jaburi", "el-Tayeb") -> NAME."""

    name = "article-surname"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        for m in ARTICLE_SURNAME.finditer(ctx.text):
            end = m.start() + len(strip_possessive(m.group(0)))
            out.append(Finding(m.start(), end, "NAME", ctx.text[m.start():end], self.name, 0.85))
        return out
