"""The redaction report for editors, built from a story's `StoryRedaction`: pure, deterministic.

`story_report` turns one checked story into rows (removed words, flagged indirect identifiers,
problems) with every removed surface masked; `render_markdown` writes the pull-request comment
and `render_terminal_report` the same report for `make preview`. No timestamps, no set order:
the same stories give byte-identical output, so the comment only changes when a story does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from plugins.common.stories import STORY_FIELDS, Problem

from .masking import context_around, mask_spans, mask_text
from .session import StoryCheck

#: The hidden line by which CI finds (and updates) its own comment on a pull request.
MARKER = "<!-- safe-harbour-report -->"
CONTRIBUTING_SECTION = "CONTRIBUTING.md, section \"Reading the redaction report\""
FIELD_ORDER = ("title", "role", "summary", "content_note", "body")
FIELD_NAMES = {"title": "title", "role": "role", "summary": "summary", "content_note": "content note", "body": "text"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RemovedRow:
    """One removed span: what replaced it, why, and the masked words around it."""

    placeholder: str
    label: str
    detector: str
    field: str
    context: str


@dataclass(frozen=True)
class FlagRow:
    """One indirect identifier left in place for the editor to judge."""

    kind: str
    field: str
    text: str
    note: str
    context: str


@dataclass
class StoryReport:
    """Everything the report says about one story, already masked (when masking)."""

    number: int
    shown_path: str
    title: str
    result: str
    publishable: bool
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    removed: list[RemovedRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: words of a removed name still in the anonymised text (likely missed by the anonymiser)
    leftovers: list[FlagRow] = field(default_factory=list)
    #: the motivated-intruder check: "risk: low (about 300 heads match)", what drives it, rewrites
    risk_line: str = ""
    risk_driven_by: str = ""
    risk_rewrites: list[str] = field(default_factory=list)


#: Titles that stay readable when a name's words are masked one by one.
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "rev", "revd", "prof"}
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def name_words(surface: str) -> set[str]:
    """The single words of a removed name ("Bernadette Quarshie" -> Bernadette, Quarshie): a first
    name alone, e.g. in a file name, must be masked even when only the full name was found."""
    words = set()
    for word in _NAME_WORD.findall(surface):
        word = word.rstrip("'’")
        if len(word) >= 2 and word[0].isupper() and word.casefold().rstrip(".") not in HONORIFICS:
            words.add(word)
    return words


def removed_surfaces(redaction: Any) -> set[str]:
    """Every word to mask for a story: the anonymiser's removed surfaces, findings and
    placeholder keys, and the single words of every removed name."""
    surfaces = set(redaction.removed_surfaces())
    surfaces |= {finding.text for _, finding in redaction.findings}
    surfaces |= set(redaction.placeholders)
    for _, finding in redaction.findings:
        if finding.label == "NAME":
            surfaces |= name_words(finding.text)
    return {s for s in surfaces if s and s.strip()}


def _field_text(check: StoryCheck, name: str) -> str:
    """The original text of one analysed field: the offsets of findings and flags point into it."""
    originals = getattr(check.redaction, "originals", None) or {}
    if isinstance(originals.get(name), str):
        return originals[name]
    if check.story is None:
        return ""
    if name == "body":
        return check.story.body
    value = check.story.metadata.get(name)
    return value if isinstance(value, str) else ""


def _locate(text: str, start: int, end: int, surface: str) -> tuple[int, int] | None:
    """The span of `surface` in `text`: the recorded offsets when they hold, else its first occurrence."""
    if 0 <= start < end <= len(text) and text[start:end] == surface:
        return start, end
    at = text.find(surface) if surface else -1
    if at < 0 and surface:
        at = text.casefold().find(surface.casefold())
    return (at, at + len(surface)) if at >= 0 else None


def _placeholder_for(placeholders: dict[str, str], surface: str) -> str:
    if surface in placeholders:
        return placeholders[surface]
    folded = {k.casefold(): v for k, v in placeholders.items()}
    return folded.get(surface.casefold(), "(removed)")


def _field_rank(name: str) -> tuple[int, str]:
    return (FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER), name)


def leftover_rows(redaction: Any, words: set[str], mask: bool, marker: tuple[str, str]) -> list[FlagRow]:
    """Each place where one word of a removed name ("Quarshie" of "Bernadette Quarshie") is still
    in the ANONYMISED text: the anonymiser removed the full name but not the word alone."""
    from .masking import mask as mask_word

    name_parts = set()
    for _, finding in redaction.findings:
        if finding.label == "NAME":
            name_parts |= name_words(finding.text)
    fields = [(name, redaction.metadata.get(name)) for name in FIELD_ORDER if name != "body"] + [("body", redaction.body)]
    rows = []
    for part in sorted(name_parts):
        pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")  # as written: capitalised, like a name
        for name, text in fields:
            if not isinstance(text, str):
                continue
            for match in pattern.finditer(text):
                shown = mask_word(part) if mask else part
                context = context_around(text, match.start(), match.end(), (), words, marker=marker, shown=shown)
                rows.append(FlagRow("part of a removed name", FIELD_NAMES.get(name, name), shown,
                                    "still in the anonymised text", context))
    return sorted(rows, key=lambda r: (_field_rank(next((k for k, v in FIELD_NAMES.items() if v == r.field), r.field)), r.context, r.text))


def _problem_line(problem: Problem, shown_path: str, masked) -> str:
    """A problem as the build prints it, with the path shown as given and the details masked;
    a schema field's own name is never masked (it may look like a masked word: "Slug")."""
    field_name = problem.field if problem.field in STORY_FIELDS else masked(problem.field)
    where = f"{shown_path}: " + (f"field '{field_name}': " if problem.field else "")
    return where + masked(problem.message)


