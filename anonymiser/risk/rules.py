"""The quasi-identifier rules and the public school counts, read once from `data/risk/`.

Both are data: `quasi.yml` says what a detail looks like and how much it narrows, and
`schools.yml` holds the counts (with their sources) that turn phases and kinds of school into
shares. This module only reads and compiles them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..text import by_first_letter

DATA = Path(__file__).resolve().parent.parent / "data" / "risk"

#: Shapes the patterns share, written once here rather than in every rule.
# longest first: "fourteen" must not match as "four"
NUMBER_WORDS = "|".join(sorted(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen".split(), key=len, reverse=True))


#: The number words that may follow another ("forty-two", "a hundred and twenty").
LATER_NUMBER_WORDS = ("one two three four five six seven eight nine hundred ten twenty thirty forty fifty sixty "
                      "seventy eighty ninety").split()
SHAPES = {
    # "a hundred and twenty", "forty-two": "and" only between number words
    # the lookahead says nothing the alternatives do not (each starts with one of these characters):
    # it lets the engine pass over most positions with one test instead of trying every word
    "NUM": r"(?=[\d" + "".join(sorted({w[0] for w in NUMBER_WORDS.split("|")})) + r"])(?:\d[\d,]*|(?:"
           + by_first_letter(NUMBER_WORDS.split("|")) + r")(?:[- ](?:and[- ])?(?:" + by_first_letter(LATER_NUMBER_WORDS)
           + r")\b)*)",
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
    #: Words every match contains (see `required_words`): a text holding none of one group
    #: cannot match, so the pattern is not run over it. Derived from `pattern`, never written.
    required: tuple[tuple[str, ...], ...] = field(default=(), compare=False)
    #: True if no match, and nothing the pattern looks at around one, can hold a line break
    #: (`stays_on_one_line`): such a rule is run only on the lines holding its words.
    one_line: bool = field(default=False, compare=False)
    #: Characters no match holds and no part of the pattern can read (`separators_of`): the rule is
    #: run only on the stretches between them that hold its words ("\n" among them: `one_line`).
    separators: str = field(default="", compare=False)

    def may_match(self, folded: str) -> bool:
        """False only if the pattern cannot match the text whose `fold_case` is `folded`."""
        return all(any(word in folded for word in group) for group in self.required)

    @property
    def value(self) -> str:
        """What the detail says, for the editor and the combination line ("primary", "catholic")."""
        return self.phase or self.kind or self.nation or self.region or self.precision or self.key


#: Characters outside ASCII that a case-insensitive pattern matches to an ASCII letter (Turkish
#: dotted and dotless i, the long s, the Kelvin sign): folded to that letter before `lower()`,
#: which would leave the dotless i and long s alone and turn the dotted I into two characters.
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold_case(text: str) -> str:
    """`text` as `may_match` reads it: every character a case-insensitive pattern matches to an
    ASCII letter written as that lowercase letter (the length may change; only words are sought)."""
    return text.translate(_TO_ASCII).lower()


def _required_in(items) -> list[frozenset[str]]:
    """Groups of lowercase ASCII strings such that a match of the parsed sequence `items` holds at
    least one string of every group. Fewer groups (none at worst) is always safe: a group is
    added only where the regex syntax proves it."""
    from re import _constants as c  # the parser's node types: read-only use of a stable module

    groups: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            groups.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is c.LITERAL and av < 128:
            run.append(chr(av).lower())  # case is folded on both sides: a superset, still necessary
            continue
        flush()
        inner = None
        if op is c.SUBPATTERN:
            inner = _required_in(av[-1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            inner = _required_in(av[2])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            inner = _required_in(av)
        elif op is c.BRANCH:
            # one of the branches matched: the union of each branch's most selective group
            choices = [_most_selective(_required_in(branch)) for branch in av[1]]
            if all(choices):
                inner = [frozenset().union(*choices)]
        groups.extend(inner or ())
    flush()
    return groups


def _most_selective(groups: list[frozenset[str]]) -> frozenset[str] | None:
    """The group whose shortest string is longest (fewest strings on a tie); None if there is none."""
    if not groups:
        return None
    return max(groups, key=lambda g: (min(map(len, g)), -len(g)))


def required_words(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """Groups of lowercase strings, every match of `pattern` holding one string of each group
    (as `fold_case` writes it): a text without them need not be searched. Empty when nothing is
    known (the pattern is then always run)."""
    try:
        from re import _parser

        groups = _required_in(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a Python whose regex parser differs: no shortcut, same results
        return ()
    # an empty string is in every text: such a group says nothing
    return tuple(tuple(sorted(g)) for g in dict.fromkeys(groups) if "" not in g)


#: Categories (\\d, \\w, \\S and their Unicode forms) that never match a line break.
_NO_NEWLINE_CATEGORIES = {"CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE", "CATEGORY_NOT_LINEBREAK",
                          "CATEGORY_UNI_DIGIT", "CATEGORY_UNI_WORD", "CATEGORY_UNI_NOT_SPACE",
                          "CATEGORY_UNI_NOT_LINEBREAK"}


def _may_touch_newline(items) -> bool:
    """True unless no element of the parsed sequence (lookarounds included) can match "\\n" and
    its only anchors are word boundaries. Unknown syntax counts as True (always safe)."""
    from re import _constants as c

    newline = ord("\n")
    for op, av in items:
        if op is c.LITERAL:
            if av == newline:
                return True
        elif op is c.IN:
            negate, hit = False, False
            for kind, value in av:
                if kind is c.NEGATE:
                    negate = True
                elif kind is c.LITERAL:
                    hit |= value == newline
                elif kind is c.RANGE:
                    hit |= value[0] <= newline <= value[1]
                elif kind is c.CATEGORY and str(value) in _NO_NEWLINE_CATEGORIES:
                    pass
                else:
                    return True
            if hit != negate:
                return True
        elif op is c.AT:
            if str(av) not in ("AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY"):
                return True
        elif op is c.SUBPATTERN:
            if _may_touch_newline(av[-1]):
                return True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            if _may_touch_newline(av[2]):
                return True
        elif op is c.BRANCH:
            if any(_may_touch_newline(branch) for branch in av[1]):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _may_touch_newline(av[1]):
                return True
        else:  # ANY, NOT_LITERAL, group references, anything else: may match a line break
            return True
    return False


def stays_on_one_line(pattern: re.Pattern) -> bool:
    """True if every match of `pattern` lies inside one line and is found the same when the
    pattern is run on that line alone (`finditer(text, start, end)`): nothing in the pattern,
    its lookarounds included, can match a line break, it has no anchor but word boundaries (a
    line's end and the text's end read alike to those), and it cannot match the empty string."""
    try:
        from re import _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        return parsed.getwidth()[0] > 0 and not _may_touch_newline(parsed)
    except Exception:  # a Python whose regex parser differs: the whole text is searched
        return False


#: Characters that may split a text into stretches a rule is run on one by one: the line break and
#: the punctuation that ends a sentence or a clause. None is a word character, so a word boundary
#: reads one of them as it reads the end of a text.
SEPARATOR_CANDIDATES = "\n.!?;:"
#: What each character category of the parser matches (a `str` pattern's Unicode categories).
_CATEGORY_PATTERNS = {f"CATEGORY_{uni}{name}": re.compile(rx) for uni in ("", "UNI_") for name, rx in (
    ("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"), ("SPACE", r"\s"), ("NOT_SPACE", r"\S"), ("WORD", r"\w"),
    ("NOT_WORD", r"\W"), ("LINEBREAK", "\n"), ("NOT_LINEBREAK", "[^\n]"))}
_BOUNDARIES = ("AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY")


def _touched(items, chars: str) -> set[str]:
    """The characters of `chars` that some element of the parsed sequence `items`, lookarounds
    included, may match; all of them if it has an anchor other than a word boundary or syntax not
    known here (always safe). Case does not matter: none of the candidates has a case."""
    from re import _constants as c

    everything = set(chars)
    touched: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            touched |= {ch for ch in chars if ord(ch) == av}
        elif op is c.NOT_LITERAL:  # "[^.]"
            touched |= {ch for ch in chars if ord(ch) != av}
        elif op is c.IN:
            negate, hits = False, set()
            for kind, value in av:
                if kind is c.NEGATE:
                    negate = True
                elif kind is c.LITERAL:
                    hits |= {ch for ch in chars if ord(ch) == value}
                elif kind is c.RANGE:
                    hits |= {ch for ch in chars if value[0] <= ord(ch) <= value[1]}
                elif kind is c.CATEGORY and str(value) in _CATEGORY_PATTERNS:
                    hits |= {ch for ch in chars if _CATEGORY_PATTERNS[str(value)].match(ch)}
                else:
                    return everything
            touched |= (everything - hits) if negate else hits
        elif op is c.AT:
            if str(av) not in _BOUNDARIES:
                return everything
        elif op is c.SUBPATTERN:
            touched |= _touched(av[-1], chars)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            touched |= _touched(av[2], chars)
        elif op is c.BRANCH:
            for branch in av[1]:
                touched |= _touched(branch, chars)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            touched |= _touched(av[1], chars)
        else:  # ANY, group references, anything else: may match any of them
            return everything
    return touched


def separators_of(pattern: re.Pattern) -> str:
    """The characters of SEPARATOR_CANDIDATES that split a text for `pattern`: no match holds one,
    and every match is found the same when the pattern is run on the stretch between two of them
    alone (`finditer(text, start, end)`): nothing in the pattern, its lookarounds included, can
    match one, its only anchors are word boundaries (a stretch's end and the text's end read
    alike to those, as none of the characters is a word character), and it cannot match the
    empty string. Empty when nothing is known (the whole text is then searched)."""
    try:
        from re import _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        if parsed.getwidth()[0] == 0:
            return ""
        touched = _touched(parsed, SEPARATOR_CANDIDATES)
    except Exception:  # a Python whose regex parser differs: the whole text is searched
        return ""
    return "".join(ch for ch in SEPARATOR_CANDIDATES if ch not in touched)


def _first_characters(items) -> tuple[list[str], bool] | None:
    """The character-set items (as regex source) one of which every match of the parsed sequence
    `items` starts with, and whether the sequence can match the empty string; None when that is
    not known (a wildcard, a negated or broad class, a change of flags)."""
    from re import _constants as c

    pieces: list[str] = []
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the first character is the next element's
        if op is c.LITERAL:
            return pieces + [re.escape(chr(av))], False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    pieces.append(re.escape(chr(value)))
                elif kind is c.RANGE:
                    pieces.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
                elif kind is c.CATEGORY and str(value) in ("CATEGORY_DIGIT", "CATEGORY_UNI_DIGIT"):
                    pieces.append(r"\d")
                else:
                    return None
            return pieces, False
        if op is c.SUBPATTERN:
            if av[1] or av[2]:
                return None  # inline flags: the set would be read with other flags
            inner = _first_characters(av[-1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            inner = _first_characters(av[2])
            if inner is not None and av[0] == 0:
                inner = inner[0], True
        elif op is c.BRANCH:
            inner = ([], False)
            for branch in av[1]:
                first = _first_characters(branch)
                if first is None:
                    return None
                inner = inner[0] + first[0], inner[1] or first[1]
        else:
            return None
        if inner is None:
            return None
        pieces += inner[0]
        if not inner[1]:
            return pieces, False
    return pieces, True


def with_first_character_test(pattern: re.Pattern) -> re.Pattern:
    """`pattern` with a lookahead for the characters its matches start with, when they are known
    and few: the same matches, but the engine passes over most positions with one test where it
    would try each alternative (a case-insensitive pattern gets no such shortcut from `re`)."""
    try:
        from re import _parser

        first = _first_characters(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a Python whose regex parser differs: the pattern as written
        return pattern
    if first is None or first[1] or not first[0] or len(first[0]) > 40:
        return pattern
    return re.compile("(?=[" + "".join(dict.fromkeys(first[0])) + "])(?:" + pattern.pattern + ")", pattern.flags)


def compile_pattern(text: str, case: bool) -> re.Pattern:
    """A rule's pattern with {NUM}, {MONTH} and {YEAR} filled in (and its first characters tested
    first, see `with_first_character_test`)."""
    for name, shape in SHAPES.items():
        text = text.replace("{" + name + "}", shape)
    return with_first_character_test(re.compile(text, 0 if case else re.IGNORECASE))


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
    #: keys of details no public record holds (see quasi.yml `findability`), and how they count
    private_keys: frozenset = frozenset()
    private_exponent: float = 1.0
    private_floor: float = 0.0
    #: how many of the narrowest public details count in full, and the power each later one gets
    full_details: int = 1000
    later_weight: float = 1.0
    #: a story is high risk only with `min_findable` public details, each leaving at most
    #: `findable_share`, whose key is not one that only corroborates (quasi.yml `findable`)
    findable_share: float = 1.0
    min_findable: int = 0
    corroborating_keys: frozenset = frozenset()


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
        pattern = compile_pattern(raw["pattern"], bool(raw.get("case")))
        rules.append(QuasiRule(raw["type"], raw["key"], pattern, source=f"quasi.yml:{i + 1}",
                               required=required_words(pattern), one_line=stays_on_one_line(pattern),
                               separators=separators_of(pattern), **fields))
    bands = spec["bands"]
    families = {key: family for family, keys in spec["families"].items() for key in keys}
    findable, dependence, alone = spec["findability"], spec["dependence"], spec["findable"]
    return RiskData(tuple(rules), schools, float(bands["high"]), float(bands["medium"]), float(spec["undated_years"]),
                    families, frozenset(findable["private"]), float(findable["private_exponent"]),
                    float(findable["private_floor"]), int(dependence["full"]), float(dependence["later_weight"]),
                    float(alone["share"]), int(alone["min"]), frozenset(alone["corroborating"]))
