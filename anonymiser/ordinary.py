"""The one decision of what an ordinary word is, and where a word is used as one.

Shared by the anonymiser (what never to remove, which repeats of a removed word to leave) and
the build's leak gate (which hits are leaks), so that the two can never disagree: a word the
anonymiser leaves as an ordinary word is a word the gate does not call a leak, and the other
way round.

Two questions, two functions:

- `WordLists.is_ordinary(word)`: is this word, whatever its case, ordinary English? Known in
  lower case to Webster's Second (`web2`, which writes proper names capitalised) and to
  WordNet's lemma index shipped in the spaCy model, after undoing inflections, irregular ones
  included ("rang" -> "ring", "fought" -> "fight", from WordNet's exception lists), plus the
  calendar, number, grade and community words of `data/words/`.
- `ordinary_use(words, i)`: does word `i` of a run of words read as that ordinary word here,
  not as a name? A month beside a date ("14 March 2024"), a grade after "rated", a number
  word, an honorific alone, a lower-case verb after a modal ("will", "to sue me"), a modal
  opening a question ("Will I cope?").

Pure: no Pelican; the word lists are read from installed packages and files, never from a story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .text import by_first_letter

WORDS_DIR = Path(__file__).parent / "data" / "words"


def read_word_file(name: str) -> frozenset[str]:
    """The lower-case words of `data/words/<name>.txt` ('#' starts a comment; any whitespace separates)."""
    words: set[str] = set()
    for line in (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        words.update(w.casefold() for w in line.split("#", 1)[0].split())
    return frozenset(words)


def read_phrase_file(name: str) -> frozenset[str]:
    """The lower-case phrases of `data/words/<name>.txt`, one per line ('#' starts a comment)."""
    lines = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(" ".join(line.split("#", 1)[0].split()).casefold() for line in lines if line.split("#", 1)[0].strip())


#: Countries and the UK's nations (data/words/countries.txt): no place that identifies anyone.
COUNTRIES = read_phrase_file("countries")


def _country_pattern(name: str) -> str:
    return re.escape(name).replace("\\ ", r"\s+")


# longest first (as written); grouped by first letter, the same matches found faster (by_first_letter)
_COUNTRY_RE = re.compile(r"(?<![\w-])(?:" + by_first_letter(sorted(COUNTRIES, key=lambda c: len(_country_pattern(c)),
                                                                    reverse=True), _country_pattern) + r")(?![\w-])", re.I)


def country_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a country, in any case ("Hong Kong", "hong kong", "SRI LANKA")."""
    return [m.span() for m in _COUNTRY_RE.finditer(text)]


def is_country(text: str) -> bool:
    """True if the text is a country's name, possessive or "the" aside ("Syria", "the
    Philippines", "Ukraine's")."""
    words = strip_possessive(" ".join(text.split())).casefold()
    return (words[4:] if words.startswith("the ") else words) in COUNTRIES


HONORIFICS = read_word_file("honorifics")
NUMBER_WORDS = read_word_file("numbers")
#: Abbreviations of roles, bodies, subjects and conditions, never a person's initials ("SEN", "DSL").
ACRONYMS = read_word_file("acronyms")
GRADE_WORDS = read_word_file("grades")
CALENDAR_WORDS = read_word_file("calendar")
MONTHS = frozenset("january february march april may june july august september october november december".split())
COMMUNITY_WORDS = read_word_file("communities")
#: Words that are never, alone, a person's, a place's or a school's name.
NEVER_NAMES = HONORIFICS | NUMBER_WORDS | COMMUNITY_WORDS | (CALENDAR_WORDS - MONTHS) | (GRADE_WORDS - {"good", "excellent", "weak"})

#: Before a lower-case word, these make it a verb or common noun ("to sue", "I will", "a mark").
NON_NAME_PREDECESSORS = frozenset("""
a an the this that these those every each some any no before after until till by at on in of for to with
more most very so too i you we they he she it would will could can should might must may shall did do
does don't didn't won't can't going gonna wanna not never just also really cannot 'd 'll
""".split())
OBJECT_PRONOUNS = frozenset("me you him her us them it myself yourself himself herself ourselves themselves".split())
SUBJECT_PRONOUNS = frozenset("i you we they he she it".split())
MODAL_WORDS = frozenset("will may can shall must might could would should did do does have has had is was are were".split())
#: Times that lie inside a month: "one Tuesday in March", "the last week of May" (a town is
#: no time: "a Tuesday in March" is the month even where March is also a town).
TIMES_OF_A_MONTH = (CALENDAR_WORDS - MONTHS) | frozenset(
    "day days week weeks weekend weekends morning mornings afternoon evening evenings night nights".split())
