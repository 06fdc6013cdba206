"""Context rules: a word is a name or place because of the words around it.

Each rule is a small detector class: honorifics ("Mrs Okafor"), initials
("M. Lindqvist"), relations and roles ("my husband, Sam"), "called X",
greetings ("Dear Sam"), town appositions ("X, a market town"), place
prepositions in lowercase writing ("in hull"), names in lowercase writing
("sue is my chair"), and signatures at the end of a story.
"""
from __future__ import annotations

import re

from ..lexicon import FUNCTION_WORDS, is_function_word, is_plural_noun, strip_possessive
from ..ordinary import NON_NAME_PREDECESSORS, OBJECT_PRONOUNS, SUBJECT_PRONOUNS
from ..text import FIELD_SEPARATORS, WORD_RE
from ..types import Finding
from .base import Context
from ..ordinary import CALENDAR_PREDECESSORS, CALENDAR_WORDS, never_a_name
from ..registry import register
from .propernoun import CHAT_WORDS, PERSON_SPEECH_VERBS

NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*)"
INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,3}[A-Z][\w'’]+(?:-[A-Z]?[\w'’]+)*")
BARE_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\. ?){1,2}[A-Z]\.(?![\w.])")
# A given name and the initial of a surname: "Jodie B", "Sam K." (not "Plan B": no given name)
TRAILING_INITIAL = re.compile(r"(" + NAME_WORD + r") ([A-Z])\.?(?![\w'’.-])")
# A message signed with one initial after its last sentence: "Ringing again tomorrow. B x", "... alright. K."
SIGNED_INITIAL = re.compile(r"(?<=[.!?] )(?<![A-Z]\. )([A-Z])(?:\.| x{1,3}\b)?(?=[\"”’]|[*_)]*[ \t]*$)", re.M)
NOT_INITIALS = {"U.K.", "U.S.", "A.M.", "P.M.", "N.B.", "P.S.", "E.G.", "I.E.", "R.I.P.", "U.S.A.", "P.P.S."}
#: ", a market town", ", the village": what follows the place's name in TOWN_APPOSITION.
TOWN_APPOSITION_TAIL = r",\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,3}(?:town|village|city|hamlet|suburb|estate|borough|valley)\b"
TOWN_APPOSITION = re.compile(r"\b(" + NAME_WORD + r"(?:[ -]" + NAME_WORD + r"){0,3})" + TOWN_APPOSITION_TAIL)
#: Every TOWN_APPOSITION match holds its tail: a text without one is not scanned for names before it.
HAS_TOWN_APPOSITION_TAIL = re.compile(TOWN_APPOSITION_TAIL)
# Verbs and words after which a lowercase given name is being used as a name.
NAME_FOLLOWERS = frozenset("""is was runs ran said says sent told asked rang texted called who from at and has had knew
noticed came comes thinks thought drove took takes leads led helped helps says messaged replied wrote phoned
organised organises set sat brought gave gives got""".split())
TO_NAME_VERBS = frozenset("""thanks thank talk talked talking spoke speak speaking chat chatted wrote write
listen listened sent send text texted ring rang said say shout introduced""".split())
# Function words that are also given names (the resolver propagates them as parts of full names).
from ..surfaces import MODAL_NAMES  # noqa: E402

#: A verb's contraction ("didn't", "she'll"): no dictionary lists it, and it is no surname.
CONTRACTION = re.compile(r"['’](?:t|s|ll|ve|re|d|m)$")
LOWERCASE_APPOSITION = re.compile(r",\s+(?:a|an|the|our|my|his|her|their)\s+(?:[\w-]+\s+){0,3}?([\w-]+)\s*[,.;:)]")
# Without capitals: "on prospect street", "off mill lane" (a preposition, one or two words, a street word).
LOWERCASE_STREET = r"\b(?:on|in|at|off|along|down|up|from|near|into|onto|to)\s+((?:[a-z][\w'’-]*\s+){1,2}"
NAME_PRECEDERS = frozenset("was is and with mate called named ask asked tell told thank thanks love by".split())
# Verbs of contact: without capitals, a given name or a word no dictionary knows after one is a
# person ("rang gareth their head", "emailed wilf at the council").
CONTACT_VERBS = frozenset("rang emailed texted phoned messaged rung ringing emailing texting phoning messaging met "
                          "thanked".split())


def _tok_finding(ctx, start, end, label, source, score) -> Finding:
    return Finding(start, end, label, ctx.text[start:end], source, score)


def _name_run(ctx: Context, i: int, max_len: int = 3, any_case: bool = False) -> int | None:
    """Index of the last token of a name starting at token i (None if token i is not name-like)."""
    toks = ctx.tokens
    lex = ctx.lexicon
    text = ctx.text

    def ok(t) -> bool:
        w = strip_possessive(t.text)
        if is_function_word(w) or (lex.is_keep_word(w) and not lex.is_given_name(w)) or w in lex.titles:
            return False  # an honorific is never part of the name ("my wife, Auntie Grace": the title detector's)
        return any_case or w[:1].isupper()

    if i >= len(toks) or not ok(toks[i]):
        return None
    j = i
    while j + 1 < len(toks) and j - i + 1 < max_len and text[toks[j].end:toks[j + 1].start] in (" ", "-") \
            and toks[j + 1].text[:1].isupper() and ok(toks[j + 1]) and not toks[j].text.endswith(("'s", "’s")):
        j += 1
    return j


