"""Rewrites an editor can accept: each makes one quasi-identifier vaguer and keeps the sentence whole.

A rule in `quasi.yml` names its rewrite: a fixed replacement, or `fn:NAME`, one of the small
functions below, each given the detail's text and the text before it. Nothing is rewritten
silently: `python -m anonymiser risk FILE --diff N` shows a rewrite as a diff of the story
file and `--apply N` makes the edit. A detail with no rewrite of its own can still be taken
out with the sentence that holds it (`drop_sentence`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .quasi import QuasiIdentifier, sentence_of
from .rules import NUM_RE, SHAPES, number_matches, number_value

_YEAR = re.compile(SHAPES["YEAR"])
_DECADES = {2: "twenties", 3: "thirties", 4: "forties", 5: "fifties", 6: "sixties", 7: "seventies"}
_DETERMINER_BEFORE = re.compile(r"\b(?:our|the|my|its|their|these|those|his|her|your)\s+$", re.IGNORECASE)


def _swap_number(text: str, phrase: str) -> str:
    return NUM_RE.sub(phrase, text, count=1)


# --- the named rewrites: (detail, text before it) -> replacement, or None if none fits ---------
def faith(text: str, before: str) -> str:
    """A named denomination becomes "faith": "Catholic secondary" -> "faith secondary"."""
    return re.sub(r"\b(?:Roman\s+)?Catholic\b|\bRC\b|\bChurch of England\b|\bC of E\b|\bCofE\b|\bvoluntary[- ]controlled\b"
                  r"|\bJewish\b|\bMuslim\b|\bIslamic\b|\bSikh\b|\bHindu\b", "faith", text, count=1)


def drop_adjective(text: str, before: str) -> str:
    """A describing word goes ("Welsh-medium primary" -> "primary"); "church school" -> "school"."""
    low = text.lower()
    if low.endswith("school"):
        return "school"
    if low == "diocese":
        return "area"
    return ""


def grammar(text: str, before: str) -> str:
    """A grammar school is a secondary school."""
    return "secondary school" if text.lower().endswith("school") else "secondary"


def small(text: str, before: str) -> str:
    """Size and setting words go: "small village school" -> "school", "mixed-age classes" -> "classes"."""
    kept = re.sub(r"\b(?:small|tiny|little|rural|village|country|mixed[- ]age|composite|multi[- ]age|mixed[- ]year|vertically grouped)\s+",
                  "", text, flags=re.IGNORECASE)
    if re.fullmatch(r"(?:composite|multi[- ]age|mixed[- ]age|mixed[- ]year|vertically grouped)", kept, re.IGNORECASE):
        return ""  # "three classes, mixed-age in each" -> "three classes, in each"
    return kept


def academy(text: str, before: str) -> str:
    """"multi-academy trust" -> "trust", "academy" -> "school"."""
    low = text.lower()
    if low in ("multi-academy trust", "mat"):
        return "trust"
    return "schools" if low.endswith("ies") else "school"


def federation(text: str, before: str) -> str:
    """"federation" -> "group of schools", "federated" -> "joined up"."""
    return "group of schools" if text.lower().endswith("ion") else "joined up"


def village(text: str, before: str) -> str:
    """"village school" -> "local school"."""
    return re.sub(r"village", "local", text, flags=re.IGNORECASE)


def roll(text: str, before: str) -> str:
    """An exact roll becomes a range: "112 pupils" -> "a few hundred pupils", "47-pupil" -> "small"."""
    if re.match(r"(?:a|an|the|our|my|its) \S+(?: form)? of\b", text, re.IGNORECASE):
        return _roll_of(text)
    n = number_value(text)
    if n is None:
        return None
    if text.lower().endswith("-pupil") or re.search(r"[- ](?:kid|child|pupil|student)$", text, re.IGNORECASE):
        return "small" if n < 150 else ("large" if n >= 600 else "mid-sized")
    if re.search(r"\d[- ]?(?:ish|odd)$", text, re.IGNORECASE):
        return "fewer than a hundred" if n < 100 else ("a few hundred" if n < 1000 else "over a thousand")
    # "nearly four hundred" -> "a few hundred", not "nearly a few hundred"; "a hundred and ten" likewise
    text = re.sub(r"\b(?:just |about |around |nearly |over |under |almost |only |some |fewer than |more than )?(?:a )?(?=" + SHAPES["NUM"] + ")",
                  "", text, count=1, flags=re.IGNORECASE)
    phrase = "fewer than a hundred" if n < 100 else ("a few hundred" if n < 1000 else "over a thousand")
    return _swap_number(text, phrase)


def _roll_of(text: str) -> str | None:
    """"a school of nine" -> "a school of fewer than a hundred"; "a sixth form of nearly four hundred" -> "... of a few hundred"."""
    found = number_matches(text)
    if not found:
        return None
    m = found[-1]
    n = number_value(text, last=True) or 0
    phrase = "fewer than a hundred" if n < 100 else ("a few hundred" if n < 1000 else "over a thousand")
    head = re.sub(r"(?:just |about |around |nearly |over |under |almost |only |some |fewer than |more than )?(?:a )?$", "",
                  text[:m.start()], flags=re.IGNORECASE)
    return head + phrase + text[m.end():]


def forms(text: str, before: str) -> str:
    """Forms of entry become a size: "two-form entry" -> "mid-sized"."""
    first = text.split("-")[0].split()[0].lower()
    n = {"half": 0, "one": 1, "single": 1, "1": 1, "two": 2, "2": 2}.get(first, 3)
    return "small" if n == 0 else ("mid-sized" if n <= 2 else "large")


def few(text: str, before: str) -> str:
    """"three classes" -> "a few classes" (after "our": "our few classes")."""
    phrase = "few" if _DETERMINER_BEFORE.search(before) else "a few"
    n = number_value(text) or 0
    if n > 12 and re.search(r"\bof (?:them|us)$", text):
        phrase = "dozens" if n < 100 else "many"
    text = re.sub(r"^a (?=(?:hundred|dozen|thousand)\b)", "", text, flags=re.IGNORECASE)
    if re.match(r"one of ", text, re.IGNORECASE):  # "one of thirteen in the county" -> "one of several in the county"
        return re.sub(r"^(one of (?:only |just )?)" + SHAPES["NUM"], lambda m: "one of several", text, count=1, flags=re.IGNORECASE)
    return _swap_number(text, phrase)


def staff(text: str, before: str) -> str:
    """A staff count becomes a size: "a staff of nine" -> "a small staff", "34 teachers" -> "dozens of teachers"."""
    n = number_value(text) or 0
    m = re.match(r"(a|our|my|the) (?:whole |teaching )?staff of", text, re.IGNORECASE)
    if m:
        size = "small" if n <= 20 else "large"
        return f"a {size} staff" if m.group(1).lower() == "a" else f"{m.group(1)} {size} staff"
    m = re.match(r"(we have|we had|there are|there were|with|employs?|employed|a team of|only|just)\s+", text, re.IGNORECASE)
    if m:
        lead = m.group(1) if m.group(1).lower() not in ("only", "just") else ""
        rest = _swap_number(text[m.end():], "a few" if n <= 12 else "dozens of")
        return (lead + " " + rest).strip()
    if _DETERMINER_BEFORE.search(before):
        return NUM_RE.sub("", text, count=1).lstrip()
    return _swap_number(text, "a few" if n <= 12 else "dozens of")


def years(text: str, before: str) -> str:
    """Exact tenure becomes vague: "eight years in post" -> "several years in post"."""
    if re.match(r"(?:the best|the better|the greater) part of|getting on for|coming up to|approaching", text, re.IGNORECASE):
        return re.sub(r"^.*?(?=\s+(?:in post|as head)$)|^.*$", "many years", text, count=1)
    text = re.sub(r"\s+and a half(?=\s+(?:years?|terms))", "", text, flags=re.IGNORECASE)
    n = number_value(text)
    if n is None:
        if re.search(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))\s+(?:year|term)\b", text, re.IGNORECASE):
            return nth_year(text, before)  # "my second year" -> "my early years"
        return None
    if n <= 1:
        return re.sub(SHAPES["NUM"] + r"\s+years?", "a short time", text, count=1, flags=re.IGNORECASE)
    return _swap_number(text, "several" if n < 10 else "many")


def nth_year(text: str, before: str) -> str:
    """"my third year as head" -> "my early years as head"; later years for the fourth on."""
    early = re.search(r"\b(?:first|second|third|1st|2nd|3rd)\b", text, re.IGNORECASE)
    return re.sub(r"\b\S+\s+(year|term)\b", lambda m: ("early" if early else "later") + " " + m.group(1) + "s", text, count=1)


def exec_role(text: str, before: str) -> str:
    """An executive role becomes a plain one: "executive head" -> "head"."""
    low = text.lower()
    if low.startswith("ceo"):
        return "a senior leader"
    if low.startswith(("founding", "cluster", "campus", "federation", "shared")):
        return "principal" if low.endswith(("principal", "principals")) else "head"
    m = re.match(r"(?:exec(?:utive)?(?: head)?|head(?: teacher)?) (of|for|across) ", text, re.IGNORECASE)
    if m:  # "exec of both" -> "head of both": the count of schools is the detail, "both" stays a pronoun
        return "head " + text[m.end(1) - len(m.group(1)):].split(" ", 1)[0] + " " + ("them" if text.endswith(("both", "all", "two", "three", "four")) else "the schools")
    return "head"


def uk(text: str, before: str) -> str:
    """A nation becomes the UK: "in Wales" -> "in the UK"; "Welsh valley" -> "valley"."""
    m = re.match(r"(in|across|of|around)\s+", text)
    if m:
        return m.group(1) + " the UK"
    m = re.match(r"(?:Welsh|Scottish|Northern Irish)\s+(.+)", text)
    if m:
        return m.group(1)
    if text in ("Scotland", "Wales", "Northern Ireland", "England") and re.search(r"(?:\b(?:a|an|the|our|their)|'s)\s+$", before):
        return ""  # "the network's Wales members" -> "the network's members"
    if text in ("Scotland", "Wales", "Northern Ireland", "England") and re.search(r"\b(?:rural|urban|coastal|industrial|north|south|"
                                                                                   r"east|west|mid|northern|southern|western|eastern)\s+$", before):
        return "areas"  # "in rural Wales" -> "in rural areas"
    if re.match(r"(?:north|south|mid|west)\s+Wales", text) or text in ("Scotland", "Wales", "Northern Ireland", "England"):
        return "the UK"
    return "a rural area" if text.lower().startswith("the ") else None


def region(text: str, before: str) -> str:
    """A region becomes a half of England: "the North East" -> "the north of England"."""
    low = text.lower()
    if "london" in low:
        return "a city"
    if low in ("northern town", "northern city", "northern school"):
        return low.split()[1]
    if "north" in low or "yorkshire" in low or "tyneside" in low or "teesside" in low or "wearside" in low \
            or "merseyside" in low or "humber" in low or "lakes" in low:
        return "England" if low in ("the north", "the north of england") else "the north of England"
    if "midlands" in low or "black country" in low:
        return "England" if low == "the midlands" else "the Midlands"
    return "England" if low in ("the south", "the south of england") else "the south of England"


def coast(text: str, before: str) -> str:
    """"on the coast" -> "in our area"; "coastal" and "seaside" go."""
    return "in our area" if re.match(r"(?:on|by|near)\b", text, re.IGNORECASE) else ""


def island(text: str, before: str) -> str:
    """"on an island" -> "in a remote place"."""
    if text.lower().startswith("the only school"):
        return "a school in a remote place"
    low = text.lower()
    if low.startswith("island"):
        if low in ("island", "islands"):
            return "remote"  # "island primaries" -> "remote primaries"
        return "local people" if low.startswith("islanders") else "remote school"
    if low.endswith("islands"):
        return "remote places" if re.match(r"(?:two|three|four|several|the) islands", low) else "in remote places"
    if re.search(r"\b(?:same|one)\s+island$", low):
        return "in the same area"
    if re.search(r"\b(?:another|a different|a neighbouring|the next)\s+island$", low):
        return "elsewhere"
    return "in a remote place"


def community(text: str, before: str) -> str:
    """"former mining town" -> "town"."""
    return text.split()[-1]


def border(text: str, before: str) -> str:
    """"drive in from Wales" -> "drive in from further away"; "near the border" -> "in our area"."""
    if re.match(r"(?:near|on|across|over|along|by|at|straddling|close to|up to)\b", text, re.IGNORECASE):
        return "in our area"
    m = re.match(r"(from|to|of) the ", text, re.IGNORECASE)
    if m:
        return m.group(1) + " the edge of the area"
    if re.match(r"border\s", text, re.IGNORECASE):
        return re.sub(r"^border\s+", "", text, flags=re.IGNORECASE)  # "a border town" -> "a town"
    if text.lower() == "cross-border":
        return "local"
    return re.sub(r"\bfrom\b.*$", "from further away", text)


def only(text: str, before: str) -> str:
    """A claim to be the only one goes: "the only Catholic secondary in the county" -> "a Catholic ..."."""
    if re.match(r"the only ones?\b", text, re.IGNORECASE):
        return re.sub(r"^the only (one|ones)\b", lambda m: "one of the schools" if m.group(1) == "one" else "some of the schools", text,
                      flags=re.IGNORECASE)
    return re.sub(r"^the only\s+", "a ", text, flags=re.IGNORECASE)


def grade(text: str, before: str) -> str:
    """A grade becomes "below good" (or "highly" for outstanding): "rated inadequate" -> "rated below good"."""
    low = text.lower()
    if low in ("special measures", "serious weaknesses"):
        return "a category"
    if "outstanding" in low:
        m = re.match(r"(rated|judged|graded)\b", text, re.IGNORECASE)
        return m.group(1) + " highly" if m else None
    m = re.match(r"(rated|judged|graded|downgraded to|went into|placed in|put into|plunged into|as|a grade of)\b", text, re.IGNORECASE)
    if m:
        verb = m.group(1)
        if verb.lower() in ("went into", "placed in", "put into", "plunged into"):
            return verb + " a category"
        return verb + " below good"
    if low.startswith("requires improvement"):
        return "below good"
    return None


def closure(text: str, before: str) -> str:
    """"the closure" -> "the changes"; "closed its doors" -> "changed"."""
    if re.search(r"closure", text, re.IGNORECASE):
        return re.sub(r"(?:school\s+)?closure", "changes", text, flags=re.IGNORECASE)
    if re.search(r"to close", text, re.IGNORECASE):
        return re.sub(r"to close", "for change", text, flags=re.IGNORECASE)
    return "changed"


def incident(text: str, before: str) -> str:
    """A fire or flood becomes an incident: "the fire" -> "the incident"."""
    m = re.match(r"(the|a)\s+", text, re.IGNORECASE)
    return (m.group(1) + " incident") if m and m.group(1).lower() == "the" else ("an incident" if m else "incident")


_LEGAL = [(r"employment tribunal", "legal dispute"), (r"tribunal", "legal process"), (r"court case", "legal process"),
          (r"judicial review", "legal process"), (r"settlement agreement|compromise agreement", "agreement"),
          (r"whistleblow\w*", "raising concerns"), (r"disciplinary \w+|capability \w+", "formal process"),
          (r"grievance", "complaint"), (r"my suspension", "my time away")]


def legal(text: str, before: str) -> str:
    """A legal step becomes a general one: "employment tribunal" -> "legal dispute"."""
    for pattern, general in _LEGAL:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return general
    return None


def years_ago(text: str, before: str) -> str:
    """A year becomes "a few years ago": "in 2018" -> "a few years ago", "since 2018" -> "for some years"."""
    first = text.split()[0].lower()
    return {"in": "a few years ago", "during": "a few years ago", "since": "for some years", "by": "by then",
            "from": "from then", "of": "of that year"}.get(first, "one year")


def year_only(text: str, before: str) -> str:
    """A day or month keeps only its year: "in March 2019" -> "in 2019", "on 14 March 2019" -> "in 2019"."""
    year = _YEAR.search(text)
    if not year:
        return None
    first = text.split()[0].lower()
    if first in ("in", "during", "by", "from", "since", "on"):
        return ("in" if first == "on" else first) + " " + year.group(0)
    return year.group(0)


def month_alone(text: str, before: str) -> str:
    """A month without a year becomes "that year": "in November" -> "that year", "last May" -> "last year"."""
    first = text.split()[0].lower()
    if first == "last":
        return "last year"
    if first == "this":
        return "this year"
    if first in ("of", "from", "to", "through", "till", "before", "after"):
        return first + " that year"  # "at the end of June" -> "at the end of that year"
    if first in ("every", "each"):
        return "every year"
    return "that year"


def age(text: str, before: str) -> str:
    """An age becomes a decade: "I was 52" -> "I was in my fifties"."""
    n = number_value(text)
    if n is None or n < 20 or n // 10 not in _DECADES:
        return None
    decade = "in my " + _DECADES[n // 10]
    m = re.match(r"(I was|I am|I'm|im)\b", text, re.IGNORECASE)
    if m:
        return m.group(1) + " " + decade
    if re.match(r"(?:aged|at the age of|at)\b", text, re.IGNORECASE) and re.search(r"\bI\b", before[-40:] + " I"):
        return decade
    return None


def spouse(text: str, before: str) -> str:
    """A spouse's job goes: "my husband is the vicar" -> "my husband works locally"."""
    m = re.match(r"(my \w+) (is|was|works as|worked as|is also|was also)\b", text, re.IGNORECASE)
    if not m:
        return None
    past = m.group(2).lower().startswith(("was", "worked"))
    return f"{m.group(1)} {'worked' if past else 'works'} locally"


