"""Quasi-identifiers found from grammar and meaning: the parse of a story, not its phrases.

The phrase rules (`quasi.yml`) fit the wording of the stories they were written from; the next
writer uses other words. This layer reads what the words *are*: the entities the model tags (a
DATE, a GPE), what a number counts (its syntactic head), whose relative a kin noun is (its
possessive), where a prepositional phrase of place points (its object). The words it knows are
small closed classes of meaning (kin terms, units of time, the nouns a school is counted in),
kept as data in `data/risk/grammar.yml`.

`find_by_grammar` is pure: it reads a parsed document (spaCy's `Doc`) and returns spans. Parsing
is done at the edge (`parse`), with the model the anonymiser already names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..text import PLACEHOLDER_RE
from .rules import TYPES

DATA = Path(__file__).resolve().parent.parent / "data" / "risk" / "grammar.yml"

MONTHS = frozenset("january february march april may june july august september october november december "
                   "jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: A year as a writer gives it: 1987, 2019, the 2010s, '19, the nineties.
YEAR = re.compile(r"\b(?:1[89]\d\d|20[0-4]\d)s?\b|'\d\d\b|\b(?:fifties|sixties|seventies|eighties|nineties|noughties)\b",
                  re.IGNORECASE)


@dataclass(frozen=True)
class GrammarSpan:
    """One detail the grammar layer found: character offsets, its type and the reading that found it."""

    start: int
    end: int
    type: str
    reason: str


@dataclass(frozen=True)
class GrammarData:
    """The word classes of `grammar.yml`, as frozensets of lower-case lemmas."""

    classes: dict

    def __getattr__(self, name: str) -> frozenset:
        try:
            return self.classes[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


@lru_cache(maxsize=1)
def grammar_data() -> GrammarData:
    """Read `grammar.yml` (once per process)."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for name, words in raw.items():
        # YAML reads on, off, yes and no as booleans: a class holding one has lost a word
        if not all(isinstance(w, str) for w in words):
            raise ValueError(f"grammar.yml {name}: {[w for w in words if not isinstance(w, str)]} is not a word (quote it)")
    return GrammarData({name: frozenset(str(w).lower() for w in words) for name, words in raw.items()})


def _lemma(token) -> str:
    return (token.lemma_ or token.text).lower()


def _lower(token) -> str:
    return token.text.lower()


def _is_number(token) -> bool:
    """A count: digits or a number word (the tagger's CD), not a year, a time or a percentage."""
    if token.tag_ != "CD" and not token.like_num:
        return False
    text = token.text
    if text.lower() in ORDINALS or text.lower().endswith(("th", "st", "nd", "rd")) and not text.isdigit():
        return False
    # a year near ours is a date; "1850 pupils" is a count
    if re.fullmatch(r"(?:19[5-9]\d|20[0-4]\d)s?|'\d\d", text) or ":" in text or "%" in text or "£" in text:
        return False
    return True


def _has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER_RE.search(text))


def _dates(doc, data: GrammarData):
    """DATE entities anchored to one time: a year, a month, or a season or term with a word that
    points ("last summer", "the following spring"). A bare weekday, "today", or a duration
    ("nine years") narrows nothing on its own (a duration is read by `_tenure`)."""
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        words = [_lower(t) for t in ent if not t.is_punct]
        if not words:
            continue
        has_year = bool(YEAR.search(ent.text))
        has_month = any(w.rstrip(".") in MONTHS or w in data.months_other for w in words) and not (words == ["may"])
        has_season = any(_lemma(t) in data.seasons or w in data.seasons for t, w in zip(ent, words))
        # the model often leaves the pointing word outside the entity: "the following [September]",
        # "that [summer]", "one [spring]"; it is the root's determiner or modifier
        outside = [c for c in ent.root.children if c.i < ent.start and c.dep_ in ("det", "amod", "nummod")]
        anchored = any(w in data.date_anchors for w in words) or any(
            _lower(c) in data.date_anchors or (_lower(c) == "one" and has_season) for c in outside)
        if outside and anchored:
            ent = doc[min(c.i for c in outside):ent.end]
        # a month alone recurs every year ("in January we..."): a month is a date with a day or a year
        has_day = any(t.text.isdigit() and int(t.text) <= 31 for t in ent) or any(
            _lower(t) in ORDINALS or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", _lower(t)) for t in ent)
        if has_year or (has_month and (has_day or anchored)) or (has_season and anchored) or \
                (anchored and _points_at_a_year(words, data)):
            yield GrammarSpan(ent.start_char, ent.end_char, "DATE", "date entity")
    for token in doc:
        low = _lower(token)
        # a year group, the school's unit of time: "Year 6", "Years 3 to 6", "P7", "S4", "Blwyddyn 2"
        if low in ("year", "years", "blwyddyn") and token.i + 1 < len(doc) and doc[token.i + 1].text.isdigit() \
                and 1 <= int(doc[token.i + 1].text) <= 13:
            end = token.i + 1
            while end + 2 < len(doc) and _lower(doc[end + 1]) in ("to", "and", "-", "–") and doc[end + 2].text.isdigit():
                end += 2
            yield GrammarSpan(token.idx, doc[end].idx + len(doc[end].text), "DATE", "year group")
        elif re.fullmatch(r"[PSY]\d{1,2}s?", token.text):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "DATE", "year group")
        # a year the model did not tag: "spring 2022", "founded in 1863"
        elif re.fullmatch(r"1[89]\d\d|20[0-4]\d", token.text) and token.ent_type_ != "DATE" and token.i > 0 and (
                _lower(doc[token.i - 1]) in ("in", "since", "from", "until", "by", "of", "to")
                or _lower(doc[token.i - 1]) in data.seasons or _lower(doc[token.i - 1]).rstrip(".") in MONTHS):
            start = doc[token.i - 1].idx if _lower(doc[token.i - 1]) in data.seasons | MONTHS else token.idx
            yield GrammarSpan(start, token.idx + len(token.text), "DATE", "a year")
        # a time counted back from now: "two springs ago", "a couple of years back"
        elif low in ("ago", "back") and token.i > 0 and (_lemma(doc[token.i - 1]) in data.time_units | data.seasons
                                                         or _lower(doc[token.i - 1]).rstrip("s") in data.seasons):
            start = token.i - 1
            while start > 0 and (doc[start - 1].like_num or _lower(doc[start - 1]) in VAGUE_COUNTS | {"a", "of", "the"}):
                start -= 1
            counted = [t for t in doc[start:token.i - 1] if _is_number(t) or _lower(t) in VAGUE_COUNTS]
            if counted and (low == "ago" or _lemma(doc[token.i - 1]) in ("year", "decade")):
                # "two springs ago", "a few years back"; not "the first week back" (a return)
                yield GrammarSpan(doc[start].idx, token.idx + len(token.text), "DATE", "time ago")
    for token in doc:
        # an adult's age, said of the writer or a relative: "I was fifty-eight", "at 53", "aged forty"
        if _is_number(token) and 20 <= _whole_value(token) <= 79 and token.dep_ != "compound" \
                and token.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT"):
            prev = doc[token.i - 1] if token.i > 0 else None
            verb = token.head
            told = prev is not None and _lower(prev) in ("aged", "turned", "turning") or (
                verb.lemma_ in ("be", "turn") and token.dep_ in ("attr", "acomp")
                and any(c.dep_ == "nsubj" and (_lower(c) in ("i", "he", "she") or _lemma(c) in data.kin - data.kin_ambiguous)
                        for c in verb.children)
                and not any(c.dep_ in ("prep", "dobj") for c in token.children))
            if told:
                ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
                start = ent.start_char if ent is not None else token.idx
                yield GrammarSpan(start, token.idx + len(token.text), "DATE", "an adult's age")
        # a day and a month the model does not know as a date: "2 Medi", "19 Hydref"
        if _lower(token) in data.months_other and token.i > 0 and doc[token.i - 1].text.isdigit() \
                and not token.ent_type_ == "DATE":
            yield GrammarSpan(doc[token.i - 1].idx, token.idx + len(token.text), "DATE", "day and month")


