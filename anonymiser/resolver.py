"""The one resolver: keep-list filtering, merging of overlapping findings, and propagation.

Propagation: once "Bronwen Harries" is found, every other "Bronwen", "Harries",
"Ms Harries", "Bronwen's" in the same text is found too (as is an
institution's short name, "Elton Vale" for "Elton Vale Primary").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .detectors.base import Context
from .surfaces import MODAL_NAMES, institution_acronyms, institution_stem
from .lexicon import is_function_word, strip_possessive
from .ordinary import ACRONYMS, CALENDAR_WORDS, HONORIFICS, LANGUAGE_PREDECESSORS, read_word_file, SEQUENCE_WORDS, country_spans, is_school_period, names_no_one, never_a_name, ordinary_use, subject_or_owner_at
from .text import WORD_RE, is_all_caps
from .registry import is_strong
from .types import Finding

def _inside(spans, s, e) -> bool:
    return any(a <= s and e <= b for a, b in spans)


class _SpanIndex:
    """Spans, for asking many times whether (s, e) lies inside one of them (`_inside`), by binary
    search: sorted by start, each with the furthest end of it and the spans before it."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def holds(self, s: int, e: int) -> bool:
        """True if some span (a, b) has a <= s and e <= b."""
        k = bisect_right(self.starts, s) - 1
        return k >= 0 and self.reach[k] >= e


def _overlaps(spans, s, e) -> bool:
    return any(s < b and a < e for a, b in spans)


def _strong(f: Finding) -> bool:
    return is_strong(f.source)


def merge(findings: list[Finding], label_priority) -> list[Finding]:
    """Union overlapping findings; the label comes from the longest, then highest-scoring, then
    highest-priority finding of the cluster."""
    prio = {lab: i for i, lab in enumerate(label_priority)}
    out: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1

    def flush():
        if not cluster:
            return
        s = min(f.start for f in cluster)
        e = max(f.end for f in cluster)
        best = max(cluster, key=lambda f: (f.end - f.start, f.score, -prio.get(f.label, 9), f.source))
        text = best.text if (best.start, best.end) == (s, e) else None
        out.append(Finding(s, e, best.label, text if text is not None else "", best.source, max(f.score for f in cluster)))

    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if cluster and f.start < cluster_end:
            cluster.append(f)
            cluster_end = max(cluster_end, f.end)
        else:
            flush()
            cluster = [f]
            cluster_end = f.end
    flush()
    return out


def _with_text(findings, text) -> list[Finding]:
    return [f if f.text == text[f.start:f.end] else Finding(f.start, f.end, f.label, text[f.start:f.end], f.source, f.score)
            for f in findings]


def name_variants(surface: str, lex) -> set[str]:
    """Surfaces that refer to the same person: the full name and each distinctive word of it."""
    out = {surface}
    words = [strip_possessive(w) for w in WORD_RE.findall(surface)]
    if len(words) > 1 and words[-1][:1].isupper() and not words[-1].endswith("s"):
        out.add(words[-1] + "s")  # "Kerry Preston" -> "the Prestons", her family
    initials = re.match(r"(?:[A-Z]\.\s?){2,3}", surface)
    if initials and initials.end() < len(surface):
        out.add(initials.group(0).strip())  # "R.J. Hughes" -> later "R.J."
    if len(words) > 1:
        for w in words:
            if len(w) < 2 or (is_function_word(w) and w.lower() not in MODAL_NAMES) or w in lex.titles:
                continue
            if w.lower() in lex.relation_words and not lex.is_given_name(w):
                continue  # "Grace Head": "the Head" is her role elsewhere
            if lex.is_keep_word(w) and not lex.is_given_name(w) and not w[:1].isupper():
                continue
            # a generic word that is this person's surname ("Bill Winter") still names them
            # capitalised; its ordinary uses ("in winter") are left by the propagation rule
            out.add(w)
    # a name found in capitals (a script's cue, a headline, a judgment's parties) is written
    # in ordinary case elsewhere ("MAY OSBORNE", then "and May."); initials ("AK") stay as they are
    out.update(v.title() for v in list(out) if v.isupper() and len(v) > 2 and v.replace(" ", "").replace("-", "").replace("'", "").isalpha())
    return out


def variants_of(f: Finding, lex, lowercase: bool = False) -> set[str]:
    """All surfaces to propagate from one finding (lowercase: the text is written without capitals)."""
    surface = strip_possessive(f.text.strip())
    if f.label == "NAME":
        return name_variants(surface, lex)
    out = {surface}
    if f.label == "INSTITUTION":
        stem = institution_stem(surface, lex.institution_suffixes)
        if stem and not all(lex.is_keep_word(w) or is_function_word(w) for w in stem.split()):
            out.add(stem)
        if stem and lowercase:
            # "caversfield" of "caversfield road primary": a word no dictionary knows names it alone
            # (with capitals the proper-noun detector finds such a word, with the right label)
            out.update(w for w in (strip_possessive(x) for x in WORD_RE.findall(stem)) if len(w) > 3
                       and lex.is_ordinary(w, strict=False) is False and not lex.is_given_name(w)
                       and not lex.is_keep_word(w))
        # "the Kernow Estuary Learning Trust, which everyone calls KELT"
        out.update(a for a in institution_acronyms(surface, lex.institution_suffixes) if not lex.is_keep_word(a))
    return out


#: What may not touch a mention (`_variant_regex`'s look-behind and look-ahead).
_BLOCKS_BEFORE = re.compile(r"[\w@\-]")
_BLOCKS_AFTER = re.compile(r"[\w@]|-\w")
_SPACES = re.compile(r"\s+")


def _words_end(words: list[str], text: str, pos: int) -> int | None:
    """Where `words`, separated by any whitespace, end if they stand in text at pos; else None."""
    for k, word in enumerate(words):
        if k:
            gap = _SPACES.match(text, pos)
            if gap is None:
                return None
            pos = gap.end()
        if not text.startswith(word, pos):
            return None
        pos += len(word)
    return pos


def variant_spans(variant: str, text: str) -> list[tuple[int, int]]:
    """Spans of a variant's mentions in text: exactly what `_variant_regex(variant).finditer(text)`
    finds, without compiling a pattern per variant for one text. A variant with capitals is
    matched as written or in capitals, literally, so candidates are where its first word stands
    (str.find); a lower-case variant matches in any case and is left to the pattern."""
    if not any(c.isupper() for c in variant):
        return [m.span() for m in _variant_regex(variant).finditer(text)]
    as_written = variant.split()
    forms = [as_written]
    capitals = [w.upper() for w in as_written]
    if capitals != as_written:
        forms.append(capitals)
    candidates = set()
    for first in {form[0] for form in forms}:
        at = text.find(first)
        while at >= 0:
            candidates.add(at)
            at = text.find(first, at + 1)
    spans: list[tuple[int, int]] = []
    taken_to = 0
    for start in sorted(candidates):
        if start < taken_to or (start and _BLOCKS_BEFORE.match(text, start - 1)):
            continue
        for form in forms:  # as the pattern's alternation: as written first, then in capitals
            end = _words_end(form, text, start)
            if end is not None and not _BLOCKS_AFTER.match(text, end):
                spans.append((start, end))
                taken_to = end
                break
    return spans


