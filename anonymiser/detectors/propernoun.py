"""Gazetteer-free proper-noun detection from capitalisation.

In edited English prose a capitalised word that does not start a sentence, is
not generic vocabulary (keep-list) and is not a function word is a proper
noun. Runs of such words ("Shepton Mallet", "Burley-in-Wharfedale") form one
finding. The label comes from context: after a place preposition or next to a
geographic word it is a PLACE, otherwise a NAME (the NER detector usually
supplies a better label for the same span).
"""
from __future__ import annotations

import re
import unicodedata

from ..lexicon import FUNCTION_WORDS, compound_of_words, is_function_word, is_plural_noun, mostly_english, strip_possessive
from ..ordinary import CALENDAR_WORDS, never_a_name, read_word_file
from ..text import is_all_caps
from ..types import Finding
from .base import Context, after_indefinite_article
from ..registry import register

SAINT_WORDS = frozenset({"St", "St.", "Saint"})
CHAIN_WORDS = {"St", "St.", "Saint", "de", "van", "von", "der", "du", "le", "la", "da", "di", "al", "bin", "ap", "O'", "Mc"}
# Followers that make a capitalised sentence-initial word a person ("Gethin, who runs...").
PERSON_FOLLOWERS = ("who", "whose", "and I", "and me")
#: A class a person is in or comes from ("Grace from Year 2 said", "ama in yr 4"): a pupil's or a teacher's name.
IN_A_YEAR_GROUP = re.compile(r",? (?:in|from) (?:year|yr|reception|nursery|p[1-7]|s[1-6])\b", re.I)
#: After a sentence's first word, what only a person has: an age ("Comfort, aged nine, asked"),
#: or a relative of her own ("Peace and her brother started in Reception"): the word is a name,
#: even one that is also a word.
AGE_OR_KIN_AFTER = re.compile(r",? aged (?:\d+|[a-z]+)\b| and (?:her|his|their) ([a-z]+)\b")
# "Sam, a business manager, ..." / "Sam, our deputy": an apposition naming a role.
APPOSITION = re.compile(r",\s+(?:a|an|the|our|my|his|her|their)\s+(?:[\w-]+\s+){0,3}?([\w-]+)\b")
# Verbs that only people do, after which even an unknown sentence-opening word is a person.
PERSON_SPEECH_VERBS = frozenset("""told said says rang texted emailed messaged phoned asked replied laughed smiled
hugged whispered insisted shouted sighed""".split())
# Verbs after which a sentence-initial given name is a person ("Joy tried once.").
# A numeral standing for a word between capitalised words ("Hopes 4 Ed", "Walk 2 School", "Heads Up
# 4HTs") is the text-speak style of a programme, campaign or brand name, not a person's or a
# place's name (a placeholder may stand for the name: "Hopes 4 [Name A]").
# "Year 4 Baker" is not one: a number after generic vocabulary counts.
NUMERAL_JOIN_AFTER = re.compile(r"\s?[24]\s?[A-Z[]")
NUMERAL_JOIN_BEFORE = re.compile(r"(\]|[A-Z][\w'’]*)\s?[24]\s?$")
PERSON_VERBS = frozenset("""is was has had runs ran leads led tried tries said says told asked rang texted called
sent wrote drove took came noticed knew knows thinks thought laughed smiled cried replied helped organised
joined left retired died""".split())


#: Verbs that any noun can be the subject of: after an ordinary word that is also a given name
#: ("Hope is", "Patience was") they say nothing about a person.
COPULAS = frozenset("is was has had".split())
#: Prepositions after a sentence-opening word that is also a given name: "Grace under pressure",
#: "Faith in the system" read as the ordinary word unless the model says person.
GENERIC_FOLLOWERS = frozenset("in under of for at on over with without to from as".split())

