"""The pipeline: detectors -> resolver -> placeholders. Pure functions of (text, policy).

analyse/redact work on one text; analyse_many runs the model once, in batch,
over many texts (redact_stories uses it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .detectors.base import Context
from .detectors.propernoun import COPULAS, GENERIC_FOLLOWERS, PERSON_SPEECH_VERBS, ProperNounDetector, ordinary_owner_opening_sentence
from .flags import find_flags
from .lexicon import is_function_word
from .model import load_model, ner_chunks, run_ner, truecase
from .placeholders import assign, render
from .registry import build_detectors
from .resolver import resolve
from .types import Finding, Flag


#: After a sentence-opening word that is a given name and an ordinary word, these leave the
#: decision to the model ("Rose was in tears", "Grace under pressure").
MODEL_DECIDES_AFTER = COPULAS | GENERIC_FOLLOWERS


def detectors_for(lexicon) -> list:
    """Every registered detector, made for this lexicon (order does not change results: the resolver
    merges). Made once per lexicon and kept on it, as its other compiled vocabulary is."""
    detectors = lexicon.__dict__.get("_detectors")
    if detectors is None:
        detectors = lexicon.__dict__["_detectors"] = build_detectors(lexicon)
    return detectors


@dataclass
class Redaction:
    """Result of redact(): redacted text, what was removed, with which placeholder, and flags."""

    text: str
    findings: list[Finding]
    placeholders: dict[str, str]
    flags: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


WINDOW_TOKENS = 5  # the NER model's decisions depend on a few tokens either side


def ner_windows(ctx: Context) -> list[tuple[int, int]]:
    """Character spans the statistical model must read.

    The rule detectors already catch every capitalised non-initial word; the model is
    needed where capitalisation says nothing (lowercase writing, shouted lines), for
    names that open a sentence, and for the label of an unknown proper noun that has no
    other context. Only a window of a few tokens around each such word is read, so
    ordinary prose costs little model time.
    """
    text = ctx.text
    if not text.strip():
        return []
    lex = ctx.lexicon
    toks = ctx.tokens
    if ctx.lowercase:
        return ner_chunks(text, lambda s, e: True)
    needed: list[int] = []
    n = len(toks)
    for i in [i for i, t in enumerate(toks) if t.text[:1].isupper()]:  # (lower-case words need no model here)
        t = toks[i]
        w = t.text
        if is_function_word(w) or lex.is_keep_word(w) or w in lex.titles:
            continue
        if ctx.in_caps_line(t.start):
            needed.append(i)
            continue
        nxt_cap = i + 1 < n and toks[i + 1].text[:1].isupper() and text[t.end:toks[i + 1].start] == " "
        if t.sentence_start:
            nxt_verb = i + 1 < n and toks[i + 1].text.lower() in PERSON_SPEECH_VERBS
            if (nxt_cap or nxt_verb) and not lex.is_given_name(w):
                needed.append(i)  # "Kwabena Mensah said": where does the name start?
            elif i + 1 < n and toks[i + 1].text.lower() in MODEL_DECIDES_AFTER and lex.is_given_name(w) and lex.is_ordinary(w):
                needed.append(i)  # "Rose was in tears" or "Hope is a strange thing": the model decides
            elif ProperNounDetector.uncommon_opener(w, lex) and not lex.is_given_name(w) \
                    or ordinary_owner_opening_sentence(w, lex):
                needed.append(i)  # "Fatima was first in", "Green's report" or "Lockdown was hard": the model decides
            continue
        if lex.is_given_name(w) or w.lower() in lex.places:
            continue  # label known without the model
        prev = toks[i - 1].text if i else ""
        if i >= 2 and text[toks[i - 1].end:t.start] in (", ", " ") and prev.lower() in lex.relation_words \
                and toks[i - 2].text.lower() in ("my", "our", "the", "her", "his", "their"):
            continue  # "my deputy, Sam": the relation detector labels it
        if i >= 1 and text[toks[i - 1].end:t.start] == " " and prev[:1].isupper() and lex.is_given_name(prev):
            continue  # surname after a known given name
        if prev in lex.titles or prev.lower() in lex.place_prepositions and prev.lower() not in ("to", "of", "at"):
            continue
        needed.append(i)
    windows: list[tuple[int, int]] = []
    for i in needed:
        a = max(0, i - WINDOW_TOKENS)
        b = min(n - 1, i + WINDOW_TOKENS)
        # stay within the line: a window never spans paragraphs
        while a < i and "\n" in text[toks[a].end:toks[i].start]:
            a += 1
        while b > i and "\n" in text[toks[i].end:toks[b].start]:
            b -= 1
        s, e = toks[a].start, toks[b].end
        if windows and s <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(e, windows[-1][1]))
        else:
            windows.append((s, e))
    return windows


def prepare(text: str, policy, body_range=None) -> tuple[Context, list[tuple[int, int]]]:
    """Build the Context for a text and the windows the model must read."""
    ctx = Context(text=text, lexicon=policy.lexicon, body_range=body_range)
    return ctx, ner_windows(ctx)


def finish(ctx: Context) -> tuple[list[Finding], list[str]]:
    """Run every detector on a prepared Context (entities filled) and resolve."""
    found: list[Finding] = []
    for det in detectors_for(ctx.lexicon):
        found.extend(det.detect(ctx))
    return resolve(ctx, found)


def analyse_contexts(items: list[tuple[Context, list]], policy) -> list[tuple[list[Finding], list[str]]]:
    """Analyse prepared contexts, running the model once over all their chunks."""
    if any(ctx.text.strip() for ctx, _ in items):
        nlp = load_model(policy.model)  # fail closed: raises ModelUnavailable
        jobs = [(truecase(ctx.text) if ctx.lowercase else ctx.text, chunks) for ctx, chunks in items]
        for (ctx, _), ents in zip(items, run_ner(nlp, jobs)):
            ctx.entities = ents
    return [finish(ctx) for ctx, _ in items]


def analyse(text: str, policy) -> list[Finding]:
    """Everything in text that must not be published, resolved (merged, propagated), in order."""
    ctx, chunks = prepare(text, policy)
    findings, _ = analyse_contexts([(ctx, chunks)], policy)[0]
    return findings


def _redact_once(text: str, policy) -> Redaction:
    ctx, chunks = prepare(text, policy)
    findings, warnings = analyse_contexts([(ctx, chunks)], policy)[0]
    placeholders = assign(findings, policy.lexicon)
    return Redaction(render(text, findings, placeholders), findings, placeholders, find_flags(text), warnings)


def plain_lower_case_english(surface: str, lexicon) -> bool:
    """True for a surface of lower-case ordinary English words only ("said", "the office")."""
    words = surface.split()
    return bool(words) and all(w.islower() and lexicon.is_ordinary(w) for w in words)


def surfaces_to_force(found: set[str], forced, removed: set[str], lexicon) -> tuple[str, ...]:
    """What a check pass over the output found that must be forced out of the original, sorted.

    The check pass reads text full of placeholders, which can make a verb after one look like a
    speaker's name ("[Name K]\nsaid, ..."). Forcing such a word out of the original would remove
    it everywhere, in every sense ("I said", "she said"): a surface not yet `forced` is forced only
    if something in its form could make it a name (a capital, a word no dictionary knows), or if
    the first pass already removed it somewhere (`removed`, lower case: a chat's "sue", whose
    other mentions the check pass finds)."""
    return tuple(sorted(s for s in found - set(forced)
                        if s.lower() in removed or not (plain_lower_case_english(s, lexicon)
                                                        or _phrase_of_lower_case_words(s, removed, lexicon))))


def _phrase_of_lower_case_words(surface: str, removed: set[str], lexicon) -> bool:
    """True for several words, most of them lower case, none a known given name or place nor
    removed by the first pass ("ac yn enwedig", "Diolch i'r llywodraethwyr"): in a text full of
    placeholders the model reads such a run of another language as a name; a name of several
    words is capitalised, or shares a word with what the first pass removed ("dawit tesfaye")."""
    words = surface.split()
    if len(words) < 2 or 2 * sum(1 for w in words if w[:1].islower()) <= len(words):
        return False
    return not any(lexicon.is_given_name(w) or w.lower() in lexicon.places or w.lower() in removed for w in words)


def redact(text: str, policy) -> Redaction:
    """Replace every finding by its placeholder; flags indirect identifiers.

    The result is a fixpoint: whatever a pass over the output would still find is forced out of
    the original as a redact term and the text analysed again (see story._redact_batch).
    """
    result, forced = _redact_once(text, policy), ()
    for _ in range(4):
        missed = surfaces_to_force({f.text for f in analyse(result.text, policy)}, forced,
                                   {f.text.lower() for f in result.findings}, policy.lexicon)
        if not missed:
            break
        forced += missed
        result = _redact_once(text, policy.with_terms(redact=forced))
    return result