@lru_cache(maxsize=4096)
def _variant_regex(variant: str) -> re.Pattern:
    """The pattern of one many-word variant's mentions (kept: the check pass and every batch look
    for the same variants again, and compiling is most of the cost)."""
    words = variant.split()
    src = r"\s+".join(re.escape(w) for w in words)
    if any(c.isupper() for c in variant):
        upper = r"\s+".join(re.escape(w.upper()) for w in words)
        src = f"(?:{src}|{upper})"
        return re.compile(r"(?<![\w@\-])" + src + r"(?![\w@]|-\w)")
    return re.compile(r"(?<![\w@\-])" + src + r"(?![\w@]|-\w)", re.I)


def propagate(ctx: Context, findings: list[Finding], blocked: list[tuple[int, int]],
              keep_spans: list[tuple[int, int]] = ()) -> list[Finding]:
    """Find every other occurrence of each finding's variants in the same text."""
    text = ctx.text
    lex = ctx.lexicon
    index_by_start = ctx.token_index_at()
    sources: dict[str, Finding] = {}
    found_inside_a_sentence: set[str] = set()
    for f in findings:
        if f.label == "CONTACT" and f.source.startswith("contact") and f.source != "contact:user":
            continue  # contacts are matched by pattern everywhere already (a forum user's name
            # written without its "u/" is not: "as ruthbellingham said")
        for v in variants_of(f, lex, ctx.lowercase):
            stand_in = f.source == "called" and len(v) == 1 and v.isupper() and v not in "AI"
            if (len(v) < 2 and not stand_in) or not any(c.isalpha() for c in v):
                continue  # (a writer's stand-in initial, "who I will call K.", is that person everywhere)
            prev = sources.get(v)
            if prev is None or (f.end - f.start, f.score) > (prev.end - prev.start, prev.score):
                sources[v] = f
            if "initial" not in f.source:
                found_inside_a_sentence.add(v)
    out = []
    # one-word variants: a single pass over the tokens
    exact, upper, lower, place_lower = {}, {}, {}, {}
    for v, origin in sources.items():
        if " " in v or not WORD_RE.fullmatch(v):
            continue
        if any(c.isupper() for c in v):
            exact[v] = origin
            upper.setdefault(v.upper(), origin)
            if ctx.lowercase:
                lower.setdefault(v.lower(), origin)  # "Sandy Long" in a coda, "sandy" in the diary
            elif origin.label in ("PLACE", "NAME") and ctx.lowercase_lines:
                place_lower.setdefault(v.lower(), origin)
        else:
            lower[v.lower()] = origin
    # what a token's text matches depends on its text alone: worked out once per distinct word
    matched: dict[str, tuple] = {}
    for k, tok in enumerate(ctx.tokens):
        match = matched.get(tok.text)
        if match is None:
            w = strip_possessive(tok.text)
            v = w if w in exact else None
            origin = exact.get(w) or upper.get(w)
            if origin is None:
                origin = lower.get(w.lower()) or place_lower.get(w.lower())  # (a place's slot: checked per token, below)
                v = w.lower() if origin is not None else None
            elif v is None:
                v = w
            match = matched[tok.text] = (w, v, origin)
        w, v, origin = match
        if origin is None:
            continue
        s, e = tok.start, tok.start + len(w)
        if _overlaps(blocked, s, e):
            continue
        by_slot = v in place_lower and v not in lower and v not in exact
        if by_slot and not in_a_place_slot(ctx, k):
            continue
        if not _propagation_allowed(ctx, v, k, "PLACE" if by_slot else origin.label):
            continue
        if not _strong(origin) and _inside(keep_spans, s, e) and not given_name_of_a_full_name(v, origin, lex):
            continue
        out.append(Finding(s, e, origin.label, text[s:e], "propagation", _prop_score(origin)))
    for v in sorted(sources, key=lambda x: (-len(x), x)):
        if " " not in v and WORD_RE.fullmatch(v):
            continue
        origin = sources[v]
        for s, e in variant_spans(v, text):
            if _overlaps(blocked, s, e):
                continue
            if not _propagation_allowed(ctx, v, index_by_start.get(s), origin.label):
                continue
            if not _strong(origin) and _inside(keep_spans, s, e):
                continue  # generic vocabulary unless strong context showed it is a name here
            out.append(Finding(s, e, origin.label, text[s:e], "propagation", _prop_score(origin)))
    named = {v: f for v, f in exact.items() if f.label == "NAME"}
    unknown = {v.lower() for v, f in named.items()
               if v in found_inside_a_sentence and lower_case_mention_is_the_name(v, f, ctx.lexicon)}
    if named and (unknown or ctx.lowercase or ctx.lowercase_lines):
        out += lower_case_calls(ctx, named, unknown, blocked)
    return out


#: Words after which, in lower-case writing, a name is called: "oh beth.", "sorry graham,".
CALLING_WORDS = frozenset("oh sorry thanks thank ta cheers please hi hey morning night love bye also".split())
#: Verbs after a lower-case word that make it a person ("dani said", "kemi rang").
PERSON_VERBS_AFTER = frozenset("said says rang texted messaged phoned emailed asked told replied laughed knew thinks".split())


def lower_case_calls(ctx: Context, named: dict[str, Finding], unknown: set[str], blocked) -> list[Finding]:
    """A found name written in lower case where a name is called, owns something or speaks: "also
    gemma, thanks", "dani's list", "oh beth.", "sorry graham, wrong window". A name no dictionary
    knows (`unknown`, lower-cased) is that person in any line; one that is also a word ("graham",
    "beth"), or the short form of a found given name ("beth" of "Bethany", "kev" of "Kevin"), only
    in lower-case writing. Elsewhere the word keeps its sense ("the word shapla means water lily",
    "there's amal in that")."""
    toks, lex, text = ctx.tokens, ctx.lexicon, ctx.text
    names = {v.lower(): f for v, f in named.items() if len(v) > 2 and v[:1].isupper() and not v.isupper()}
    out = []
    for k, t in enumerate(toks):
        w = strip_possessive(t.text)
        if not w.islower() or len(w) < 3:
            continue
        writing_in_lower_case = ctx.lowercase or ctx.in_lowercase_line(t.start)
        if not writing_in_lower_case and w not in unknown:
            continue
        after = text[t.end:t.end + 1]
        nxt = toks[k + 1].text.lower() if k + 1 < len(toks) and text[t.end:toks[k + 1].start] == " " else ""
        called = k > 0 and toks[k - 1].text.lower() in CALLING_WORDS and after in (",", ".", "!", "?", "")
        if not (w != t.text or called or nxt in PERSON_VERBS_AFTER):
            continue
        origin = names.get(w)
        if origin is None and writing_in_lower_case and lex.is_given_name(w):
            # a short form: the opening letters of a found given name ("beth" of "bethany")
            origin = next((f for v, f in names.items() if v.startswith(w) and len(v) > len(w)), None)
        if origin is None or _overlaps(blocked, t.start, t.start + len(w)):
            continue
        out.append(Finding(t.start, t.start + len(w), "NAME", w, "propagation", _prop_score(origin)))
    return out