def _points_at_a_year(words: list[str], data: GrammarData) -> bool:
    """'last year', 'the year before', 'that term': a relative date naming one year or term."""
    return any(w in ("year", "term") for w in words) and not any(w in ("every", "each", "a", "per") for w in words) \
        and not any(w.isdigit() or w in ("few", "several", "many") for w in words)


#: Words that count without a number: "a few years", "the best part of a decade", "several terms".
VAGUE_COUNTS = frozenset("few couple several many decade best".split())


def _durations(doc, data: GrammarData):
    """Spans counting units of time: a number or quantity word before a time unit ("nine years",
    "the best part of a decade", "eighteen months"), from the DATE entities and the parse."""
    seen = set()
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "CARDINAL"):
            continue
        units = [t for t in ent if _lemma(t) in data.time_units or _lower(t).rstrip("s") in data.time_units]
        # a count before its unit: "nine years", not "Year 4" (a year group) or "a year"
        # ("a decade" is a count of years in one word)
        if units and (any((_is_number(t) or _lower(t) in VAGUE_COUNTS) and t.i < units[-1].i for t in ent)
                      or _lemma(units[-1]) == "decade"):
            seen.add(ent.start)
            yield ent, units[-1]
    for token in doc:
        if (_lemma(token) in data.time_units) and token.i not in seen:
            nums = [c for c in token.children if c.dep_ in ("nummod", "amod") and (_is_number(c) or _lower(c) in VAGUE_COUNTS)]
            if nums and not any(e.start <= token.i < e.end for e in doc.ents):
                span = doc[min(n.i for n in nums):token.i + 1]
                yield span, token


def _tenure(doc, data: GrammarData):
    """ROLE: how long the writer has held a post, told as a duration in a sentence about a post
    ("head for nine years", "nine years in", "my eleventh year as principal")."""
    for span, unit in _durations(doc, data):
        sent = unit.sent
        lemmas = {_lemma(t) for t in sent}
        first_person = any(_lower(t) in ("i", "i'm", "my", "me", "we", "our") for t in sent)
        if not first_person:
            continue
        if "old" in span.text.lower() or (span.end < len(doc) and "old" in doc[span.end].text.lower()):
            continue  # an age: "seven-year-olds", "a four-year-old"
        if any(_lower(t) in ("every", "each", "per", "a") for t in doc[span.end:span.end + 2]) or _value(span) > 60 \
                or any(_lower(t) in ("hundred", "thousand") for t in span):
            continue  # a rate ("two a year") or history ("two thousand years")
        long = _lemma(unit) in ("year", "decade", "yr")
        near_post = any(_lemma(t) in data.posts for t in doc[max(sent.start, span.start - 6):min(sent.end, span.end + 6)])
        if any(c.dep_ == "poss" and _lower(c) not in ("my", "our") for c in unit.children):
            continue  # "their first few years": someone else's time
        if _value(span) == 0 and not near_post and _lemma(unit) != "decade":
            continue  # "a few weeks", "several days": vague and short, no post beside it
        # a head telling years of their own: "I've been here eleven years", "Fourteen years." in a
        # sentence whose subject is the writer
        mine = long and any(t.dep_ in ("nsubj", "nsubjpass") and _lower(t) in ("i", "i'm", "i've") for t in sent)
        if near_post or mine or (long and (lemmas & data.posts or _governed_by(unit, data.post_verbs, ("in", "into")))):
            # a duration inside a relative's or a pupil's clause is not the writer's tenure
            if any(_lemma(t) in data.kin and t.dep_ in ("nsubj", "poss") for t in unit.head.subtree):
                continue
            yield GrammarSpan(span.start_char, span.end_char, "ROLE", "tenure")
    for token in doc:
        # an ordinal of a post or of a year in it: "my second headship", "my ninth year", "first term as head"
        if token.tag_ == "JJ" and _lower(token) in ORDINALS and token.head.i != token.i:
            head = token.head
            if _lemma(head) in data.posts - {"post", "job", "role", "position"} or (
                    _lemma(head) in ("year", "term") and _in_post(head, data)):
                yield GrammarSpan(token.idx, head.idx + len(head.text), "ROLE", "ordinal of a post")


    for token in doc:
        low = _lower(token)
        if low not in data.earlier_posts and _lemma(token) not in data.earlier_posts:
            continue
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and _lower(c) in data.post_modifiers]
        if mods:
            # a particular post: "founding head", "acting principal", "teaching head"
            start = min(c.idx for c in mods)
            yield GrammarSpan(start, token.idx + len(token.text), "ROLE", "particular post")
            continue
        # a post held at a school: "deputy at the same school", "VP in a bigger school", "deputy here"
        for child in token.children:
            if child.dep_ == "prep" and _lower(child) in ("at", "in", "of"):
                obj = [c for c in child.children if c.dep_ == "pobj"]
                if obj and (_lemma(obj[0]) in ("school", "college", "academy", "primary", "secondary", "unit")
                            or _has_placeholder(obj[0].text)) and _lower(child) != "of":
                    yield GrammarSpan(token.idx, obj[0].idx + len(obj[0].text), "ROLE", "post at a school")
            elif child.dep_ == "advmod" and _lower(child) in ("here", "there") and low not in ("head", "teacher"):
                yield GrammarSpan(token.idx, child.idx + len(child.text), "ROLE", "post here")
        if token.dep_ == "attr" and low != "teacher" and any(c.dep_ == "nsubj" and _lower(c) == "i" for c in token.head.children):
            # "I was assistant head at a bigger academy": the school hangs from the verb of being
            for prep in (c for c in token.head.children if c.dep_ == "prep" and _lower(c) in ("at", "in")):
                obj = [c for c in prep.children if c.dep_ == "pobj"]
                if obj and (_lemma(obj[0]) in ("school", "college", "academy", "primary", "secondary", "unit")
                            or _has_placeholder(obj[0].text)):
                    yield GrammarSpan(token.idx, obj[0].idx + len(obj[0].text), "ROLE", "post at a school")
            # "I was deputy here", "she was head there": the place hangs from the verb of being
            here = [c for c in token.head.children if c.dep_ == "advmod" and _lower(c) in ("here", "there")
                    and c.i == token.i + 1]
            if here and any(c.dep_ == "nsubj" and _lower(c) == "i" for c in token.head.children):
                yield GrammarSpan(token.idx, here[0].idx + len(here[0].text), "ROLE", "post here")


ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                     "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())


