"""Institution names by their shape: "St Aidan's CE Primary", "X Learning Trust",
"X County Council", "Diocese of X", "Ysgol X", "The X's Head"...

Token based: find an institution word (policy `institution_suffixes`) and walk
back over capitalised words and connectors; or find a prefix (policy
`institution_prefixes`) and walk forward.
"""
from __future__ import annotations

import re

from ..lexicon import FUNCTION_WORDS, is_function_word, strip_possessive
from ..types import Finding
from .base import Context
from ..registry import register

# Words allowed inside a name between capitalised words ("Tor and Levels", "Bath and Wells",
# "Stoke-on-Trent", "St John's CE Primary").
CONNECTORS = {"and", "&", "of", "on", "upon", "in", "under", "y", "by", "the", "de", "la", "le"}
SCHOOL_MARKERS = {"CE", "RC", "CofE", "C", "E", "St", "St.", "Saint", "VA", "VC", "URC"}
PUB = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w-]*['’]s\s+(?:Head|Arms)\b")


#: A church school's designation ("C of E", "R.C.", "Methodist"), after a space or a tab.
CHURCH_DESIGNATION = r"(?:C\.? ?of ?E\.?|C\.?E\.?|R\.?C\.?|Church of England|Catholic|Methodist|URC)"
HAS_CHURCH_DESIGNATION = re.compile(r"[ \t]" + CHURCH_DESIGNATION)


@register
class InstitutionDetector:
    """Schools, trusts, councils, dioceses, churches, clubs, newspapers, pubs -> INSTITUTION."""

    name = "institution"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        lex = ctx.lexicon
        toks = ctx.tokens
        text = ctx.text
        out = []
        suffixes = lex.institution_suffixes
        n = len(toks)

        def is_name_word(t) -> bool:
            w = strip_possessive(t.text)
            return t.text[:1].isupper() and w.lower() not in FUNCTION_WORDS or w in SCHOOL_MARKERS

        def adjacent(a, b) -> bool:
            gap = text[a.end:b.start]
            if gap == ". ":
                return a.text in ("St", "Mt")  # "St. Mary's", not the end of a sentence
            return gap in (" ", "-", "\t") or (gap.strip() == "" and "\n" not in gap and len(gap) <= 2)

        i = 0
        while i < n:
            t = toks[i]
            if t.text[:1].isupper() and strip_possessive(t.text) in suffixes:
                # extend over following suffix words ("Primary School", "Academy Trust")
                j = i
                while j + 1 < n and strip_possessive(toks[j + 1].text) in suffixes and adjacent(toks[j], toks[j + 1]) \
                        and toks[j + 1].text[:1].isupper():
                    j += 1
                if j + 1 < n and toks[j + 1].text in lex.core_street_suffixes and adjacent(toks[j], toks[j + 1]):
                    i = j + 1
                    continue  # "High Road", "College Lane": a street, not an institution
                # walk back over name words and connectors
                k = i
                distinctive = False
                while k - 1 >= 0 and adjacent(toks[k - 1], toks[k]) and not toks[k].sentence_start:
                    prev = toks[k - 1]
                    if is_name_word(prev):
                        k -= 1
                        w = strip_possessive(prev.text)
                        if w not in SCHOOL_MARKERS and not lex.is_keep_word(w) and w not in suffixes:
                            distinctive = True
                        continue
                    if prev.text in CONNECTORS and k - 2 >= 0 and is_name_word(toks[k - 2]) \
                            and adjacent(toks[k - 2], prev) and not prev.sentence_start:
                        k -= 1
                        continue
                    break
                while k < i and (toks[k].text in CONNECTORS | {"The"} or (
                        lex.is_keep_word(toks[k].text) and toks[k].text not in SCHOOL_MARKERS)):
                    k += 1  # "Monday the X Telegraph": a leading generic word is not part of the name
                if distinctive and k < i:
                    s, e = toks[k].start, toks[j].end
                    if text[s:e].endswith(("'s", "’s")) and strip_possessive(toks[j].text) != toks[j].text:
                        e -= 2
                    out.append(self._finding(ctx, s, e, 0.9, "suffix"))
                i = j + 1
                continue
            i += 1
        out.extend(self._prefixed(ctx))
        out.extend(self._church_schools(ctx))
        if ctx.lowercase:
            out.extend(self._lowercase(ctx))
        for m in PUB.finditer(text):
            start = m.start() + (4 if text.startswith("the", m.start()) else 0)  # "at the X Arms": "the" stays
            out.append(self._finding(ctx, start, m.end(), 0.85, "pub"))
        return out

    def _church_schools(self, ctx: Context) -> list[Finding]:
        """"Kirkby Fold C of E (Aided) Infants", "St Anne's R.C. (VA) Primary": a church school's
        designation between its name and its kind."""
        pat = ctx.lexicon.__dict__.get("_church_school_re")
        if pat is None:
            kinds = "|".join(sorted(map(re.escape, ctx.lexicon.institution_suffixes), key=len, reverse=True))
            pat = re.compile(r"(?:\b(?:St\.?|Saint) )?(?:[A-Z][\w'’-]*[ \t]+){1,4}"
                             + CHURCH_DESIGNATION +
                             r"(?:[ \t]+\((?:Aided|Controlled|VA|VC|Voluntary Aided|Voluntary Controlled)\))?"
                             r"(?:[ \t]+(?:" + kinds + r"))+\b")
            ctx.lexicon.__dict__["_church_school_re"] = pat
        out = []
        if not HAS_CHURCH_DESIGNATION.search(ctx.text):
            return out  # most texts: no designation, so the pattern (slow to scan) cannot match
        for m in pat.finditer(ctx.text):
            s = m.start()
            while ctx.text.startswith(("The ", "the "), s):
                s += 4
            out.append(self._finding(ctx, s, m.end(), 0.9, "church-school"))
        return out

    def _lowercase(self, ctx: Context) -> list[Finding]:
        """Without capitals: institution words ("primary school") after words that name it, at
        least one of which no dictionary knows or is a known place or given name."""
        lex = ctx.lexicon
        toks = ctx.tokens
        text = ctx.text
        suffixes = lex.lowercase_institution_suffixes
        out = []
        i, n = 0, len(toks)
        while i < n:
            if toks[i].text.lower() not in suffixes:
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].text.lower() in suffixes and text[toks[j].end:toks[j + 1].start] == " ":
                j += 1
            k, distinctive = i, False
            while k - 1 >= 0 and i - k < 4 and text[toks[k - 1].end:toks[k].start] in (" ", "-") \
                    and not toks[k].line_start:
                w = strip_possessive(toks[k - 1].text)
                if is_function_word(w) or lex.is_keep_word(w) or any(c.isdigit() for c in w):
                    break
                if lex.is_ordinary(w, strict=False) is False or w.lower() in lex.places or lex.is_given_name(w):
                    distinctive = True
                k -= 1
            # "led pendrennick road primary": ordinary words before the distinctive one are not the name
            while k < i and lex.is_ordinary(toks[k].text) and not lex.is_given_name(toks[k].text) \
                    and toks[k].text.lower() not in lex.places:
                k += 1
            if distinctive:
                out.append(self._finding(ctx, toks[k].start, toks[j].end, 0.8, "lowercase"))
            i = j + 1
        return out

    def _prefixed(self, ctx: Context) -> list[Finding]:
        """A prefix ("Ysgol", "Sgoil", "Diocese of") and the capitalised words after it, Celtic
        articles allowed inside ("Ysgol y Graig Lwyd", "Sgoil Bhaile an Truiseil"). In lower-case
        writing, the prefix and the words after it that no English dictionary knows ("at ysgol
        bro brefi tomorrow")."""
        out = []
        text = ctx.text
        lex = ctx.lexicon
        pat = lex.__dict__.get("_prefix_re")
        if pat is None:
            alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in
                            sorted(lex.institution_prefixes, key=len, reverse=True))
            articles = "|".join(re.escape(a) + ("" if a.endswith(("-", "'")) else r"\s+")
                                for a in sorted(lex.name_articles, key=len, reverse=True))
            word = r"[A-Z][\w'’-]*"
            # words of one name stand on one line: "Ysgol Gynradd Nant y Wennol\n\nDraft" is no name
            pat = re.compile(r"\b(?:" + alts + r")[ \t]+((?:the[ \t]+|(?:" + articles.replace(r"\s+", r"[ \t]+") + r"))?" + word
                             + r"(?:[ \t]+(?:and|&|upon|on|of|of[ \t]+the|" + articles.replace(r"\s+", "") + r")[ \t]*" + word
                             + r"|[ \t]+" + word + r"){0,4})")
            lower = re.compile(r"(?<![\w-])(?:" + alts.lower() + r")((?:\s+[\w'’-]+){1,4})")
            lex.__dict__["_prefix_re"] = pat = (pat, lower)
        capitalised, lower = pat
        for m in capitalised.finditer(text):
            words = m.group(1).split()
            if all(lex.is_keep_word(w) or is_function_word(w) for w in words):
                continue
            out.append(self._finding(ctx, m.start(), m.end(), 0.9, "prefix"))
        if ctx.lowercase or ctx.lowercase_lines:
            for m in lower.finditer(text):
                if not (ctx.lowercase or ctx.in_lowercase_line(m.start())):
                    continue
                end = m.start(1)
                distinctive = False
                for w in re.finditer(r"[\w'’-]+", m.group(1)):
                    token = w.group(0)
                    if token in lex.name_articles:
                        continue
                    if is_function_word(token) or lex.is_ordinary(token, strict=False) is not False:
                        break  # "ysgol bro brefi tomorrow": English again, the name has ended
                    distinctive = True
                    end = m.start(1) + w.end()
                if distinctive:
                    out.append(self._finding(ctx, m.start(), end, 0.8, "prefix"))
        return out

    def _finding(self, ctx, s, e, score, kind) -> Finding:
        return Finding(s, e, "INSTITUTION", ctx.text[s:e], f"{self.name}:{kind}", score)