def lower_case_mention_is_the_name(variant: str, origin: Finding, lex) -> bool:
    """True if a found name's lower-case form is that person in any line, where a name stands
    ("We met Dani", then "dani's list"): a name, written so in a finding, that no dictionary knows
    as a word. (The caller asks only of a name found inside a sentence somewhere.)"""
    return origin.label == "NAME" and len(variant) > 2 and variant in origin.text \
        and variant[:1].isupper() and not variant.isupper() and lex.is_ordinary(variant, strict=False) is False \
        and not is_function_word(variant)


def in_a_place_slot(ctx: Context, k: int) -> bool:
    """True if token k, written in lower case inside a line of lower-case writing, stands where a
    place does: after a place's preposition or before a school's word ("new head at beer school",
    of a village found as "Beer" elsewhere in the story)."""
    toks, lex = ctx.tokens, ctx.lexicon
    if not ctx.in_lowercase_line(toks[k].start):
        return False
    before = toks[k - 1].text.lower() if k else ""
    after = toks[k + 1].text.lower() if k + 1 < len(toks) else ""
    return before in lex.place_prepositions or after in lex.lowercase_institution_suffixes


def given_name_of_a_full_name(variant: str, origin: Finding, lex) -> bool:
    """True for the given name of a found full name, when it is also a month or a season ("May"
    of "MAY OSBORNE", "June" of "June Adeyemi", "Summer" of "Summer Hallam"): the story has shown
    it names that person, so where it stands as a name (the shared ordinary-use rule has already
    left the month in "in May" or "14 May") it goes, though the word alone is generic
    vocabulary. Any other word of a name stays generic ("District" of "Brackenmoor District" in
    "District Secretary"), and an acronym goes only from a name found in capitals."""
    words = origin.text.split()
    return origin.label == "NAME" and 1 < len(words) <= 3 and variant[:1].isupper() \
        and (not variant.isupper() or origin.text.isupper()) and variant.casefold() == words[0].casefold() \
        and (lex.is_given_name(variant) or variant.casefold() in CALENDAR_WORDS)


def _prop_score(origin: Finding) -> float:
    # a repeated mention keeps the label of the mention it repeats, over weaker guesses
    return round(max(0.6, origin.score - 0.05), 4)


def _propagation_allowed(ctx, v, tok_index, label: str = "NAME") -> bool:
    """May this occurrence of an already-found surface be left in place?

    Only an ordinary English word where it reads as that word, by the one rule the build's leak
    gate applies too (`ordinary.ordinary_use`): the modal opening a question ("Will I cope?"),
    a lower-case verb or noun ("before dawn", "to sue me"), a month beside a date, a grade after
    "rated". Any other occurrence of a removed surface is removed (a name that is not an
    ordinary word is removed everywhere, in any case).
    """
    if " " in v or tok_index is None:
        return True
    if ctx.lexicon.is_ordinary(v) is False:
        return True
    toks = ctx.tokens
    words = ctx.token_words
    if tok_index + 1 < len(toks) and toks[tok_index + 1].line_start:
        words = words[:tok_index + 1]  # a script's cue "MAY", then "We have ...": no question across lines
    return not ordinary_use(words, tok_index, toks[tok_index].sentence_start, label)


# Lower-case particles inside a person's name: "Gethin ap Dafydd", "Ludo van der Berg", "Aisha bint Khalid".
NAME_PARTICLES = re.compile(r"[ \t]+(?:(?:ap|ab|de|dela|delos|della|dei|degli|van|von|der|den|ter|ten|zu|du|le|la|da|di|dos|das|del|al|el|bin|bint|ibn"
                            r"|ní|nic|ó|ua|mac)[ \t]+){1,2}")


def _join_adjacent(findings: list[Finding], text: str, label_of) -> list[Finding]:
    """Join each finding to the one before it when `label_of(prev, f, gap)` returns the label of
    the joined finding (None: keep them apart). The gap text is part of the joined finding."""
    out: list[Finding] = []
    for f in findings:
        prev = out[-1] if out else None
        label = label_of(prev, f, text[prev.end:f.start]) if prev is not None and prev.end <= f.start else None
        if label:
            out[-1] = Finding(prev.start, f.end, label, text[prev.start:f.end], prev.source, max(prev.score, f.score))
        else:
            out.append(f)
    return out


def _name_particle_join(prev: Finding, f: Finding, gap: str) -> str | None:
    """"Gethin ap Dafydd": two names separated only by name particles are one name."""
    if "NAME" in (prev.label, f.label) and "CONTACT" not in (prev.label, f.label) and (
            NAME_PARTICLES.fullmatch(gap)
            # in capitals the particles are too: "DE LA CRUZ", "VAN DER BERG"
            or (prev.text.isupper() and f.text.split()[0].isupper() and gap.isupper()
                and NAME_PARTICLES.fullmatch(gap.lower()))):
        return "NAME"
    return None


# A title of a work in emphasis: "*The Patient Heap*", "_A Year in Provence_"; not a household
# ("**The Wiśniewski family**", "*the Okafor twins*"), which is people.
WORK_TITLE = re.compile(r"(?<![*_\w])([*_]{1,2})(?:The|A|An) (?![^*_\n]{1,80}?\b(?:family|families|twins|household|"
                        r"brothers|sisters)\1)[^*_\n]{1,80}?\1(?![*_\w])")


# A word directly before a colon and no space is a link's scheme ("JaVaScRiPt:alert", "mailto:x"),
# not a name, whatever its capitals.
URL_SCHEME = re.compile(r"(?<![\w.-])([A-Za-z][A-Za-z0-9+.-]{1,20}):(?=[^\s:])")


def _unknown_single_word(surface: str, lex) -> bool:
    """One capitalised word that no dictionary knows and that is no known nationality, language
    or religion, or two joined by "and": whatever the model's label (NORP, WORK_OF_ART, PRODUCT), it stands where a name
    does ("I phoned Aashish", "# Letters to Shazia"), so the model's label does not excuse it."""
    words = WORD_RE.findall(surface)
    if len(words) == 3 and words[1] == "and":
        # two capitalised words joined, one no dictionary knows and neither an English word in
        # both lists ("I thanked Xiuying and Jing"): two people, whatever the model's label
        pair = [strip_possessive(words[0]), strip_possessive(words[2])]
        return all(w[:1].isupper() and not never_a_name(w) and lex.is_ordinary(w) is not True for w in pair) \
            and any(lex.is_ordinary(w, strict=False) is False for w in pair)
    if len(words) != 1:
        return False
    word = strip_possessive(words[0])
    return not never_a_name(word) and lex.is_ordinary(word, strict=False) is False


SHOUTED_WORD = re.compile(r"[\w'’.-]+")