_ILLNESS_GENERAL = [(r"chemotherapy|radiotherapy|IVF", "treatment"), (r"mastectomy|hysterectomy|kidney transplant", "operation"),
                    (r"miscarriage", "loss"), (r"cancer diagnosis", "diagnosis")]


def illness(text: str, before: str) -> str:
    """A named illness becomes a general one: "my stroke" -> "my illness", "cancer" -> "a serious illness"."""
    m = re.match(r"(a|my|her|his|the)\s+(.+)$", text, re.IGNORECASE)
    det, noun = (m.group(1), m.group(2)) if m else ("", text)
    general = next((g for p, g in _ILLNESS_GENERAL if re.fullmatch(p, noun, re.IGNORECASE)), "illness")
    if det:
        return f"{'an' if det.lower() == 'a' and general[0] in 'aeiou' else det} {general}"
    return general if general == "treatment" else ("a serious illness" if general == "illness" else "an " + general if general[0] in "aeiou" else "a " + general)


def disability(text: str, before: str) -> str:
    """"I am deaf" -> "I have a disability"; "my wheelchair" -> "my mobility aid"."""
    if text.lower() == "my wheelchair":
        return "my mobility aid"
    if text.lower().startswith("as a"):
        return ""  # "As a wheelchair user I knew the ramps." -> "I knew the ramps."
    return "I had a disability" if text.lower().startswith("i was") else "I have a disability"