#: Strikethrough just before a word: the word opens a crossed-out draft or follows one.
STRUCK_OUT_BEFORE = re.compile(r"~~ ?$")
#: What stands before a forum's name ("r/TeachingUK", "in r/uknews").
FORUM_NAME_BEFORE = re.compile(r"(?<![\w/])r/$")
_ROLE_CONTEXT = re.compile(r"(?:\b(?:[Tt]he|[Oo]ur|[Mm]y|[Tt]heir|[Hh]is|[Hh]er|[Yy]our|an?|An?)|[A-Z][\w'’]*) $")


_CELL_OPENER = re.compile(r"\|[ \t*_\"“‘'(]*\Z")


#: The dots or rule after a form's field name ("Date ..........", "Signed ______").
FORM_LEADER = re.compile(r"[ \t]*(?:[._…]\s?){3,}")
#: Words of chat and diaries no dictionary lists ("Govs", "Hols"): never a name (data/words/chat.txt).
CHAT_WORDS = read_word_file("chat")
#: What follows a legend's label and its colon: initials defined ("Key: SM = ...", "JO'C – ...").
#: (or, in the check pass over the output, a placeholder: "Key: [Name B] = ...").
LEGEND_AFTER = re.compile(r"(?:\*\*|__)?[ \t]*(?:[A-Z][A-Z'’.]{0,4}|\[[A-Z][a-z]+ [A-Z]{1,2}\])[ \t]*[=–—][ \t]")
#: A capital letter joined to a lower-case word: "T-shirt", "U-turn", "A-levels".
LETTER_COMPOUND = re.compile(r"[A-Z]-[a-z]{2,}(?:-[a-z]+)*")
#: A number right after a word ("Primary 5", "Class 3s"): the word labels one of a numbered set.
NUMBERED_AFTER = re.compile(r" \d{1,2}(?:s\b|\b)(?![:.,/]\d)")
#: A vowel of English or Welsh (w, y), after accents are taken off ("Phạm", "Trần" have one).
_VOWEL = re.compile(r"[aeiouwy]", re.I)


