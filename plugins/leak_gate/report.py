"""`make report`: the editor's report, one file per story and a one-page summary, never published.

    python -m plugins.leak_gate.report [--settings pelicanconf.py] [--out reports] [--mask]

Reads the stories exactly as the build does (same settings, same policy, same anonymiser
cache through `plugins.anonymise.adapter.StoryAnonymiser`), so after a build every story is a
cache hit and the report costs no model load. Each story's report is the anonymiser's own
(`anonymiser.report.render_story_report`: findings in context with label, detector and
placeholder, flags, warnings) followed by how the leak gate matches each removed surface.
`reports/index.md` sums it up: stories, findings by label, stories with flags, skipped stories
and why, stories with problems, warnings (such as keep/redact conflicts) and the allowlist.
The reports name real people: they go to `reports/` (git-ignored), never into the output.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from plugins.common.settings import SiteSettings
from plugins.common.settings import read as read_settings
from plugins.common.stories import SourceError, Story, load_story, load_themes

from .surfaces import parse_allowlist, story_surfaces
from .words import is_dictionary_word, is_ordinary_word

DEFAULT_OUT = Path("reports")


def pelican_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's settings from `settings_file` (as `pelican -s` reads them), with `overrides`."""
    from pelican.settings import read_settings as read_pelican_settings

    return read_pelican_settings(str(settings_file), override=overrides or {})


def collect(site: SiteSettings) -> tuple[dict[str, Any], dict[str, str], dict[str, list[str]]]:
    """(redactions, skipped, problems) for every story file, keyed by path relative to the content folder.

    Uses the build's anonymiser adapter: cached stories cost a file read; misses are
    anonymised in one batch, as a cold build would.
    """
    from plugins.anonymise.adapter import StoryAnonymiser  # imports the anonymiser (and spaCy only on a miss)

    themes = load_themes(site.story_themes_file)
    stories: list[Story] = []
    skipped: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for path in sorted(site.stories_dir.rglob("*.md")):
        name = path.relative_to(site.content_path).as_posix()
        try:
            story = load_story(path, themes)
        except SourceError as err:
            problems[name] = [str(p) for p in err.problems]
            continue
        reason = story.skip_reason()
        if reason is not None:
            skipped[name] = reason
        else:
            stories.append(story)
    adapter = StoryAnonymiser(site)
    adapter.prefetch(stories)
    redactions = {Path(s.path).resolve().relative_to(site.content_path).as_posix(): adapter.anonymise(s) for s in stories}
    return redactions, skipped, problems


def gate_section(name: str, redaction: Any, model: str, allowlist: list | None = None) -> str:
    """How the leak gate matches each surface removed from one story (mode, label, allowlisted or not)."""
    surfaces = story_surfaces({name: redaction}, lambda word: is_ordinary_word(word, model),
                              lambda word: is_dictionary_word(word, model))
    allowed = {a.tokens for a in allowlist or ()}
    lines = [f"leak gate: {len(surfaces)} surfaces"]
    for surface in surfaces:
        note = "; allowlisted (LEAK_GATE_ALLOWLIST)" if surface.tokens in allowed else ""
        lines.append(f"  {surface.label:<11} {surface.text!s:<30} matched {surface.mode}{note}")
    return "\n".join(lines) + "\n"