def bereavement(text: str, before: str) -> str:
    """"my husband died" -> "I lost someone close to me"; "the death of my dad" -> "a bereavement"."""
    if text.lower().startswith("my "):
        return "I lost someone close to me"
    return "a funeral" if text.lower().startswith("funeral") else "a bereavement"


def leave(text: str, before: str) -> str:
    """"on maternity leave" -> "on leave"; "I was pregnant" -> "I had a lot going on"."""
    if "maternity" in text.lower():
        return re.sub(r"maternity\s+", "", text, flags=re.IGNORECASE)
    return "I had a lot going on" if text.lower().startswith("i was") else "I have a lot going on"


def since(text: str, before: str) -> str:
    """"head since September 2016" -> "head for some years"."""
    return re.sub(r"\bsince\b.*$", "for some years", text)


def far(text: str, before: str) -> str:
    """"two hours away by boat" -> "a long way away"."""
    return "a long way away"


def building(text: str, before: str) -> str:
    """"moved into the new building" -> "moved buildings"."""
    if re.match(r"in (?:a|the) temporary ", text, re.IGNORECASE):
        return "in a building"  # "in a temporary building behind the shops" -> "in a building behind the shops"
    return re.sub(r"(?:in)?to .*$", "buildings", text) if text.lower().startswith("mov") else "opened"