def _span(ctx: Context, i: int, j: int) -> tuple[int, int]:
    toks = ctx.tokens
    end = toks[j].end
    w = toks[j].text
    end -= len(w) - len(strip_possessive(w))
    return toks[i].start, end


#: Honorifics that are no English word: in lower case too, the word after one is a name ("mrs t",
#: "senhor almeida"); "miss", "dr" and "rev" count only in text written wholly without capitals.
LOWERCASE_HONORIFICS = frozenset("mr mrs ms mx senhor senhora señor señora signor signora herr frau".split())


@register
class TitleDetector:
    """Honorific + name ("Mrs Okafor", "Dr Alun Morgan-Rees", "Mr B.", "MRS KHAN"). The honorific stays."""

    name = "title"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        text = ctx.text
        titles_ci = {t.lower() for t in ctx.lexicon.titles}
        for i, t in enumerate(toks[:-1]):
            low = t.text.lower()
            if low not in titles_ci and low not in LOWERCASE_HONORIFICS:
                continue  # no honorific in any case: nothing below can hold (most tokens)
            # "MRS KHAN" is written in capitals; "DC", "PC" are always so ("DC asked": no name follows)
            caps = ctx.in_caps_line(t.start) or (t.text.isupper() and t.text not in ctx.lexicon.titles)
            # "mrs t" in a chat message: these abbreviations are honorifics in any case, in any text
            if t.text in ctx.lexicon.titles or (low in LOWERCASE_HONORIFICS and t.text.islower()) or (
                    (ctx.lowercase or caps) and low in titles_ci and low in {"mr", "mrs", "ms", "miss", "dr", "rev", "revd", "mx"}):
                gap = text[t.end:toks[i + 1].start]
                if gap not in (" ", ". ", ".\u00a0", "\u00a0"):
                    continue
                if gap[:1] == "." and len(t.text) > 4:
                    continue  # "Brother. Sit.": a full stop after a whole word ends a sentence; "Prof. Lamb" is short
                nxt = toks[i + 1]
                # "Mr B." - an initial ("mrs t" without capitals)
                if len(nxt.text) == 1 and (nxt.text.isupper() or t.text.islower()) and nxt.text.isalpha():
                    end = nxt.end + (1 if text[nxt.end:nxt.end + 1] == "." else 0)
                    out.append(_tok_finding(ctx, nxt.start, end, "NAME", self.name, 0.9))
                    continue
                lower_title = t.text.islower() and not caps  # "senhor almeida", "mrs t" in a lower-case message
                j = _name_run(ctx, i + 1, 3, any_case=ctx.lowercase or caps or lower_title)
                w = strip_possessive(nxt.text)
                if j is None and w[:1].isupper() and len(w) > 1 and not is_function_word(w) and w not in ctx.lexicon.titles \
                        and not never_a_name(w) and w.lower() not in ctx.lexicon.relation_words:
                    j = i + 1  # "Mr Winter", "Mrs Church": after an honorific a generic word is a surname
                if j is None:
                    continue
                if (ctx.lowercase or lower_title) and not caps:
                    j = i + 1  # without capitals we cannot tell where the name ends: take one word
                s, e = _span(ctx, i + 1, j)
                out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.9))
        return out


@register
class InitialsDetector:
    """Initials + surname ("M. Lindqvist", "T. Adeyinka-Shaw") and bare initials ("J.P.") -> NAME."""

    name = "initials"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        for m in INITIALS.finditer(ctx.text):
            s, e = m.span()
            before = re.search(r"([\w'’]+) $", ctx.text[max(0, s - 30):s])
            if before and before.group(1)[:1].isupper() and before.group(1) not in ctx.lexicon.titles \
                    and re.match(r"[A-Z]\. ", ctx.text[s:e]):
                continue  # "a Plan B. Vitamin D ...": a sentence ends after "Plan B"
            w = ctx.text[s:e]
            w2 = strip_possessive(w)
            last = w2.split(".")[-1].strip()
            if ctx.lexicon.is_keep_word(last) or is_function_word(last):
                continue
            out.append(_tok_finding(ctx, s, s + len(w2), "NAME", self.name, 0.85))
        for m in BARE_INITIALS.finditer(ctx.text):
            if m.group(0).replace(" ", "") not in NOT_INITIALS:
                out.append(_tok_finding(ctx, m.start(), m.end(), "NAME", self.name, 0.7))
        lex = ctx.lexicon
        for m in TRAILING_INITIAL.finditer(ctx.text):
            first = m.group(1)
            if m.group(2) not in ("I", "A") and not lex.is_keep_word(first) and lex.is_given_name(first):
                out.append(_tok_finding(ctx, m.start(), m.end(), "NAME", self.name, 0.75))
        for m in SIGNED_INITIAL.finditer(ctx.text):
            if m.group(1) not in ("I", "A") or m.group(0) != m.group(1):
                out.append(_tok_finding(ctx, m.start(1), m.end(1), "NAME", self.name, 0.7))
        return out