def trim_shouted_edges(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Stage 2b: a name in capitals does not take the shouted words around it: "THANK YOU SHADI"
    is [Name A] after "THANK YOU", "MRS OKAFOR CANCELLED" keeps "CANCELLED". A word after a
    given name is kept in the name (it may be a surname that is also a word: "BILL WINTER")."""
    lex = ctx.lexicon
    text = ctx.text
    out = []
    for f in findings:
        if f.label != "NAME" or not f.text.isupper() or f.source == "redact-term" or " " not in f.text:
            out.append(f)
            continue
        words = list(SHOUTED_WORD.finditer(f.text))
        while len(words) > 1 and is_function_word(words[0].group(0)) and not lex.is_given_name(words[0].group(0)) \
                and words[0].group(0).lower() not in MODAL_NAMES:  # "MAY WINTER" is a name, "THANK YOU" is not
            words.pop(0)
        given = lambda w: lex.is_given_name(w) or w.lower() in MODAL_NAMES  # noqa: E731
        while len(words) > 1 and not given(words[-2].group(0)) and not given(words[-1].group(0)) \
                and (is_function_word(words[-1].group(0)) or lex.is_ordinary(words[-1].group(0).lower())):
            words.pop()
        s, e = f.start + words[0].start(), f.start + words[-1].end()
        out.append(f if (s, e) == (f.start, f.end) else Finding(s, e, f.label, text[s:e], f.source, f.score))
    return out


#: The model's labels for things made or done (not peoples or languages): such a span that holds
#: a place the gazetteer knows is a place's name misread ("the Glens of Antrim" as a work of art).
MADE_THINGS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


#: Endings of the names of counties and regions: "Gloucestershire", "the Midlands", "the Yorkshire Dales".
REGION_ENDING = re.compile(r"[A-Z][a-z]+(?:shire|lands|dales|wolds|downs|fens|moors)$")


def _names_a_known_place(surface: str, label: str, lex) -> bool:
    """True if a span the model calls a work, product, event or law holds a capitalised place the
    gazetteer knows, or is one word with the ending of a county or region ("Gloucestershire",
    "Midlands"; a title in emphasis, "*The Road to Wigan Pier*", is excused separately)."""
    words = WORD_RE.findall(surface)
    return label in MADE_THINGS and (
        any(w[:1].isupper() and w.lower() in lex.places and not lex.is_ordinary(w) for w in words)
        or (len(words) == 1 and REGION_ENDING.match(strip_possessive(words[0])) is not None))


#: The lower-case word after a name (see `_before_a_place_noun`).
_NEXT_WORD = re.compile(r" ([a-z]+)\b")


def _before_a_place_noun(text: str, end: int, lex) -> bool:
    """True if a lower-case place noun follows ("the Axe valley", "the Gleadless estate"): what
    the model calls a product or a work there names the place."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1) in lex.place_nouns


def _not_identifying_spans(ctx: Context) -> list[tuple[int, int]]:
    """Spans where capitalised words name no one: the model's languages, nationalities, events
    and titles of works, named events ("Burns Night"), and titles of works in emphasis."""
    lex = ctx.lexicon
    spans = [(s, e) for s, e, label in ctx.entities
             if label in lex.ner_not_identifying and not _unknown_single_word(ctx.text[s:e], lex)
             and not _names_a_known_place(ctx.text[s:e], label, lex)
             and not _before_a_place_noun(ctx.text, e, lex)]
    spans += [m.span() for m in WORK_TITLE.finditer(ctx.text)]
    spans += [m.span(1) for m in URL_SCHEME.finditer(ctx.text)]
    toks = ctx.tokens
    event_words = lex.event_words
    for i in [i for i, t in enumerate(toks) if t.text in event_words]:
        t = toks[i]
        if i and ctx.text[toks[i - 1].end:t.start] == " " and toks[i - 1].text[:1].isupper():
            k = i - 1
            while k > 0 and ctx.text[toks[k - 1].end:toks[k].start] == " " and toks[k - 1].text[:1].isupper() \
                    and i - k < 3 and not toks[k].sentence_start:
                k -= 1
            # "Ruby's Day" is named for someone; "Sam Day" is someone
            if not any(strip_possessive(x.text) != x.text or lex.is_given_name(x.text) for x in toks[k:i]):
                spans.append((toks[k].start, t.end))
    return spans


def _x_of_y_join(lex):
    """"Kyle of Lochalsh", "Vale of Clwyd": a one-word proper noun, "of", and another are one place
    (not after a title or role: "Bishop of Durham", "Head of Maths")."""
    def label_of(prev: Finding, f: Finding, gap: str) -> str | None:
        if prev.label in ("NAME", "PLACE") and f.label in ("NAME", "PLACE") \
                and " " not in prev.text.strip() and " " not in f.text.strip() \
                and re.fullmatch(r" of (?:the )?", gap) and prev.text not in lex.titles \
                and prev.text.lower() not in lex.relation_words:
            return "PLACE" if "PLACE" in (prev.label, f.label) else prev.label
        return None
    return label_of


def _the_x_and_y_join(text: str):
    """"the Pilchard and Anchor", "the Fox & Hounds": two proper nouns joined by "and" after
    "the" are one name, of a place of business (people and towns take no article)."""
    def label_of(prev: Finding, f: Finding, gap: str) -> str | None:
        if "CONTACT" not in (prev.label, f.label) and " " not in prev.text.strip() \
                and re.fullmatch(r" (?:and|&) ", gap) and re.search(r"\bthe $", text[max(0, prev.start - 4):prev.start]):
            return "INSTITUTION"
        return None
    return label_of


#: An honorific joined after a hyphen ("-bhai", "-ji"): see the data file.
HONORIFIC_SUFFIX = re.compile(r"-(?:" + "|".join(sorted(read_word_file("honorific-suffixes"), key=len, reverse=True))
                              + r")$", re.I)


def _without_titles(findings: list[Finding], text: str, lex, forced=()) -> list[Finding]:
    """The honorific stays in the text: "Auntie Grace" found whole becomes "Auntie [Name A]",
    "Nitin-bhai" becomes "[Name A]-bhai", and "Papa-ji" (a kinship word and an honorific) names
    no one (unless the editor's redact terms, in `forced` spans, cover it)."""
    out = []
    for f in findings:
        suffix = HONORIFIC_SUFFIX.search(f.text) if f.label == "NAME" and "-" in f.text else None
        if suffix and not _overlaps(forced, f.start, f.end):
            e = f.start + suffix.start()
            rest = text[f.start:e]
            if " " not in rest.strip() and (rest.lower() in lex.relation_words or lex.is_keep_word(rest)
                                            or (lex.is_ordinary(rest) is True and not lex.is_given_name(rest))):
                continue  # "Papa-ji", "Aunty-ji": a kinship word with its honorific
            f = Finding(f.start, e, f.label, rest, f.source, f.score)
        first_word = re.match(r"\S*", f.text).end()
        if f.label == "NAME" and not _overlaps(forced, f.start, f.start + max(first_word, 1)):
            if f.text.strip().rstrip(".") in lex.titles and f.source != "person-initials":
                continue  # a title alone ("Lady", next to a placeholder) names no one; "DC asked" does
            m = re.match(r"([\w.]+)\s+", f.text)
            if m and m.group(1).rstrip(".") in lex.titles and f.start + m.end() < f.end:
                s = f.start + m.end()
                f = Finding(s, f.end, f.label, text[s:f.end], f.source, f.score)
        out.append(f)
    return out


def ordinary_use_at(ctx: Context, f: Finding) -> bool:
    """True if a one-word finding is an ordinary word used as one here ("rated Good", "in March",
    "Two of us"), by the rule the leak gate shares (`ordinary.ordinary_use`)."""
    k = ctx.token_index_at().get(f.start)
    if k is None or " " in f.text.strip() or ctx.lexicon.is_ordinary(f.text) is not True:
        return False
    # the words around it as the gate reads them, numbers included ("Stage 2", "Appendix 1")
    # ... within its own line and sentence ("Breathe Gem" then "[10/10, 11:53]" on the next line)
    before = GATE_WORD.findall(SENTENCE_BREAK.split(ctx.text[max(0, f.start - 40):f.start])[-1])[-2:]
    after = GATE_WORD.findall(SENTENCE_BREAK.split(ctx.text[f.end:f.end + 40], maxsplit=1)[0])[:2]
    return ordinary_use(before + [f.text] + after, len(before), ctx.tokens[k].sentence_start, f.label)


#: A verb of speaking, or "fluent", directly before a word: what follows is a language (the
#: words are the shared ordinary-use rule's, which says the same of an ordinary word for the gate).
SPEAKING_BEFORE = re.compile(r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in sorted(LANGUAGE_PREDECESSORS))
                             + r")(?: in)?(?: fluent)? "
                             r"(?:[A-Z][\w'’-]*,? (?:(?:and|or) )?(?:(?:some|a little|fluent|basic|broken) )?){0,4}$")


