"""Compiled vocabulary for one Policy: keep matchers, gazetteers and context word sets.

Built lazily from the Policy's data (never at import time) and cached on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import LARGE_PLACE_POPULATION
from .ordinary import CALENDAR_WORDS, base_forms, never_a_name, read_word_file, word_lists, wordnet_classes
from .ordinary import strip_possessive as _strip_possessive

# English function words. A capitalised function word starts a sentence or a
# title; it is never evidence of a proper noun on its own.
FUNCTION_WORDS = frozenset("""
a about above across after again against all almost along already also although always am among an and
another any anyone anything anyway are around as at away back be became because become been before being
below beside besides between beyond both but by can cannot could did do does doing done down during each
either else enough even ever every everyone everything few first for from further had has have having he
her here hers herself him himself his how however i if in into is it its itself just last least less let
like many may maybe me might mine more most much must my myself neither never next no nobody none nor not
nothing now of off often on once one only or other others otherwise our ours ourselves out over own per
perhaps please quite rather really same several she should since so some someone something sometimes soon
still such than that the their theirs them themselves then there therefore these they this those though
through throughout thus to today together tomorrow too toward towards under until up upon us very was we
well were what whatever when whenever where whether which while who whoever whole whom whose why will with
within without would yes yet you your yours yourself yourselves yesterday tonight oh ok okay right so well
anybody everybody somebody noone no-one
dear hi hello thanks thank sorry anyway honestly actually obviously frankly still again instead
""".split())

# Function words that are also given names: capitalised inside a sentence they are names.
NAME_FUNCTION_WORDS = frozenset({"Will", "May"})

_CONTRACTION = re.compile(r"^(.+?)['’](?:s|ve|d|m|ll|re|t)$", re.I)


@lru_cache(maxsize=65536)
def is_function_word(word: str) -> bool:
    """Function word, also inside a contraction ("I've", "we'll", "don't"). Cached: every detector
    asks it of every capitalised token."""
    if word in NAME_FUNCTION_WORDS:
        return False  # callers check sentence position; "Will" mid-sentence is a name
    w = word.lower()
    if w in FUNCTION_WORDS:
        return True
    m = _CONTRACTION.match(w)
    return bool(m) and (m.group(1) in FUNCTION_WORDS or m.group(1) in ("don", "won", "can", "isn", "didn", "wasn", "aren", "couldn", "shouldn", "wouldn", "hasn", "haven", "hadn", "weren", "ain"))


def _ci(words) -> frozenset:
    return frozenset(str(w).lower() for w in words)


@dataclass
class Lexicon:
    """Vocabulary compiled from a Policy; see Lexicon.build."""

    keep_single_ci: frozenset
    keep_single_cs: frozenset
    keep_phrases: tuple
    user_keep_re: re.Pattern | None
    user_keep_ci: frozenset
    redact_re: re.Pattern | None
    given_names: frozenset
    places: frozenset
    # places of LARGE_PLACE_POPULATION or more: recognised without capitals even when ordinary words
    large_places: frozenset
    # lower-case ordinary English words: (both lists, all-lists); None when the word lists are absent
    ordinary_strict: frozenset | None
    ordinary_loose: frozenset | None
    # WordNet adverbs that are never adjectives ("then", "yesterday", "sadly"): such a word opening
    # a sentence modifies it; it does not begin a place's name ("Little Snoring", "West Hoathly")
    adverbs_not_adjectives: frozenset
    # WordNet verbs in their base form ("say", "ask"): after "phoned tae", one shows "tae" is "to"
    verb_lemmas: frozenset
    # WordNet adjectives and verbs with their forms ("proud", "heard"): no name is one
    adjectives_and_verbs: frozenset
    titles: frozenset
    relation_words: frozenset
    place_prepositions: frozenset
    street_suffixes: frozenset
    core_street_suffixes: frozenset
    place_prefixes: frozenset
    place_qualifiers: frozenset
    place_suffixes: frozenset
    place_nouns: frozenset
    institution_suffixes: frozenset
    lowercase_institution_suffixes: frozenset
    institution_prefixes: tuple
    name_articles: tuple
    valedictions: frozenset
    greetings: frozenset
    ner_labels: dict
    ner_not_identifying: frozenset
    event_words: frozenset
    label_priority: tuple
    placeholders: dict

    @classmethod
    def build(cls, policy) -> "Lexicon":
        """Compile a Lexicon from a Policy (its base keep-list, user terms and rules)."""
        rules = policy.rules
        single_ci, single_cs, phrases = set(), set(), []
        for term in policy.base_keep:
            if " " in term:
                phrases.append(term)
            elif _is_acronym(term):
                single_cs.add(term)
            else:
                single_ci.add(term.lower())
        user_keep_re = _terms_regex(policy.keep, any_case=True) if policy.keep else None
        redact_re = _terms_regex(policy.redact, any_case=True) if policy.redact else None
        return cls(
            keep_single_ci=frozenset(single_ci),
            keep_single_cs=frozenset(single_cs),
            keep_phrases=tuple(phrases),
            user_keep_re=user_keep_re,
            user_keep_ci=_ci(policy.keep),
            redact_re=redact_re,
            given_names=given_names(),
            places=gazetteer_places(),
            large_places=gazetteer_places(LARGE_PLACE_POPULATION),
            ordinary_strict=ordinary_words(policy.model, strict=True),
            ordinary_loose=ordinary_words(policy.model, strict=False),
            adverbs_not_adjectives=_adverbs_not_adjectives(policy.model),
            verb_lemmas=wordnet_classes(policy.model)["verb"],
            adjectives_and_verbs=wordnet_classes(policy.model)["adj"] | wordnet_classes(policy.model)["verb"],
            titles=frozenset(rules.get("titles", ())),
            relation_words=_ci(rules.get("relation_words", ())),
            place_prepositions=_ci(rules.get("place_prepositions", ())),
            street_suffixes=frozenset(rules.get("street_suffixes", ())),
            core_street_suffixes=frozenset(rules.get("core_street_suffixes", ())),
            place_prefixes=frozenset(rules.get("place_prefixes", ())),
            place_qualifiers=frozenset(rules.get("place_qualifiers", ())),
            place_suffixes=frozenset(rules.get("place_suffixes", ())),
            place_nouns=_ci(rules.get("place_nouns", ())),
            institution_suffixes=frozenset(rules.get("institution_suffixes", ())),
            lowercase_institution_suffixes=_ci(rules.get("lowercase_institution_suffixes", ())),
            institution_prefixes=tuple(rules.get("institution_prefixes", ())),
            name_articles=tuple(rules.get("name_articles", ())),
            valedictions=_ci(rules.get("valedictions", ())),
            greetings=_ci(rules.get("greetings", ())),
            ner_labels=dict(rules.get("ner_labels", {})),
            ner_not_identifying=frozenset(rules.get("ner_not_identifying", ())),
            event_words=frozenset(rules.get("event_words", ())),
            label_priority=tuple(rules.get("label_priority", ("CONTACT", "INSTITUTION", "NAME", "PLACE"))),
            placeholders=dict(rules.get("placeholders", {})),
        )

    def _answers(self, question: str) -> dict:
        """This lexicon's cache of answers to one question, by word: the vocabulary never changes
        once built, and detectors ask the same questions of the same words many times."""
        cache = self.__dict__.get("_answers_" + question)
        if cache is None:
            cache = self.__dict__["_answers_" + question] = {}
        return cache

    def is_keep_word(self, word: str) -> bool:
        """True if a single word is generic vocabulary from keep.txt (case rule applied)."""
        cache = self.__dict__.get("_keep_cache")
        if cache is None:
            cache = self.__dict__["_keep_cache"] = {}
        hit = cache.get(word)
        if hit is None:
            hit = cache[word] = self._is_keep_word(word)
        return hit

    def keep_spans(self, text: str, tokens) -> list[tuple[int, int]]:
        """Spans of keep.txt terms in text: single keep words by token, phrases by their first word."""
        index = self.__dict__.get("_phrase_index")
        if index is None:
            index = {}
            for term in self.keep_phrases:
                first = term.split()[0]
                index.setdefault(first.lower(), []).append(term)
            index = {k: _terms_regex(v) for k, v in index.items()}
            self.__dict__["_phrase_index"] = index
        # per word: the phrases it may open and whether it is a keep word alone (asked of every token)
        by_word = self.__dict__.get("_keep_by_word")
        if by_word is None:
            by_word = self.__dict__["_keep_by_word"] = {}
        out = []
        for t in tokens:
            word = t.text
            known = by_word.get(word)
            if known is None:
                known = by_word[word] = (index.get(word.lower()), self.is_keep_word(word))
            rx, keep_word = known
            if rx is not None:
                m = rx.match(text, t.start)
                if m:
                    out.append(m.span())
                    continue
            if keep_word:
                out.append((t.start, t.end))
        return out

    def _is_keep_word(self, word: str) -> bool:
        w = strip_possessive(word)
        parts = w.split("-")
        if len(parts) > 1 and all(p.islower() for p in parts[1:]) and parts[0]:
            w = parts[0]  # "NAHT-recommended", "Ofsted-ready": judged by the first part
        # plural acronyms: "HTs", "SENCos", "TAs"
        if len(w) > 2 and w[-1] == "s" and any(c.isupper() for c in w[1:-1]) and w[:-1].upper() in self.keep_single_cs:
            return True
        if w in self.keep_single_cs or w.lower() in self.keep_single_ci:
            return True
        # plurals of generic words: "Years 5 and 6", "Governors", "Deputies" (not "Summers", "Mays":
        # a plural of a given name or a calendar word is a surname)
        low = w.lower()
        if _is_acronym(w) or len(low) <= 3 or not low.endswith("s") or self.is_given_name(low):
            return False
        singular = low[:-3] + "y" if low.endswith("ies") else low[:-1]
        return singular in self.keep_single_ci and not self.is_given_name(singular) and singular not in CALENDAR_WORDS \
            and singular not in ("spring", "summer", "autumn", "winter")

    def is_ordinary(self, word: str, strict: bool = True) -> bool | None:
        """Is the word ordinary English ("hope", "reading", "march")? strict: known to both
        Webster's web2 (lower case) and WordNet, as the build's leak gate decides; loose: to
        either. None if the word lists are not installed."""
        cache = self._answers("ordinary" if strict else "ordinary_loose")
        try:
            return cache[word]
        except KeyError:
            answer = cache[word] = self._is_ordinary(word, strict)
            return answer

    def _is_ordinary(self, word: str, strict: bool) -> bool | None:
        words = self.ordinary_strict if strict else self.ordinary_loose
        if words is None:
            return None
        w = strip_possessive(word)

        def known(x: str) -> bool:
            return x.lower() in FUNCTION_WORDS or never_a_name(x) or any(f in words for f in base_forms(x))

        if known(w):
            return True
        for form in (w, *base_forms(w)):
            parts = [p for p in re.split(r"[-'’]", form) if p]
            if len(parts) > 1 and all(known(p) or len(p) == 1 for p in parts) and any(len(p) > 2 for p in parts):
                return True  # "Stress-related", "No-one", "Grown-ups" (as "grown-up"), "T-shirt", "U-turn"
            joined = "".join(parts)
            if len(parts) > 1 and "-" in form and "'" not in form and "’" not in form and len(joined) > 5 \
                    and any(f in self.ordinary_loose for f in base_forms(joined)):
                # the older spelling of a word now written solid ("Co-ordinator", "Re-elected",
                # "E-mail"), in either dictionary: two given names joined ("Jean-Paul",
                # "Mary-Rose") make no word
                return True
        if not strict and "'" not in w and "’" not in w:
            # words run together by a typo: "Andthis", "Igrapple"
            low = w.lower()
            for k in range(1, min(5, len(low) - 2)):
                head, tail = low[:k], low[k:]
                # a function word of three letters or more ("and", "the"): with two, every place name
                # that starts "As", "On", "In" would read as a typo ("Ashover" = "as hover")
                if (head == "i" or (len(head) > 2 and head in FUNCTION_WORDS)) and (
                        tail in FUNCTION_WORDS or any(f in self.ordinary_strict for f in base_forms(tail))):
                    # the rest a common word ("Andthis"), not an obscure one ("But" + "leigh")
                    return True
        elif not strict and re.match(r"^[\w]+['’]", w) and w.split("'")[0].split("’")[0].lower() in FUNCTION_WORDS:
            return True  # "I’ma"
        return False

    def is_british_given_name(self, word: str) -> bool:
        """True if the word is a given name with a British/Irish frequency (accents ignored)."""
        return fold(strip_possessive(word).lower()) in british_given_names()

    def is_given_name(self, word: str) -> bool:
        """True if the word is in the given-name gazetteer (any case, accents ignored)."""
        cache = self._answers("given_name")
        try:
            return cache[word]
        except KeyError:
            answer = cache[word] = self._is_given_name(word)
            return answer

    def _is_given_name(self, word: str) -> bool:
        w = fold(strip_possessive(word).lower())
        if w in self.given_names:
            return True
        parts = w.split("-")
        return len(parts) > 1 and all(p in self.given_names for p in parts if p)


def fold(word: str) -> str:
    """Strip accents: "siân" -> "sian"."""
    if word.isascii():
        return word
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) or term in ("X",)


#: 'Bronwen's' -> 'Bronwen' (the one definition is `ordinary.strip_possessive`; cached here,
#: where every detector calls it for every token).
strip_possessive = lru_cache(maxsize=65536)(_strip_possessive)


def term_pattern(term: str) -> str:
    """Regex source matching a term with any whitespace (incl. line breaks) between its words."""
    words = str(term).split()
    return r"\s+".join(re.escape(w) for w in words)


def _terms_regex(terms, any_case: bool = False) -> re.Pattern | None:
    """One alternation regex for many terms, longest first, on word boundaries.

    Acronym terms keep their case unless any_case; others match in any case via
    an inline flag per alternative.
    """
    alts = []
    for term in sorted({str(t) for t in terms if str(t).strip()}, key=lambda t: (-len(t), t)):
        src = term_pattern(term)
        if any_case or not _is_acronym(term):
            src = f"(?i:{src})"
        alts.append(src)
    if not alts:
        return None
    return re.compile(r"(?<![\w@])(?:" + "|".join(alts) + r")(?![\w@])")


@lru_cache(maxsize=1)
def given_names() -> frozenset:
    """Given names common in the UK, from the gender-guesser package (empty if not installed)."""
    return _given_names(british_only=False)


@lru_cache(maxsize=1)
def british_given_names() -> frozenset:
    """Given names with a frequency in Great Britain or Ireland: stronger evidence on their own."""
    return _given_names(british_only=True)


def _given_names(british_only: bool) -> frozenset:
    try:
        import gender_guesser  # noqa: F401
        from importlib import resources

        text = (resources.files("gender_guesser") / "data" / "nam_dict.txt").read_text(encoding="utf-8")
    except Exception:
        return frozenset()
    names = set()
    # Frequency columns (one per country, from column 30) of countries whose names are common
    # in the UK: Great Britain, Ireland, USA, Poland, Turkey, Arabia/Persia, India/Sri Lanka and
    # the Asian/other columns after it. Names used only elsewhere (often common words: "Boy")
    # are left out.
    columns = [30 + i for i in (0, 1, 2, 22, 44, 45, 48)] + list(range(30 + 49, 30 + 56))
    if british_only:
        columns = [30, 31]
    for line in text.splitlines():
        if not line or line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip()
        if "+" in name or not name:
            continue  # names with the file's own diacritic encoding: skip
        if not any(c < len(line) and line[c] not in " $" for c in columns):
            continue
        for part in name.split():
            if len(part) > 1:
                names.add(part.lower())
    return frozenset(names - FUNCTION_WORDS)


@lru_cache(maxsize=2)
def gazetteer_places(min_population: int = 0) -> frozenset:
    """Lower-case UK town, village and city names (see gazetteer.py), of at least min_population."""
    from .gazetteer import place_populations

    return frozenset(n for n, pop in place_populations().items() if pop >= min_population) - FUNCTION_WORDS


def _adverbs_not_adjectives(model: str) -> frozenset:
    classes = wordnet_classes(model)
    return classes["adv"] - classes["adj"]


def ordinary_words(model: str, strict: bool = True) -> frozenset | None:
    """Lower-case ordinary English words (see ordinary.py, the one definition shared with the
    leak gate). strict: known to both word lists; else to either. None if the lists are absent."""
    lists = word_lists(model)
    if lists is None:
        return None
    return lists.strict if strict else lists.loose


#: Plurals without an -s: a group, never one person ("People said", "Children told me").
IRREGULAR_PLURALS = frozenset("people children men women folk police".split())


def is_plural_noun(word: str, lex) -> bool:
    """True for an ordinary word that names many ("People", "Parents", "Governors"): a group can
    say and tell, so a verb of speech after it says nothing of a person's name."""
    low = strip_possessive(word).lower()
    return low in IRREGULAR_PLURALS or (low.endswith("s") and not low.endswith("ss") and bool(lex.is_ordinary(low))
                                        and bool(lex.is_ordinary(low[:-1])))


#: Endings that make a place of two words run together ("ashford", "blackburn"): see the data file.
TOPONYMIC_ENDINGS = read_word_file("toponymic-endings")


def mostly_english(words: list[str], lex) -> bool:
    """True if at least half of `words` are English: function words, or words both word lists
    know (either list alone holds words of other languages: "naw", "mae"). Shared by the check of
    an opener's sentence and the count of a story's sentences in another language."""
    known = sum(1 for w in words if is_function_word(w) or lex.is_ordinary(w) is not False)
    return 2 * known >= len(words)


def compound_of_words(word: str, lex) -> bool:
    """True for two ordinary English words run together, neither shorter than four letters and
    the second no place-name ending ("helpline", "staffroom"; not "ashford", and not "ismail",
    whose "ism" and "ail" are too short to say anything): a compound the dictionaries lack is
    still no name."""
    low = word.lower()
    for k in range(4, len(low) - 3):
        head, tail = low[:k], low[k:]
        if tail not in TOPONYMIC_ENDINGS and lex.is_ordinary(head) is True and lex.is_ordinary(tail) is True:
            return True
    return False