def _result(check: StoryCheck) -> str:
    if check.problems:
        return "stops the build: fix the problems below"
    if check.error:
        return "could not be anonymised: " + check.error
    if check.skip_reason:
        return f"not published ({check.skip_reason})"
    return "will be published"


def story_report(check: StoryCheck, number: int, surfaces: set[str] | None = None, mask: bool = True,
                 marker: tuple[str, str] = ("\x01", "\x02")) -> StoryReport:
    """One story's report. With `mask`, every removed surface is masked everywhere (path, title,
    context, problems); `surfaces` adds words to mask when there is no redaction (a broken story),
    and None there means they are unknown, so the file's name and details are hidden entirely."""
    redaction = check.redaction
    known: set[str] | None = set(surfaces or ())
    if redaction is not None:
        known |= removed_surfaces(redaction)
    elif surfaces is None:
        known = None
    hide_all = mask and known is None
    words = set() if not mask else (known or set())

    def masked(text: str) -> str:
        return mask_text(text, words) if mask else text

    name = Path(check.path).name
    if hide_all:
        shown_path = f"changed story {number} (file name hidden: it could not be checked for names)"
    else:
        shown_path = masked(check.path)
    title = masked(_SPACE.sub(" ", str(redaction.metadata.get("title", "")).strip())) if redaction is not None else ""
    report = StoryReport(number, shown_path, title or f"Story {number}", _result(check), check.publishable)

    if hide_all:
        report.problems = [f"field '{p.field}': (details hidden; run `make preview STORY=...` on your computer)"
                           if p.field else "(details hidden; run `make preview STORY=...` on your computer)"
                           for p in check.problems]
    else:
        report.problems = [_problem_line(p, shown_path, masked) for p in check.problems]
    if not hide_all and words and mask_text(name, words) != name:
        report.notes.append("Rename this file: its name contains a word the anonymiser removes from the story "
                            "(shown masked above). File names are public in the repository; "
                            "`make new-story` makes a safe one.")
    if redaction is None:
        return report

    spans_by_field: dict[str, list[tuple[int, int]]] = {}
    located = []
    for field_name, finding in redaction.findings:
        text = _field_text(check, field_name)
        span = _locate(text, finding.start, finding.end, finding.text)
        if span is not None:
            spans_by_field.setdefault(field_name, []).append(span)
        located.append((field_name, finding, span))
    for field_name, finding, span in sorted(located, key=lambda r: (_field_rank(r[0]), r[2] or (-1, -1), r[1].label, r[1].source)):
        text = _field_text(check, field_name)
        context = ""
        if span is not None:
            if mask:
                context = context_around(text, span[0], span[1], spans_by_field[field_name], words, marker=marker)
            else:
                context = context_around(text, span[0], span[1], (), (), marker=marker, shown=finding.text)
        report.removed.append(RemovedRow(_placeholder_for(redaction.placeholders, finding.text), finding.label,
                                         masked(finding.source), FIELD_NAMES.get(field_name, field_name), context))
    for field_name, flag in sorted(redaction.flags, key=lambda r: (_field_rank(r[0]), r[1].start, r[1].end, r[1].kind)):
        text = _field_text(check, field_name)
        shown = masked(flag.text)
        span = _locate(text, flag.start, flag.end, flag.text)
        context = ""
        if span is not None:
            spans = spans_by_field.get(field_name, []) if mask else []
            context = context_around(text, span[0], span[1], spans, words, marker=marker, shown=shown)
        report.flags.append(FlagRow(flag.kind.replace("_", " "), FIELD_NAMES.get(field_name, field_name), shown, masked(flag.note), context))
    report.warnings = [masked(str(w)) for w in redaction.warnings]
    risk = getattr(check, "risk", None)
    if risk is not None:
        report.risk_line = risk.summary_line()
        report.risk_driven_by = masked(risk.estimate.combination)
        report.risk_rewrites = [masked(f"{r.field}: {r.why}") for r in risk.rewrites]
    report.leftovers = leftover_rows(redaction, words if mask else set(), mask, marker)
    return report