def spoken_language(ctx: Context, f: Finding) -> bool:
    """True for one capitalised word straight after a verb of speaking, or listed after one ("spoke
    Cebuano and some Tagalog", "speaks fluent Twi"): people are spoken to or of, a language is
    spoken."""
    word = f.text.strip()
    return " " not in word and word[:1].isupper() and ctx.text[f.end:f.end + 2] not in ("'s", "’s") \
        and SPEAKING_BEFORE.search(ctx.text, max(0, f.start - 80), f.start) is not None


#: Adverbs that make a phrasal verb with the verb before them ("coming back", "moving on").
VERB_PARTICLES = frozenset("back on up out home forward forwards through over away in down off".split())


def _with_next_word(text: str, f: Finding) -> str:
    """A one-word finding's text with the capitalised word after it ("Coming" -> "Coming Back";
    "Reading on funding" stays "Reading")."""
    if " " in f.text.strip():
        return f.text
    m = re.match(r" ([A-Z][a-z]*)\b", text[f.end:f.end + 20])
    return f.text + " " + m.group(1) if m else f.text


def gerund_and_particle(text: str, lex) -> bool:
    """True for a verb's -ing form and its particle, capitalised as a title ("Coming Back",
    "Moving On", "Stepping Up"): an action, not a person, a place or a body."""
    words = text.split()
    if len(words) != 2 or words[1].lower() not in VERB_PARTICLES or not words[1][:1].isupper() \
            or not words[0].lower().endswith("ing"):
        return False
    stem = words[0].lower()[:-3]
    return any(form in lex.verb_lemmas for form in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem))


#: An abbreviation in capitals, then one space, at the end of the text before a finding.
_ACRONYM_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z]{2,5}) $")


def after_a_known_acronym(ctx: Context, f: Finding) -> bool:
    """True for one ordinary word, no given name, straight after a known abbreviation ("SEN
    Support", "PE Lead", "EHCP Review"): the two make a term, as "Key Stage" does."""
    word = f.text.strip()
    lex = ctx.lexicon
    if " " in word or lex.is_ordinary(word) is not True or lex.is_given_name(word):
        return False
    m = _ACRONYM_BEFORE.search(ctx.text, max(0, f.start - 7), f.start)
    return m is not None and m.group(1).lower() in ACRONYMS


def names_a_column(ctx: Context, f: Finding) -> bool:
    """True for an ordinary word, no given name, that heads a column of one of the story's
    tables ("| Date | Staff | Cover |"): elsewhere in the story the capital is the column's."""
    word = strip_possessive(f.text.strip())
    lex = ctx.lexicon
    return word in ctx.table_headers and lex.is_ordinary(word) is True and not lex.is_given_name(word)


def shouted_phrase(ctx: Context, f: Finding) -> bool:
    """True for ordinary words in capitals, no given name, title or known place among them, beside
    another such word, on a line not written in capitals ("to make a FORMAL COMPLAINT about"): the
    writer raises her voice; a name in capitals has a given name, a title or a line of capitals
    beside it ("MRS FIELD", "JOHN BAKER", a headline)."""
    lex = ctx.lexicon

    def shouted(word: str) -> bool:
        w = strip_possessive(word)
        return is_all_caps(w) and len(w) > 2 and not is_function_word(w) and lex.is_ordinary(w.lower()) is True \
            and not lex.is_given_name(w) and w.lower() not in lex.places and w.capitalize() not in lex.titles \
            and w.lower().rstrip(".") not in HONORIFICS

    words = f.text.split()
    if not words or not all(shouted(w) for w in words) or ctx.in_caps_line(f.start):
        return False
    index = ctx.token_index_at()
    k, toks = index.get(f.start), ctx.tokens
    if k is None:
        return False
    last = k + len(words) - 1
    beside = (k > 0 and toks[k - 1].end == f.start - 1 and shouted(toks[k - 1].text)) or \
        (last + 1 < len(toks) and toks[last + 1].start == toks[last].end + 1 and shouted(toks[last + 1].text))
    if not beside:
        return False
    # the capitals raise a voice inside a sentence: a word in lower case leads into them ("make a
    # FORMAL COMPLAINT"); after a colon, a quotation mark or a line's start they are a sign or a
    # headline ("It said: SEETHING SAYS THANK YOU"), where a place or a name may stand
    first = k
    while first > 0 and toks[first - 1].end == toks[first].start - 1 and is_all_caps(toks[first - 1].text):
        first -= 1
    return first > 0 and toks[first - 1].end == toks[first].start - 1 and toks[first - 1].text[:1].islower() \
        and not toks[first].line_start and not toks[first].sentence_start


def capitalised_only_by_position(ctx: Context, f: Finding) -> bool:
    """True for one ordinary word, no given name or known place, that the story capitalises only
    where every word is capitalised: opening a sentence, a line or a field ("Like · Reply · 2h",
    "Admin" over a pinned post). There the capital says nothing, and the model's guess that it
    names someone is all there is."""
    word = strip_possessive(f.text.strip())
    lex = ctx.lexicon
    if " " in word or lex.is_ordinary(word) is not True or lex.is_given_name(word) or word.lower() in lex.places:
        return False
    return all(t.sentence_start or t.line_start for t in ctx.tokens
               if strip_possessive(t.text) == word)


#: Contractions only a pronoun takes: "I'm", "we've" (a name takes "'s", "'ll", "'d" too).
PRONOUN_CONTRACTION = re.compile(r"^(.+?)['’](?:m|ve)$", re.I)
#: Any contraction after a word ("Ah'll", "Tha'd", "we're").
ANY_CONTRACTION = re.compile(r"['’](?:m|ve|ll|d|s|re)$", re.I)
#: A line that opens with a speaker's label ("Sarah: ok", "**Dawn:**", "[10:02] Jo -"): a chat's.
LABELLED_LINE = re.compile(r"^\W*(?:\[[^\]]*\]\W*)?[\w .'’-]{1,30}?(?:\*\*)?[:–—-](?:\*\*)?\s")