def _in_post(token, data: GrammarData) -> bool:
    """Whether a year or term is the writer's year in a post: "my ninth year", "my first term as head"."""
    if any(_lower(c) in ("my", "our") for c in token.children):
        return True
    return any(_lemma(t) in data.posts for t in token.subtree)


def _governed_by(token, verbs: frozenset, particles: tuple[str, ...]) -> bool:
    """Whether the token hangs from a verb of `verbs` or ends in one of `particles` ("nine years in")."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and _lower(nxt) in particles and (nxt.i + 1 == len(token.doc) or token.doc[nxt.i + 1].is_punct):
        return True
    head = token.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") and _lemma(head) in verbs:
            return True
        if head.head.i == head.i:
            break
        head = head.head
    return False


def _sizes(doc, data: GrammarData):
    """SIZE: a number counting the school's people or units: its head noun is one of `count_nouns`
    ("four hundred and twenty children", "a staff of 48", "two-form entry"), or it is the roll itself
    ("the roll is 212", "numbers are down to forty")."""
    for token in doc:
        if not _is_number(token) or token.dep_ == "compound" and token.head.tag_ == "CD":
            continue
        head = token.head
        # the whole number, "four hundred and twenty": its leftmost and rightmost number tokens
        left = token
        while left.i > 0 and (doc[left.i - 1].tag_ == "CD" or _lower(doc[left.i - 1]) in ("and", "-")) \
                and doc[left.i - 1].i != head.i:
            left = doc[left.i - 1]
        if token.dep_ in ("nummod", "quantmod", "compound", "amod") and \
                (_lemma(head) in data.count_nouns or _lower(head) in data.count_nouns):
            if _lower(head) in ("year", "years") or _age_like(head):
                continue
            if (_lemma(head) in data.large_count_nouns or _lower(head) in data.large_count_nouns) and \
                    _value(doc[left.i:token.i + 1]) < 5:
                continue  # "one child", "two adults", "three schools": usually someone else's
            if any(c.dep_ == "amod" and _lower(c) in data.elsewhere for c in head.children):
                continue  # "two other village schools", "two neighbouring schools": not this one
            yield GrammarSpan(left.idx, head.idx + len(head.text), "SIZE", f"count of {_lemma(head)}")
        elif token.dep_ == "pobj" and head.dep_ == "prep" and _lower(head) == "of" and (
                _lemma(head.head) in data.roll_nouns | {"staff"} or
                (_lemma(head.head) in data.school_nouns | data.count_nouns) and _whole_value(token) >= 5
                and head.head.tag_ not in ("NNS", "NNPS")):
            # "a roll of 212", "a staff of 31", "a school of nine", "a unit of twenty-six"
            yield GrammarSpan(head.head.idx, token.idx + len(token.text), "SIZE", "roll of N")
        elif _whole_value(token) >= 5 and any(
                c.dep_ == "prep" and _lower(c) in ("on", "in") and any(
                    o.dep_ == "pobj" and (_lemma(o) in data.roll_nouns or _lemma(o) in ("class", "room", "classroom"))
                    for o in c.children) for c in token.children):
            # "Twenty-eight on roll", "Sixteen in my class": a number told with where it is counted
            yield GrammarSpan(left.idx, token.idx + len(token.text), "SIZE", "N on roll")
        elif token.dep_ in ("attr", "dobj", "pobj", "npadvmod") and _value(token) >= 20 and _counts_the_school(token, data):
            yield GrammarSpan(left.idx, token.idx + len(token.text), "SIZE", "the roll as a number")
        elif _value(token) >= 20 and (token.dep_ not in ("nummod", "quantmod", "compound", "amod", "nmod")
                                      or _lower(head) in ("ish", "odd", "plus")) \
                and not token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL") \
                and not _is_measure(token):
            # a number standing for a count with no noun: "we're 360 ish", "Six hundred and forty."
            ent = next((e for e in doc.ents if e.start <= token.i < e.end and e.label_ == "CARDINAL"), None)
            start, end = (ent.start_char, ent.end_char) if ent else (left.idx, token.idx + len(token.text))
            yield GrammarSpan(start, max(end, token.idx + len(token.text)), "SIZE", "a number alone")


def _quantities(doc, data: GrammarData):
    """SIZE told without a number: a noun of quantity ("a handful of TAs", "dozens of children"), a
    comparison ("half the size", "twice as many pupils"), the school's sites as several ("both
    sites", "a split site"), a count of schools the writer leads ("head of three small schools")."""
    for token in doc:
        low = _lower(token)
        if low in data.quantity_nouns and token.pos_ in ("NOUN", "NUM"):
            of = [c for c in token.children if c.dep_ == "prep" and _lower(c) == "of"]
            objs = [o for p in of for o in p.children if o.dep_ == "pobj"]
            if any((_lemma(o) in data.count_nouns or _lower(o) in data.count_nouns) and _lemma(o) not in data.school_nouns
                   for o in objs):  # not "a handful of schools": others
                obj = objs[0]
                yield GrammarSpan(token.idx, obj.idx + len(obj.text), "SIZE", "quantity of")
            elif token.dep_ in ("nummod", "quantmod", "amod", "compound") and _lemma(token.head) in data.count_nouns:
                yield GrammarSpan(token.idx, token.head.idx + len(token.head.text), "SIZE", "quantity of")
        elif low in data.multipliers:
            near = [token.head] + list(token.children) + list(token.head.children)
            if any((_lower(t) in data.size_words or _lemma(t) in data.size_words) and t.i > token.i for t in near) and \
                    any(_lower(t) in ("we", "us", "our", "it", "school") or _has_placeholder(t.text) for t in token.sent):
                end = max(t.i for t in near if _lower(t) in data.size_words or _lemma(t) in data.size_words)
                yield GrammarSpan(token.idx, doc[end].idx + len(doc[end].text), "SIZE", "a size compared")
        elif low in data.site_nouns:
            mods = [c for c in token.children if _lower(c) in data.site_counts and c.i < token.i]
            if mods and not any(_lower(c) in data.elsewhere - {"both"} for c in token.children):
                yield GrammarSpan(mods[0].idx, token.idx + len(token.text), "SIZE", "sites")
        elif _lemma(token) in data.school_nouns and token.tag_ in ("NNS", "NNPS") and token.dep_ == "pobj" and \
                _lower(token.head) == "of" and (_lemma(token.head.head) in data.posts or _lemma(token.head.head) in data.bodies):
            # "executive head of three small schools", "a federation of two primaries": the writer's own
            nums = [c for c in token.children if c.dep_ == "nummod" and _is_number(c)]
            if nums and not any(_lower(c) in data.elsewhere for c in token.children):
                yield GrammarSpan(nums[0].idx, token.idx + len(token.text), "SIZE", "schools led")


