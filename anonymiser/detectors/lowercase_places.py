"""Places of two or three words in writing without capitals ("at west meon again", "back to
barns green", "near steeple morden").

Without capitals only a place's shape shows: it follows a preposition of place, and its words
are a qualifier that tells places of one name apart ("west", "little", "steeple"), a word no
dictionary knows ("meon"), and a geographic last word ("green", "bay"). Ordinary words alone
after a preposition ("at work", "in the car park", "at school") are no place.
"""
from __future__ import annotations

from ..lexicon import compound_of_words, is_function_word, strip_possessive
from ..types import Finding
from .base import Context
from .propernoun import CHAT_WORDS, is_abbreviation
from ..registry import register

#: Geographic last words of village names that are rarely the last word of an ordinary phrase
#: after "at" or "to" ("barns green", "whiting bay"; not "park" or "end": "at car park end").
PLACE_LAST_WORDS = frozenset("green hill heath bay moor common marsh fen downs sands bridge cross wood woods dale vale "
                             "strand row top".split())
#: The longest run of words read as one place.
MAX_WORDS = 3


@register
class LowercasePlaceRunDetector:
    """In lower-case writing, a run of up to three words after a preposition of place that has a
    place's shape -> PLACE."""

    name = "lowercase-place"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        if not (ctx.lowercase or ctx.lowercase_lines):
            return []
        lex = ctx.lexicon
        toks, text = ctx.tokens, ctx.text
        qualifiers = {q.lower() for q in lex.place_qualifiers}
        out = []
        for i, t in enumerate(toks[:-1]):
            if t.text.lower() not in lex.place_prepositions or not (ctx.lowercase or ctx.in_lowercase_line(t.start)):
                continue
            run = []
            for t2 in toks[i + 1:i + 1 + MAX_WORDS]:
                w = strip_possessive(t2.text)
                if "\n" in text[t.end:t2.start] or not w.isalpha() or not w.islower() or is_function_word(w) \
                        or w in CHAT_WORDS or lex.is_keep_word(w) or w in lex.place_prepositions:
                    break
                run.append((t2, w))
                if w != t2.text:
                    break  # a possessive ends the name: "at west meon's school"
            while len(run) > 1 and not self._is_place(run, lex, qualifiers):
                run.pop()
            if len(run) == 1 and t.text.lower() != "of" and self._is_lone_place(run[0][1], lex):
                start, end = run[0][0].start, run[0][0].start + len(run[0][1])
                out.append(Finding(start, end, "PLACE", text[start:end], self.name, 0.5))
            elif len(run) >= 2:
                start, end = run[0][0].start, run[-1][0].start + len(run[-1][1])
                out.append(Finding(start, end, "PLACE", text[start:end], self.name, 0.5))
        return out

    @staticmethod
    def _is_lone_place(word: str, lex) -> bool:
        """True for one word after a preposition of place that is a place by its shape: no word
        list knows it (either list: WordNet alone holds "paid"), it is no given name, no shorthand ("hmrc") and no two words run together
        ("lockdown", "hometime"): "at upstreet", "to islip"."""
        return len(word) >= 4 and lex.is_ordinary(word, strict=False) is False and not lex.is_given_name(word) \
            and not is_abbreviation(word) and not compound_of_words(word, lex)

    @staticmethod
    def _is_place(run, lex, qualifiers) -> bool:
        """True if the words have a place's shape: every word but the last is a qualifier or
        unknown, and the last is unknown, a known place or a geographic last word, with at least
        one word that is not ordinary English or a qualifier before an unknown word."""
        words = [w for _, w in run]
        if len(words) < 2:
            return False
        unknown = [lex.is_ordinary(w) is False and not lex.is_given_name(w) for w in words]
        last = words[-1]
        last_ok = unknown[-1] or last in lex.places or last in PLACE_LAST_WORDS \
            or (lex.is_given_name(last) and all(w in qualifiers for w in words[:-1]))  # "north kelsey"
        head_ok = all(u or w in qualifiers or (k == 0 and last in PLACE_LAST_WORDS and not lex.is_given_name(w))
                      for k, (w, u) in enumerate(zip(words[:-1], unknown[:-1])))
        return last_ok and head_ok and (any(unknown) or last in PLACE_LAST_WORDS or last in lex.places
                                        or words[0] in qualifiers)