@register
class RelationDetector:
    """A name after a relation or role noun: "my husband, Kwame", "our SENCo, Jo Bloggs",
    "The chair, Will Amankwah", "my deputies, A B and C D", "my mate holly"."""

    name = "relation"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        text = ctx.text
        lex = ctx.lexicon
        n = len(toks)
        for i, t in enumerate(toks):
            if t.text.lower() not in lex.relation_words:
                continue
            # a determiner/possessive shortly before: "my", "our", "the", "her", "its", "a", "former"...
            window = [x.text.lower() for x in toks[max(0, i - 4):i]]
            if not any(w in ("my", "our", "her", "his", "their", "the", "its", "your", "a", "an") for w in window):
                continue
            k = i + 1
            # "chair of governors", "head of English"
            if k + 1 < n and toks[k].text.lower() == "of" and text[t.end:toks[k].start] == " ":
                k += 2
            if k >= n:
                continue
            gap = text[toks[k - 1].end:toks[k].start]
            if gap not in (", ", " ", ",\n", " (", " ("):
                continue
            if ctx.lowercase and not toks[k].text[:1].isupper():
                w = toks[k].text
                if is_function_word(w) or lex.is_keep_word(w):
                    continue
                followed = k + 1 < n and toks[k + 1].text.lower() in ("is", "was", "has", "had", "said", "says", "who")
                if not (lex.is_given_name(w) or gap == ", " or followed):
                    continue  # "my husband knew": no sign that the next word is a name
                if gap == ", " and not followed and not lex.is_given_name(w) and lex.is_ordinary(w):
                    continue  # "our site manager, retiring, ...": an ordinary word after the comma
                if k + 1 < n and toks[k + 1].text.lower() in OBJECT_PRONOUNS:
                    continue
                s, e = _span(ctx, k, k)
                out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.8))
                continue
            if ctx.in_caps_line(toks[k].start) or (toks[k].text.isupper() and t.text.isupper()):
                continue  # shouted headline, not a name after a role
            j = _name_run(ctx, k, 3)
            if j is None:
                continue
            if gap == " " and not (lex.is_given_name(toks[k].text) or j > k):
                continue  # "my head Office" - too weak without a comma unless it looks like a name
            s, e = _span(ctx, k, j)
            out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.8))
            # "my deputies, Will Chadwick and Nkechi Bello"
            if j + 2 < n and toks[j + 1].text == "and" and text[toks[j].end:toks[j + 1].start] == " ":
                j2 = _name_run(ctx, j + 2, 3)
                if j2 is not None:
                    s, e = _span(ctx, j + 2, j2)
                    out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.75))
        return out


#: Determiners that own what follows ("her son", "my boss").
POSSESSIVE_DETERMINERS = frozenset("my our your his her their its".split())
#: "is a ...", "was our ...": the copula and determiner before a predicate noun (see `RolePredicateDetector`).
ROLE_PREDICATE = re.compile(r"(?: (?:is|was)|,) (?:a|an|the|our|my|his|her|their) ((?:[\w-]+ ?){1,4})")


@register
class RolePredicateDetector:
    """A given name that the sentence says holds a post or is someone's relation: "Summer is a
    teaching assistant", "June was our deputy", "thank you to Summer, my old deputy". The name
    may also be a word or a month; the predicate says it is a person ("Hope is a strange thing",
    "Grace is a gift to any head" name no post)."""

    name = "role-predicate"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        text = ctx.text
        lex = ctx.lexicon
        toks = ctx.tokens
        for k, t in enumerate(toks):
            w = t.text
            # (the text after the word first: most tokens are not followed by a copula or a comma)
            if not w[:1].isupper() or not text.startswith((" is ", " was ", ", "), t.end) or w.isupper():
                continue
            if not lex.is_given_name(w) or is_function_word(w) or not self.names_a_role(text, t.end, lex):
                continue
            if k and toks[k - 1].text.lower() in CALENDAR_PREDECESSORS and w.lower() in CALENDAR_WORDS:
                continue  # "In June, my head of year left": the month
            out.append(Finding(t.start, t.end, "NAME", w, self.name, 0.75))
        return out

    @staticmethod
    def names_a_role(text: str, end: int, lex) -> bool:
        """True if "is a ...", "was our ..." after `end` names a post or a relation: the noun the
        phrase ends on, before any function word, is a role ("is a teaching assistant", "was our
        deputy")."""
        m = ROLE_PREDICATE.match(text, end)
        if m is None:
            return False
        words = []
        for word in m.group(1).split():
            if is_function_word(word):
                break
            words.append(word)
        return bool(words) and len(words) <= 3 and words[-1].lower() in lex.relation_words


@register
class CalledDetector:
    """"a retired head called Colin", "named X", "known as X" -> NAME."""

    name = "called"
    strong = True
    TRIGGERS = re.compile(r"\b(?:called|named|known as|name is|name was|name's)\s+", re.I)
    #: A writer's stand-in for someone: "who I will call K.", "a boy I'll call T": an initial is a name.
    STAND_IN = re.compile(r"\b(?:I|we)(?:['’]ll| will| shall| am going to|['’]m going to)? call (?:him |her |them )?"
                          r"([A-Z])(?:\.(?= )|(?=[\s,;:!?)]|\.$|\.\n))")

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        for m in self.STAND_IN.finditer(ctx.text):
            out.append(Finding(m.start(1), m.end(1), "NAME", m.group(1), self.name, 0.75))
        idx = ctx.token_index_at()
        for m in self.TRIGGERS.finditer(ctx.text):
            i = idx.get(m.end())
            if i is None:
                continue
            w = ctx.tokens[i].text
            if not w[:1].isupper() and not (ctx.lowercase and ctx.lexicon.is_given_name(w)):
                continue
            j = _name_run(ctx, i, 3, any_case=ctx.lowercase)
            if j is None:
                continue
            s, e = _span(ctx, i, j if not ctx.lowercase else i)
            out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.75))
        return out