#: Before a month, these make it the month: "in March", "since May", "early June".
CALENDAR_PREDECESSORS = frozenset("in on of since until till by from during before after early late mid end "
                                  "last next this every each through throughout".split())
#: Before a grade, these make it the grade: "rated Good", "judged Outstanding", "a Good".
GRADE_PREDECESSORS = frozenset("rated judged graded as was were is are be been being remain remained remains stay "
                               "stayed still got get gets a an to from our their its".split())
_DIGITS = re.compile(r"^\d{1,4}(?:st|nd|rd|th)?$")


#: Prefixes that make a new English word of any verb or adjective ("rebrokered", "unbothered",
#: "misgendered", "preloved"); the rest must be five letters or more, so that no surname reads
#: as one ("Unwin", "Dewar", "Coburn" keep theirs).
WORD_PREFIXES = ("re", "un", "mis", "pre", "non", "dis", "de", "co", "over", "under", "out", "sub", "super")


def base_forms(word: str) -> set[str]:
    """The word and the lemmas it may be regularly inflected or prefixed from ("reflected" ->
    "reflect", "rebrokered" -> "brokered", "broker")."""
    w = word.casefold()
    forms = {w}
    for prefix in WORD_PREFIXES:
        rest = w[len(prefix):].lstrip("-")
        if w.startswith(prefix) and len(rest) >= 5 and rest.endswith(("ed", "ing", "ised", "ized", "able")):
            forms.add(rest)  # only a verb's forms: "Underwood", "Redwood" are no "under" + "wood"
    roots = tuple(forms)  # the word and its unprefixed forms; an ending is taken off once, never twice
    for suffix, replacements in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ied", ("y",)),
                                 ("ed", ("", "e")), ("ing", ("", "e")), ("er", ("", "e")), ("est", ("", "e")),
                                 ("ly", ("",)), ("ily", ("y",))):
        for base in roots:
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                stem = base[: -len(suffix)]
                forms.update(stem + r for r in replacements)
                if len(stem) > 3 and stem[-1] == stem[-2]:
                    forms.add(stem[:-1])  # "running" -> "run"
    return forms


def model_lookups_path(model: str):
    """The lemmatizer lookups file (WordNet lemmas) of a spaCy model given as a package name or
    a folder, or None; read without loading the model."""
    import importlib.util

    roots = [Path(model)]
    try:
        spec = importlib.util.find_spec(model) if model.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        roots.append(Path(spec.origin).parent)
    for root in roots:
        if root.is_dir():
            found = sorted(root.glob("**/lemmatizer/lookups/lookups.bin"))
            if found:
                return found[0]
    return None


#: The parts of speech of WordNet's lemma index, by the hash spaCy's tables key them with.
WORDNET_CLASSES = ("noun", "verb", "adj", "adv")


@lru_cache(maxsize=4)
def wordnet_classes(model: str) -> dict[str, frozenset[str]]:
    """WordNet's lower-case lemmas by part of speech ("noun", "verb", "adj", "adv") from the
    spaCy model's lemmatizer tables; empty sets if the model has none."""
    path = model_lookups_path(model)
    empty = {name: frozenset() for name in WORDNET_CLASSES}
    if path is None:
        return empty
    import srsly
    from spacy.strings import hash_string  # ships with spaCy; no model is loaded

    try:
        index = srsly.msgpack_loads(path.read_bytes()).get("lemma_index", {})
    except (OSError, ValueError):
        return empty
    return {name: frozenset(w for w in index.get(hash_string(name), ()) if w.islower()) for name in WORDNET_CLASSES}


@lru_cache(maxsize=4)
def wordnet_words(model: str) -> frozenset[str]:
    """WordNet's lower-case lemmas and their irregular forms ("rang", "fought", "geese") from the
    spaCy model's lemmatizer tables; empty if the model has none."""
    path = model_lookups_path(model)
    if path is None:
        return frozenset()
    import srsly  # ships with spaCy; reading the table does not load the model

    try:
        tables = srsly.msgpack_loads(path.read_bytes())
    except (OSError, ValueError):
        return frozenset()
    lemmas: set[str] = set()
    for words in tables.get("lemma_index", {}).values():
        lemmas.update(w for w in words if w.islower())
    for exceptions in tables.get("lemma_exc", {}).values():
        lemmas.update(form for form, bases in exceptions.items()
                      if form.islower() and form.isalpha() and any(b in lemmas for b in bases))
    return frozenset(lemmas)


@lru_cache(maxsize=1)
def web2_words() -> frozenset[str] | None:
    """Webster's Second's entries written in lower case (it capitalises proper names); None if absent."""
    try:
        from english_words import get_english_words_set
    except ImportError:
        return None
    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())


