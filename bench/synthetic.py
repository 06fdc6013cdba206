"""Synthetic headteacher stories for benchmarks (anonymiser, build, search).

generate_stories(n, out_dir, words=800, seed=0) writes n valid story files
(YAML front matter + Markdown body of about `words` words) and returns their
paths. Every name, place, school, trust, email and phone number is invented
from syllables, so stories are distinct from one another and nothing real is
ever published; with_truth=True also returns the planted surfaces per story so
a benchmark can check that none leaked.

Deterministic: the same (n, words, seed) always writes the same files.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

THEMES = ["ofsted", "small-schools", "trusts-and-local-authorities", "send", "parental-abuse",
          "leaving-headship", "coming-back", "peer-support", "workload"]

_FIRST_A = ["Ma", "Lo", "Ke", "Ta", "Ri", "Bre", "Co", "Da", "El", "Fi", "Ga", "Ha", "Is", "Jo", "Ka", "Le",
            "Mi", "Ne", "Ol", "Pe", "Ra", "Sa", "Te", "Va", "Wi", "Ya", "Zo", "Au", "Ce", "Dru", "Ev", "Io"]
_FIRST_B = ["ren", "la", "nia", "rin", "lia", "von", "dric", "ssa", "mon", "tha", "rel", "nie", "lyn", "bel",
            "ric", "dor", "fer", "wen", "sanne", "tric", "mira", "lo", "vian", "nek", "rys", "dine"]
_LAST_A = ["Ash", "Brack", "Cal", "Dun", "Eld", "Fair", "Gold", "Hart", "Ire", "Kel", "Lang", "Mor", "Nor",
           "Ock", "Pem", "Quar", "Rad", "Shel", "Thorn", "Ul", "Ver", "Wex", "Yard", "Bex", "Cran", "Dal",
           "Fenn", "Grim", "Hol", "Lud", "Marr", "Pell", "Stan", "Tor", "Wil"]
_LAST_B = ["by", "ford", "ley", "ton", "well", "wood", "mere", "croft", "field", "stone", "worth", "ham",
           "wick", "more", "dale", "hurst", "combe", "ridge", "cott", "shaw", "den", "brook"]
_TOWN_A = ["Ald", "Brin", "Cress", "Dun", "Elm", "Fen", "Gar", "Holl", "Ick", "Kirk", "Lin", "Marl", "Nether",
           "Ors", "Pol", "Rother", "Sand", "Tarr", "Ux", "Wend", "Ab", "Bram", "Coln", "Dray", "Eas", "Frith",
           "Glen", "Hep", "Ketter", "Lox", "Mab", "Nan", "Ock", "Pad", "Rook", "Stav", "Thurl", "Wad"]
_TOWN_B = ["bury", "thorpe", "by", "ton", "wick", "ham", "field", "bridge", "mouth", "ley", "stead", "combe",
           "caster", "minster", "borough", "wold", "marsh", "hythe", "ing", "worth"]
_SCHOOL_KIND = ["Primary School", "Primary Academy", "Infant School", "Junior School", "CE Primary",
                "Community Primary", "Academy", "High School", "C of E Infants", "Nursery and Infants"]
_SCHOOL_MID = ["", "Green", "Vale", "Park", "Fields", "Lane", "Meadow", "Hill", "Brook", "Moor", "Cross"]
_SAINTS = ["Aldhelm", "Brigid", "Cuthbert", "Edith", "Frideswide", "Guthlac", "Hilda", "Ives", "Wilfrid",
           "Werburgh", "Chad", "Oswin", "Eanswythe", "Botolph", "Kenelm", "Mildred"]
_TRUST_A = ["Three Spires", "Northern Lights", "River Valley", "Oakleaf", "Evergreen", "Horizon", "Kingfisher",
            "Beacon", "Compass", "Harbourside", "Meadowlands", "Ironbridge", "Skylark", "Heartwood"]
_TRUST_KIND = ["Learning Trust", "Academy Trust", "Multi-Academy Trust", "Education Trust", "Schools Partnership"]
_ROLES = ["primary head", "secondary head", "executive head", "head of a small rural school", "deputy head",
          "acting head", "school business manager", "head of a special school", "infant school head",
          "former headteacher", "trust CEO", "head of an all-through school"]
_RELATIONS = ["my deputy", "our SENCo", "my chair of governors", "our business manager", "my coach",
              "my husband", "my wife", "my partner", "a retired head", "our office manager", "the vice chair",
              "my mentor", "our caretaker", "a colleague from the cluster", "the trust CEO", "my sister"]
_HOBBIES = ["sea swimming", "bell-ringing", "allotment digging", "pottery", "fell running", "choir", "birdwatching",
            "woodturning", "cold-water dipping", "parkrun", "sourdough baking", "crochet", "cycling", "orienteering",
            "beekeeping", "amateur dramatics", "kayaking", "life drawing", "rock climbing", "canal walking",
            "stargazing", "bouldering", "quilting", "sketching", "fly fishing", "gardening", "chess", "tai chi"]
_OBJECTS = ["spreadsheet", "budget forecast", "risk register", "staffing structure", "improvement plan",
            "safeguarding audit", "attendance tracker", "curriculum map", "timetable", "admissions appeal",
            "capital bid", "boiler", "minibus", "roof survey", "energy contract", "catering tender",
            "cover rota", "phonics scheme", "reading spine", "behaviour policy", "governor minutes",
            "EHCP review", "funding agreement", "lease", "playground markings", "library refit"]
_FEELINGS = ["exhausted", "hollowed out", "quietly furious", "numb", "ashamed", "relieved", "brittle", "lonely",
             "grateful", "raw", "stubborn", "unmoored", "wobbly", "steadier", "lighter", "tearful", "wired"]
_TIMES = ["at six in the morning", "on a wet Thursday", "after the governors' meeting", "during the holidays",
          "late on a Sunday", "in the car park", "before the gates opened", "at half past nine at night",
          "between two parents' evenings", "in the last week of term", "on the first day back"]
_EVENTS = ["a difficult phone call from the local authority", "an inspection that came out of nowhere",
           "a complaint that went to the governors", "a flood in the hall", "a staffing restructure",
           "a falling roll", "a deficit budget", "a safeguarding case that would not close",
           "a parent campaign on social media", "the death of a much-loved teaching assistant",
           "a consultation on closing our nursery", "a long-term absence in the office",
           "a power cut during SATs week", "a fight about the school field"]
_ADVICE = ["Ring someone outside the building.", "Write down what only you can do.", "Book the holiday first.",
           "Tell your chair the truth early.", "Keep one evening a week that belongs to you.",
           "Find a peer group and turn up even when you do not feel like it.",
           "Ask the trust for a project manager.", "Stop checking email after eight.",
           "Let the deputy lead the thing you are hoarding.", "Say no to one meeting a week.",
           "See your GP before it gets bad.", "Keep a log of every decision and why."]


def _word(rng: random.Random, a, b) -> str:
    return rng.choice(a) + rng.choice(b)


@dataclass
class _Cast:
    people: list = field(default_factory=list)  # (first, last)
    towns: list = field(default_factory=list)
    school: str = ""
    trust: str = ""
    email: str = ""
    phone: str = ""


def _cast(rng: random.Random) -> _Cast:
    c = _Cast()
    seen = set()
    while len(c.people) < 5:
        p = (_word(rng, _FIRST_A, _FIRST_B), _word(rng, _LAST_A, _LAST_B))
        if p[0] not in seen and p[1] not in seen:
            seen.update(p)
            c.people.append(p)
    while len(c.towns) < 3:
        t = _word(rng, _TOWN_A, _TOWN_B)
        if t not in c.towns:
            c.towns.append(t)
    if rng.random() < 0.3:
        c.school = f"St {rng.choice(_SAINTS)}'s {rng.choice(['CE Primary', 'RC Primary', 'Catholic Primary'])}"
    else:
        mid = rng.choice(_SCHOOL_MID)
        base = _word(rng, _TOWN_A, _TOWN_B)
        c.school = " ".join(x for x in (base, mid, rng.choice(_SCHOOL_KIND)) if x)
    c.trust = f"{rng.choice(_TRUST_A)} {rng.choice(_TRUST_KIND)}"
    first, last = c.people[0]
    domain = re.sub(r"[^a-z]", "", c.school.lower())[:14] + ".sch.uk"
    c.email = f"{first.lower()}.{last.lower()}@{domain}"
    c.phone = rng.choice([f"07700 {rng.randint(900000, 900999)}", f"01{rng.randint(100, 999)} {rng.randint(400000, 499999)}",
                          f"0{rng.randint(113, 191)} {rng.randint(496, 498)} {rng.randint(1000, 9999)}"])
    return c


def _paragraphs(rng: random.Random, c: _Cast, hobby: str, truth: set) -> list[str]:
    (f0, l0), (f1, l1), (f2, l2), (f3, l3), (f4, l4) = c.people
    t0, t1, t2 = c.towns
    truth.update({f0, l0, f1, l1, f2, l2, f3, l3, f4, l4, t0, t1, t2, c.school, c.trust, c.email, c.phone})
    rel = rng.sample(_RELATIONS, 4)
    ev = rng.sample(_EVENTS, 3)
    obj = rng.sample(_OBJECTS, 6)
    feel = rng.sample(_FEELINGS, 4)
    tm = rng.sample(_TIMES, 4)
    pool = [
        f"I have been head of {c.school} in {t0} for {rng.choice(['three', 'six', 'nine', 'eleven'])} years. "
        f"It is the kind of school where everybody knows whose coat is whose, and where the {obj[0]} is never quite finished.",
        f"The year it went wrong began with {ev[0]}. I remember standing in the corridor {tm[0]} feeling {feel[0]}, "
        f"rewriting the {obj[1]} for the third time because the deadline had moved again.",
        f"What got me through was {rel[0]}, {f1} {l1}. {f1} had seen it all before at a school in {t1}, "
        f"and quietly took the {obj[2]} off my desk without being asked.",
        f"When we joined {c.trust}, the CEO, Dr {l2}, came to see us {tm[1]} and actually listened. "
        f"I did not expect that, and I am still not sure the rest of the trust knows how rare it is.",
        f"Mrs {l3}, who has run our office for longer than I have been a head, noticed before anyone else. "
        f"She put a mug of tea on the {obj[3]} and said I looked {feel[1]}.",
        f"Then came {ev[1]}. For a fortnight I slept badly and snapped at my own children. "
        f"The {obj[4]} sat untouched and I told nobody how {feel[2]} I felt.",
        f"I started {hobby} again on Saturday mornings near {t2}. It is the only two hours of the week when nobody "
        f"can email me, and {hobby} does not care what our last inspection said.",
        f"{rel[1].capitalize()}, {f4} {l4}, was blunt with me: the {obj[5]} could wait, I could not. "
        f"I have written that on a sticky note above my desk.",
        f"Our cluster meets in {t1} once a half-term. {f1} usually brings cake, and {l4} usually brings the "
        f"hard questions about the budget that nobody else wants to ask.",
        f"By the time {ev[2]} arrived I had a plan, and people around me who knew about it. It still hurt, "
        f"but it did not flatten me the way the first one had.",
        f"If you are a head anywhere near {t0} and want to talk, email me at {c.email} or ring {c.phone}. "
        f"I mean it, and so does {f1}.",
    ]
    advice = rng.sample(_ADVICE, 4)
    lists = "\n".join(f"- {a}" for a in advice)
    pool.append(f"What I would say to anyone in the same place:\n\n{lists}")
    return pool


def _story(rng: random.Random, index: int, words: int) -> tuple[str, str, set]:
    c = _cast(rng)
    hobby = rng.choice(_HOBBIES)
    truth: set = set()
    paragraphs = _paragraphs(rng, c, hobby, truth)
    body_parts = paragraphs[:3]
    filler = paragraphs[3:]
    i = 0
    while sum(len(p.split()) for p in body_parts) < words - 12:
        if i < len(filler):
            body_parts.append(filler[i])
        else:
            # extra reflective paragraphs, varied by the story's own vocabulary
            obj = rng.choice(_OBJECTS)
            feel = rng.choice(_FEELINGS)
            tm = rng.choice(_TIMES)
            body_parts.append(
                f"Some weeks the {obj} felt heavier than the children did. {tm.capitalize()} I would catch myself "
                f"feeling {feel}, and then remember {hobby}, and {c.people[1][0]}, and that the job is not the whole of me.")
        i += 1
    first = c.people[0][0]
    body_parts.append(rng.choice([f"— {first}", f"{first} {c.people[0][1]}, Headteacher", f"*{first}*"]))
    body = "\n\n".join(body_parts) + "\n"
    title = rng.choice(["What {h} taught me about headship", "The year of the {o}", "Back from the edge in {t}",
                        "Notes from a {f} term", "Why I kept going at {s}"]).format(
        h=hobby, o=rng.choice(_OBJECTS), t=c.towns[0], f=rng.choice(_FEELINGS), s=c.school)
    year = 2021 + index % 4
    date = f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
    themes = sorted(rng.sample(THEMES, rng.randint(1, 3)))
    summary = f"A {rng.choice(_ROLES)} on {rng.choice(_EVENTS)}, {hobby}, and the people who helped."
    fm = "\n".join([
        "---",
        f"title: {_q(title)}",
        f"date: {date}",
        f"themes: [{', '.join(themes)}]",
        "consent: true",
        "status: published",
        f"role: {_q(rng.choice(_ROLES))}",
        f"summary: {_q(summary)}",
        # Generated at random, some stories combine details into a high re-identification risk;
        # the check still runs on each (its cost is part of every build measured), but a
        # benchmark must not stop on it.
        'risk_accepted: "generated benchmark story: no real school"',
        "---",
    ])
    slug = f"{date}-synthetic-{index:05d}"
    return slug, fm + "\n" + body, truth


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_stories(n: int, out_dir: Path, words: int = 800, seed: int = 0, with_truth: bool = False):
    """Write n synthetic story files into out_dir; return their paths (sorted by index).

    with_truth=True returns [(path, planted_surfaces)] instead, where planted_surfaces is the set
    of every invented name, surname, place, school, trust, email and phone planted in that story.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        slug, text, truth = _story(rng, i, words)
        path = out_dir / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        out.append((path, truth) if with_truth else path)
    return out


def planted_surfaces(n: int, words: int = 800, seed: int = 0) -> list[set[str]]:
    """The planted surfaces of the stories generate_stories(n, ..., words, seed) writes, without writing."""
    return [_story(random.Random(f"{seed}:{i}"), i, words)[2] for i in range(n)]