@register
class GreetingDetector:
    """Line-initial "Dear Sam," / "Hi Jo" -> NAME."""

    name = "greeting"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        for i, t in enumerate(toks[:-1]):
            if not t.line_start or t.text.lower() not in ctx.lexicon.greetings:
                continue
            if ctx.text[t.end:toks[i + 1].start] != " ":
                continue
            j = _name_run(ctx, i + 1, 3)
            if j is None:
                continue
            s, e = _span(ctx, i + 1, j)
            out.append(_tok_finding(ctx, s, e, "NAME", self.name, 0.75))
        return out


# "on the edge of March", "the outskirts of Bury", "the village of Wool": a place, even a word that
# is also a month. (Not "the end of March": times have ends, middles and starts too.)
PLACE_OF = re.compile(r"\b(?:edge|edges|outskirts|centre|center|heart|suburbs|town|village|hamlet|city|north|south"
                      r"|east|west|parish|borough) of (" + NAME_WORD + r"(?:[ -]" + NAME_WORD + r"){0,2})")
#: What PLACE_OF and TownAppositionDetector's "Isle of X" pattern cannot match without (a fast scan).
HAS_OF_A_NAME = re.compile(r" of (?:the )?[A-Z]")


@register
class TownAppositionDetector:
    """"X, a market town in ...", "the edge of X" -> X is a PLACE, even if X is also a month or
    common word; "Isle of X", "Port of X" are places whole."""

    name = "town"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        lex = ctx.lexicon
        for m in TOWN_APPOSITION.finditer(ctx.text) if HAS_TOWN_APPOSITION_TAIL.search(ctx.text) else ():
            s, e = m.span(1)
            words = m.group(1).split()
            if all(is_function_word(w) for w in words):
                continue
            if len(words) == 1 and "-" in words[0] and lex.is_ordinary(words[0]) is True:
                continue  # "Ninety-four children, Welsh-medium, the top of the valley": a compound adjective
            out.append(_tok_finding(ctx, s, e, "PLACE", self.name, 0.85))
        # PLACE_OF and the place-prefix pattern below both need " of " before a capital (or "the ")
        of_a_name = HAS_OF_A_NAME.search(ctx.text)
        for m in PLACE_OF.finditer(ctx.text) if of_a_name else ():
            words = m.group(1).split()
            if all(is_function_word(w) or (lex.is_keep_word(w) and w.lower() not in lex.places) for w in words):
                continue  # "the north of England"
            s, e = m.span(1)
            out.append(_tok_finding(ctx, s, e, "PLACE", self.name, 0.85))  # outweighs the model's guess of a person
        pat = lex.__dict__.get("_place_of_re")
        if pat is None:
            prefixes = "|".join(sorted(map(re.escape, lex.place_prefixes)))
            pat = re.compile(r"\b(?:" + prefixes + r") of (?:the )?" + NAME_WORD + r"(?: " + NAME_WORD + r")?")
            lex.__dict__["_place_of_re"] = pat
        for m in pat.finditer(ctx.text) if of_a_name else ():
            out.append(_tok_finding(ctx, m.start(), m.end(), "PLACE", self.name, 0.8))
        return out


@register
class LowercasePlaceDetector:
    """In writing without capitals, a known UK place after a place preposition or opening a line
    ("in hull", "near hebden bridge") -> PLACE. A small place whose name is also an ordinary
    English word ("over", "street", "battle") needs capitals to be told from the word."""

    name = "gazetteer-place"
    strong = False
    MAX_WORDS = 4

    def detect(self, ctx: Context) -> list[Finding]:
        if not ctx.lowercase:
            return []
        out = []
        toks = ctx.tokens
        text = ctx.text
        lex = ctx.lexicon
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            prev = toks[i - 1].text.lower() if i else ""
            if not (prev in lex.place_prepositions or t.line_start):
                i += 1
                continue
            end = None
            for j in range(min(n - 1, i + self.MAX_WORDS - 1), i - 1, -1):  # longest name first
                if any(text[toks[k].end:toks[k + 1].start] not in (" ", "-") for k in range(i, j)):
                    continue
                surface = text[t.start:toks[j].end].lower()
                if surface not in lex.places:
                    continue
                if j == i and (lex.is_keep_word(t.text) or (
                        surface not in lex.large_places and lex.is_ordinary(surface))):
                    continue
                end = j
                break
            if end is None:
                i += 1
                continue
            out.append(_tok_finding(ctx, t.start, toks[end].end, "PLACE", self.name, 0.7))
            i = end + 1
        return out


#: Finite verbs that no modal verb stands before: after "will" or "may" they make it a person.
FINITE_AFTER_NAME = PERSON_SPEECH_VERBS | frozenset("was is has had thought knew came went did does got sent".split())
#: Openers of a message in which its writer gives her name: "its caroline", "this is dev", "im sol".
SELF_INTRODUCERS = frozenset("its it's it’s im i'm i’m".split())
#: Greetings that may stand before such an opener: "hiya its caroline".
MESSAGE_GREETINGS = frozenset("hi hiya hey hello morning evening afternoon ok okay".split())
#: After "its" + word, these make "its" the possessive ("its mark was faint", "its grant of"), not "it's".
POSSESSIVE_ITS_FOLLOWERS = frozenset("is was has had of were are will would".split())