@dataclass(frozen=True)
class WordLists:
    """Lower-case ordinary English: `strict` (both lists know it) and `loose` (either does)."""

    strict: frozenset[str]
    loose: frozenset[str]

    def is_ordinary(self, word: str, strict: bool = True) -> bool:
        """True if `word` (any case, possessive stripped) or a form it is inflected from is ordinary."""
        words = self.strict if strict else self.loose
        w = strip_possessive(word).casefold()
        if w in NEVER_NAMES or w in CALENDAR_WORDS or w in GRADE_WORDS:
            return True
        return any(form in words for form in base_forms(w))

    def is_dictionary_word(self, word: str) -> bool:
        """True if `word` itself (not only a form it is inflected from) is ordinary English (strict)."""
        w = word.casefold()
        return w in self.strict or w in NEVER_NAMES or w in CALENDAR_WORDS


@lru_cache(maxsize=4)
def word_lists(model: str) -> WordLists | None:
    """The ordinary-word lists for a spaCy model's WordNet table; None if english-words is not installed."""
    web2 = web2_words()
    if web2 is None:
        return None
    wordnet = wordnet_words(model)
    extra = CALENDAR_WORDS | NUMBER_WORDS | GRADE_WORDS
    if not wordnet:
        return WordLists(frozenset(web2 | extra), frozenset(web2 | extra))
    return WordLists(frozenset((web2 & wordnet) | extra | wordnet_verbs_and_adverbs(model)),
                     frozenset(web2 | wordnet | extra))


def wordnet_verbs_and_adverbs(model: str) -> frozenset[str]:
    """WordNet's verbs and adverbs of three letters or more: ordinary English even where Webster's
    Second (American, 1934) lacks them ("hang", "box", "centre", "apologise", "anymore"). WordNet's
    nouns and adjectives are not taken: its lemma index holds people and places in lower case
    ("thomas", "aberdeen") and adjectives of them ("julian", "norman")."""
    classes = wordnet_classes(model)
    return frozenset(w for w in classes["verb"] | classes["adv"] if len(w) > 2 and w.isalpha())


def strip_possessive(word: str) -> str:
    """'Bronwen's' -> 'Bronwen', "Harries'" -> 'Harries'."""
    for suffix in ("'s", "’s", "'S", "’S"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word.rstrip("'’")


def never_a_name(word: str) -> bool:
    """True for a word that alone never names a person, place or school: an honorific, a number
    word, a weekday or its abbreviation, a grade, a nationality, language, religion or community."""
    return strip_possessive(word).rstrip(".").casefold() in NEVER_NAMES


def names_no_one(text: str) -> bool:
    """True if every word of `text` never names anyone alone: "Two", "Mrs", "Roman Catholic", and
    compounds led by such a word ("Gaelic-medium", "Polish-speaking"). Shared by the resolver
    (such a finding from a weak detector is dropped) and the leak gate (such a surface is not gated)."""
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text)

    def never(word: str) -> bool:
        head, *rest = word.split("-")
        return never_a_name(head) and all(part.islower() for part in rest)

    return bool(words) and all(never(w) for w in words)


def _is_number(word: str) -> bool:
    return bool(_DIGITS.match(word)) or word.casefold() in NUMBER_WORDS


