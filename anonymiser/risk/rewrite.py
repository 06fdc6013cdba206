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
from .rules import NUM_RE, SHAPES, number_value

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
    kept = re.sub(r"\b(?:small|tiny|little|rural|village|country|mixed[- ]age)\s+", "", text, flags=re.IGNORECASE)
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
    n = number_value(text)
    if n is None:
        return None
    if text.lower().endswith("-pupil"):
        return "small" if n < 150 else ("large" if n >= 600 else "")
    phrase = "fewer than a hundred" if n < 100 else ("a few hundred" if n < 1000 else "over a thousand")
    return _swap_number(text, phrase)


def forms(text: str, before: str) -> str:
    """Forms of entry become a size: "two-form entry" -> "mid-sized"."""
    first = text.split("-")[0].split()[0].lower()
    n = {"half": 0, "one": 1, "single": 1, "1": 1, "two": 2, "2": 2}.get(first, 3)
    return "small" if n == 0 else ("mid-sized" if n <= 2 else "large")


def few(text: str, before: str) -> str:
    """"three classes" -> "a few classes" (after "our": "our few classes")."""
    phrase = "few" if _DETERMINER_BEFORE.search(before) else "a few"
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
    if text.lower().startswith("ceo"):
        return "a senior leader"
    return "head"


def uk(text: str, before: str) -> str:
    """A nation becomes the UK: "in Wales" -> "in the UK"; "Welsh valley" -> "valley"."""
    m = re.match(r"(in|across|of|around)\s+", text)
    if m:
        return m.group(1) + " the UK"
    m = re.match(r"(?:Welsh|Scottish|Northern Irish)\s+(.+)", text)
    if m:
        return m.group(1)
    if re.match(r"(?:north|south|mid|west)\s+Wales", text):
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
    if text.lower().startswith("island"):
        return "remote school"
    return "in a remote place"


def community(text: str, before: str) -> str:
    """"former mining town" -> "town"."""
    return text.split()[-1]


def border(text: str, before: str) -> str:
    """"drive in from Wales" -> "drive in from further away"; "near the border" -> "in our area"."""
    if re.match(r"(?:near|on|across|over)\b", text, re.IGNORECASE):
        return "in our area"
    return re.sub(r"\bfrom\b.*$", "from further away", text)


def only(text: str, before: str) -> str:
    """A claim to be the only one goes: "the only Catholic secondary in the county" -> "a Catholic ..."."""
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
    return "that year"


def age(text: str, before: str) -> str:
    """An age becomes a decade: "I was 52" -> "I was in my fifties"."""
    n = number_value(text)
    if n is None or n < 20 or n // 10 not in _DECADES:
        return None
    decade = "in my " + _DECADES[n // 10]
    m = re.match(r"(I was|I am|I'm)\b", text, re.IGNORECASE)
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
    return re.sub(r"(?:in)?to .*$", "buildings", text) if text.lower().startswith("mov") else "opened"


NAMED = {"since": since, "far": far, "building": building, "faith": faith, "drop_adjective": drop_adjective, "grammar": grammar, "small": small, "village": village, "academy": academy, "federation": federation,
         "roll": roll, "forms": forms, "few": few, "staff": staff, "years": years, "nth_year": nth_year,
         "exec": exec_role, "uk": uk, "region": region, "coast": coast, "island": island, "community": community,
         "border": border, "only": only, "grade": grade, "closure": closure, "incident": incident, "legal": legal,
         "years_ago": years_ago, "year_only": year_only, "month_alone": month_alone, "age": age, "spouse": spouse,
         "illness": illness, "disability": disability, "bereavement": bereavement, "leave": leave}


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