def with_first_person(toks, i: int, text: str) -> bool:
    """True if token `i` is paired with the writer by "and": "me and X", "X and me", "X and i"
    (on one line)."""
    def word(k: int) -> str:
        return toks[k].text.lower() if 0 <= k < len(toks) else ""

    def one_line(a: int, b: int) -> bool:
        # plain spaces between the words: "is heard", and I know" pairs nothing
        return 0 <= a and b < len(toks) and all(text[toks[x].end:toks[x + 1].start] == " " for x in range(a, b))

    before = word(i - 1) == "and" and word(i - 2) == "me" and one_line(i - 2, i)
    after = word(i + 1) == "and" and word(i + 2) in ("me", "i") and one_line(i, i + 2)
    return before or after


def self_introduced(toks, i: int, text: str) -> bool:
    """True if token `i` follows a self-introducing opener at the start of a message, line or
    sentence ("its caroline can u ring me", "hiya its mary x", "this is dev from the office"),
    so it is the writer's name, whatever else the word means."""
    if i < 1:
        return False
    opener = toks[i - 1]
    k = i - 1
    if opener.text.lower() == "is" and i >= 2 and toks[i - 2].text.lower() == "this":
        k = i - 2
    elif opener.text.lower() not in SELF_INTRODUCERS:
        return False
    if i + 1 < len(toks) and toks[i + 1].text.lower() in POSSESSIVE_ITS_FOLLOWERS and "\n" not in text[toks[i].end:toks[i + 1].start]:
        return False
    def opens_message(j: int) -> bool:
        # a sentence's first word, or the first after a quotation mark or a colon ('said: "its ...',
        # "[07:42] me: its ...")
        lead = text[:toks[j].start].rstrip(" \t")
        return j == 0 or toks[j].sentence_start or lead[-1:] in ('"', "“", "‘", "'", ":", "\n", "(")

    if opens_message(k):
        return True
    return toks[k - 1].text.lower() in MESSAGE_GREETINGS and opens_message(k - 1)


@register
class LowercaseNameDetector:
    """In writing without capitals, a given name used as a name: "sue is my chair",
    "pat runs it", "was sue." (but not "before dawn", "to sue me", "i will")."""

    name = "gazetteer-name"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        text = ctx.text
        lex = ctx.lexicon
        n = len(toks)
        lowercase_lines = bool(ctx.lowercase_lines)
        if ctx.lowercase or lowercase_lines:
            visit = range(n)
        else:
            # with capitals everywhere only the first rule below can find a name, after a verb of
            # contact: only those tokens are visited
            visit = [i for i in range(1, n) if toks[i - 1].text.lower() in CONTACT_VERBS]
        for i in visit:
            t = toks[i]
            w = strip_possessive(t.text)
            if i and toks[i - 1].text.lower() in CONTACT_VERBS and w.islower() and not is_function_word(w) \
                    and not lex.is_keep_word(w) and len(w) > 2 and text[toks[i - 1].end:t.start] == " " \
                    and (lex.is_given_name(w) or lex.is_ordinary(w, strict=False) is False) and w.lower() not in lex.places \
                    and not (i + 1 < n and toks[i + 1].text in lex.verb_lemmas and not is_function_word(toks[i + 1].text)
                             and not lex.is_british_given_name(w)):
                # "rang harry", "met femi": in any text, a lower-case name after a verb of contact (not
                # "phoned tae say": a verb after it makes it a dialect's "to")
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.65))
                continue
            if not (ctx.lowercase or (lowercase_lines and ctx.in_lowercase_line(t.start))):
                continue
            if w in MODAL_NAMES and w == t.text and i + 1 < n and toks[i + 1].text in FINITE_AFTER_NAME \
                    and text[t.end:toks[i + 1].start] == " " and (i == 0 or toks[i - 1].text.lower() not in NON_NAME_PREDECESSORS
                                                                 or toks[i - 1].text.lower() == "and"):
                # "and will was already there", "will said he thought i knew": a modal verb is never
                # followed by a past tense, so the word is the person
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.6))
                continue
            if w.islower() and not is_function_word(w) and not lex.is_keep_word(w) and len(w) > 1 \
                    and (lex.is_given_name(w) or not lex.is_ordinary(w)):
                m = LOWERCASE_APPOSITION.match(text, t.end)
                if m and m.group(1).lower() in lex.relation_words:
                    # "dev, our site manager, ...": an unknown word named by a role after it
                    out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.65))
                    continue
            if w.islower() and len(w) > 1 and w == t.text and with_first_person(toks, i, text) and not is_function_word(w) \
                    and not lex.is_keep_word(w) and w not in CHAT_WORDS and w not in lex.relation_words \
                    and not is_plural_noun(w, lex) and w.lower() not in lex.places and w not in OBJECT_PRONOUNS \
                    and (lex.is_given_name(w) or lex.is_ordinary(w, strict=False) is False):
                # "me and grant stayed", "caroline and i went": a given name, or a word no dictionary
                # knows, paired with "me" or "I" is a person ("me and work" is not: no given name)
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.6))
                continue
            if w.islower() and len(w) > 2 and lex.is_ordinary(w) is False and not lex.is_given_name(w) \
                    and not is_function_word(w) and not lex.is_keep_word(w) and w not in CHAT_WORDS \
                    and self_introduced(toks, i, text):
                # "its agamemnon can u ring me": a word no dictionary knows where the writer names herself
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.6))
                continue
            if not w.islower() or not lex.is_given_name(w) or w in FUNCTION_WORDS or lex.is_keep_word(w) or w in CHAT_WORDS \
                    or w in lex.place_prepositions:
                continue  # "im up": chat's "I'm"; "tae brae": Scots "to", whatever names the gazetteer holds
            if w in lex.relation_words and i and toks[i - 1].text.lower() in POSSESSIVE_DETERMINERS:
                continue  # "her son's driving test": a relation, though a gazetteer holds "Son"
            surname = toks[i + 1] if i + 1 < n and w == t.text and text[t.end:toks[i + 1].start] == " " else None
            sw = strip_possessive(surname.text) if surname is not None else ""
            if surname is not None and len(sw) > 2 and sw.islower() and not CONTRACTION.search(sw) and (
                    lex.is_ordinary(sw, strict=False) is False or re.fullmatch(r"(?:o|d|mc|mac)['’][a-z]{3,}", sw)):
                # "grace adeyemi", "siobhan o'dowd": a given name, then a word no dictionary knows
                out.append(_tok_finding(ctx, t.start, surname.start + len(sw), "NAME", self.name, 0.7))
                continue
            prev = toks[i - 1].text.lower() if i and "\n" not in text[toks[i - 1].end:t.start] and \
                not t.sentence_start else ""
            nxt = toks[i + 1].text.lower() if i + 1 < n else ""
            prev2 = toks[i - 2].text.lower() if i >= 2 else ""
            if prev == "to" and (prev2 in TO_NAME_VERBS or nxt in ("and", "at", "in", "from", "who")):
                prev = ""  # "thanks to raj", "spoke to claire at the LA": not the infinitive
            if (prev in NON_NAME_PREDECESSORS or nxt in OBJECT_PRONOUNS or (prev == "its" and not self_introduced(toks, i, text))) \
                    and lex.is_ordinary(w) is not False:
                continue  # "also hope", "will you": the word; "also bethan at ..." is no English word
            after = text[t.end:t.end + 2]
            nxt2 = toks[i + 2].text if i + 2 < n else ""
            coordinated = (nxt == "and" and lex.is_given_name(nxt2) and not is_function_word(nxt2)) or (
                prev == "and" and i >= 2 and lex.is_given_name(toks[i - 2].text) and not is_function_word(toks[i - 2].text))
            evidence = (
                coordinated
                or self_introduced(toks, i, text)  # "its caroline can u ring me": a message's writer names herself
                or not lex.is_ordinary(w)  # "its alison can u ring me": a given name that is no English word
                or strip_possessive(t.text) != t.text
                or nxt in NAME_FOLLOWERS and not (nxt == "and" and i + 2 < n and toks[i + 2].text.lower() not in SUBJECT_PRONOUNS)
                or (prev in NAME_PRECEDERS and (i + 1 >= n or text[t.end:t.end + 1] in ".,!?;:\n"))
                or after[:1] == ","
            )
            if evidence:
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.6))
        return out