# --- rewrites of the general forms (issue 18, second pass) -------------------------------------
def phase_general(text: str, before: str) -> str:
    """A rarer name of a phase becomes the common one: "first school" -> "primary school"; an age range goes."""
    low = text.lower()
    if "first school" in low:
        return "primary schools" if low.endswith("s") else "primary school"
    if re.search(r"junior|infant", low):
        return "a primary" if "only" in low else re.sub(r"junior|infant", "primary", text, count=1, flags=re.IGNORECASE)
    if "nursery" in low:
        return "schools" if low.endswith("schools") else "school"
    if re.search(r"year[- ]olds|under[- ](?:fives|threes)|provision|funding|room", low):
        if "olds" in low or "under" in low:
            return "youngest children" if _DETERMINER_BEFORE.search(before) else "the youngest children"
        return re.sub(r"two[- ]year[- ]old ", "early years ", text, flags=re.IGNORECASE)
    return ""  # "a 3-16 school" -> "a school"


def specialism(text: str, before: str) -> str:
    """A special school's specialism becomes "additional needs"; a unit or base stays a unit."""
    low = text.lower()
    if re.search(r"\b(?:unit|base|school|resource|provision|service|specialist)$", low):
        return "specialist " + low.rsplit(" ", 1)[-1] if not low.startswith("resourced") else "specialist provision"
    if re.fullmatch(r"semh|besd|pmld|sld|mld|asc|asd", low):
        return "additional needs"
    return "additional needs"


def single_sex(text: str, before: str) -> str:
    """Single-sex goes: "a boys' grammar" -> "a grammar"; "a school for girls" -> "a school"."""
    low = text.lower()
    if re.match(r"(?:school|academy|college|provision|unit) for", low):
        return text.split()[0]
    return ""


def hospital(text: str, before: str) -> str:
    """A medical-needs service becomes a service: "a home-teaching service" -> "an outreach service"."""
    return "medical setting" if "unit" in text.lower() else "outreach service"


def trust(text: str, before: str) -> str:
    """An academy trust becomes "the group": "the trust's legal team" -> "the group's legal team"."""
    if re.match(r"trust of ", text, re.IGNORECASE):
        return re.sub(r"^trust", "group", text, flags=re.IGNORECASE)  # "trust of 11 schools" -> "group of 11 schools"
    return ""  # "a trust special school" -> "a special school"