def is_abbreviation(word: str) -> bool:
    """True for a short word without a vowel ("Mtg", "Sbm", "Cttee"): a diary's shorthand, no
    name (names have vowels, Welsh w and y and accented ones included: "Llwyd", "Wyn", "Phạm")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return len(word) <= 5 and bare.isascii() and not _VOWEL.search(bare)


def opens_table_cell(text: str, start: int) -> bool:
    """True if the word at `start` is the first of a Markdown table cell ("| 4 Nov | Formal ...")."""
    return _CELL_OPENER.search(text, max(0, start - 12), start) is not None


def _capitalised_owner(word: str, lex) -> str | None:
    """The word of a capitalised possessive ("Patel's" -> "Patel"), or None if it is no possessive,
    is in capitals, or is a keep, calendar or function word ("Ofsted's", "Monday's")."""
    bare = strip_possessive(word)
    if bare == word or not bare[:1].isupper() or is_all_caps(bare) or lex.is_keep_word(bare) \
            or bare.lower() in CALENDAR_WORDS or is_function_word(bare):
        return None
    return bare


def owner_opening_sentence(word: str, lex) -> bool:
    """True for a possessive opening a sentence whose word no dictionary knows ("Patel's report
    landed", "Nguyen's email"): an owner is a person, place or body, so the capital is the name's,
    not only the sentence's. An ordinary word ("Today's", "Mum's"), a keep word ("Ofsted's") or a
    calendar word ("Monday's") is not."""
    bare = _capitalised_owner(word, lex)
    return bare is not None and len(bare) > 1 and lex.is_ordinary(bare) is False


def ordinary_owner_opening_sentence(word: str, lex) -> bool:
    """True for a possessive opening a sentence whose word is also ordinary English ("Green's
    report", "Birch's email"): a surname or a thing's owner, which only the model can tell apart
    ("Today's", "Mum's", "Parents'", "Ofsted's" are never asked)."""
    bare = _capitalised_owner(word, lex)
    return bare is not None and len(bare) > 2 and lex.is_ordinary(bare) is True \
        and bare.lower() not in lex.relation_words and not is_plural_noun(bare, lex) and bare not in lex.titles


def is_role_in_context(text: str, start: int, word: str, lex) -> bool:
    """A role written with a capital after a determiner or another capitalised word: "the
    Deputy", "our Bursar", "Schools Adviser" (but "I asked Cook": a surname may be a role word)."""
    w = strip_possessive(word)
    return w.lower() in lex.relation_words and not lex.is_given_name(w) \
        and _ROLE_CONTEXT.search(text, max(0, start - 30), start) is not None


@register
class ProperNounDetector:
    """Capitalised non-initial words that are not generic vocabulary -> NAME or PLACE."""

    name = "propernoun"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        lex = ctx.lexicon
        toks = ctx.tokens
        text = ctx.text
        n = len(toks)
        out = []

        def candidate(i: int, allow_initial: bool) -> bool:
            t = toks[i]
            if not t.text[:1].isupper():  # (the first letter of a token is its stripped word's)
                return False
            w = strip_possessive(t.text)
            if is_function_word(w) or lex.is_keep_word(w) or w in lex.titles:
                return False
            if len(w) == 1:
                return False
            if is_all_caps(w) and lex.is_ordinary(w.lower()) and not lex.is_given_name(w):
                return False  # "EXCLUDED from the trip for NOTHING": shouting, not a name
            if is_all_caps(w) and len(w) > 2 and lex.is_given_name(w) and lex.is_ordinary(w.lower()) is False:
                return True  # "this time KATE", "WHERE IS KEMI": a given name in capitals
            if is_all_caps(w) and after_indefinite_article(ctx, i):
                return False  # "HOME FROM A CAROL SERVICE": a kind of thing, not a person
            if is_all_caps(w):
                # acronyms (IVF, PTA) are generic; shouted names are caught only with other evidence
                shouted = sum(1 for k in (i - 2, i - 1, i + 1, i + 2) if 0 <= k < n and is_all_caps(toks[k].text)) >= 2
                if len(w) <= 5 or ctx.in_caps_line(t.start) or shouted:
                    return lex.is_given_name(w) and (i + 1 < n and is_all_caps(toks[i + 1].text))
            if not allow_initial and STRUCK_OUT_BEFORE.search(text, max(0, t.start - 4), t.start) \
                    and (lex.is_ordinary(w) or compound_of_words(w, lex)):
                return False  # "~~Handed in~~ ~~Drafted~~ Wrote": crossed-out drafts of one sentence's start
            if FORUM_NAME_BEFORE.search(text, max(0, t.start - 3), t.start):
                return False  # "r/TeachingUK": a forum's name, not a person's or a place's
            if FORM_LEADER.match(text, t.end):
                return False  # "Date ..........", "Signed ______": a form's field, not a name
            if LETTER_COMPOUND.fullmatch(w) and lex.is_ordinary(w):
                return False  # "T-shirt", "U-turn", "X-ray": the capital is the word's own spelling
            if "-" in w and all(never_a_name(part) for part in w.split("-")):
                return False  # "Mon-Wed", "Year-Two": a range of days, words that never name anyone
            if w.lower() in CHAT_WORDS and not lex.is_given_name(w):
                return False  # "but Im on the board", "in my DMs": chat's words, capitalised or not
            if NUMBERED_AFTER.match(text, t.end) and lex.is_ordinary(w) is True and not lex.is_given_name(w) \
                    and w.lower() not in lex.places:
                return False  # "by Primary 5", "Class 3", "Table 2": an ordinary word numbering a thing
            if (t.sentence_start or (opens_table_cell(text, t.start) and (lex.is_ordinary(w) or compound_of_words(w, lex)))) \
                    and not allow_initial \
                    and not owner_opening_sentence(t.text, lex):
                return False  # "| 4 Nov | Formal plan": a cell's first word is capitalised as a sentence's
            if ctx.in_title_case_line(t.start):
                # a heading In Title Case: only known names and places count
                return lex.is_given_name(w) or w.lower() in lex.places
            return True

        def joined(a, b) -> bool:
            return text[a.end:b.start] in (" ", "-", " - ")

        i = 0
        while i < n:
            # (most tokens are lower case: tested here, before any call, as candidate's first test)
            if not toks[i].text[:1].isupper() or not candidate(i, allow_initial=False):
                i += 1
                continue
            s = i
            # extend backwards over a directly preceding capitalised word, even sentence-initial
            while s - 1 >= 0 and joined(toks[s - 1], toks[s]) and not toks[s].sentence_start \
                    and toks[s - 1].text[:1].isupper() and (
                        toks[s - 1].text in CHAIN_WORDS
                        or (candidate(s - 1, False))
                        # a sentence-initial word joins only if it is a known given name ("Grace Adebayo")
                        or (candidate(s - 1, True) and (lex.is_given_name(toks[s - 1].text) or ctx.lowercase))):
                s -= 1
            e = i
            while e + 1 < n and joined(toks[e], toks[e + 1]) and not toks[e + 1].sentence_start \
                    and (candidate(e + 1, False) or (toks[e + 1].text in CHAIN_WORDS and e + 2 < n and candidate(e + 2, False))
                         # a saint's name goes on whatever its word: "St Just", "St Neot", "St Ives"
                         or (toks[e].text in SAINT_WORDS and toks[e + 1].text[:1].isupper())) \
                    and not toks[e].text.endswith(("'s", "’s")):
                e += 1
            while s < e and toks[s].text in CHAIN_WORDS | {"The"} and s != i:
                s += 1
            start, end = toks[s].start, toks[e].end
            last = toks[e].text
            saint = any(t.text in ("St", "St.", "Saint") for t in toks[s:e + 1])
            if strip_possessive(last) != last and not saint:  # "St John's" keeps its 's
                end -= len(last) - len(strip_possessive(last))
            if s == e and re.match(r" (?!I )[A-Z](?=[\s,;:!?.)]|$)", text[end:end + 3]) and not lex.is_given_name(toks[s].text):
                i = e + 1
                continue  # "Vitamin D", "Plan B": a product or plan, not a person
            if s == e and is_role_in_context(text, toks[s].start, toks[s].text, lex):
                i = e + 1
                continue
            if self._ordinary_brand_words(ctx, s, e):
                i = e + 1
                continue
            if self._ordinary_phrase(ctx, s, e):
                i = e + 1
                continue
            label, score = self._label(ctx, s, e)
            out.append(Finding(start, end, label, text[start:end], self.name, score))
            i = e + 1
        out.extend(self._initial_persons(ctx))
        return out

    @staticmethod
    def _ordinary_phrase(ctx: Context, s: int, e: int) -> bool:
        """True for capitals alone on ordinary words after "a" or "an": "an Extraordinary Meeting",
        "a Quality Mark" name a kind of thing, not one person or place. Not with a given name
        ("a Rose Baker"), a place the gazetteer knows or a word of no dictionary; "the Jolly Gig"
        and "Hen Cloud" stay names (a pub, a crag)."""
        toks, lex = ctx.tokens, ctx.lexicon
        words = [strip_possessive(t.text) for t in toks[s:e + 1]]
        if len(words) < 2 or " ".join(words).lower() in lex.places:
            return False
        if any(lex.is_given_name(w) or lex.is_ordinary(w) is not True or w.lower() in lex.places for w in words):
            return False
        before = toks[s - 1].text.lower() if s > 0 and not toks[s].sentence_start else ""
        return before in ("a", "an")  # "an Extraordinary Meeting" is a kind; "the Jolly Gig" may be a pub

    @staticmethod
    def _ordinary_brand_words(ctx: Context, s: int, e: int) -> bool:
        """True for ordinary English words joined to a name by a numeral ("the Hopes 4 Ed
        sessions"): the words of a programme's name. A given name in it still counts as a name
        ("Miles 4 Molly" is named after a child), as does anything no dictionary knows."""
        toks, text, lex = ctx.tokens, ctx.text, ctx.lexicon
        start, end = toks[s].start, toks[e].end
        before = NUMERAL_JOIN_BEFORE.search(text, max(0, start - 40), start)
        if not NUMERAL_JOIN_AFTER.match(text, end) and (before is None or lex.is_keep_word(strip_possessive(before.group(1)))):
            return False  # no numeral join, or a number after a generic noun ("Year 4 Baker")
        words = [strip_possessive(t.text) for t in toks[s:e + 1]]
        return all(lex.is_ordinary(w) and not lex.is_given_name(w) and w.lower() not in lex.places for w in words)

    def _label(self, ctx: Context, s: int, e: int) -> str:
        lex = ctx.lexicon
        toks = ctx.tokens
        first, last = strip_possessive(toks[s].text), strip_possessive(toks[e].text)
        if last in lex.street_suffixes or first in lex.place_prefixes or last in lex.place_suffixes:
            return "PLACE", 0.72
        if e + 1 < len(toks) and toks[e + 1].text.lower() in lex.place_nouns:
            return "PLACE", 0.72
        j = s - 1
        if j >= 0 and toks[j].text.lower() == "the":
            j -= 1
        if j >= 0 and toks[j].text.lower() in lex.place_prepositions and toks[j].text.lower() not in ("to", "of", "at"):
            if not (s == e and lex.is_given_name(first) and first.lower() not in lex.places):
                return "PLACE", 0.72
        surface = " ".join(strip_possessive(t.text) for t in toks[s:e + 1]).lower()
        if surface in lex.places and not lex.is_given_name(first):
            return "PLACE", 0.72
        return "NAME", 0.5

    @staticmethod
    def uncommon_opener(word: str, lex) -> bool:
        """True for a capitalised opener that is not common English (not in both word lists), not
        a chat word, an abbreviation, a keep word, a calendar word, a role, an adjective or a verb
        ("Proud", "Counsellor") or two words run together ("Screenshot"): where only the model can say
        whether it is a name."""
        w = strip_possessive(word)
        return w[:1].isupper() and not is_all_caps(w) and len(w) > 2 and lex.is_ordinary(w) is False \
            and w.lower() not in CHAT_WORDS and not is_abbreviation(w) and not lex.is_keep_word(w) \
            and w.lower() not in CALENDAR_WORDS and not is_function_word(w) and w not in lex.titles \
            and not compound_of_words(w, lex) and w.lower() not in lex.relation_words \
            and w.lower() not in lex.adjectives_and_verbs

    @staticmethod
    def _model_names(ctx: Context, start: int, end: int) -> bool:
        """True if the model reads the span as (part of) a person or a place."""
        return any(s <= start and end <= e and label in ("PERSON", "GPE", "LOC") for s, e, label in ctx.entities)

    @staticmethod
    def _opener_label(ctx: Context, t, w: str) -> str:
        if w.lower() in ctx.lexicon.places and not ctx.lexicon.is_given_name(w):
            return "PLACE"
        return "NAME"

    #: How many words after a sentence's opener show which language the sentence is in.
    LANGUAGE_WINDOW = 6

    @staticmethod
    def opens_phrase_of_unknown_words(ctx: Context, i: int) -> bool:
        """True if token `i` is followed, after one space, by a lower-case word of three letters
        or more that no English dictionary knows: "Tapadh leibh", "Mòran taing", "Dydh da" open
        a phrase of another language. A name opening an English sentence is followed by words
        English knows ("Kowalczyk rang"), or by punctuation; one that owns the next word is English
        ("Tesfamariam's caseload"), and a lower-case word before a capitalised one is a particle
        inside a name ("Maricel dela Cruz")."""
        toks, lex = ctx.tokens, ctx.lexicon
        if i + 1 >= len(toks) or toks[i].text != strip_possessive(toks[i].text):
            return False
        nxt = toks[i + 1]
        word = nxt.text
        if i + 2 < len(toks) and toks[i + 2].text[:1].isupper() and not toks[i + 2].sentence_start:
            return False
        return ctx.text[toks[i].end:nxt.start] == " " and not nxt.sentence_start and word.isalpha() \
            and word.islower() and len(word) > 2 and lex.is_ordinary(word, strict=False) is False

    @classmethod
    def opens_english_sentence(cls, ctx: Context, i: int) -> bool:
        """False if the words after token `i`, in its sentence, are mostly not English (two or
        more of them, fewer than half known to a dictionary). An opener no dictionary knows is
        evidence of a name only in English: in "Dw i'n dysgu" or "Tha mòran" every word is
        unknown."""
        toks, lex = ctx.tokens, ctx.lexicon
        if cls.opens_phrase_of_unknown_words(ctx, i):
            return False
        following = []
        for t in toks[i + 1:i + 1 + 2 * cls.LANGUAGE_WINDOW]:
            if t.sentence_start or len(following) == cls.LANGUAGE_WINDOW:
                break
            # words of one or two letters ("i", "a", "yn", "mi", "na") are words of many languages
            if t.text.isalpha() and len(t.text) > 2:
                following.append(t.text)
        if len(following) < 2:
            # a line of its own ("**KemiAdeyemi** · 12 Mar"): no other language shows, unless the
            # story mixes languages ("Dziękuję. Mulțumesc. Thank you.")
            return ctx.other_language_sentences < 2
        if ctx.other_language_sentences >= 2:
            # a story that mixes languages: half its words known is not yet English ("Mulțumesc
            # din suflet", where "din" is an English word too)
            known = sum(1 for w in following if is_function_word(w) or lex.is_ordinary(w) is not False)
            return 2 * known > len(following)
        return mostly_english(following, lex)

    def _initial_persons(self, ctx: Context) -> list[Finding]:
        """Sentence-initial capitalised word followed by ", who" / "who" -> NAME."""
        out = []
        toks = ctx.tokens
        text = ctx.text
        lex = ctx.lexicon
        for i, t in enumerate(toks[:-1]):
            if not t.sentence_start or not t.text[:1].isupper():
                continue
            w = strip_possessive(t.text)
            if is_function_word(w) or lex.is_keep_word(w) or len(w) < 2 or never_a_name(w):
                continue  # "### Mon 13 Jan": a weekday's abbreviation heads a diary's day
            if w.lower() in lex.greetings or w.lower() in lex.valedictions:
                continue  # "Annwyl Mr Evans", "Diolch yn fawr": a greeting or a sign-off opens the line
            raw_after = text[t.end:t.end + 14]
            after = raw_after.lstrip(",").lstrip()
            given = lex.is_given_name(w)
            nxt = toks[i + 1]
            full_name = given and text[t.end:nxt.start] == " " and nxt.text[:1].isupper() \
                and not lex.is_keep_word(nxt.text) and nxt.text.lower() not in FUNCTION_WORDS
            if full_name:
                continue  # the run is handled by the main loop via backward extension
            comma_who = raw_after.startswith((", who ", ", whose ")) or bool(APPOSITION.match(raw_after + text[t.end + 14:t.end + 60]))
            # an ordinary word that is also a given name, before a copula, is a person only if the model
            # says so: "Rose was in tears" but "Hope is a strange thing", "Patience was in short supply"
            ordinary_given = lex.is_ordinary(w)
            person_by_model = ordinary_given and any(s <= t.start and t.start + len(w) <= e and label == "PERSON"
                                                     for s, e, label in ctx.entities)
            verb_after = text[t.end:t.end + 1] == " " and nxt.text.lower() in PERSON_VERBS \
                and not (ordinary_given and nxt.text.lower() in COPULAS and not person_by_model)
            if comma_who and not raw_after.startswith((", who ", ", whose ")):
                # ", the site manager": one of the next few words must be a role or relation
                following = re.findall(r"[\w-]+", text[t.end:t.end + 60])[1:5]
                if not any(x.lower() in lex.relation_words for x in following):
                    comma_who = False
                # "Afterwards, our chair, Bernie Tickle, said": the role's own name follows it
                named = re.match(r",\s+(?:a|an|the|our|my|his|her|their)\s+(?:[\w-]+\s+){0,3}?[\w-]+,\s+[A-Z[]",
                                 text[t.end:t.end + 80])
                if named and not given and lex.is_ordinary(w):
                    comma_who = False
            if not comma_who and not given and text[t.end:t.end + 1] == " " and (not w.endswith("s") or w.endswith("ss")) \
                    and not is_plural_noun(w, lex) and w.lower() not in lex.relation_words \
                    and (nxt.text.lower() in PERSON_SPEECH_VERBS or text[t.end:t.end + 7] in (" and I ", " and me")):
                comma_who = True  # "Ifeoma told me": an unknown word opening a sentence, then a person's verb
            # "Miri, stop reading the comments": a word no dictionary knows, called to before an order
            vocative = raw_after.startswith(", ") and nxt.text.islower() and nxt.text in lex.verb_lemmas \
                and lex.is_ordinary(w) is False and w.lower() not in CHAT_WORDS and not compound_of_words(w, lex)
            # "Luce was in Year 3": a word that is not English in both dictionaries stands where a
            # given name does, as a given name would
            name_like = given or lex.is_ordinary(w) is not True
            age_or_kin = AGE_OR_KIN_AFTER.match(text, t.end)
            if age_or_kin and age_or_kin.group(1) and age_or_kin.group(1) not in lex.relation_words:
                age_or_kin = None  # "Maths and her homework": no relative
            if comma_who or vocative or age_or_kin or (given and (after.startswith(PERSON_FOLLOWERS) or verb_after
                                        or text[t.end:t.end + 2] in ("'s", "’s"))) \
                    or (name_like and (IN_A_YEAR_GROUP.match(text, t.end)
                                       or (text.startswith(" was", t.end) and IN_A_YEAR_GROUP.match(text, t.end + 4)))):
                out.append(Finding(t.start, t.start + len(w), "NAME", w, self.name + ":initial", 0.5))
            elif not ctx.in_caps_line(t.start) and not is_all_caps(w) and len(w) > 2 \
                    and (lex.is_ordinary(w, strict=False) is False
                         or (self.uncommon_opener(w, lex) and self._model_names(ctx, t.start, t.start + len(w)))) \
                    and w not in lex.titles and not is_abbreviation(w) and w.lower() not in CHAT_WORDS \
                    and not compound_of_words(w, lex) and self.opens_english_sentence(ctx, i):
                # a sentence opener that no English dictionary knows, and no two words run together
                # ("Screenshot saved"), is a proper noun ("Kowalczyk rang");
                # so is one that only a list with proper names in it knows ("Fatima was first in"), when
                # the model reads it as a name: WordNet lists "fatima" and "milan", but also "laptop"
                out.append(Finding(t.start, t.start + len(w), self._opener_label(ctx, t, w), w,
                                   self.name + ":initial-unknown", 0.45))
            elif ordinary_owner_opening_sentence(t.text, lex) and not ctx.in_caps_line(t.start) \
                    and any(s <= t.start and t.start + len(w) <= e and label == "PERSON" for s, e, label in ctx.entities):
                # "Green's report landed": an ordinary word owning something, read by the model as a person
                out.append(Finding(t.start, t.start + len(w), "NAME", w, self.name + ":initial-owner", 0.45))
            elif lex.is_british_given_name(w) and not ctx.in_caps_line(t.start) and not is_all_caps(w) \
                    and (not ordinary_given or person_by_model or nxt.text.lower() not in COPULAS | GENERIC_FOLLOWERS) \
                    and not (ordinary_given and text[t.end:t.end + 1] == ":" and LEGEND_AFTER.match(text, t.end + 1)):
                # a known given name starting a sentence is more often a person than not; one that is
                # also an ordinary word ("Hope is a strange thing", "Dawn broke") needs the evidence above
                out.append(Finding(t.start, t.start + len(w), "NAME", w, self.name + ":initial-given", 0.45))
        return out