#: A field of a signature line: between commas, bars, semicolons, the separators of a line's
#: fields, and dashes with space around them ("G. — formerly head of ...", "T. | Teaching Head").
SIGNATURE_FIELD = re.compile(r"(?:[^,|;" + "".join(FIELD_SEPARATORS) + r"—–]|(?<=\S)[—–]|[—–](?=\S))+")


@register
class SignatureDetector:
    """Names at the end of a story: "— Kirsty", "*M. Lindqvist, Headteacher*", "jen x",
    "Head, Greater Manchester". Looks only at the last short lines (before any P.S.)."""

    name = "signature"
    strong = True
    MAX_WORDS = 8

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        start, end = ctx.body_range or (0, len(text))
        body = text[start:end]
        lines = []
        pos = start
        for line in body.split("\n"):
            lines.append((pos, line))
            pos += len(line) + 1
        # drop trailing P.S. paragraphs
        idx = len(lines) - 1
        paragraphs_seen = 0
        while idx >= 0:
            while idx >= 0 and not lines[idx][1].strip():
                idx -= 1
            # find paragraph start
            p = idx
            while p - 1 >= 0 and lines[p - 1][1].strip():
                p -= 1
            if p >= 0 and idx >= 0 and re.match(r"\s*\**\s*P\.?\s?P?\.?\s?S\b", lines[p][1]) and paragraphs_seen < 3:
                idx = p - 1
                paragraphs_seen += 1
                continue
            break
        out = []
        taken = 0
        lex = ctx.lexicon
        while idx >= 0 and taken < 4:
            lp, line = lines[idx]
            stripped = line.strip()
            if not stripped:
                idx -= 1
                continue
            if stripped.startswith("|"):
                break  # a table's row ends the story, not a signature ("| Mon 6 Jan | Ms Patel | HT |")
            words = WORD_RE.findall(stripped)
            if len(words) > self.MAX_WORDS or stripped.endswith("?") or re.match(r"[-*+•]\s", stripped) and taken == 0 \
                    and len(words) > 3:
                break
            if len(words) > 3 and stripped.rstrip("*_\"”’)").endswith((".", "!")) \
                    and sum(1 for w in words if w.islower() and not is_function_word(w)) >= 2:
                break  # a sentence ("Afterwards, our chair, Lorna Quist, said nothing."), not a sign-off
            if stripped.startswith("#"):
                break
            out.extend(self._line(ctx, lp, line))
            taken += 1
            idx -= 1
        return out

    def _line(self, ctx: Context, lp: int, line: str) -> list[Finding]:
        lex = ctx.lexicon
        out = []
        role_seen = False
        name_seen = False
        for m in SIGNATURE_FIELD.finditer(line):
            part = m.group(0)
            inner = part.strip(" \t*_—–-~>\"“”")
            inner = re.sub(r"\s+x{1,3}$", "", inner)  # "jen x"
            if not inner:
                continue
            s = lp + m.start() + part.index(inner)
            e = s + len(inner)
            if "@" in inner or "://" in inner or re.search(r"\d{3}", inner):
                continue  # contacts: the contact detector's job
            words = WORD_RE.findall(inner)
            lower_words = [w.lower() for w in words]
            if not words:
                continue
            if " ".join(lower_words) in lex.valedictions:
                continue  # "Diolch yn fawr", "Kind regards"
            if len(words) <= 3 and lower_words[0] in lex.valedictions and len(inner.rstrip(",")) == len(inner):
                if all(w in lex.valedictions or w in FUNCTION_WORDS for w in lower_words):
                    continue
            if any(w in lex.relation_words for w in lower_words) or all(
                    lex.is_keep_word(w) or is_function_word(w) for w in words):
                role_seen = True
                continue
            if len(words) > 4:
                continue
            looks_like_name = all(w[:1].isupper() or len(w) == 1 for w in words if w.lower() not in ("of", "and", "upon", "on", "in", "y")) \
                or (ctx.lowercase and len(words) <= 2)
            if not looks_like_name or inner.endswith((".", "!")) and not re.fullmatch(r"(?:\w\.)+", inner):
                continue
            if all(is_function_word(w) for w in words):
                continue
            if (len(words) > 1 or any(sep in line for sep in FIELD_SEPARATORS)) \
                    and all(lex.is_ordinary(w) is True and not lex.is_given_name(w) for w in words):
                continue  # "Like · Reply", "Sent from my phone": a sign-off's words; "Ade" or "n." alone signs it
            if role_seen or name_seen:
                label = "PLACE"
            else:
                label = "NAME"
                if ctx.lowercase and inner.lower() in lex.places and not lex.is_given_name(inner):
                    label = "PLACE"
            name_seen = True
            out.append(Finding(s, e, label, ctx.text[s:e], self.name, 0.8))
        return out