def dialect_word(ctx: Context, f: Finding) -> bool:
    """True for one word that the story uses as a word of its own dialect or language, not as a
    name, though a list of names may hold it ("Ah were head at …", "Tha knows"): the story writes
    it with a contraction only a pronoun takes ("Ah'm", "Ah've"), or, written in ordinary case,
    never capitalises it inside a sentence and, though no dictionary knows it, writes it in lower
    case inside two or more sentences of prose ("so when ah got t'job", "if tha puts it") — not in a chat's labelled
    lines, where names are written in lower case too."""
    word = ANY_CONTRACTION.sub("", strip_possessive(f.text.strip()))  # "Ah'll" is "Ah" + will
    if " " in word or not word.isalpha() or ctx.lowercase or f.label == "CONTACT":
        return False  # (a handle written in lower case is still the person's: "as ruthbellingham said")
    # every single-word finding asks, and one story has many findings of few words: one reading
    # of the tokens per word
    answers = ctx.__dict__.setdefault("_dialect_words", {})
    if word not in answers:
        answers[word] = _reads_as_dialect(ctx, word)
    return answers[word]


def _reads_as_dialect(ctx: Context, word: str) -> bool:
    """`dialect_word` for one word of letters, read from the story's tokens."""
    # a dictionary word in lower case is that word ("a particular joy"), which says nothing of
    # whether "Joy" names someone: only a word no dictionary knows is the story's own
    in_dictionary = ctx.lexicon.is_ordinary(word) is True
    low = word.lower()
    lower_uses = 0
    text = ctx.text
    for t in ctx.tokens:
        if not t.text.lower().startswith(low):
            continue  # (most tokens: no pattern run on them)
        contraction = PRONOUN_CONTRACTION.match(t.text)
        base = contraction.group(1) if contraction else strip_possessive(t.text)
        if base.lower() != low:
            continue
        if contraction:
            return True  # "Ah'm", "Ah've": I'm, I've
        if t.sentence_start or t.line_start:
            continue
        if base != low:
            return False  # capitalised inside a sentence: written as a name somewhere
        line = text[text.rfind("\n", 0, t.start) + 1:t.start]
        first = re.search(r"[^\W\d_]", line)
        if first and first.group(0).isupper() and not LABELLED_LINE.match(line):
            lower_uses += 1
    return lower_uses >= 2 and not in_dictionary


#: A word as the leak gate splits text into words: letters and digits.
GATE_WORD = re.compile(r"[^\W_]+")
#: Where the words around a word stop counting: a line break or the end of a sentence.
SENTENCE_BREAK = re.compile(r"\n|[.!?…](?=\s)")


#: An attribute written out ('HTTP-EQUIV="Link'): a span holding one is inside a tag, not prose.
ATTRIBUTE_SYNTAX = re.compile(r"\w=[\"'\w]")
#: Syntax no name holds: a span across it is Markdown or HTML ("here](javascript", "Toma</em").
MARKUP_SYNTAX = re.compile(r"\]\(|[<>{}]")


def cut_at_markup(f: Finding) -> Finding | None:
    """A weak finding that runs into markup keeps only the words before it, if they still read as
    a name (capitalised): the model's "here](javascript" is nothing, "Toma</em" is "Toma". A span
    holding an attribute ('META HTTP-EQUIV="Link') is inside a tag and is nothing. None if nothing
    is left. The markup itself is the sanitiser's and the contact rules' to deal with."""
    if ATTRIBUTE_SYNTAX.search(f.text):
        return None
    head = f.text[:MARKUP_SYNTAX.search(f.text).start()].rstrip()
    words = WORD_RE.findall(head)
    if not words or not words[0][:1].isupper():
        return None
    lead = len(head) - len(head.lstrip(" [*_\"'"))
    return Finding(f.start + lead, f.start + len(head), f.label, head[lead:], f.source, f.score)


PLURAL_OWNER = re.compile(r"\b([A-Z][a-z]+s)['’] $")


def after_plural_owner(ctx: Context, f: Finding) -> bool:
    """True for one ordinary word after an ordinary plural's possessive ("Heads' Forum",
    "Gardeners' World", "Parents' Evening"): a title made of ordinary words, not a name."""
    lex = ctx.lexicon
    word = strip_possessive(f.text)
    if " " in f.text.strip() or lex.is_ordinary(word, strict=False) is not True or lex.is_given_name(word):
        return False
    m = PLURAL_OWNER.search(ctx.text, max(0, f.start - 40), f.start)
    if m is not None and lex.is_ordinary(m.group(1), strict=False) is True and not lex.is_given_name(m.group(1)[:-1]):
        return True
    # the owner itself: "Gardeners" of "Gardeners' World"
    owned = re.match(r"['’] ([A-Z][a-z]+)\b", ctx.text[f.end:f.end + 30])
    return word.endswith("s") and owned is not None and lex.is_ordinary(owned.group(1), strict=False) is True \
        and not lex.is_given_name(owned.group(1))


#: How many words either side of a finding show which language its sentence is in.
LANGUAGE_CONTEXT = 6


def in_another_language(ctx: Context, f: Finding) -> bool:
    """True if a weakly found word that no gazetteer knows stands in a sentence of another
    language: of the lower-case words around it in its sentence (at least three), fewer than half
    are English, or neither of two is ("Mae hiraeth yn ein calonnau", "diolch yn fawr i bawb"). Names in such sentences
    are still found when a gazetteer or strong context knows them."""
    lex = ctx.lexicon
    words = f.text.split()
    if any(lex.is_given_name(w) or strip_possessive(w).lower() in lex.places for w in words):
        return False
    k = ctx.token_index_at().get(f.start)
    if k is None:
        return False
    toks = ctx.tokens
    around = []
    j = k - 1
    while j >= 0 and len(around) < LANGUAGE_CONTEXT and not toks[j + 1].sentence_start:
        if toks[j].text.islower() and toks[j].text.isalpha():
            around.append(toks[j].text)
        j -= 1
    j = k
    while j < len(toks) and toks[j].start < f.end:
        j += 1
    after = 0
    while j < len(toks) and after < LANGUAGE_CONTEXT and not toks[j].sentence_start:
        if toks[j].text.islower() and toks[j].text.isalpha():
            around.append(toks[j].text)
            after += 1
        j += 1
    if len(around) < 2:
        return False
    # both word lists must know a word: WordNet alone lists "mae", "ni" and "yn" as abbreviations
    english = sum(1 for w in around if is_function_word(w) or lex.is_ordinary(w) is not False)
    return english == 0 if len(around) == 2 else 2 * english < len(around)  # "Diolch yn fawr": two words of it


def _with_next_role(ctx: Context, f: Finding) -> str:
    """The finding's text, with the capitalised role word directly after it if there is one
    ("Gaelic Development" + "Officer")."""
    m = re.match(r" ([A-Z][\w'’-]*)", ctx.text[f.end:f.end + 40])
    if m and m.group(1).lower() in ctx.lexicon.relation_words:
        return f.text + " " + m.group(1)
    return f.text


def is_job_title(text: str, lex) -> bool:
    """True for a post written with capitals: ordinary words and a role ("Complaints Officer",
    "Quality Improvement Officer", "Chair of Governors", "Educational Psychologist"). A word no
    dictionary knows, a given name or a place makes it a name ("Fallowmere Officer", "Head of
    Fallowmere")."""
    words = [strip_possessive(w) for w in re.findall(r"[\w'’-]+", text)]
    content = [w for w in words if not is_function_word(w)]
    if len(content) < 2 or not any(w.lower() in lex.relation_words for w in content):
        return False
    return all(w.lower() in lex.relation_words or (lex.is_ordinary(w) is True and not lex.is_given_name(w)
                                                  and w.lower() not in lex.places)
               for w in content)