def render_index(redactions: dict[str, Any], skipped: dict[str, str], problems: dict[str, list[str]],
                 allowlist: list, report_names: dict[str, str]) -> str:
    """The one-page summary (Markdown): counts, findings by label, flags, skips, problems, warnings."""
    by_label: Counter[str] = Counter()
    for redaction in redactions.values():
        by_label.update(f.label for _, f in redaction.findings)
    flagged = {name: r for name, r in redactions.items() if r.flags}
    warned = {name: r.warnings for name, r in redactions.items() if r.warnings}
    out = ["# Editor's report", "",
           "Private: names real people and places. Never publish, never copy into output/.", "",
           f"- stories anonymised: {len(redactions)}",
           f"- findings: {sum(by_label.values())}",
           f"- stories with flagged indirect identifiers: {len(flagged)}",
           f"- stories skipped (never published): {len(skipped)}",
           f"- stories with problems (the build stops): {len(problems)}", "",
           "## Findings by label", "", "| label | findings |", "| --- | --- |"]
    out += [f"| {label} | {count} |" for label, count in sorted(by_label.items())] or ["| (none) | 0 |"]
    out += ["", "## Stories", "", "| story | findings | flags | warnings | report |", "| --- | --- | --- | --- | --- |"]
    for name, r in sorted(redactions.items()):
        out.append(f"| {name} | {len(r.findings)} | {len(r.flags)} | {len(r.warnings)} | [{report_names[name]}]({report_names[name]}) |")
    out += ["", "## Stories with flags", ""]
    for name, r in sorted(flagged.items()):
        kinds = Counter(fl.kind for _, fl in r.flags)
        out.append(f"- {name}: " + ", ".join(f"{kind} ×{n}" for kind, n in sorted(kinds.items())))
    out += ["", "## Skipped stories", ""]
    out += [f"- {name}: {reason}" for name, reason in sorted(skipped.items())] or ["- none"]
    out += ["", "## Stories with problems", ""]
    out += [f"- {problem}" for name in sorted(problems) for problem in problems[name]] or ["- none"]
    out += ["", "## Warnings", ""]
    out += [f"- {name}: {w}" for name, ws in sorted(warned.items()) for w in ws] or ["- none"]
    out += ["", "## Leak gate allowlist (LEAK_GATE_ALLOWLIST)", ""]
    out += [f"- {a.term!r}: {a.why}" for a in allowlist] or ["- empty"]
    return "\n".join(out) + "\n"


def write_reports(site: SiteSettings, out: Path, output_path: Path | None = None, mask: bool = False) -> Path:
    """Write one report per story and `index.md` into `out`; returns the index path."""
    from anonymiser.report import render_story_report

    out = out.resolve()
    if output_path is not None and out.is_relative_to(output_path.resolve()):
        raise SystemExit(f"refusing to write the editor's report inside the site output {output_path}")
    redactions, skipped, problems = collect(site)
    allowlist = parse_allowlist(site.leak_gate_allowlist)
    out.mkdir(parents=True, exist_ok=True)
    report_names: dict[str, str] = {}
    for name, redaction in sorted(redactions.items()):
        report_name = Path(name).with_suffix(".txt").name
        report_names[name] = report_name
        text = render_story_report(name, redaction, mask=mask)
        if not mask:
            text += gate_section(name, redaction, site.anonymiser_model, allowlist)
        (out / report_name).write_text(text, encoding="utf-8")
    index = out / "index.md"
    index.write_text(render_index(redactions, skipped, problems, allowlist, report_names), encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    """Command line: write the editor's report for the site's stories."""
    parser = argparse.ArgumentParser(prog="python -m plugins.leak_gate.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"), help="default: pelicanconf.py")
    parser.add_argument("--content", type=Path, help="content folder (default: the settings' PATH)")
    parser.add_argument("--cache", type=Path, help="anonymiser cache (default: the settings' ANONYMISER_CACHE_DIR)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}/")
    parser.add_argument("--mask", action="store_true", help="show removed surfaces as first letter and length")
    args = parser.parse_args(argv)
    overrides: dict[str, Any] = {}
    if args.content:
        overrides["PATH"] = str(args.content.resolve())
    if args.cache:
        overrides["ANONYMISER_CACHE_DIR"] = str(args.cache.resolve())
    settings = pelican_settings(args.settings, overrides)
    site = read_settings(settings)
    index = write_reports(site, args.out, Path(settings.get("OUTPUT_PATH", "output")), mask=args.mask)
    print(f"editor's report: {index} (and one file per story beside it); private, never published")
    return 0


if __name__ == "__main__":
    sys.exit(main())