@register
class GaelicSurnameDetector:
    """Gaelic and Irish surnames with their particles: "Mac an t-Saoir", "Nic a' Phearsain",
    "Ó Súilleabháin", "Ní Bhriain", "Mhic Dhòmhnaill" (after a given name if one comes first)."""

    name = "gaelic-name"
    strong = True
    PARTICLE = r"(?:Mac|Nic|Mhic|Ní|Nì|Ó|Ò|Ua|Uí)"
    PATTERN = re.compile(r"(?:\b([A-Z][\w'’-]+)[ \t]+)?(\b" + PARTICLE + r"[ \t]+"
                         r"(?:(?:an|a['’]|na|nan|na h-|an t-|t-)[ \t]*)?(?:t-|h-)?[A-ZÀ-ÖØ-Þ][\w'’-]+)")
    #: Every match holds a particle: texts without one (nearly all) are not scanned with PATTERN.
    HAS_PARTICLE = re.compile(PARTICLE + r"[ \t]")

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        lex = ctx.lexicon
        if not self.HAS_PARTICLE.search(ctx.text):
            return out
        for m in self.PATTERN.finditer(ctx.text):
            given = m.group(1)
            whole = given is not None and not (is_function_word(given) or lex.is_keep_word(given) or given in lex.titles)
            out.append(_tok_finding(ctx, m.start(1) if whole else m.start(2), m.end(), "NAME", self.name, 0.8))
        return out


@register
class PersonPredicateDetector:
    """A capitalised word that only a person can be the subject of: "Baker was the chair of
    governors", "Hope is my deputy" (a role as its complement), "Summer told me" (a verb of
    speech), "Summer, aged seven", "Summer and her brother", "Summer was in Year 3". Catches
    surnames and given names that are also ordinary words or generic vocabulary (seasons,
    months, virtues) where nothing else marks them."""

    name = "predicate"
    strong = True
    ROLE_COMPLEMENT = re.compile(
        r"\s+(?:is|was|became|becomes)\s+(?:the|our|my|their|his|her|a|an)\s+((?:[\w-]+\s+){0,2}?)([\w-]+)\b(?!['’])")
    # contexts only a person (a child, in these stories) stands in; ages, family, a class
    PERSON_CONTEXT = re.compile(
        r"(?:,?\s+(?:aged|age)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
        r"|fourteen|fifteen|sixteen|seventeen|eighteen)\b"
        r"|\s+and\s+(?:her|his|their)\s+(?:mum|mother|dad|father|brother|sister|brothers|sisters|nan|gran|grandma"
        r"|grandad|aunt|uncle|cousin|son|daughter|husband|wife|partner|family|carer|foster)\b"
        r"|\s+(?:is|was)\s+in\s+(?:Year\s+\d{1,2}|Reception|Nursery)\b)", re.I)

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        text = ctx.text
        lex = ctx.lexicon
        n = len(toks)
        for i, t in enumerate(toks):
            if not t.text[:1].isupper():
                continue  # (most tokens: the test below, made before any look-up)
            w = strip_possessive(t.text)
            modal_name = w.lower() in MODAL_NAMES  # "May said yes": no modal verb is followed by "said"
            if w != t.text or len(w) < 2 or not w[:1].isupper() or (is_function_word(w) and not modal_name) \
                    or w in lex.titles:
                continue
            given = lex.is_given_name(w) or modal_name
            if lex.is_keep_word(w) and not given:
                continue
            if self.PERSON_CONTEXT.match(text, t.end) and (given or not ctx.lexicon.is_ordinary(w)
                                                           or not t.sentence_start):
                out.append(_tok_finding(ctx, t.start, t.end, "NAME", self.name, 0.7))
                continue
            if w.isupper() or ctx.in_caps_line(t.start) or ctx.in_title_case_line(t.start):
                continue
            if i + 1 < n and text[t.end:toks[i + 1].start] == " " and toks[i + 1].text in PERSON_SPEECH_VERBS \
                    and (given or not lex.is_keep_word(w)) \
                    and not (not given and (is_plural_noun(w, lex) or w.lower() in lex.relation_words)):
                out.append(_tok_finding(ctx, t.start, t.end, "NAME", self.name, 0.7))
                continue
            m = self.ROLE_COMPLEMENT.match(text, t.end)
            if m and not modal_name and m.group(2).lower() in lex.relation_words:  # "Hope was my deputy", a place name or not
                out.append(_tok_finding(ctx, t.start, t.end, "NAME", self.name, 0.7))
        return out