def ordinary_use(words: Sequence[str], i: int, sentence_start: bool = False, label: str = "NAME") -> bool:
    """Does `words[i]`, an ordinary word that is also some story's removed name, read here as the
    ordinary word? `words` are the tokens as written (no punctuation); `sentence_start` says
    whether word `i` opens a sentence.

    Yes for: an honorific, number, community or weekday word (never a name alone); a month next to
    a day or year or after a calendar preposition ("14 March 2024", "in March"); a word before a
    number, which it designates ("Key Stage 2", "Appendix 1"); a grade capitalised inside a
    sentence ("judged us Good") or after
    "rated", "judged", "a"; a modal opening a question ("Will I cope?"); a lower-case word after
    a modal, article or preposition, or before an object pronoun ("to sue me", "we hope").
    A word after an honorific is always a name ("Mrs Good", "Mr March"). For a PLACE (`label`),
    a preposition is where a place stands ("in March", "from reading"): only a date beside a
    month, or a time inside it ("a Tuesday in March"), makes it the month.
    """
    word = words[i]
    low = strip_possessive(word).casefold()
    prev = words[i - 1].casefold() if i > 0 else ""
    nxt = words[i + 1].casefold() if i + 1 < len(words) else ""
    if prev.rstrip(".") in HONORIFICS:
        return False
    if low in NEVER_NAMES:
        return True
    if low in MONTHS and (_is_number(prev) or _is_number(nxt) or (prev in MONTHS and nxt in MONTHS)):
        return True  # "14 March 2024", "March 2019", "February, March, April"
    if low in MONTHS and prev in ("in", "of") and i >= 2 and words[i - 2].casefold() in TIMES_OF_A_MONTH:
        return True  # "one Tuesday in March", "the last week of May": a time inside the month
    if prev in LANGUAGE_PREDECESSORS or (prev == "of" and i >= 2 and words[i - 2].casefold() in OFFICE_NOUNS):
        return True  # "the post of Co-ordinator", "fluent Parent": a post or a language, never a person or a place
    if label == "PLACE":
        return False
    if low in MONTHS and prev in CALENDAR_PREDECESSORS:
        return True
    counted = words[i + 2] if i + 2 < len(words) else ""
    if _DIGITS.match(nxt) and not _is_number(prev) and not (counted.islower() and counted.endswith("s")):
        return True  # "Stage 2", "Appendix 1", "Room 4" (not "Grace 2 weeks ago"): a designation
    if low in GRADE_WORDS and (prev in GRADE_PREDECESSORS or nxt in ("improvement", "grade", "judgement", "rating")
                               or (word[:1].isupper() and not sentence_start
                                   and not (i + 1 < len(words) and words[i + 1][:1].isupper()))):
        return True  # "judged the school Good": a grade, capitalised as inspectors write it ("Ellie Good" is a name)
    if low in SEASONS and nxt in SCHOOL_PERIODS:
        return True  # "the Summer term": the season, not a person called Summer
    if low in MODAL_WORDS and sentence_start and nxt in SUBJECT_PRONOUNS:
        return True  # "Will I burn out?": the modal verb, not the person
    if word.islower():
        if (prev in NON_NAME_PREDECESSORS and prev not in ("a", "an", "the")) or nxt in OBJECT_PRONOUNS \
                or prev.endswith(("'d", "’d", "'ll", "’ll")):
            return True
    return False


#: Words after which an ordinary word names a language ("fluent Parent", "speaks Welsh").
LANGUAGE_PREDECESSORS = frozenset("fluent speak speaks spoke speaking".split())
#: Nouns of a post, after which "of" and an ordinary word name the post ("the post of Co-ordinator").
OFFICE_NOUNS = frozenset("post position office".split())


#: The seasons, and the parts of a school year they name ("Summer Term", "AUTUMN TERM 2024").
SEASONS = frozenset("spring summer autumn winter".split())
SCHOOL_PERIODS = frozenset("term terms half-term holiday holidays hols".split())


def is_school_period(text: str) -> bool:
    """True for a season naming a part of the school year ("Summer Term", "AUTUMN TERM"): a
    season that is also a given name ("Summer") names no one there."""
    words = strip_possessive(text).casefold().split()
    return len(words) == 2 and words[0] in SEASONS and words[1] in SCHOOL_PERIODS


#: Verbs after a name that make it its sentence's subject: "Castle Camps has one shop".
SUBJECT_VERBS = frozenset("""is was has had will would can could should may might did does said says told asked
rang texted called sent wrote drove took came knew thought replied helped joined left retired died runs ran leads
led""".split())
#: Words that order a story's events; opening a sentence they are never part of a name ("Later
#: Okafor rang", "Next Patel said").
SEQUENCE_WORDS = frozenset("first next last later earlier afterwards meanwhile eventually finally then".split())


def subject_or_owner_at(text: str, end: int) -> bool:
    """True if the words ending at `end` stand as a sentence's subject or an owner: a possessive
    ends them ("Castle Camps's parish council"), a verb follows ("... has one shop"), or the line
    ends a list item ("- Castle Camps"). An imperative's object ("Buy Frank a sandwich", "Ask Kemi about
    it") has none of these."""
    if re.match(r"['’]s?\b", text[end:end + 2]) or re.match(r"(?<=s)['’]", text[end - 1:end + 1]):
        return True
    rest = text[end:end + 40]
    line_start = text.rfind("\n", 0, end) + 1
    if re.match(r"[ \t]*(?:\n|$)", rest) and re.match(r"[ \t]*(?:[-*+•]|\d+[.)])[ \t]", text[line_start:end]):
        return True  # a list item of its own; a title line ("Leaving Quorndale") may open with a verb
    following = re.match(r" ([a-z]+)\b", rest)
    return bool(following) and following.group(1) in SUBJECT_VERBS


def is_public_number(digits: str) -> bool:
    """True for a public helpline or national number the site itself may print (any spacing)."""
    return re.sub(r"\D", "", digits) in public_numbers()


@lru_cache(maxsize=1)
def public_numbers() -> frozenset[str]:
    """The digits of every number in `data/words/public-numbers.txt`."""
    return frozenset(w for w in read_word_file("public-numbers") if w.isdigit())
