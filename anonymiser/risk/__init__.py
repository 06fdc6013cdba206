"""The motivated-intruder check: how identifiable a story still is from what the anonymiser left.

Removing names is not anonymity (ICO, *Anonymisation, pseudonymisation and privacy enhancing
technologies guidance*, 2022): a parent, a governor or a journalist with the story and a search
engine may still find the school from its phase, kind, size, region, dates and events. This
package finds those details in the anonymised story (`quasi`), estimates from public counts of
UK schools how many heads the story could describe (`estimate`), and offers rewrites that make
the details which drive the estimate vaguer (`rewrite`). It reads anonymised text only and
knows nothing of Pelican.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .estimate import Estimate, Factor, estimate
from .grammar import GrammarSpan, find_by_grammar
from .quasi import QuasiIdentifier, find_quasi_identifiers
from .rewrite import Rewrite, apply_to_file, apply_to_text, rewrite_for, unified_diff
from .rules import TYPES, risk_data

#: The front matter fields read, in the order shown; the body last.
FIELDS = ("title", "summary", "role", "content_note")


@dataclass
class RiskAssessment:
    """A story's quasi-identifiers, the estimate, and the rewrites of the details that drive it."""

    details: list[QuasiIdentifier]
    estimate: Estimate
    rewrites: list[Rewrite] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def band(self) -> str:
        """high, medium or low."""
        return self.estimate.band

    @property
    def heads(self) -> int:
        """About how many heads match (at least one: the writer)."""
        return max(1, round(self.estimate.heads))

    def summary_line(self) -> str:
        """The final line of a report: `risk: high (about 2 heads match)`."""
        n = self.heads
        return f"risk: {self.band} (about {n:,} head{'s' if n != 1 else ''} match{'es' if n == 1 else ''})"

    def occurrence(self, rewrite: Rewrite) -> int:
        """How many times the rewrite's text stands earlier in its field (to find it in the file)."""
        return self.texts[rewrite.field][:rewrite.start].count(rewrite.before) if rewrite.before else 0


def story_texts(metadata: dict, body: str) -> dict[str, str]:
    """The anonymised fields a reader sees, by name (title, summary, role, content note, body)."""
    texts = {name: str(metadata[name]) for name in FIELDS if isinstance(metadata.get(name), str) and metadata[name].strip()}
    texts["body"] = body
    return texts


#: Fields the grammar layer does not read: `role` is the writer's post by design (the corpora's
#: writers disagree whether the bare post is a detail; the phrase rules read the rest of it).
NOT_PARSED = ("role",)


def grammar_details(texts: dict[str, str], found: list[QuasiIdentifier], parser=None) -> list[QuasiIdentifier]:
    """The details the grammar layer finds (`grammar.find_by_grammar`) that no phrase rule found:
    each one overlapping no detail of `found` in its field. `parser(text)` returns a parsed document
    (default: `grammar.parse`, which loads the model once); with no model, no grammar details."""
    from ..types import ModelUnavailable

    if parser is None:
        from .grammar import parse as parser
    out = []
    for name, text in texts.items():
        if name in NOT_PARSED or not text.strip():
            continue
        try:
            doc = parser(text)
        except ModelUnavailable:
            return []  # the phrase rules still run: the check degrades, it does not fail
        taken = [(qi.start, qi.end) for qi in found if qi.field == name]
        for span in find_by_grammar(doc):
            if any(span.start < e and s < span.end for s, e in taken):
                continue
            out.append(QuasiIdentifier(span.start, span.end, span.type, text[span.start:span.end],
                                       f"grammar: {span.reason}", 1.0, name, "grammar", span.reason))
    return out


def assess(metadata: dict, body: str, grammar: bool = True, parser=None) -> RiskAssessment:
    """The motivated-intruder check of one anonymised story (its front matter and body).

    The details are the phrase rules' and, with `grammar`, the grammar layer's (`grammar_details`).
    Only the phrase rules' details enter the estimate: each says what it narrows (a phase, a kind,
    a roll), while a grammar detail says only its type; it is shown for the editor to judge."""
    data = risk_data()
    texts = story_texts(metadata, body)
    found = [pair for name, text in texts.items() for pair in find_quasi_identifiers(text, name)]
    extra = grammar_details(texts, [qi for qi, _ in found], parser) if grammar else []
    est = estimate(found, texts, data)
    rules = {id(qi): rule for qi, rule in found}
    rewrites = []
    seen = set()
    for factor in est.factors:
        for qi in factor.details:
            if (qi.field, qi.start) in seen:
                continue
            seen.add((qi.field, qi.start))
            rewrites.append(rewrite_for(qi, rules[id(qi)].rewrite, texts[qi.field]))
    # the nation a story names sets how many schools it starts from: offer to widen it too
    for qi, rule in found:
        if rule.nation and rule.rewrite and (qi.field, qi.start) not in seen and est.band != "low":
            seen.add((qi.field, qi.start))
            rewrites.append(rewrite_for(qi, rule.rewrite, texts[qi.field]))
    order = list(texts)
    details = sorted([qi for qi, _ in found] + extra, key=lambda qi: (order.index(qi.field), qi.start, qi.end))
    return RiskAssessment(details, est, rewrites, texts)


def line_of(text: str, position: int) -> int:
    """1-based line number of `position` in `text`."""
    return text.count("\n", 0, position) + 1


def render_risk_report(path: str, assessment: RiskAssessment) -> str:
    """The editor's report: every detail left, the estimate, the rewrites, and the risk line last."""
    lines = [path, "", f"Details that narrow who wrote it ({len(assessment.details)}):"]
    for qi in assessment.details:
        where = f"{qi.field} line {line_of(assessment.texts[qi.field], qi.start)}"
        lines.append(f"  {where:<16} {qi.label:<13} {qi.text!r}" + ("  (from grammar: not in the estimate)"
                                                                   if qi.key == "grammar" else ""))
    est = assessment.estimate
    lines += ["", f"Estimate: {est.base}: about {round(est.base_count):,}"]
    for f in est.factors:
        note = " (no public record holds it: counts less)" if f.private else \
            (" (beside narrower details: counts less)" if f.counted is not None and f.counted > f.share else "")
        lines.append(f"  x {f.counted if f.counted is not None else f.share:<8.3g} {f.what}{note}")
    lines += [f"  = about {assessment.heads:,} heads", "", f"Driven by: {est.combination}", ""]
    if assessment.rewrites:
        lines.append("Rewrites (show one with --diff N, make it with --apply N):")
        for i, r in enumerate(assessment.rewrites, 1):
            where = f"{r.field} line {line_of(assessment.texts[r.field], r.start)}"
            lines.append(f"  {i}. {where}: {r.why}")
        lines.append("")
    lines.append(assessment.summary_line())
    return "\n".join(lines) + "\n"


__all__ = ["render_risk_report", "line_of", "assess", "RiskAssessment", "QuasiIdentifier", "Estimate", "Factor", "Rewrite", "TYPES",
           "apply_to_file", "apply_to_text", "unified_diff", "find_quasi_identifiers", "story_texts", "find_by_grammar",
           "GrammarSpan", "grammar_details"]
