"""The quasi-identifier rules and the public school counts, read once from `data/risk/`.

Both are data: `quasi.yml` says what a detail looks like and how much it narrows, and
`schools.yml` holds the counts (with their sources) that turn phases and kinds of school into
shares. This module only reads and compiles them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "risk"

#: Shapes the patterns share, written once here rather than in every rule.
# longest first: "fourteen" must not match as "four"
NUMBER_WORDS = "|".join(sorted(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen".split(), key=len, reverse=True))
SHAPES = {
    # "a hundred and twenty", "forty-two": "and" only between number words
    "NUM": r"(?:\d[\d,]*|(?:" + NUMBER_WORDS + r")(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|"
           r"hundred|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)*)",
    "MONTH": r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?",
    "YEAR": r"(?:19[5-9]\d|20[0-4]\d)",
    # an adult's age: a head's age narrows; a child's ("aged 4") does not
    # a job, for a spouse's or partner's work ("my husband is a nurse", "my wife, who's a teacher")
    "JOB": r"(?:teacher|nurse|doctor|GP|farmer|vicar|priest|minister|rector|imam|rabbi|councillor|police officer|"
           r"policeman|policewoman|soldier|paramedic|firefighter|midwife|carer|builder|plumber|electrician|engineer|"
           r"solicitor|lawyer|accountant|lecturer|dentist|vet|journalist|publican|landlord|landlady|chef|shopkeeper|"
           r"fisherman|lorry driver|social worker|headteacher|head teacher|deputy head|governor|caretaker|"
           r"teaching assistant|SENCo|consultant|surgeon|pharmacist|civil servant|postman|postwoman|"
           r"shift worker|paramedic|prison officer)",
    "ADULT_AGE": r"(?:[2-7]\d|(?:twenty|thirty|forty|fifty|sixty|seventy)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)",
}

#: A number in digits or words, compiled once (the rewrites use it too).
NUM_RE = re.compile(SHAPES["NUM"], re.IGNORECASE)
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}


def number_matches(text: str) -> list[re.Match]:
    """The numbers in `text`, digits or whole words: "six" in "sixth" or "someone" is no number."""
    out = []
    for m in NUM_RE.finditer(text):
        if m.group(0)[0].isalpha() and ((m.start() > 0 and text[m.start() - 1].isalpha()) or
                                        (m.end() < len(text) and text[m.end()].isalpha())):
            continue
        out.append(m)
    return out


def number_value(text: str, last: bool = False) -> int | None:
    """The first (or `last`) number in `text`, in digits or words ("112", "eight", "forty-two", "a hundred")."""
    found = number_matches(text)
    if not found:
        return None
    m = found[-1] if last else found[0]
    token = m.group(0).lower().replace(",", "")
    if token.isdigit():
        return int(token)
    total = 0
    for word in re.split(r"[- ]+", token):
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
        elif word in ("dozen",):
            total = max(total, 1) * 12
    return total or None



TYPES = ("ROLE", "PHASE", "SCHOOL_TYPE", "SIZE", "GEOGRAPHY", "DATE", "EVENT", "FAMILY_HEALTH")


@dataclass(frozen=True)
class QuasiRule:
    """One kind of detail: its type, what it narrows (`key`), its pattern and its weight."""

    type: str
    key: str
    pattern: re.Pattern
    factor: float | None = None
    phase: str | None = None
    kind: str | None = None
    nation: str | None = None
    region: str | None = None
    per_year: float | None = None
    precision: str | None = None
    rewrite: str | None = None
    round_factor: float | None = None
    source: str = ""

    @property
    def value(self) -> str:
        """What the detail says, for the editor and the combination line ("primary", "catholic")."""
        return self.phase or self.kind or self.nation or self.region or self.precision or self.key


def compile_pattern(text: str, case: bool) -> re.Pattern:
    """A rule's pattern with {NUM}, {MONTH} and {YEAR} filled in."""
    for name, shape in SHAPES.items():
        text = text.replace("{" + name + "}", shape)
    return re.compile(text, 0 if case else re.IGNORECASE)


@dataclass(frozen=True)
class RiskData:
    """The compiled rules, the counts and the band thresholds."""

    rules: tuple[QuasiRule, ...]
    schools: dict
    high_below: float
    medium_up_to: float
    undated_years: float
    #: key -> family: details of one family describe one thing (a small school has a small roll,
    #: few classes and a teaching head), so only the narrowest of a family counts.
    families: dict


@lru_cache(maxsize=1)
def risk_data() -> RiskData:
    """Read and compile `quasi.yml` and `schools.yml` (once per process)."""
    spec = yaml.safe_load((DATA / "quasi.yml").read_text(encoding="utf-8"))
    schools = yaml.safe_load((DATA / "schools.yml").read_text(encoding="utf-8"))
    rules = []
    for i, raw in enumerate(spec["rules"]):
        if raw["type"] not in TYPES:
            raise ValueError(f"quasi.yml rule {i}: unknown type {raw['type']!r}")
        fields = {k: raw.get(k) for k in ("factor", "phase", "kind", "nation", "region", "per_year", "precision", "rewrite",
                                          "round_factor")}
        rules.append(QuasiRule(raw["type"], raw["key"], compile_pattern(raw["pattern"], bool(raw.get("case"))),
                               source=f"quasi.yml:{i + 1}", **fields))
    bands = spec["bands"]
    families = {key: family for family, keys in spec["families"].items() for key in keys}
    return RiskData(tuple(rules), schools, float(bands["high"]), float(bands["medium"]), float(spec["undated_years"]),
                    families)
