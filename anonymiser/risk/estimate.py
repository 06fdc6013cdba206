"""From quasi-identifiers to an estimate of how many heads a story could describe.

The stages, each a named function: `date_events` (a date says when an event happened),
`narrowest_per_key` (two details about one thing count once), `population` (the schools of
the nation and phase the story names, from public counts), `shares` (what each other detail
leaves), `combine` (how much each narrows for an intruder with public records) and `band`.
Multiplying shares as if details were independent collapses to "about one head" too easily: a
detail no record holds (a health condition, an age) narrows far less than one a search finds,
and details about one school overlap. `combine` says so (quasi.yml `findability` and
`dependence`); the result is still an order of magnitude and a band, never a fact.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
import re
from math import prod

from .quasi import QuasiIdentifier, sentence_of
from .rules import QuasiRule, RiskData, number_value

#: How much a date narrows a yearly event: the share of a year it leaves.
DATE_WINDOW = {"day": 1 / 200, "month": 1 / 12, "term": 1 / 3, "year": 1.0}
PHASES_IN = {"infant": "primary", "junior": "primary", "middle": "primary", "all-through": "secondary",
             "sixth-form": "secondary", "sixth-form-college": "secondary", "grammar": "secondary"}


@dataclass(frozen=True)
class Factor:
    """One step of the estimate: the details it rests on, what they say and the share left."""

    details: tuple[QuasiIdentifier, ...]
    what: str
    share: float
    #: what the detail narrows by in the estimate (see `combine`): its share, or less for a
    #: detail no public record holds or one beside narrower ones
    counted: float | None = None
    private: bool = False


@dataclass
class Estimate:
    """How many heads match, the band, and the steps that got there (narrowest first)."""

    heads: float
    band: str
    base: str
    base_count: float
    factors: list[Factor] = field(default_factory=list)

    @property
    def combination(self) -> str:
        """The details that drive the estimate, most narrowing first ("secondary + catholic + ...")."""
        return " + ".join(f.what for f in self.factors) or "nothing that narrows it"


def date_events(found: list[tuple[QuasiIdentifier, QuasiRule]], texts: dict[str, str]) -> dict[int, QuasiIdentifier]:
    """For each event (by index in `found`), the most precise date in its sentence, if any."""
    out: dict[int, QuasiIdentifier] = {}
    order = ["day", "month", "term", "month-undated", "year"]
    for i, (qi, rule) in enumerate(found):
        if rule.per_year is None:
            continue
        lo, hi = sentence_of(texts[qi.field], qi.start)
        dates = [d for d, r in found if d.field == qi.field and r.precision and d.key == "date" and lo <= d.start < hi]
        if dates:
            out[i] = min(dates, key=lambda d: order.index(d.value))
    return out


def event_share(rule: QuasiRule, date: QuasiIdentifier | None, data: RiskData) -> float:
    """The share of heads an event leaves: its yearly rate over the window its date allows."""
    if date is None:
        years = data.undated_years
    elif date.value == "month-undated":
        years = data.undated_years / 12
    else:
        years = DATE_WINDOW[date.value]
    return min(1.0, rule.per_year * years)


def narrowest_per_key(factors: list[tuple[str, Factor]], families: dict | None = None) -> list[Factor]:
    """Of several factors with one key (or one family of keys), keep the narrowest.

    Two ways of saying "primary" count once; so do a small roll, mixed-age classes and a
    teaching head, which all say "a small school" (`families` maps a key to its family).
    """
    families = families or {}
    best: dict[str, Factor] = {}
    for key, f in factors:
        key = families.get(key, key)
        if key not in best or f.share < best[key].share:
            best[key] = f
    return sorted(best.values(), key=lambda f: f.share)


def population(found: list[tuple[QuasiIdentifier, QuasiRule]], data: RiskData) -> tuple[str, float, str | None, str | None]:
    """The schools the story could be in, from the nation and phase it names.

    Returns (description, count, nation, phase). A kind of school that
    only exists in one nation (Welsh-medium) names that nation.
    """
    nations = data.schools["nations"]
    kinds = data.schools["kinds"]
    nation = phase = None
    for _, rule in found:
        if rule.nation and nation is None:
            nation = rule.nation
        elif rule.kind and kinds.get(rule.kind, {}).get("implies") and nation is None:
            nation = kinds[rule.kind]["implies"]
        elif rule.region and nation is None:
            nation = "england"
    if nation is None:
        # a city names its nation only when nothing else does (Belfast: Northern Ireland)
        nation = next((city_of(qi, data)["nation"] for qi, _ in found if qi.key == "city"), None)
    chosen_nations = [nation] if nation else list(nations)
    phases_named = list(dict.fromkeys(rule.phase for _, rule in found if rule.phase))  # reading order
    if phases_named:
        # the most specific phase named: an infant school is a primary, but rarer
        phase = min(phases_named, key=lambda p: sum(_phase_count(nations[n], p) for n in chosen_nations))
    count = sum(_phase_count(nations[n], phase) for n in chosen_nations)
    where = nation.replace("-", " ").title() if nation else "the UK"
    what = f"{phase} schools" if phase else "schools"
    return f"{what} in {where}", float(count), nation, phase


def _phase_count(nation: dict, phase: str | None) -> float:
    if phase is None:
        return float(sum(nation["phases"].values()))
    if phase in nation["phases"]:
        return float(nation["phases"][phase])
    within = nation.get("within", {})
    if phase in within:
        return float(within[phase])
    # a nation that counts no such subset (Scotland has no infant schools as such): its parent
    # phase, so a story is never counted among no schools at all
    return float(nation["phases"].get(PHASES_IN.get(phase, ""), 0))


def kind_share(kind: str, phase: str | None, nation: str | None, data: RiskData) -> float:
    """The share of schools of this phase (and nation) that are of this kind."""
    spec = data.schools["kinds"][kind]
    if phase and phase in spec:
        return float(spec[phase])
    if spec.get("implies"):
        return float(spec["share"])
    if nation and nation in spec:
        return float(spec[nation])
    base_phase = PHASES_IN.get(phase or "", phase)
    if base_phase and base_phase in spec:
        return float(spec[base_phase])
    return float(spec["share"])


#: Words that make a number an approximation ("about 300", "ninety-odd", "over a thousand").
APPROXIMATE = re.compile(r"\b(?:about|around|roughly|nearly|almost|over|under|just|some|more than|fewer than|less than|"
                         r"odd|ish|or so|and a bit|getting on for|approaching|a few)\b|-ish|-odd", re.IGNORECASE)


def roll_share(text: str, phase: str | None, data: RiskData) -> float:
    """The share of a phase's schools whose roll fits the number in `text` (schools.yml `rolls`).

    The number fits any roll within a window either side of it (rolls change year to year and
    writers round): a tenth for an exact figure, a quarter for an approximate or round one. The
    share is the schools of the phase in that window, read from how rolls are spread.
    """
    n = number_value(text)
    if not n:
        return 1.0
    spec = data.schools["roll_window"]
    approximate = bool(APPROXIMATE.search(text)) or n % 50 == 0
    half = max(float(spec["min_pupils"]), n * float(spec["approximate" if approximate else "exact"]))
    lo, hi = n - half, n + half
    rolls = data.schools["rolls"]
    base = phase if phase in rolls else PHASES_IN.get(phase or "", phase)
    if base not in rolls:
        base = "primary" if n <= 700 else "secondary"
    share, floor = 0.0, 0.0
    for top, part in rolls[base]:
        overlap = max(0.0, min(hi, top) - max(lo, floor))
        share += part * overlap / (top - floor)
        floor = top
    # a roll above every band: the largest band's schools, thinly (a few very large schools)
    return min(1.0, max(share, 0.005))


def city_of(qi: QuasiIdentifier, data: RiskData) -> dict:
    """The nation and share of schools of the city a detail names (schools.yml `cities`)."""
    cities = data.schools["cities"]
    return cities.get(qi.text.strip().lower(), cities["default"])


def city_share(qi: QuasiIdentifier, nation: str | None, data: RiskData) -> float:
    """The share of the story's schools in the city it names: the city's share of its nation, or,
    for a city in another nation than the story's, the schools within reach of it."""
    city = city_of(qi, data)
    if nation and city["nation"] != nation:
        return float(data.schools["city_elsewhere_share"])
    return float(city["share"])