# -- Markdown (the pull-request comment) ------------------------------------------------------

_MD_ESCAPES = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "~": "\\~", "|": "\\|",
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "&#64;",
})
#: "#12" would link an issue; "##" headings are harmless inside a table cell.
_ISSUE_REF = re.compile(r"#(?=\w)")


def md(text: str) -> str:
    """Story text made inert in a GitHub comment: no formatting, links, HTML, @mentions or #refs."""
    text = _ISSUE_REF.sub("\x03", _SPACE.sub(" ", text).strip()).translate(_MD_ESCAPES)
    return text.replace("\x03", "&#35;").replace("\x01", "**").replace("\x02", "**")


def code(text: str) -> str:
    """Text in an inline code span (placeholders, file names); backticks cannot break out."""
    return "`" + _SPACE.sub(" ", text).replace("`", "'") + "`"


def render_markdown(reports: Iterable[StoryReport]) -> str:
    """The pull-request comment: a summary table, then each story's findings, flags and problems."""
    reports = list(reports)
    lines = [MARKER, "## Safe Harbour redaction report", ""]
    if not reports:
        lines += ["This pull request changes no stories.", ""]
        return "\n".join(lines)
    blocked = sum(1 for r in reports if r.problems or r.result.startswith("could not"))
    lines += [
        f"{len(reports)} changed {'story' if len(reports) == 1 else 'stories'}"
        + (f"; **{blocked} must be fixed before merging**." if blocked else "."),
        "Removed words are masked as their first letter and length, e.g. `B……(10)`. "
        f"What the labels and flags mean, and what to do: {CONTRIBUTING_SECTION}.",
        "",
        "| # | Story | Result | Removed | To check |",
        "| ---: | --- | --- | ---: | ---: |",
    ]
    for r in reports:
        lines.append(f"| {r.number} | {md(r.title)} | {md(r.result)} | {len(r.removed)} | {len(r.flags) + len(r.leftovers)} |")
    for r in reports:
        lines += ["", f"### {r.number}. {md(r.title)}", "", f"{code(r.shown_path)}: **{md(r.result)}**", ""]
        if r.problems:
            lines += ["**Problems** (the build stops until each is fixed):", ""]
            lines += [f"- {md(p)}" for p in r.problems] + [""]
        for note in r.notes:  # the tool's own sentences, never story text: written as they are
            lines += [f"> **{note}**", ""]
        if r.removed:
            lines += [f"**Removed ({len(r.removed)})**", "",
                      "| Placeholder | Label | Detector | In | Words around it |", "| --- | --- | --- | --- | --- |"]
            lines += [f"| {code(row.placeholder)} | {md(row.label)} | {md(row.detector)} | {md(row.field)} | {md(row.context)} |"
                      for row in r.removed]
            lines.append("")
        elif r.title and not r.problems and not r.result.startswith("could not"):
            lines += ["Nothing was removed. Read the story once more for names, places and schools the "
                      "anonymiser may not know.", ""]
        if r.flags:
            lines += [f"**Indirect identifiers to check ({len(r.flags)})**: left in the story; make each one vaguer, "
                      "or add it to `redact:` if it must be removed.", "",
                      "| Kind | In | Words | Why | Words around it |", "| --- | --- | --- | --- | --- |"]
            lines += [f"| {md(f.kind)} | {md(f.field)} | {md(f.text)} | {md(f.note)} | {md(f.context)} |" for f in r.flags]
            lines.append("")
        if r.risk_line:
            lines += [f"**Re-identification {md(r.risk_line)}**, driven by: {md(r.risk_driven_by)}.", ""]
            if r.risk_rewrites:
                lines += ["Rewrites that lower it (`python -m anonymiser risk FILE --diff N`, then `--apply N`):", ""]
                lines += [f"{i}. {md(w)}" for i, w in enumerate(r.risk_rewrites, 1)] + [""]
        if r.leftovers:
            lines += [f"**Possibly missed ({len(r.leftovers)})**: part of a removed name is still in the anonymised "
                      "text. If it is the same person, add it to `redact:`; if not, say so to the reviewer.", "",
                      "| Word | In | Words around it |", "| --- | --- | --- |"]
            lines += [f"| {md(f.text)} | {md(f.field)} | {md(f.context)} |" for f in r.leftovers]
            lines.append("")
        if r.warnings:
            lines += ["**Warnings**", ""] + [f"- {md(w)}" for w in r.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- Plain text (the terminal, for make preview) -----------------------------------------------

def _plain(text: str) -> str:
    return _SPACE.sub(" ", text).strip().replace("\x01", "»").replace("\x02", "«")


def render_terminal_report(r: StoryReport) -> str:
    """The same report as plain text for a terminal: one finding per line."""
    lines = [f"Result: {r.result}"]
    lines += [f"PROBLEM: {_plain(p)}" for p in r.problems]
    lines += [f"NOTE: {_plain(n)}" for n in r.notes]
    lines += ["", f"Removed ({len(r.removed)}):"]
    if not r.removed:
        lines.append("  nothing (read the story once more for names, places and schools)")
    for row in r.removed:
        lines.append(f"  {row.placeholder:<16} {row.label:<12} {row.detector:<12} {row.field:<12} {_plain(row.context)}")
    lines += ["", f"Indirect identifiers to check ({len(r.flags)}): left in place; make them vaguer or add them to redact:"]
    for f in r.flags:
        lines.append(f"  {f.kind:<16} {f.field:<12} {_plain(f.text)!r}: {_plain(f.note)}")
        if f.context:
            lines.append(f"  {'':<16} {'':<12} {_plain(f.context)}")
    if r.risk_line:
        lines += ["", f"Re-identification {r.risk_line}, driven by: {_plain(r.risk_driven_by)}"]
        lines += [f"  {i}. {_plain(w)}" for i, w in enumerate(r.risk_rewrites, 1)]
        if r.risk_rewrites:
            lines.append("  (see one with `python -m anonymiser risk FILE --diff N`; make it with `--apply N`)")
    if r.leftovers:
        lines += ["", f"Possibly missed ({len(r.leftovers)}): part of a removed name is still in the anonymised text;"
                  " if it is the same person, add it to redact:"]
        lines += [f"  {_plain(f.text):<16} {f.field:<12} {_plain(f.context)}" for f in r.leftovers]
    if r.warnings:
        lines += ["", "Warnings:"] + [f"  {_plain(w)}" for w in r.warnings]
    return "\n".join(lines) + "\n"


__all__ = ["MARKER", "RemovedRow", "FlagRow", "StoryReport", "story_report", "removed_surfaces",
           "render_markdown", "render_terminal_report", "md", "code", "mask_spans"]