def settlement(text: str, before: str) -> str:
    """The size of a community goes: "a parish of six hundred" -> "a small parish"."""
    m = re.match(r"(a|an|the|our) (\w+) of", text, re.IGNORECASE)
    n = number_value(text) or 0
    if not m:
        return None
    size = "small" if n < 5000 else "large"
    det = "a" if m.group(1).lower() in ("a", "an") else m.group(1)
    return f"{det} {size} {m.group(2)}"


def single(text: str, before: str) -> str:
    """A one-class, one-teacher school: "in one room" -> "together"; "a single teacher" -> "a teacher"."""
    low = text.lower()
    if low.startswith(("in ", "into ")):
        return "together"
    if re.match(r"one[- ](?:room|class|teacher|classroom) school", low):
        return "small school"
    m = re.match(r"(with |and )?(?:a single|just one|only one) (\w+)", text, re.IGNORECASE)
    if m:
        return f"{m.group(1) or ''}a {m.group(2)}"
    return "a class"


def sites(text: str, before: str) -> str:
    """A count of sites goes: "both sites" -> "each site", "three bases" -> "several bases"."""
    m = re.match(r"both ((?:[\w-]+ )?)(site|base|campus)(?:es|s)", text, re.IGNORECASE)
    if m:
        return f"each {m.group(1)}{m.group(2)}"
    return _swap_number(text, "several") if NUM_RE.match(text) else re.sub(r"^\w+", "several", text)


def no_post(text: str, before: str) -> str:
    """"no deputy" -> "a small team" (the missing post says how small the school is)."""
    return "a small team"


def nth_headship(text: str, before: str) -> str:
    """The ordinal of a headship goes: "my second headship" -> "my headship" ("first headship" -> "headship")."""
    if text.lower() == "first-time head":
        return "new head"
    return re.sub(r"\b(?:first|second|third|fourth|1st|2nd|3rd)[- ]", "", text, count=1, flags=re.IGNORECASE)


def first_of_kind(text: str, before: str) -> str:
    """A first of its kind goes: "the first woman to lead it" -> "the head"."""
    m = re.match(r"(the|its|their|our) (school's )?", text, re.IGNORECASE)
    det = m.group(1) if m else "the"
    noun = "principal" if "principal" in text.lower() else "head"
    return f"{det} {m.group(2) or '' if m else ''}{noun}"


def distance(text: str, before: str) -> str:
    """A distance goes: "nine miles up a road" -> "some distance up a road"; "a forty-minute ferry crossing" -> "a ferry crossing"."""
    m = re.match(r"(a|an|the)\s+(?:\S+)[- ](?:minute|mile|hour)(?:[- ]long)?\s+(.+)$", text, re.IGNORECASE)
    if m:
        rest = m.group(2)
        article = m.group(1) if m.group(1).lower() == "the" else ("an" if rest[0].lower() in "aeiou" else "a")
        return f"{article} {rest}"
    m = re.match(r".*?\b(?:miles?|kilometres?|km|minutes?|hours?|hour's|minutes')\s+(.+)$", text, re.IGNORECASE)
    if not m:
        return None
    rest = m.group(1)
    if rest.lower() == "away":
        return "some distance away"
    return "some distance " + rest


def water(text: str, before: str) -> str:
    """Water between places goes: "on the wrong side of the water" -> "in the wrong place"; "the mainland" -> "elsewhere"."""
    low = text.lower()
    if "mainland" in low:
        return re.sub(r"^(on|to|from|off) the mainland$", lambda m: {"to": "away", "from": "from elsewhere"}.get(m.group(1).lower(), "elsewhere"),
                      text, flags=re.IGNORECASE)
    if "side of the" in low:
        m = re.match(r"(?:(on) )?the (\w+) side", text, re.IGNORECASE)
        where = {"wrong": "the wrong place", "other": "another place", "far": "another place", "same": "the same place"}[m.group(2).lower()]
        return ("in " if m.group(1) else "") + where
    if low == "the ferry":
        return "the journey"
    return "the road"


def landscape(text: str, before: str) -> str:
    """A landscape goes: "inside the national park" -> "in the countryside"; "valleys" (an adjective) goes."""
    low = text.lower()
    if re.fullmatch(r"valleys|moorland", low):
        return ""
    if low.startswith(("down the lanes of", "hill farm")):
        return "in" if low.startswith("down") else "farm" + ("s" if low.endswith("s") else "")
    if re.match(r"(?:inside|in|within|on|up on|up|down|across|over|near|on the edge of|at the (?:top|bottom|head|foot|end) of)\s", low):
        return "in the countryside"
    return "the countryside"


def county(text: str, before: str) -> str:
    """A county becomes "the area": "a grammar school in Buckinghamshire" -> "a grammar school in the area"."""
    return "the area"


def fire(text: str, before: str) -> str:
    """A fire or flood becomes an incident: "Fire in the science block" -> "An incident in the science block"."""
    low = text.lower()
    if low == "fire":
        return "an incident"
    if low.startswith(("fire ", "firefighters")):
        return "the emergency services"
    if low.startswith(("burnt", "burned")) or low == "gutted by fire":
        return "was damaged" if not _DETERMINER_BEFORE.search(before) else "damaged"
    if low.startswith("flash"):
        return "incident" + ("s" if low.endswith("s") else "")
    return re.sub(r"^flood(?:ed|ing)?", "damaged", text, flags=re.IGNORECASE)