def shares(found: list[tuple[QuasiIdentifier, QuasiRule]], texts: dict[str, str], nation: str | None,
           phase: str | None, data: RiskData) -> list[tuple[str, Factor]]:
    """What each detail other than nation and phase leaves, keyed by what it narrows."""
    dated = date_events(found, texts)
    out: list[tuple[str, Factor]] = []
    for i, (qi, rule) in enumerate(found):
        if rule.nation or rule.phase or (rule.precision and qi.key == "date"):
            continue  # nation and phase are the population; a date counts with its event
        if rule.kind:
            share = kind_share(rule.kind, phase, nation, data)
            out.append((qi.key, Factor((qi,), rule.kind.replace("-", " "), share)))
        elif rule.region:
            share = float(data.schools["regions"][rule.region])
            out.append(("region", Factor((qi,), rule.region.replace("-", " "), share)))
        elif qi.key == "roll":
            out.append((qi.key, Factor((qi,), f"roll ({qi.text.strip().lower()})", roll_share(qi.text, phase, data))))
        elif qi.key == "city":
            out.append((qi.key, Factor((qi,), f"city ({qi.text.strip().lower()})", city_share(qi, nation, data))))
        elif qi.key == "county" and nation:
            # a county is a larger share of a smaller nation's schools (one of 11 areas in Northern Ireland)
            share = max(qi.score, float(data.schools["county_share"][nation]))
            out.append((qi.key, Factor((qi,), f"county ({qi.text.strip().lower()})", share)))
        elif rule.per_year is not None:
            date = dated.get(i)
            details = (qi, date) if date else (qi,)
            when = {"day": "on a given day", "month": "in a given month", "term": "in a given term",
                    "year": "in a given year", "month-undated": "in a given month"}.get(date.value if date else "", "")
            what = f"{qi.key} ({qi.text.strip().lower()}{', ' + when if when else ''})"
            out.append((qi.key, Factor(details, what, event_share(rule, date, data))))
        else:
            out.append((qi.key, Factor((qi,), f"{qi.key.replace('-', ' ')} ({qi.text.strip().lower()})", qi.score)))
    return out