def _is_measure(token) -> bool:
    """A number read as something else than a count: a time of day, a page, a score, a phone number."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and (nxt.text in ("%", "am", "pm", "p", ":", "/", ".") and nxt.whitespace_ == "" or
                            _lower(nxt) in ("percent", "per", "o'clock", "am", "pm", "%", "k", "m", "th")):
        return True
    if prev is not None and (_lower(prev) in ("page", "p.", "no", "number", "£", "$", "€", "#", "at", "by") or prev.text in "£$€#"):
        return True
    return False


def _age_like(head) -> bool:
    """'year-olds', 'six-year-old': an age, not a count of children (an age said after the noun,
    "children, two to four year olds", does not make its count an age)."""
    return "old" in head.text.lower() or any("old" in c.text.lower() for c in head.children if c.i < head.i)


def _whole_value(token) -> int:
    """The value of the number a token ends: "fifty-six" is parsed as "fifty" - "six", the last its head."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end and e.label_ == "CARDINAL"), None)
    if ent is not None:
        return _value(token.doc[ent.start:token.i + 1])
    return _value(token)


def _value(token) -> int:
    from .rules import number_value

    value = number_value(token.text) or 0
    if not value:
        # "a thousand", "hundred": a power of ten said alone
        words = [w.lower() for w in re.split(r"[\s-]+", token.text)]
        if "thousand" in words:
            value = 1000
        elif "hundred" in words:
            value = 100
    return value


def _counts_the_school(token, data: GrammarData) -> bool:
    """Whether a bare number is the roll: the object of a verb whose subject is the school, "we" or
    the roll ("we're just under four hundred", "numbers are down to forty")."""
    verb = token.head
    while verb.dep_ == "prep" and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    subj = subjects[0]
    if _lemma(verb) not in ("be", "have", "sit", "stand", "drop", "fall", "rise", "grow", "go", "reach", "hit", "stay",
                            "remain", "fall", "shrink", "climb", "number", "hover"):
        return False
    if any(c.dep_ in ("npadvmod", "advmod") and _lemma(c) in data.time_units for c in verb.children):
        return False
    return _lower(subj) in ("we", "school") or _lemma(subj) in data.roll_nouns or _has_placeholder(subj.text)


def _places(doc, data: GrammarData):
    """GEOGRAPHY: named places (GPE, LOC), prepositional phrases of place whose object is a kind of
    landscape or settlement ("up the valley", "on the edge of the city"), compass places ("down
    south") and distances from somewhere ("an hour from the border")."""
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and not _has_placeholder(ent.text) and ent.text[:1].isupper() \
                and not (ent.text.isupper() and len(ent.text) <= 4) and ent.text.lower() not in data.not_places \
                and not any(_lower(t) in data.not_places for t in ent):
            yield GrammarSpan(ent.start_char, ent.end_char, "GEOGRAPHY", "named place")
        elif ent.label_ in ("QUANTITY", "CARDINAL") and any(_lower(t) in ("mile", "miles", "km", "kilometres") for t in ent):
            yield GrammarSpan(ent.start_char, ent.end_char, "GEOGRAPHY", "distance")
        elif ent.label_ in ("TIME", "QUANTITY", "DATE") and ent.end < len(doc) and \
                _lower(doc[ent.end]) in ("from", "away", "drive", "outside", "north", "south", "east", "west", "by",
                                         "crossing", "ferry"):
            if any(_lemma(t) in data.distance_units for t in ent):
                end = doc[ent.end]
                obj = [c for c in end.children if c.dep_ == "pobj"]
                stop = obj[0].i + 1 if obj else end.i + 1
                yield GrammarSpan(ent.start_char, doc[stop - 1].idx + len(doc[stop - 1].text), "GEOGRAPHY", "distance")
    for token in doc:
        lemma = _lemma(token)
        if _lower(token) in ("mile", "miles") and any(c.dep_ == "nummod" for c in token.children) and not token.ent_type_:
            num = min(c.i for c in token.children if c.dep_ == "nummod")
            yield GrammarSpan(doc[num].idx, token.idx + len(token.text), "GEOGRAPHY", "distance")
        if token.dep_ == "pobj" and _lower(token.head) in data.place_prepositions and \
                (lemma in data.landscape or lemma in data.settlements):
            if lemma in data.relational:
                # "the edge of the city", "the north end of town": the place is what it is part of
                of = [c for c in token.children if c.dep_ == "prep" and _lower(c) == "of"]
                obj = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
                mods = [c for c in token.children if c.dep_ in ("amod", "compound") and _lemma(c) in data.compass]
                if any(_lower(c) in data.elsewhere for c in token.children):
                    continue  # "the other side of town": where others are
                if obj and (_lemma(obj[0]) in (data.landscape | data.settlements) - data.relational
                            or obj[0].ent_type_ in ("GPE", "LOC")):
                    yield GrammarSpan(token.head.idx, obj[0].idx + len(obj[0].text), "GEOGRAPHY", "part of a place")
                elif mods:
                    yield GrammarSpan(token.head.idx, token.idx + len(token.text), "GEOGRAPHY", "part of a place")
                continue
            if _is_self(token) or token.tag_ in ("NNS", "NNPS") and lemma not in data.compass:
                continue  # "in villages", "across the valleys": places in general, not this one
            mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
            if any(_lower(c) in data.elsewhere for c in mods):
                continue  # "the next valley", "every town": somewhere else
            if lemma in data.settlements and not mods and not any(_lower(c) in ("a", "an") for c in token.children):
                continue  # "in the village", "in the county": the story's own place, already named or not
            start = token.head.idx
            yield GrammarSpan(start, token.idx + len(token.text), "GEOGRAPHY", f"{_lower(token.head)} the {lemma}")
        elif lemma in data.compass and token.i > 0 and _lower(doc[token.i - 1]) in ("up", "down", "out", "far", "back"):
            yield GrammarSpan(doc[token.i - 1].idx, token.idx + len(token.text), "GEOGRAPHY", "compass place")
        elif token.dep_ == "compound" and lemma in data.landscape - data.relational and \
                _lemma(token.head) in ("village", "town", "city", "estate", "community"):
            # "a pit village", "a seaside town", "an island community"
            yield GrammarSpan(token.idx, token.head.idx + len(token.head.text), "GEOGRAPHY", "kind of place")