def merge(text: str, before: str) -> str:
    """Federating, amalgamating and merging become reorganising: "federating us" -> "reorganising us"."""
    low = text.lower()
    if low.endswith(" with"):
        return "joined with"  # "federated with the infants" -> "joined with the infants"
    for ending, word in (("ing", "reorganising"), ("ed", "reorganised"), ("es", "reorganises"), ("e", "reorganise")):
        if low.endswith(ending):
            return word
    return "reorganisation"


def convert(text: str, before: str) -> str:
    """A change of status becomes a change: "we converted" -> "we changed"; "moved us into its trust" -> "changed our status"."""
    m = re.match(r"(we|the school|school|they|it) (?:had )?converted", text, re.IGNORECASE)
    if m:
        return f"{m.group(1)} changed"
    if re.match(r"(?:moved|took|brought|put|transferred) ", text, re.IGNORECASE):
        return "changed our status"
    m = re.match(r"join(ed|ing|s)?", text, re.IGNORECASE)
    return {"ed": "changed", "ing": "changing", "s": "changes"}.get((m.group(1) or "").lower(), "change") + " status"


def subgrade(text: str, before: str) -> str:
    """A quality indicator's grade goes: "good for learning and teaching" -> "graded for learning and teaching"."""
    return re.sub(r"^(?:excellent|very good|good|satisfactory|weak|unsatisfactory|adequate|outstanding|inadequate|requires improvement)",
                  "graded", text, count=1, flags=re.IGNORECASE)


def grade_said(text: str, before: str) -> str:
    """A grade said of the report goes: "the report, when it came, was good" -> "... was published"; "we were good" -> "we were inspected"."""
    grade_re = r"\b(?:judged |rated )?(?:good|outstanding|inadequate|satisfactory|excellent|weak|requires improvement)$"
    if re.search(r"\bwe (?:was|were) " + grade_re[2:], text, re.IGNORECASE):
        return re.sub(grade_re, "graded", text, flags=re.IGNORECASE)
    if re.match(r"(?:report|inspection|judgement|outcome|verdict)", text, re.IGNORECASE):
        return re.sub(grade_re, "published", text, flags=re.IGNORECASE)
    return re.sub(grade_re, "what it was", text, flags=re.IGNORECASE)


def inspectorate(text: str, before: str) -> str:
    """An inspectorate named becomes "the inspectors" (its name says which nation); before a noun it goes."""
    if re.search(r"\b(?:a|an|the|our|their|its)\s+$", before, re.IGNORECASE):
        return ""  # "a Care Inspectorate visit" -> "a visit"
    return "the inspectors"


def police(text: str, before: str) -> str:
    """The police become "the authorities"; an assault becomes an injury: "was assaulted" -> "was hurt"."""
    m = re.match(r"(was|were|got|been|being) (?:assaulted|attacked|stabbed|punched)", text, re.IGNORECASE)
    if m:
        return m.group(1) + " hurt"
    if re.match(r"(?:was|were|got|been|being) arrested", text, re.IGNORECASE):
        return text.split()[0] + " questioned"
    if re.match(r"harassment", text, re.IGNORECASE):
        return "warning"
    if text.lower() == "no further action":
        return "nothing further"
    if re.search(r"\b(?:a|an|the)\s+$", before, re.IGNORECASE):  # "a police investigation" -> "an investigation"
        return re.sub(r"^(?:police|PSNI|Garda[íi]?|cops)\s+", "", text, count=1, flags=re.IGNORECASE)
    return re.sub(r"\b(?:the )?(?:police|PSNI|Garda[íi]?|cops)\b", "the authorities", text, count=1, flags=re.IGNORECASE)


def suspension(text: str, before: str) -> str:
    """A suspension becomes time away: "I was suspended" -> "I was away from work"."""
    m = re.match(r"(.*?)\s*suspended$", text, re.IGNORECASE)
    if m:
        return f"{m.group(1)} away from work"
    if re.match(r"(?:lifted|ended) ", text, re.IGNORECASE):
        return text.split()[0] + " my time away"
    if re.match(r"(?:the|a) suspension", text, re.IGNORECASE):
        return "my time away" if text.lower().startswith("the") else "time away"
    return "raised a concern" if text.lower().startswith("made") else "a concern about me"


def complaint(text: str, before: str) -> str:
    """A complaint's stage goes: "the complaint has gone to stage 2" -> "... has gone further"."""
    return re.sub(r"\bstage (?:two|three|2|3)\b(?: (?:complaint|of the complaints?))?", "a later stage", text, flags=re.IGNORECASE)


def loss(text: str, before: str) -> str:
    """A death in the school community becomes a bereavement: "One of our children died" -> "We had a bereavement"."""
    low = text.lower()
    if re.search(r"\bdeath\b", low):
        return "a bereavement"
    if re.search(r"\blost\b", low):
        return text.split()[0] + " had bereavements" if not re.search(r"\blost (?:a|one) ", low) else text.split()[0] + " had a bereavement"
    return "we had a bereavement"


def reform(text: str, before: str) -> str:
    """A national reform loses its nation: "the Curriculum for Wales" -> "the new curriculum"."""
    low = text.lower()
    det = "the " if low.startswith("the ") else ""
    if not det and not _DETERMINER_BEFORE.search(before):
        det = "the "  # "I believe in Curriculum for Wales" -> "I believe in the new curriculum"
    if "curriculum" in low:
        return det + "new curriculum"
    if "aln" in low:
        return det + "reforms"
    if "framework" in low:
        return det + ("new framework" if "without" in low else "framework")
    if "pay" in low:
        return det + "pay question"
    return "the strikes"