@register
class WhoClauseDetector:
    """A sentence-opening word whose clause, after a short place phrase, goes on with ", who":
    "Hargreaves at the LA, who ...", "kerry from the trust, who ..." -> NAME."""

    name = "who-clause"
    strong = False
    PATTERN = re.compile(r"\s+(?:at|from|in|of|on)\s+(?:the\s+|our\s+|my\s+)?[\w'’-]+(?:\s+[\w'’-]+)?,\s+who\b")

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        lex = ctx.lexicon
        for t in ctx.tokens:
            if not t.sentence_start or len(t.text) < 2:
                continue
            w = strip_possessive(t.text)
            if not (w[:1].isupper() or ctx.lowercase) or is_function_word(w) or lex.is_keep_word(w):
                continue
            if self.PATTERN.match(ctx.text, t.end):
                out.append(_tok_finding(ctx, t.start, t.start + len(w), "NAME", self.name, 0.6))
        return out


@register
class StreetDetector:
    """Capitalised words before a core street word: "Church Lane", "Station Road", "Mill Close"
    (generic first words included, which the proper-noun detector would keep) -> PLACE."""

    name = "street"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        toks = ctx.tokens
        text = ctx.text
        suffixes = ctx.lexicon.core_street_suffixes
        for i, t in enumerate(toks):
            if t.text not in suffixes or i == 0:
                continue
            k = i
            while k - 1 >= 0 and i - k < 3 and text[toks[k - 1].end:toks[k].start] == " " \
                    and toks[k - 1].text[:1].isupper() and not is_function_word(toks[k - 1].text) \
                    and not toks[k].sentence_start and toks[k - 1].text not in ctx.lexicon.titles:
                k -= 1
            if k < i:
                out.append(_tok_finding(ctx, toks[k].start, t.end, "PLACE", self.name, 0.85))
        if ctx.lowercase:
            pat = ctx.lexicon.__dict__.get("_lowercase_street_re")
            if pat is None:
                streets = "|".join(sorted({re.escape(x.lower()) for x in suffixes}))
                pat = re.compile(LOWERCASE_STREET + r"(?:" + streets + r"))\b")
                ctx.lexicon.__dict__["_lowercase_street_re"] = pat
            for m in pat.finditer(text):
                if not any(is_function_word(w) or w.isdigit() for w in m.group(1).split()[:-1]):
                    out.append(_tok_finding(ctx, m.start(1), m.end(1), "PLACE", self.name, 0.75))
        return out


@register
class GaelicPlaceDetector:
    """Gaelic and Irish place names joined by an article, kept whole: "Bàgh a' Chaisteil",
    "Beinn na Faoghla", "An t-Òban", "Na h-Eileanan Siar"; and Irish counties: "County Cavan",
    "Co. Tyrone". The article between two capitalised words (or "An t-"/"Na h-" before one) is
    the evidence, so the shape holds for places no gazetteer lists."""

    name = "gaelic-place"
    strong = True
    WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
    PATTERN = re.compile(
        r"\b(?:(?:An[ \t]+t-|Na[ \t]+h-)" + WORD + r"(?:[ \t]+" + WORD + r")?"
        r"|(?!(?:Mac|Nic|Mhic|Ní|Nì|Ó|Ò|Ua|Uí)\b)" + WORD + r"[ \t]+(?:a['’]|na|nan|nam|na[ \t]+h-|an[ \t]+t-)[ \t]*(?:t-|h-)?"
        + WORD + r"(?:[ \t]+" + WORD + r")?)")
    COUNTY = re.compile(r"\b(?:County|Co\.)[ \t]+([A-Z][a-z]+)\b")
    NOT_A_COUNTY = {"Council", "Councils", "Hall", "Court", "Lines", "Championship", "Show", "Cricket"}

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        for m in self.PATTERN.finditer(ctx.text):
            end = m.start() + len(strip_possessive(m.group(0)))
            out.append(_tok_finding(ctx, m.start(), end, "PLACE", self.name, 0.8))
        for m in self.COUNTY.finditer(ctx.text):
            if m.group(1) not in self.NOT_A_COUNTY:
                out.append(_tok_finding(ctx, m.start(), m.end(), "PLACE", self.name, 0.8))
        return out