def band(heads: float, data: RiskData) -> str:
    """high below `bands.high` heads, medium up to `bands.medium`, low above."""
    if heads < data.high_below:
        return "high"
    if heads <= data.medium_up_to:
        return "medium"
    return "low"


def combine(factors: list[Factor], data: RiskData) -> list[Factor]:
    """Each factor with what it narrows by for an intruder (`counted`), narrowest first.

    Public details (what a search of school records or the press finds) count in full, the
    narrowest `full_details` of them; each later one as share ** `later_weight`, since details
    about one school are not independent. Private details (no record holds them) count as
    share ** `private_exponent`, and all of them together never below `private_floor`.
    """
    public = sorted((f for f in factors if f.details[0].key not in data.private_keys), key=lambda f: f.share)
    private = sorted((f for f in factors if f.details[0].key in data.private_keys), key=lambda f: f.share)
    out = [replace(f, counted=f.share if i < data.full_details else f.share ** data.later_weight)
           for i, f in enumerate(public)]
    softened = [f.share ** data.private_exponent for f in private]
    together = prod(softened)
    # scale each private detail alike so that together they leave the floor, no less
    lift = (data.private_floor / together) ** (1 / len(softened)) if softened and together < data.private_floor else 1.0
    out += [replace(f, counted=min(1.0, s * lift), private=True) for f, s in zip(private, softened)]
    return sorted(out, key=lambda f: f.counted)


def estimate(found: list[tuple[QuasiIdentifier, QuasiRule]], texts: dict[str, str], data: RiskData) -> Estimate:
    """Combine a story's quasi-identifiers into an estimate of how many heads match."""
    where, count, nation, phase = population(found, data)
    factors = combine([f for f in narrowest_per_key(shares(found, texts, nation, phase, data), data.families)
                       if f.share < 1.0], data)
    heads = count * prod(f.counted for f in factors)
    # a rare phase (a middle school, a sixth-form college) is itself something to search for
    rare_phase = phase is not None and count <= data.findable_share * population(
        [pair for pair in found if pair[1].nation or not pair[1].phase], data)[1]
    if len(findable(factors, data)) + rare_phase < data.min_findable:
        # too few details an intruder could search for alone: a handful to check, not one head
        heads = max(heads, data.high_below)
    return Estimate(heads, band(heads, data), where, count, factors)


def findable(factors: list[Factor], data: RiskData) -> list[Factor]:
    """The details an intruder could search for on their own (quasi.yml `findable`): public, not
    ones that only corroborate a search (a roll, a distance), each leaving few schools."""
    return [f for f in factors if not f.private and f.details[0].key not in data.corroborating_keys
            and f.share <= data.findable_share]