def relative_date(text: str, before: str) -> str:
    """A relative date goes: "the following September" -> "later"; "four months later" -> "months later"; "that summer" -> "that year"."""
    low = text.lower()
    if re.match(r"(?:the )?(?:following|next|previous)\s", low) and not low.startswith("next"):
        return "earlier" if "previous" in low else "later"
    if low.startswith("next"):
        return "soon"
    if re.match(r"(?:that|the same|that same)\s", low):
        return "that year"
    if "academic year" in low or "school year" in low:
        return "in recent years" if low.startswith("in the") else "recent years"
    m = re.match(r"(?:" + SHAPES["NUM"] + r"|a couple of|a few)(?: and a half)?\s+(days|weeks|months|terms)(.*)$", text, re.IGNORECASE)
    if m:
        return m.group(1) + m.group(2)
    return None


def era(text: str, before: str) -> str:
    """A time named by the pandemic goes: "during covid" -> "a few years ago"."""
    first = text.split()[0].lower()
    return {"before": "some years ago", "after": "more recently", "since": "for some years",
            "through": "through hard times"}.get(first, "a few years ago")


def short_date(text: str, before: str) -> str:
    """A short date keeps only its year: "nov 23" -> "2023"."""
    m = re.search(r"(\d\d)$", text)
    return "20" + m.group(1) if m else None


def holiday(text: str, before: str) -> str:
    """A holiday as a date goes: "at Easter" -> "that term", "after Christmas" -> "later"."""
    first = text.split()[0].lower()
    return {"at": "that term", "over": "that term", "by": "by then", "after": "later", "since": "since then", "from": "from then",
            "before": "earlier", "until": "for a while", "till": "for a while", "to": "to the end of term"}[first]


def history(text: str, before: str) -> str:
    """When a school was founded goes: "founded in 1863" -> "founded long ago"; "its four hundred years" -> "its long history"."""
    low = text.lower()
    m = re.match(r"(founded|built|opened|established|endowed) in", low)
    if m:
        return text.split()[0] + " long ago"
    m = re.match(r"(its|the school's|their|our) ", text, re.IGNORECASE)
    if m:
        return m.group(1) + " long history"
    return "a long history"


def spouse_job(text: str, before: str) -> str:
    """A spouse's or partner's work goes: "my husband farms" -> "my husband works"; "my wife, who's a nurse" -> "my wife"."""
    m = re.match(r"((?:(?:my|our|her|his) )?(?:husband|wife|partner|spouse|other half|fianc\w+))", text, re.IGNORECASE)
    if not m:
        return None
    person, rest = m.group(1), text[m.end():]
    if re.match(r",? (?:who|whos)", rest, re.IGNORECASE):
        return person  # "My husband, who's a teacher too, so he gets it" -> "My husband, so he gets it" (the comma stays)
    past = re.match(r"(?:'s)? ?(?:was|worked|farmed|fished|nursed|lectured|taught)\b", rest.strip(), re.IGNORECASE)
    return f"{person} {'worked' if past else 'works'}"


def own_child(text: str, before: str) -> str:
    """The head's own child at the school goes: "our youngest was in my class" -> "our youngest was at school"."""
    return re.sub(r"\b(?:in|into|to|at|through) (?:my|our) (?:own )?(?:class|school|nursery|reception class|year \d+ class)$",
                  "at school", text, flags=re.IGNORECASE)


def family(text: str, before: str) -> str:
    """Which child goes: "my youngest" -> "my child", "my two" -> "my children"; "both teenagers" -> "older"."""
    if re.match(r"(?:both|two|three) ", text, re.IGNORECASE):
        return "older" if "teen" in text.lower() else "young"
    m = re.match(r"(my|our) (?:own )?(\w+)", text, re.IGNORECASE)
    if not m:
        return "family"
    plural = m.group(2).lower() in ("two", "three", "four", "twins", "teenagers") or m.group(2).lower().endswith("ones")
    return f"{m.group(1)} {'children' if plural else 'child'}"


def caring(text: str, before: str) -> str:
    """Caring for a relative becomes "family": "looking after my dad" -> "looking after family"."""
    m = re.match(r"(looking after|caring for|care of|nursing|visiting) ", text, re.IGNORECASE)
    if m:
        return f"{m.group(1)} family"
    if re.search(r"moved in with", text, re.IGNORECASE):
        return "family things changed"
    if re.search(r"\b(?:a|an)\s+$", before, re.IGNORECASE):
        return "family matter"
    return "family commitments"


def sick_leave(text: str, before: str) -> str:
    """Time off sick goes: "a fortnight off with stress" -> "time off"; "a phased return" -> "a gradual return"."""
    low = text.lower()
    if "phased return" in low:
        return "gradual return"
    if "sick leave" in low or "stress leave" in low:
        return "leave"
    m = re.match(r"(went |was |been |be |being |going to be )", text, re.IGNORECASE)
    if m:
        return m.group(1) + "off for a while"
    if low.startswith(("off", "signed off", "on leave")):
        return "off for a while"
    return "time off"


def condition(text: str, before: str) -> str:
    """A named condition becomes a hard time: "I had a heart scare" -> "I had a hard time"."""
    m = re.match(r"(a|my|her|his|the) ", text, re.IGNORECASE)
    if m:
        return f"{'a' if m.group(1).lower() == 'a' else m.group(1)} hard time"
    return "a hard time"


def class_size(text: str, before: str) -> str:
    """A class's size goes: "a class of thirty-one" -> "a full class"; "twenty-nine others in the class" -> "others in the class"."""
    m = re.match(r"(a|the|our|my|her|his) (class|year group|cohort|intake|year) of", text, re.IGNORECASE)
    if m:
        n = number_value(text) or 0
        det = "a" if m.group(1).lower() == "a" else m.group(1)
        return f"{det} {'full' if n >= 25 else 'small'} {m.group(2)}"
    return re.sub(r"^" + SHAPES["NUM"] + r"\s+", "", text, count=1, flags=re.IGNORECASE)


