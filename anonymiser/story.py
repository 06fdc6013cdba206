"""Stories: front matter free-text fields and body analysed jointly.

A name found in the body is removed from the title too, and placeholders are
consistent across fields because everything is analysed as one text.
"""
from __future__ import annotations

import copy
import datetime
import json
from dataclasses import dataclass, field
from functools import cached_property

from .core import analyse_contexts, prepare, surfaces_to_force
from .flags import find_flags
from .placeholders import assign, render
from .types import Finding, Flag

FREE_TEXT_FIELDS = ("title", "summary", "content_note", "role")
SEPARATOR = "\n\n"
#: The order in which a story's fields are analysed, reported and flagged: front matter, then body.
FIELD_ORDER = FREE_TEXT_FIELDS + ("body",)


def _terms(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None and str(v).strip())
    return (str(value),)


@dataclass
class StoryRedaction:
    """A redacted story: metadata copy with free-text fields redacted, body, and what was done.

    `flags` (indirect identifiers for the editor) are not part of the data: only the editors'
    reports show them, so they are found from `originals` and `findings` when first read, and
    the build, which never reads them, never pays for them (nor stores them in its cache)."""

    metadata: dict
    body: str
    findings: list[tuple[str, Finding]] = field(default_factory=list)
    placeholders: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    redact_terms: list[str] = field(default_factory=list)
    # original text of each analysed field ("body", "title", ...), for reports in context and flags
    originals: dict[str, str] = field(default_factory=dict)

    @cached_property
    def flags(self) -> list[tuple[str, Flag]]:
        """(field, flag) of every indirect identifier left in the story, fields in FIELD_ORDER,
        each field's in reading order; found on first read, then kept."""
        return story_flags(self.originals, self.findings)

    def removed_surfaces(self) -> set[str]:
        """Every surface removed anywhere in the story, variants and forced redact terms included."""
        return {f.text for _, f in self.findings} | set(self.redact_terms)

    def to_json(self) -> str:
        """Serialise; dates in metadata survive the round trip, other non-JSON values become strings."""
        return json.dumps({
            "metadata": _encode(self.metadata),
            "body": self.body,
            "findings": [[fld, f.to_dict()] for fld, f in self.findings],
            "placeholders": self.placeholders,
            "warnings": self.warnings,
            "redact_terms": self.redact_terms,
            "originals": self.originals,
        }, default=str, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, s: str) -> "StoryRedaction":
        """Inverse of to_json (flags are found again from the originals when read)."""
        d = json.loads(s)
        return cls(
            metadata=_decode(d["metadata"]),
            body=d["body"],
            findings=[(fld, Finding.from_dict(f)) for fld, f in d["findings"]],
            placeholders=d["placeholders"],
            warnings=d["warnings"],
            redact_terms=d.get("redact_terms", []),
            originals=d.get("originals", {}),
        )


def story_flags(originals: dict[str, str], findings: list[tuple[str, Finding]]) -> list[tuple[str, Flag]]:
    """(field, flag) of each field's indirect identifiers (`find_flags` over its original text)
    that no removed finding of the same field overlaps, fields in FIELD_ORDER.

    A detail inside a removed name ("Primary" of "Fallowmere Primary School") goes with the
    name: flagging it would show part of the name to the editor's report. Findings carry
    offsets local to their field, as the flags do."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    flags: list[tuple[str, Flag]] = []
    # a field's order, not the dict's: originals read back from JSON come in key order
    for name in sorted(originals, key=lambda n: rank.get(n, len(rank))):
        removed = [f for fld, f in findings if fld == name]
        flags.extend((name, fl) for fl in find_flags(originals[name])
                     if not any(f.start < fl.end and fl.start < f.end for f in removed))
    return flags


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"__date__"}:
            return datetime.date.fromisoformat(value["__date__"])
        if set(value) == {"__datetime__"}:
            return datetime.datetime.fromisoformat(value["__datetime__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def story_policy(metadata: dict, policy):
    """The policy plus this story's front matter keep/redact lists."""
    return policy.with_terms(keep=_terms(metadata.get("keep")), redact=_terms(metadata.get("redact")))


def _joint(metadata: dict, body: str):
    """Join free-text fields and body into one text; returns (text, [(field, start, end)])."""
    parts, ranges, pos = [], [], 0
    for name in FREE_TEXT_FIELDS:
        value = metadata.get(name)
        if isinstance(value, str) and value.strip():
            parts.append(value)
            ranges.append((name, pos, pos + len(value)))
            pos += len(value) + len(SEPARATOR)
            parts.append(SEPARATOR)
    parts.append(body)
    ranges.append(("body", pos, pos + len(body)))
    return "".join(parts), ranges


def _prepare_story(metadata: dict, body: str, policy):
    pol = story_policy(metadata or {}, policy)
    text, ranges = _joint(metadata or {}, body)
    ctx, chunks = prepare(text, pol, body_range=ranges[-1][1:])
    return pol, text, ranges, ctx, chunks