def _kind_word(token, data: GrammarData) -> bool:
    """A word of a school's kind ("Catholic", "special", "aided", "VC", the "medium" of "Welsh-medium")."""
    low = _lower(token).strip("'’")
    return low in data.school_kinds or _lower(token) in data.school_kinds


def _hyphen_left(token):
    """The first token of a hyphenated word ending in `token`: "Welsh-medium", "non-denominational"."""
    doc = token.doc
    while token.i >= 2 and doc[token.i - 1].text in ("-", "–") and doc[token.i - 1].whitespace_ == "" \
            and doc[token.i - 2].whitespace_ == "":
        token = doc[token.i - 2]
    return token


#: The tags of the words that stand before a noun inside its noun phrase ("a voluntary aided Church in
#: Wales primary"); a parse often breaks such a run, so it is also read as a run of words.
PREMODIFIER_TAGS = frozenset("JJ JJR JJS NN NNP NNPS NNS VBN VBD VBG CD HYPH SYM POS".split())


def _premodifiers(token) -> list:
    """The run of words before a noun that can modify it, stopping at a determiner or punctuation;
    "of" and "in" inside a name ("Church of England", "Church in Wales") are crossed."""
    doc, out, i = token.doc, [], token.i - 1
    while i >= 0 and len(out) < 8:
        t = doc[i]
        if t.tag_ in PREMODIFIER_TAGS and not _has_placeholder(t.text) and t.text not in (",",):
            out.append(t)
        elif _lower(t) in ("of", "in") and i > 0 and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper():
            out.append(t)
        else:
            break
        i -= 1
    return out


def _school_types(doc, data: GrammarData):
    """SCHOOL_TYPE: what kind of school it is, read from how a word of kind attaches: a modifier of a
    school noun ("a Catholic maintained primary", "our little church school", "a Welsh-medium
    comprehensive"), a kind said of the school ("we're VC", "we became controlled integrated"), a
    kind as a noun ("I run a PRU"), or the school inside a body ("in a multi-academy trust")."""
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") or not (
                _lower(token) in data.school_nouns or _lemma(token) in data.school_nouns):
            continue
        if token.dep_ == "compound" and not (_lemma(token.head) in data.posts or _lemma(token.head) in data.school_nouns):
            continue  # "school meals", "free school meals": the school noun modifies something else
        if token.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "nummod" for c in token.children) or \
                token.dep_ == "compound" and token.head.tag_ in ("NNS", "NNPS"):
            continue  # "Catholic schools", "special school heads": kinds in general, not this school
        left = [t for t in doc[token.left_edge.i:token.i] if t.dep_ not in ("det", "poss", "punct", "nummod")]
        left += [t for t in _premodifiers(token) if t not in left]
        kinds = [t for t in left if _kind_word(t, data)]
        settings = [t for t in left if _lower(t) in data.school_settings]
        if any(_lower(c) in data.elsewhere for c in token.children):
            continue  # "two other village schools", "the next small school": not this one
        if kinds or settings:
            # "small", "tiny": part of the kind only beside another word of kind or setting
            words = sorted(kinds + settings + [t for t in left if _lower(t) in data.school_scale], key=lambda t: t.i)
            first = _hyphen_left(words[0])
            yield GrammarSpan(first.idx, words[-1].idx + len(words[-1].text), "SCHOOL_TYPE", "kind of school")
            continue
        if _lower(token) in data.school_kind_nouns and token.pos_ in ("NOUN", "PROPN") and (
                token.dep_ == "compound" and _lemma(token.head) in data.posts or token.dep_ != "compound" and
                any(c.dep_ in ("det", "poss") and _lower(c) != "the" for c in token.children)):
            # "I run a PRU", "a grammar head"
            yield GrammarSpan(token.idx, token.idx + len(token.text), "SCHOOL_TYPE", "a kind as a noun")
            continue
        # the school inside a body: "in a multi-academy trust", "into its trust", "part of a federation"
        if _lemma(token) in data.bodies and token.dep_ == "pobj" and not (
                any(_lower(c) == "the" for c in token.children) and token.left_edge.i == token.i - 1) and (
                _lower(token.head) in ("in", "into", "within") or
                _lower(token.head) == "of" and _lemma(token.head.head) in ("part", "member")):
            mods = [t for t in doc[token.left_edge.i:token.i] if t.dep_ not in ("det", "poss", "punct")]
            start = mods[0].idx if mods else token.idx
            yield GrammarSpan(start, token.idx + len(token.text), "SCHOOL_TYPE", "in a body")
    for token in doc:
        if _lower(token) == "medium" and _hyphen_left(token).i < token.i and not (
                token.dep_ in ("amod", "compound", "nmod") and token.head.tag_ in ("NNS", "NNPS")):
            # "Welsh-medium", "Gaelic-medium": a school's language of teaching, whatever noun it modifies
            # (not of a plural: "Gaelic-medium teachers" are any school's)
            yield GrammarSpan(_hyphen_left(token).idx, token.idx + len(token.text), "SCHOOL_TYPE", "medium")
            continue
        # a kind said of the school: "we're VC", "we became controlled integrated", "being Welsh-medium"
        if token.dep_ not in ("acomp", "attr", "oprd") or _lemma(token.head) not in data.kind_verbs:
            continue
        verb = token.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ == "conj":
            subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # "we balloted and became..."
        if subjects and not any(_lower(s) in data.school_words or _lemma(s) in data.school_words
                                or _has_placeholder(s.text) for s in subjects):
            continue
        if not subjects and verb.tag_ != "VBG":
            continue
        if _lower(token) in data.school_nouns or _lemma(token) in data.school_nouns:
            continue  # "a Catholic primary" is read above
        if token.pos_ == "NOUN" and not _kind_word(token, data):
            continue  # "a community", "a local academy council": a noun of another kind of thing
        kinds = [t for t in [token] + [c for c in token.children if c.dep_ in ("amod", "compound", "conj")]
                 if _kind_word(t, data)]
        if kinds:
            kinds.sort(key=lambda t: t.i)
            first = _hyphen_left(kinds[0])
            yield GrammarSpan(first.idx, token.idx + len(token.text), "SCHOOL_TYPE", "kind said of the school")