def filter_findings(ctx: Context, findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """Stage 1: drop what is not to be removed. Findings over a placeholder; a weak detector's
    word the model or the shape says is a language, event or title; a weak detector's ordinary
    word in ordinary use; anything inside an editor's `keep:` term (with a warning when a
    detector had context for it); generic vocabulary, unless strong context names it.
    Returns (kept, warnings)."""
    warnings: list[str] = []
    blocked = ctx.placeholder_spans
    keep_spans = _SpanIndex(ctx.keep_spans)
    user_keep = ctx.user_keep_spans
    not_identifying = _not_identifying_spans(ctx)
    markup = ctx.markup_spans
    kept: list[Finding] = []
    countries = country_spans(ctx.text)
    multiword_countries = [(a, b) for a, b in countries if " " in ctx.text[a:b].strip()]
    for f in findings:
        if not _strong(f) and (MARKUP_SYNTAX.search(f.text) or ATTRIBUTE_SYNTAX.search(f.text)):
            f = cut_at_markup(f)
            if f is None:
                continue
        if not _strong(f) and (ctx.text[f.end:f.end + 1] == "=" or ctx.text[f.start - 1:f.start] == "<"):
            continue  # '<META HTTP-EQUIV="Link" Content=...': a tag's or an attribute's name
        if _overlaps(blocked, f.start, f.end):
            continue
        if markup and not _strong(f) and _inside(markup, f.start, f.end):
            continue  # "<IMG SRC=...>", "<script>alert('XSS')</script>": markup the sanitiser drops
        if f.source in ("propernoun", "ner") and _inside(not_identifying, f.start, f.end):
            continue  # capitals alone said "name"; the model or the shape says language, event or title
        forced = f.source == "redact-term"
        if not forced and not _strong(f) and (names_no_one(f.text) or is_school_period(f.text) or ordinary_use_at(ctx, f)):
            continue  # "rated Good", "14 March 2024", "Two of us stayed", "a Roman Catholic school"
        if not forced and dialect_word(ctx, f):
            continue  # "Ah were head", "ah got t'job", "Ah'm": the writer's "I", not a name
        if not forced and f.label != "CONTACT" and spoken_language(ctx, f):
            continue  # "who spoke Cebuano and some Tagalog": a language, whatever the lists know
        if not forced and not _strong(f) and gerund_and_particle(_with_next_word(ctx.text, f), ctx.lexicon):
            continue  # "episode 41, Coming Back": a phrasal verb as a title, naming no one and nowhere
        if not forced and not _strong(f) and after_a_known_acronym(ctx, f):
            continue  # "pupils on SEN Support", "the PE Lead": a term that opens with an acronym
        if not forced and not _strong(f) and names_a_column(ctx, f):
            continue  # "what the Cover column told her": the story's own table calls a column so
        if not forced and not _strong(f) and shouted_phrase(ctx, f):
            continue  # "to make a FORMAL COMPLAINT": words shouted in a sentence of ordinary case
        if not forced and f.source == "ner" and capitalised_only_by_position(ctx, f):
            continue  # "Like · Reply · 2h": a capital that only the position asks for
        if not forced and not _strong(f) and after_plural_owner(ctx, f):
            continue  # "Heads' Forum", "Gardeners' World", "Parents' Evening": a title of ordinary words
        if not forced and not _strong(f) and in_another_language(ctx, f):
            continue  # "Mae hiraeth yn ...", "diolch yn fawr i bawb": a word of the sentence's own language
        if not forced and (not _strong(f) or f.source == "greeting") and is_job_title(_with_next_role(ctx, f), ctx.lexicon):
            continue  # "Dear Complaints Officer", "retired Quality Improvement Officer": a post, not a name
        if not forced and not f.source.startswith("title") and _inside(countries, f.start, f.end) and (
                f.label == "PLACE" or _inside(multiword_countries, f.start, f.end)
                or not ctx.lexicon.is_given_name(strip_possessive(f.text))):
            continue  # "came from Syria", "hong kong": a country names no one; "Jordan rang", "Mrs England" stay
        if not forced and _inside(user_keep, f.start, f.end):
            if f.label in ("NAME", "PLACE", "INSTITUTION") and f.source.split(":")[0] in ("ner", "title", "relation", "initials",
                                                                                      "institution", "signature"):
                warnings.append(f"keep term {f.text!r} is also detected as {f.label} by {f.source}; kept as the editor asked")
            continue
        if not forced and keep_spans.holds(f.start, f.end) and (
                not _strong(f) or (" " in f.text.strip() and f.source != "street") or f.source.startswith("institution")):
            continue  # strong context overrides only a single generic word ("March, a market town")
        kept.append(f)
    return kept, warnings


#: Stage 3's rules, in order: each joins a finding to the one before it, or not.
def join_rules(ctx: Context) -> list:
    """The join rules for one text: name particles, "the X and Y", "X of Y"."""
    return [_name_particle_join, _the_x_and_y_join(ctx.text), _x_of_y_join(ctx.lexicon)]


def sentence_opening_name_word(word: str, lex) -> bool:
    """True for an ordinary word that can open a name at a sentence's start: an adjective or a
    noun ("Little", "Castle", "Old"), not a function word, an adverb, a word of time or sequence,
    a verb's -ing or -ed form, a title or a keep word ("Then", "Yesterday", "Later", "Leaving",
    "Mrs", "Ofsted")."""
    low = word.lower()
    return word[:1].isupper() and not word.isupper() and lex.is_ordinary(word) is True \
        and not word.lower().endswith(("ing", "ed")) \
        and not is_function_word(word) and low not in lex.adverbs_not_adjectives \
        and low not in CALENDAR_WORDS | SEQUENCE_WORDS and word not in lex.titles and not lex.is_keep_word(word) \
        and not lex.is_given_name(word) and low not in lex.relation_words


def extend_given_names(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Stage 3b: a capitalised given name directly before a found name is part of it, even when
    it is also an ordinary word or opens the sentence ("Will [Baker] was charming", "May
    [Okafor]"): the surname alone was found, the given name would be left beside its placeholder.
    So is any capitalised word inside a sentence directly before a found name or place, even a
    function word or a weekday: capitals there mean the name goes on ("in Much [Marcle]",
    "to Friday [Bridge]"); not in a heading In Title Case, where every word has one."""
    toks = ctx.tokens
    index = ctx.token_index_at()
    lex = ctx.lexicon
    text = ctx.text
    out = []
    for i, f in enumerate(findings):
        k = index.get(f.start)
        if f.label in ("NAME", "PLACE", "INSTITUTION") and k is not None and k > 0:
            prev = toks[k - 1]
            w = prev.text
            # a weekday, a month or a geographic word goes on only into a place: "Friday [Bridge]",
            # "County [Durham]", "River [Dove]"
            place_only = w.lower() in CALENDAR_WORDS or (w in lex.place_prefixes and f.label == "PLACE"
                                                          and not prev.sentence_start)

            def as_subject_or_owner(f=f) -> bool:
                return subject_or_owner_at(text, f.start + len(strip_possessive(f.text)))

            inside_name = not ctx.in_title_case_line(prev.start) and (
                # mid-sentence: a capitalised word goes on with the name
                (not prev.sentence_start and not (lex.is_keep_word(w) and not place_only)
                 and not (never_a_name(w) and not place_only) and (not place_only or f.label == "PLACE"))
                # opening a sentence: only a word no dictionary knows, before a place ("Byers [Green] has one shop")
                or (prev.sentence_start and f.label == "PLACE" and lex.is_ordinary(w) is False
                    and not is_function_word(w) and not lex.is_keep_word(w))
                # opening a sentence: an adjective or noun before a name that is the sentence's subject or
                # an owner is the name's first word ("Little [Gaddesden] has one shop", "Castle [Camps]'s
                # parish council"); not an adverb, a sequence word or a verb alone ("Ask [Kemi] about it")
                or (prev.sentence_start and f.label in ("PLACE", "NAME") and sentence_opening_name_word(w, lex)
                    and as_subject_or_owner())
                # a word that tells places of one name apart is the first word of the name after it, in any
                # position ("WEST [PENNARD SCHOOL]", "Steeple [Morden] has a pub")
                or (w.title() in lex.place_qualifiers and f.label in ("PLACE", "INSTITUTION", "NAME")
                    and (not prev.sentence_start or as_subject_or_owner() or ctx.in_caps_line(prev.start)))
                # a place found as its geographic word alone ("Green", "Hill") is named by the word before it
                # ("Barns [Green] has one shop", "BOARS [HILL]"), whatever that word is
                or (f.label == "PLACE" and strip_possessive(f.text).title() in lex.place_suffixes | lex.street_suffixes
                    and not is_function_word(w) and not never_a_name(w))
                # likewise an institution found from its place word on ("BARNS [GREEN SCHOOL]")
                or (f.label == "INSTITUTION" and f.text.split()[0].title() in lex.place_suffixes
                    and not is_function_word(w) and not never_a_name(w)))
            shouted = w.isupper() and f.text.isupper() and ctx.in_caps_line(prev.start)
            if shouted and (is_function_word(w) or lex.is_ordinary(w.lower())) and not lex.is_given_name(w) \
                    and w.title() not in lex.place_qualifiers:
                inside_name = False  # in capitals every word has one: "LOVE FROM [JOY]" keeps "FROM"
            # a given name joins a person; before a place it would be a modal opening a question ("Will Leeds cope?")
            given = (lex.is_given_name(w) or w.lower() in MODAL_NAMES) and f.label != "INSTITUTION" \
                and not (f.label == "PLACE" and prev.sentence_start)
            if text[prev.end:f.start] == " " and w[:1].isupper() and (not w.isupper() or shouted) and (given or inside_name) \
                    and w not in lex.titles and (not never_a_name(w) or place_only and inside_name) \
                    and not (i and findings[i - 1].end > prev.start):  # findings are merged: only the one before can hold it
                label = f.label if inside_name and not given else "NAME"  # "Much [Marcle]" stays a place
                f = Finding(prev.start, f.end, label, text[prev.start:f.end], f.source, f.score)
        out.append(f)
    return out


#: Lower-case words that may stand inside a name written In Title Case ("Safe to Lead Alliance").
TITLE_CASE_JOINERS = frozenset("to of and the for upon under le la de".split())  # only before an institution's word


def extend_title_case_runs(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Stage 3c: inside a sentence, the capitalised words straight after a found name go on with
    it ("[Dales] Heads Together", "[Mid Tyrone Parents Speak] Out"), across a small lower-case
    word between capitals ("[Safe] to Lead [Alliance]"): a group's or a place's name written In
    Title Case. Not in headings or capitals, where every word has one, nor over "I" or a sentence
    start; the label is an institution's when the run ends with an institution's word."""
    if ctx.lowercase:
        return findings
    toks, text, lex = ctx.tokens, ctx.text, ctx.lexicon
    index = ctx.token_index_at()
    blocked = ctx.placeholder_spans + ctx.markup_spans
    out = []
    for f in findings:
        k = index.get(f.start)
        if f.label not in ("NAME", "PLACE", "INSTITUTION") or k is None or ctx.in_title_case_line(f.start) \
                or ctx.in_caps_line(f.start):
            out.append(f)
            continue
        j = k
        while j < len(toks) and toks[j].end <= f.end:
            j += 1
        end = f.end
        before_joiner = None  # where the run ended before its first small word
        while j < len(toks) and text[toks[j - 1].end:toks[j].start] == " " and toks[j - 1].end >= end - 2:
            w = toks[j].text
            ends_run = j + 1 >= len(toks) or not toks[j + 1].text[:1].isupper() or text[toks[j].end:toks[j + 1].start] != " "
            if w[:1].isupper() and not w.isupper() and w != "I" and not toks[j].sentence_start \
                    and w.lower() not in CALENDAR_WORDS and not _overlaps(blocked, toks[j].start, toks[j].end) \
                    and (not is_function_word(w) or ends_run):  # "Speak Out in May", not "Leeds On Friday"
                if before_joiner is None and (strip_possessive(w).lower() in lex.relation_words or lex.is_keep_word(w)):
                    before_joiner = end  # a role or a generic word goes on only into an institution ("Okayest Head")
                end, j = toks[j].end, j + 1
                continue
            if w in TITLE_CASE_JOINERS and j + 1 < len(toks) and text[toks[j].end:toks[j + 1].start] == " " \
                    and toks[j + 1].text[:1].isupper() and not toks[j + 1].text.isupper() and toks[j + 1].text != "I" \
                    and toks[j + 1].text.lower() not in CALENDAR_WORDS:
                before_joiner = end if before_joiner is None else before_joiner
                end, j = toks[j + 1].end, j + 2
                continue
            break
        if before_joiner is not None and strip_possessive(text[f.start:end].split()[-1]) not in lex.institution_suffixes:
            end = before_joiner  # "Dr Penhale in Tregarrow", "Kemi and Patel": two names; "Safe to Lead Alliance": one
        if end > f.end:
            last = strip_possessive(text[f.start:end].split()[-1])
            label = "INSTITUTION" if last in lex.institution_suffixes else f.label
            f = Finding(f.start, end, label, text[f.start:end], f.source, f.score)
        out.append(f)
    return out


def resolve(ctx: Context, findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """The resolver's stages, in order: filter, merge (titles left outside names), join adjacent
    findings, extend names by a given name before them, propagate to every other mention, merge
    again. Returns (findings, warnings)."""
    text = ctx.text
    lex = ctx.lexicon
    kept, warnings = filter_findings(ctx, findings)
    forced = [(f.start, f.end) for f in kept if f.source == "redact-term"]
    merged = _without_titles(_with_text(merge(kept, lex.label_priority), text), text, lex, forced)
    merged = trim_shouted_edges(ctx, merged)
    for label_of in join_rules(ctx):
        merged = _join_adjacent(merged, text, label_of)
    merged = extend_given_names(ctx, merged)
    merged = _with_text(merge(extend_title_case_runs(ctx, merged), lex.label_priority), text)
    # user keep terms and markup also stop propagation
    prop = propagate(ctx, merged, ctx.placeholder_spans + ctx.user_keep_spans + ctx.markup_spans, ctx.keep_spans)
    final = _with_text(merge(merged + prop, lex.label_priority), text)
    return final, sorted(set(warnings))