def _finish_story(metadata, body, pol, text, ranges, findings, warnings) -> StoryRedaction:
    out_meta = copy.deepcopy(metadata or {})
    per_field: list[tuple[str, Finding]] = []
    new_body = body
    originals = {}
    all_local = []
    for name, s, e in ranges:
        # a finding that runs across a field boundary is cut at it (both parts removed: fail safe)
        local = [Finding(max(f.start, s) - s, min(f.end, e) - s, f.label, text[max(f.start, s):min(f.end, e)],
                         f.source, f.score)
                 for f in findings if f.start < e and f.end > s and text[max(f.start, s):min(f.end, e)].strip()]
        per_field.extend((name, f) for f in local)
        all_local.append((name, s, e, local))
    placeholders = assign([Finding(f.start + s, f.end + s, f.label, f.text, f.source, f.score)
                           for _, s, _, local in all_local for f in local], pol.lexicon)
    for name, s, e, local in all_local:
        original = text[s:e]
        originals[name] = original
        redacted = render(original, local, placeholders)
        if name == "body":
            new_body = redacted
        else:
            out_meta[name] = redacted
    return StoryRedaction(out_meta, new_body, per_field, placeholders, warnings, list(pol.redact), originals)


def redact_story(metadata: dict, body: str, policy) -> StoryRedaction:
    """Redact a story's free-text front matter fields and body jointly (see module doc)."""
    return redact_stories([(metadata, body)], policy)[0]


def _redact_once(items, policy, extra_terms) -> list[StoryRedaction]:
    """One analysis pass over a batch; `extra_terms[i]` are surfaces forced out of story i."""
    prepared = [_prepare_story(m, b, policy.with_terms(redact=extra)) for (m, b), extra in zip(items, extra_terms)]
    results = []
    # group by effective policy (front matter keep/redact differ per story) but run the model once
    analysed = analyse_contexts([(ctx, chunks) for _, _, _, ctx, chunks in prepared], policy)
    for (m, b), (pol, text, ranges, _, _), (findings, warnings) in zip(items, prepared, analysed):
        results.append(_finish_story(m, b, pol, text, ranges, findings, warnings))
    return results


def _surfaces_found(items, policy, extra_terms) -> list[set[str]]:
    """What one analysis pass finds in each story (surfaces only: no flags, placeholders or
    rendering, which the fixpoint check does not need)."""
    prepared = [_prepare_story(m, b, policy.with_terms(redact=extra)) for (m, b), extra in zip(items, extra_terms)]
    analysed = analyse_contexts([(ctx, chunks) for _, _, _, ctx, chunks in prepared], policy)
    return [{f.text for f in findings} for findings, _ in analysed]


#: Passes after the first that may still find something; each one only ever removes more.
MAX_EXTRA_PASSES = 4


def _redact_batch(items, policy) -> list[StoryRedaction]:
    """Redact a batch to a fixpoint, so that redacting the output again changes nothing.

    Replacing a word changes the context of its neighbours (the model's window, a line's share
    of capitals), so a second pass over the output can find a word the first pass let through.
    Every such surface is forced out of the ORIGINAL story as a redact term and the story is
    analysed again, until a pass over the output finds nothing. On real stories the check pass
    finds nothing, costing one cheaper pass over the redacted text.
    """
    extra: list[tuple[str, ...]] = [() for _ in items]
    results = _redact_once(items, policy, extra)
    pending = list(range(len(items)))
    for _ in range(MAX_EXTRA_PASSES):
        checks = _surfaces_found([(results[i].metadata, results[i].body) for i in pending], policy, [extra[i] for i in pending])
        still = []
        for i, found in zip(pending, checks):
            missed = surfaces_to_force(found, extra[i], {f.text.lower() for _, f in results[i].findings}, policy.lexicon)
            if missed:
                extra[i] = extra[i] + missed
                still.append(i)
        if not still:
            break
        for i, result in zip(still, _redact_once([items[i] for i in still], policy, [extra[i] for i in still])):
            results[i] = result
        pending = still
    return results


_WORKER_POLICY = None


def _worker_init(policy):
    global _WORKER_POLICY
    _WORKER_POLICY = policy
    from .model import load_model

    load_model(policy.model)


def _worker_run(batch):
    return _redact_batch(batch, _WORKER_POLICY)


def redact_stories(items: list[tuple[dict, str]], policy, n_process: int = 1, batch_size: int = 16) -> list[StoryRedaction]:
    """Redact many stories, running the model in batch; n_process>1 uses a process pool
    (each worker loads the model once). Results equal redact_story one by one."""
    items = list(items)
    if n_process <= 1 or len(items) <= batch_size:
        out = []
        for i in range(0, len(items), batch_size):
            out.extend(_redact_batch(items[i:i + batch_size], policy))
        return out
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx, initializer=_worker_init, initargs=(policy,)) as pool:
        out = []
        for res in pool.map(_worker_run, batches):
            out.extend(res)
    return out