def _is_self(token) -> bool:
    """'in the village' said of the school's own site inside a story about it is still where it is;
    but 'at the end', 'on the top' (no place) is no place: handled by `relational`. Fields, woods and
    halls of the school grounds are where the children play, not where the school is."""
    return any(_lower(c) in ("our", "school", "playground") for c in token.children if c.dep_ in ("poss", "compound"))


def _kin(doc, data: GrammarData):
    """FAMILY_HEALTH: the writer's relatives ("my husband", "our youngest", "Mum's care") and their or
    the writer's health ("signed off with stress", "diagnosed with", "a heart scare")."""
    for token in doc:
        lemma, low = _lemma(token), _lower(token)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") or (lemma not in data.kin and low not in data.kin):
            continue
        poss = [c for c in token.children if c.dep_ == "poss" and _lower(c) in ("my", "our", "mine")]
        own = any(_lower(c) == "own" for c in token.children)
        if lemma in data.kin_ambiguous or low in data.kin_ambiguous:
            if not (poss and own) and not (low == "carer" and any(_lower(c) in ("his", "her", "their") for c in token.children)):
                continue
        elif not poss and token.dep_ == "nsubj" and not any(c.dep_ in ("det", "poss") for c in token.children) \
                and token.text[0].isupper() and token.i == token.sent.start:
            pass  # a relative opening a note with no article: "Husband out with the ewes till dark"
        elif not poss:
            # "Mum", "Dad" named alone, as a family calls them (capitalised, no determiner)
            if not (low in ("mum", "dad", "mam", "mammy", "daddy", "mummy") and token.text[0].isupper()
                    and not any(c.dep_ == "det" for c in token.children)):
                continue
        if not _kin_told(token, data):
            continue  # "my father always said...": a relative named, nothing told about them
        start = min([token.idx] + [c.idx for c in poss])
        yield GrammarSpan(start, token.idx + len(token.text), "FAMILY_HEALTH", "kin")
    for token in doc:
        low, lemma = _lower(token), _lemma(token)
        # away from work ill: "signed off", "off sick", "a phased return"
        if lemma == "sign" and any(_lower(c) == "off" for c in token.children):
            yield GrammarSpan(token.idx, token.idx + len(token.text) + 4, "FAMILY_HEALTH", "signed off")
        elif low == "off" and token.i + 1 < len(doc) and _lower(doc[token.i + 1]) in ("sick", "ill", "work"):
            yield GrammarSpan(token.idx, doc[token.i + 1].idx + len(doc[token.i + 1].text), "FAMILY_HEALTH", "off sick")
        elif low == "off" and _own(token, data) and _off_for_a_while(token, data):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "FAMILY_HEALTH", "off for a while")
        elif lemma in data.conditions and token.pos_ in ("NOUN", "ADJ", "PROPN") and _own(token, data):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "FAMILY_HEALTH", "condition")
        elif lemma == "diagnose":
            yield GrammarSpan(token.idx, token.idx + len(token.text), "FAMILY_HEALTH", "diagnosed")
        elif lemma in data.absence_nouns and token.pos_ == "NOUN" and any(
                _lower(c) in data.absence_kinds and c.dep_ in ("amod", "compound") for c in token.children):
            # "sick leave", "a phased return", "compassionate leave": away from work for health or family
            mod = min((c for c in token.children if _lower(c) in data.absence_kinds), key=lambda c: c.i)
            yield GrammarSpan(mod.idx, token.idx + len(token.text), "FAMILY_HEALTH", "leave")
        elif (low in data.body or lemma in data.body or low == "health" and any(_lower(c) == "own" for c in token.children)) \
                and token.pos_ == "NOUN" and any(c.dep_ == "poss" and _lower(c) == "my" for c in token.children):
            # "my back", "my own health": the writer's body
            yield GrammarSpan(token.idx, token.idx + len(token.text), "FAMILY_HEALTH", "my body")
        elif (low in data.symptoms or lemma in data.symptoms) and token.dep_ in ("dobj", "nsubj", "pobj") and _own(token, data):
            # "I had chest pains", "I ignored a lump": a symptom the writer or a relative had
            mods = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
            start = mods[0].idx if mods else token.idx
            yield GrammarSpan(start, token.idx + len(token.text), "FAMILY_HEALTH", "symptom")
        elif lemma in data.diseases and token.dep_ in ("nsubj", "nsubjpass") and any(
                _lower(c) == "the" for c in token.children):
            # "The dementia is worse": a disease already in the story, the writer's or a relative's
            yield GrammarSpan(token.idx, token.idx + len(token.text), "FAMILY_HEALTH", "the disease")


def _kin_told(token, data: GrammarData) -> bool:
    """Whether a relative's clause tells something about them: their health, work, age, care or death;
    or, by its grammar, a clause of their own about them: a relative clause or an apposition ("my
    daughter, who was in Year 10"), a verb of a life ("my husband runs the shop", "my son was born"),
    being something or somewhere ("my eldest is at the secondary", "my wife is a nurse")."""
    sent = token.sent
    if any(c.dep_ in ("relcl", "appos") for c in token.children):
        return True
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        if _lemma(verb) in data.kin_verbs:
            return True
        if _lemma(verb) == "be" and any(c.dep_ in ("attr", "prep") and c.i > token.i for c in verb.children):
            return True
    return any(_lemma(t) in data.conditions or _lemma(t) in data.health or _lemma(t) in data.kin_context
               or (t.like_num and t.head.i == token.i) for t in sent if t.i != token.i)


def _own(token, data: GrammarData) -> bool:
    """Whether a condition or an absence is the writer's or a relative's: its clause's subject is "I"
    or a relative of theirs, or it is "my"/"his"/"her" condition ("her dementia", "I was off with
    stress"); not a condition talked about in general ("the stress of the job")."""
    if any(c.dep_ == "poss" and (_lower(c) in ("my", "his", "her") or _lemma(c) in data.kin) for c in token.children):
        return True
    verb = token
    for _ in range(5):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_lower(s) in ("i", "he", "she") or (_lemma(s) in data.kin and any(
        _lower(c) in ("my", "our") for c in s.children)) for s in subjects)


def _off_for_a_while(token, data: GrammarData) -> bool:
    """'off for a term', 'three weeks off', 'a fortnight off with stress': away from work for a time."""
    doc = token.doc
    before = doc[max(0, token.i - 3):token.i]
    after = doc[token.i + 1:token.i + 7]
    if any(_lemma(t) in data.time_units for t in before) and any(_is_number(t) or _lower(t) in ("a", "an") for t in before):
        return True
    if after and _lower(after[0]) == "for" and any(_lemma(t) in data.time_units for t in after):
        return True
    return bool(after) and _lower(after[0]) == "with" and any(_lemma(t) in data.conditions for t in after)


