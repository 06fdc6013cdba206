"""The pipeline: detectors -> resolver -> placeholders. Pure functions of (text, policy).

analyse/redact work on one text; analyse_many runs the model once, in batch,
over many texts (redact_stories uses it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .detectors.base import Context
from .detectors.contacts import ContactDetector
from .detectors.context import (CalledDetector, GreetingDetector, InitialsDetector, LowercaseNameDetector,
                                LowercasePlaceDetector, RelationDetector, SignatureDetector, TitleDetector,
                                TownAppositionDetector)
from .detectors.institutions import InstitutionDetector
from .detectors.ner import NERDetector
from .detectors.propernoun import ProperNounDetector
from .detectors.terms import RedactTermDetector
from .flags import find_flags
from .lexicon import FUNCTION_WORDS
from .model import load_model, ner_chunks, run_ner, truecase
from .placeholders import assign, render
from .resolver import resolve
from .types import Finding, Flag


def detectors_for(lexicon) -> list:
    """The detector pipeline, in order (order does not change results: the resolver merges)."""
    return [
        RedactTermDetector(),
        ContactDetector(lexicon.street_suffixes),
        InstitutionDetector(),
        NERDetector(),
        ProperNounDetector(),
        TitleDetector(),
        InitialsDetector(),
        RelationDetector(),
        CalledDetector(),
        GreetingDetector(),
        TownAppositionDetector(),
        LowercasePlaceDetector(),
        LowercaseNameDetector(),
        SignatureDetector(),
    ]


@dataclass
class Redaction:
    """Result of redact(): redacted text, what was removed, with which placeholder, and flags."""

    text: str
    findings: list[Finding]
    placeholders: dict[str, str]
    flags: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _needs_ner(ctx: Context):
    lex = ctx.lexicon
    toks = ctx.tokens
    starts = [t.start for t in toks]
    import bisect

    def needs(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, s)
        while i < len(toks) and toks[i].start < e:
            w = toks[i].text
            if ctx.lowercase:
                if w.lower() not in FUNCTION_WORDS and len(w) > 1:
                    return True
            elif w[:1].isupper() and w.lower() not in FUNCTION_WORDS and not lex.is_keep_word(w):
                return True
            i += 1
        return False

    return needs


def prepare(text: str, policy, body_range=None) -> tuple[Context, list[tuple[int, int]]]:
    """Build the Context for a text and the chunks the model must read."""
    ctx = Context(text=text, lexicon=policy.lexicon, body_range=body_range)
    chunks = ner_chunks(text, _needs_ner(ctx)) if text.strip() else []
    return ctx, chunks


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


def redact(text: str, policy) -> Redaction:
    """Replace every finding by its placeholder; flags indirect identifiers."""
    ctx, chunks = prepare(text, policy)
    findings, warnings = analyse_contexts([(ctx, chunks)], policy)[0]
    placeholders = assign(findings, policy.lexicon)
    return Redaction(render(text, findings, placeholders), findings, placeholders, find_flags(text), warnings)