def news(text: str, before: str) -> str:
    """The press goes: "the paper had it" -> "people heard about it" (the verb's object stays)."""
    m = re.match(r"(the|a) .*?\s+(had|ran|printed|carried|covered|got hold of|picked up|reported|splashed)$", text, re.IGNORECASE)
    return "word got round about" if m and m.group(2).lower() in ("had", "got hold of", "picked up") else "people talked about"


NAMED = {"since": since, "far": far, "building": building, "faith": faith, "drop_adjective": drop_adjective, "grammar": grammar, "small": small, "village": village, "academy": academy, "federation": federation,
         "roll": roll, "forms": forms, "few": few, "staff": staff, "years": years, "nth_year": nth_year,
         "exec": exec_role, "uk": uk, "region": region, "coast": coast, "island": island, "community": community,
         "border": border, "only": only, "grade": grade, "closure": closure, "incident": incident, "legal": legal,
         "years_ago": years_ago, "year_only": year_only, "month_alone": month_alone, "age": age, "spouse": spouse,
         "illness": illness, "disability": disability, "bereavement": bereavement, "leave": leave,
         "phase_general": phase_general, "specialism": specialism, "single_sex": single_sex, "hospital": hospital, "trust": trust,
         "settlement": settlement, "single": single, "sites": sites, "no_post": no_post, "nth_headship": nth_headship,
         "first_of_kind": first_of_kind, "distance": distance, "water": water, "landscape": landscape, "county": county,
         "fire": fire, "merge": merge, "convert": convert, "subgrade": subgrade, "grade_said": grade_said,
         "inspectorate": inspectorate, "police": police, "suspension": suspension, "complaint": complaint, "loss": loss,
         "reform": reform, "relative_date": relative_date, "era": era, "short_date": short_date, "holiday": holiday,
         "history": history, "spouse_job": spouse_job, "own_child": own_child, "family": family, "caring": caring,
         "sick_leave": sick_leave, "condition": condition, "news": news, "class_size": class_size}


@dataclass(frozen=True)
class Rewrite:
    """One edit an editor can accept: in `field`, the text `before` (at `start`) becomes `after`."""

    field: str
    start: int
    end: int
    before: str
    after: str
    why: str

    @property
    def drops_sentence(self) -> bool:
        """True when the rewrite takes out the whole sentence (no vaguer wording was found)."""
        return self.why.startswith("remove the sentence")


def _fit(text: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Tidy the edit: fix "a"/"an" before it, and take one space with a removed word."""
    if replacement == "":
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
    m = re.search(r"\b([Aa]n?) $", text[max(0, start - 4):start])
    word = replacement or text[end:].lstrip()
    if m and word:
        article = "an" if word[0].lower() in "aeiou" and not word.lower().startswith(("uk", "uni", "eu", "one")) else "a"
        if article != m.group(1).lower():
            article = article.capitalize() if m.group(1)[0].isupper() else article
            start -= len(m.group(1)) + 1
            replacement = article + " " + replacement
    return start, end, replacement


def rewrite_for(qi: QuasiIdentifier, spec: str | None, text: str) -> Rewrite:
    """The rewrite of one detail in `text` (the field it stands in); the sentence goes if none fits."""
    after = None
    if spec:
        if spec.startswith("fn:"):
            after = NAMED[spec[3:]](qi.text, text[:qi.start])
        else:
            after = spec
    if after is None:
        lo, hi = sentence_of(text, qi.start)
        while hi < len(text) and text[hi] in " \t":
            hi += 1
        return Rewrite(qi.field, lo, hi, text[lo:hi], "", f"remove the sentence holding {qi.text!r}")
    start, end, after = _fit(text, qi.start, qi.end, after)
    if qi.text[:1].isupper() and after[:1].islower() and (start == 0 or text[max(0, start - 2):start] in (". ", "\n")):
        after = after[:1].upper() + after[1:]
    return Rewrite(qi.field, start, end, text[start:end], after, f"{qi.text!r} -> {after!r}")


def apply_to_text(text: str, rewrite: Rewrite) -> str:
    """`text` with the rewrite made (the text must be the one the rewrite was computed on)."""
    if text[rewrite.start:rewrite.end] != rewrite.before:
        raise ValueError("the text has changed since the rewrite was suggested")
    return text[:rewrite.start] + rewrite.after + text[rewrite.end:]


def apply_to_file(raw: str, rewrite: Rewrite, occurrence: int) -> str:
    """The story file `raw` with the rewrite made at the `occurrence`-th (0-based) place its text stands.

    The rewrite was computed on the anonymised story; its text holds no removed name, so it
    stands in the file as it does there. Front matter fields are edited on their own line.
    """
    parts = re.split(r"(?m)^---[ \t]*$", raw, maxsplit=2)
    if len(parts) != 3:
        raise ValueError("the file has no front matter")
    head, body = parts[1], parts[2]
    if rewrite.field == "body":
        body = _replace_nth(body, rewrite.before, rewrite.after, occurrence)
    else:
        line = re.search(rf"(?m)^{re.escape(rewrite.field)}:.*$", head)
        if not line:
            raise ValueError(f"no `{rewrite.field}:` line in the front matter")
        new_line = _replace_nth(line.group(0), rewrite.before, rewrite.after, occurrence)
        head = head[:line.start()] + new_line + head[line.end():]
    return parts[0] + "---" + head + "---" + body


def _replace_nth(text: str, before: str, after: str, n: int) -> str:
    starts = [m.start() for m in re.finditer(re.escape(before), text)]
    if n >= len(starts):
        raise ValueError(f"{before!r} is not in the story file as the rewrite expects")
    i = starts[n]
    return text[:i] + after + text[i + len(before):]


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of a story file before and after a rewrite."""
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