def _personal(token, data: GrammarData) -> bool:
    """Whether a sentence is about the writer or a relative: "I", "my", or a kin noun in it."""
    return any(_lower(t) in ("i", "my", "me", "our", "mine") or _lemma(t) in data.kin - data.kin_ambiguous
               for t in token.sent)


def _events(doc, data: GrammarData):
    """EVENT: an event noun as the subject or object of the story's clauses, or an event verb whose
    subject or object is the school ("we closed", "they merged us", "the hall flooded")."""
    for token in doc:
        lemma = _lemma(token)
        if token.pos_ == "VERB" and lemma in data.event_verbs:
            args = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
            if any(_lower(a) in data.school_words or _lemma(a) in data.school_words or _has_placeholder(a.text)
                   for a in args):
                yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", f"{lemma} (the school)")
            elif lemma in data.person_events:
                # "I was suspended": a verb of what happens to people, whoever the subject
                yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", f"{lemma} (a person)")
        elif token.pos_ == "VERB" and (lemma in data.transfer_verbs or lemma in ("join",)) and _into_a_body(token, data):
            # "the diocese moved us into its trust", "the UTC transferred into a multi-academy trust"
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "into a body")
        elif token.pos_ == "VERB" and lemma in data.opening_verbs and not any(c.dep_ == "dobj" for c in token.children) \
                and any(c.dep_ in ("nsubj", "nsubjpass") and (_lower(c) in ("we", "school") or _lemma(c) in data.school_nouns
                                                              or _has_placeholder(c.text)) for c in token.children):
            # "we opened in September 2013", "the school opened with sixty children": a founding date
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "the school opened")
        elif (_lower(token) in data.inspectorate or lemma in data.inspectorate) and token.pos_ in ("NOUN", "PROPN") and (
                token.dep_ in ("nsubj", "nsubjpass") and _lemma(token.head) in data.arrival_verbs
                or token.dep_ in ("compound", "nmod") and (_lemma(token.head) in data.proceedings or _lower(token.head) in data.inspectorate)
                or token.dep_ in ("dobj", "pobj") and any(c.dep_ == "amod" and _lower(c) in data.grades for c in token.children)):
            # "the inspectors phoned", "Estyn came in", "an Estyn monitoring visit", "a good Ofsted"
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "the inspectorate")
        elif lemma in data.proceedings and token.pos_ == "NOUN" and _of_an_event(token, data):
            # "federation talks", "a closure consultation", "a tribunal claim", "an inadequate judgement"
            mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]
            yield GrammarSpan(mods[0].idx, token.idx + len(token.text), "EVENT", f"{lemma} of an event")
        elif token.pos_ == "VERB" and lemma in ("leave", "quit") and any(
                c.dep_ == "dobj" and _lemma(c) in ("headship", "post", "headteacher", "principalship", "teaching")
                for c in token.children) and any(
                c.dep_ == "nsubj" and _lower(c) in ("i", "he", "she", "you") for c in token.children):
            # "I left headship": the head's leaving, as "retired" and "resigned"
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "leaving the post")
        elif token.pos_ == "VERB" and lemma == "lose" and any(
                c.dep_ == "nsubj" and _lower(c) == "we" for c in token.children) and any(
                c.dep_ == "dobj" and _lemma(c) in ("pupil", "child", "student", "learner", "boy", "girl", "colleague", "teacher")
                for c in token.children):
            # "we lost a child": a death in the school
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "a pupil's death")
        elif (end := _grade_phrase(token, data)):
            yield GrammarSpan(token.idx, doc[end].idx + len(doc[end].text), "EVENT", "grade")
        elif token.pos_ == "VERB" and lemma == "move" and any(
                _lower(p) in ("into", "to") and any(_lemma(o) in ("building", "site", "campus", "premises", "school", "block")
                                                    for o in p.children if o.dep_ == "pobj")
                for p in token.children if p.dep_ == "prep") and any(
                _lower(c) in ("we", "us") or _lemma(c) in data.school_words for c in token.children if c.dep_ in ("nsubj", "dobj")):
            # the school moving into a new building: in the local paper, with its date
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "the school moved")
        elif token.pos_ == "VERB" and lemma in ("join", "leave") and any(
                c.dep_ == "dobj" and _lemma(c) in data.bodies for c in token.children) and any(
                c.dep_ == "nsubj" and (_lower(c) in ("we", "school") or _has_placeholder(c.text)) for c in token.children):
            # "we joined a trust": a change of status with a date on a public register
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "joining a body")
        elif token.pos_ in ("NOUN", "PROPN") and lemma in data.media and _in_the_media(token, data):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "in the media")
        elif lemma == "action" and any(_lower(c) == "industrial" for c in token.children):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "industrial action")
        elif token.pos_ == "VERB" and lemma in ("die", "lose") and _of_the_school(token, data):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "a pupil's death")
        elif token.pos_ == "VERB" and (lemma in ("retire", "resign") or lemma in ("stand", "step") and any(
                _lower(c) == "down" for c in token.children)) and any(
                c.dep_ == "nsubj" and _lower(c) in ("i", "he", "she") for c in token.children):
            # the head's leaving, dated, is on the school's website and in the local paper
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "leaving the post")
        elif token.pos_ == "VERB" and lemma in data.person_events:
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", f"{lemma} (a person)")
        elif _lower(token) in data.grades and _is_grade(token, data):
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", "grade")
        elif token.pos_ in ("NOUN", "PROPN") and lemma in data.event_nouns and token.dep_ in (
                "nsubj", "nsubjpass", "dobj", "pobj", "attr", "ROOT", "conj", "appos"):
            if any(c.dep_ == "det" and _lower(c) in ("a", "any", "every", "each", "no") for c in token.children):
                continue  # "a fire drill", "any inspection": not one that happened
            if token.tag_ == "NNS" and lemma not in ("cut", "cuts", "flood", "redundancy", "police"):
                continue  # "inspections", "tribunals": events in general
            yield GrammarSpan(token.idx, token.idx + len(token.text), "EVENT", f"{lemma}")


def _into_a_body(verb, data: GrammarData) -> bool:
    """Whether a verb carries the school into a trust or federation: a preposition "into"/"to"/"in"
    whose object is a body, with the school ("we", "us", a school noun, a placeholder) an argument."""
    into = any(_lower(p) in ("into", "to", "in") and any(_lemma(o) in data.bodies for o in p.children if o.dep_ == "pobj")
               for p in verb.children if p.dep_ == "prep")
    joined = _lemma(verb) == "join" and any(c.dep_ == "dobj" and _lemma(c) in data.bodies for c in verb.children)
    school = any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and (
        _lower(c) in ("we", "us") or _lemma(c) in data.school_nouns or _lemma(c) in data.school_words or _has_placeholder(c.text))
        for c in verb.children)
    return (into or joined) and school


def _of_an_event(token, data: GrammarData) -> bool:
    """Whether a proceeding noun is one of an event: an event noun, an inspectorate or a kind of
    proceeding before it ("closure consultation", "Estyn monitoring visit", "settlement agreement"),
    or a grade ("an inadequate judgement"); not one any school has ("a meeting", "a report")."""
    if any(_lower(c) in ("any", "every", "each", "no") for c in token.children):
        return False
    for c in token.children:
        if c.i > token.i or c.dep_ not in ("compound", "amod", "nmod"):
            continue
        words = [c] + [g for g in c.children if g.i < c.i]
        if any(_lemma(w) in data.event_nouns or _lower(w) in data.inspectorate or _lower(w) in data.event_modifiers
               or (_lower(w) in data.grades and w.dep_ == "amod" and _lemma(token) in ("judgement", "judgment", "grade"))
               for w in words):
            return True
    return False


def _grade_phrase(token, data: GrammarData) -> int:
    """The last token of a grade given, starting at `token`: an inspectorate's own phrase ("requires
    improvement", "special measures", "serious weaknesses") anywhere, or a grade word said of the
    school in a sentence about its inspection ("Ofsted came back and we're good again"); 0 if none."""
    doc, low = token.doc, _lower(token)
    for phrase in (p for p in data.grades if " " in p and p.split(" ", 1)[0] == low):
        words = phrase.split()
        if [_lower(t) for t in doc[token.i:token.i + len(words)]] == words:
            return token.i + len(words) - 1
    if _lower(token) in data.grades and token.dep_ in ("acomp", "attr") and _lemma(token.head) in ("be", "come", "stay", "remain") \
            and any(c.dep_ == "nsubj" and (_lower(c) in ("we", "school", "it") or _has_placeholder(c.text)) for c in token.head.children) \
            and any(_lower(t) in data.inspectorate or _lemma(t) in ("inspection", "report", "judgement", "grade", "framework")
                    for t in token.sent):
        return token.i
    return 0


def _in_the_media(token, data: GrammarData) -> bool:
    """Whether a story was in the media: "the local paper ran it", "it was on the news", "it made the
    papers" - not "good news" or "the news that..." said of something told."""
    if any(c.dep_ == "amod" and _lower(c) in ("good", "bad", "great", "sad", "fake", "best", "worst") for c in token.children):
        return False
    if token.dep_ == "nsubj" and _lemma(token.head) in data.media_verbs:
        return True
    if token.dep_ == "pobj" and _lower(token.head) in ("in", "on") and _lemma(token) not in ("facebook",):
        return True
    return token.dep_ == "dobj" and _lemma(token.head) in ("make", "hit", "reach", "call", "ring", "phone", "tell")


def _of_the_school(verb, data: GrammarData) -> bool:
    """Whether "died" or "lost" is said of the school's pupils or staff: "one of our children died",
    "we lost three of our pupils" (not "the plant died", "we lost the match")."""
    if _lemma(verb) == "die":
        people = [c for c in verb.children if c.dep_ == "nsubj"]
    else:
        people = [c for c in verb.children if c.dep_ == "dobj"]
    for p in people:
        nouns = [p] + [g for c in p.children if c.dep_ == "prep" and _lower(c) == "of" for g in c.children if g.dep_ == "pobj"]
        if any(_lemma(n) in ("pupil", "child", "student", "learner", "boy", "girl", "colleague", "teacher") and
               any(_lower(c) in ("our", "my") for c in n.children) for n in nouns):
            return True
    return False


def _is_grade(token, data: GrammarData) -> bool:
    """Whether a grade word is a judgement given: quoted ("kept our 'good'"), a word only inspectors
    use ("inadequate", "RI"), or told with its scope ("good across the board", "good for
    leadership") or its verb ("they gave us outstanding", "dipped to RI")."""
    doc, low = token.doc, _lower(token)
    if token.dep_ == "amod":
        return False  # "outstanding work", "a good day": a word about something else
    before = doc.text[max(0, token.idx - 1):token.idx]
    after = doc.text[token.idx + len(token.text):token.idx + len(token.text) + 1]
    if before in "\"'“‘" and before and after in "\"'”’" and after:
        return True
    if low in ("inadequate", "ri", "unsatisfactory") and token.text != "ri":
        return True
    nxt = [_lower(t) for t in doc[token.i + 1:token.i + 4]]
    if nxt[:3] == ["across", "the", "board"] or nxt[:2] in (["in", "every"], ["in", "all"]) or \
            (nxt[:1] == ["for"] and low in ("good", "satisfactory", "excellent", "outstanding", "very good")):
        return True
    head = token.head
    if head.dep_ == "prep" and _lower(head) in ("to", "from", "as"):
        head = head.head
    if _lemma(head) == "come" and any(_lower(c) == "out" for c in head.children):
        return True  # "we came out good"
    return _lemma(head) in data.grade_verbs - {"be", "come", "go"} and head.i != token.i


#: The readings, by type, in the order they are tried; a later span overlapping an earlier one is dropped.
READINGS = (("DATE", _dates), ("ROLE", _tenure), ("SIZE", _sizes), ("SIZE", _quantities), ("GEOGRAPHY", _places),
            ("SCHOOL_TYPE", _school_types), ("FAMILY_HEALTH", _kin), ("EVENT", _events))


def find_by_grammar(doc, data: GrammarData | None = None, types: tuple[str, ...] = TYPES) -> list[GrammarSpan]:
    """The quasi-identifiers a parsed document holds by its grammar, in reading order, none overlapping.

    `doc` is a spaCy `Doc` with entities, tags, lemmas and dependencies (see `parse`); `types`
    limits the readings to some types (for measuring one at a time)."""
    data = data or grammar_data()
    out: list[GrammarSpan] = []
    whole = doc.text  # built from the tokens on each access: once per document
    for qtype, reading in READINGS:
        if qtype not in types:
            continue
        for span in reading(doc, data):
            text = whole[span.start:span.end]
            if not text.strip() or PLACEHOLDER_RE.fullmatch(text.strip()):
                continue
            if any(span.start < o.end and o.start < span.end for o in out):
                continue
            out.append(span)
    out.sort(key=lambda s: (s.start, s.end))
    return out


def parse(text: str, model: str | None = None):
    """The parsed document of `text` (the edge of this module: loads the model once).

    Lower-case chat is parsed as ordinary prose (`truecase`, same offsets): the tagger reads "i" and
    sentence starts far better capitalised."""
    from ..model import load_parser, truecase

    return load_parser(model)(truecase(text))
