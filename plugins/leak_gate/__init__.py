"""Pelican plugin: the leak gate. After the site is written, prove no removed surface escaped.

Signals used:
- `get_generators` (start of every build): forget the last build's stories.
- `article_generator_context` (each story read): note the story's redaction, which the
  anonymising reader puts in its metadata (`redaction`, `story_source`). Every story the
  reader anonymised passes here, whatever Pelican does with it afterwards.
- `finalized` (the output is complete): scan every file of the output, contents and names,
  for every surface the anonymiser removed from any story this build and every `redact:`
  term; write the manifest `make check` re-scans with; on any hit, empty the output (unless
  LEAK_GATE_ON_LEAK = "keep" in a development build) and fail the build with one line per leak.

The gate connects last (it is last in PLUGINS), so it sees what every other plugin wrote.
The core is pure and lives beside this file: `text.py` (undo disguises, tokenise),
`surfaces.py` (what to look for, how), `scan.py` (hashed n-gram matcher, manifest).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican import signals
from pelican.utils import clean_output_dir

from plugins.common.settings import is_ci, read as read_settings

from .scan import Matcher, load_clean_files, read_manifest, save_clean_files, write_manifest
from .surfaces import NAME_CASE, parse_allowlist, story_surfaces
from .words import is_dictionary_word, is_ordinary_word

__all__ = ["register", "LeakFound", "run_gate", "gated_redactions"]

logger = logging.getLogger(__name__)
ON_LEAK_ACTIONS = ("delete", "keep")

#: source path -> StoryRedaction of every story the current build anonymised (this plugin's own
#: state, filled from Pelican's signal; `make serve` runs many builds in one process, so it is
#: emptied at the start of each).
_redactions: dict[str, object] = {}


def forget_stories(pelican=None) -> None:
    """Start a build knowing no story's redaction."""
    _redactions.clear()


def note_story(generator, metadata) -> None:
    """Remember the redaction the reader attached to a story (pages and skipped stories have none)."""
    redaction = metadata.get("redaction")
    if redaction is not None:
        _redactions[str(metadata.get("story_source") or metadata.get("slug"))] = redaction


def check_every_story_noted(generators) -> None:
    """Fail closed if a story reached the build without its redaction reaching the gate.

    Every published article that is a story must carry the redaction the reader made (with
    ANONYMISE on): one without it would be written with nothing to gate it by. One whose
    redaction the signal did not bring is noted now."""
    site = read_settings(generators[0].settings) if generators else None
    if site is None or not site.anonymise:
        return
    missing = []
    for generator in generators:
        for article in [*getattr(generator, "articles", ()), *getattr(generator, "hidden_articles", ()),
                        *getattr(generator, "drafts", ())]:
            if not getattr(article, "is_story", False):
                continue
            redaction = getattr(article, "redaction", None)
            if redaction is None:
                missing.append(str(article.source_path))
            else:
                _redactions.setdefault(str(getattr(article, "story_source", "") or article.source_path), redaction)
    if missing:
        raise LeakFound("the leak gate has no redaction for these stories, so it could not check the output "
                        "for what was removed from them; nothing was written:\n  " + "\n  ".join(sorted(missing)))


def gated_redactions() -> dict[str, object]:
    """The redactions of the current (or last) build, by source path: what the gate scans for."""
    return dict(_redactions)


class LeakFound(Exception):
    """A removed surface is in the output: the build fails and the output must not be deployed.

    `leaks` holds every `scan.Leak` found (surfaces in clear only in memory), for tools such
    as `make bench-publish` that classify them.
    """

    exitcode = 1
    editor_facing = True  # the message names every leak; no traceback in the log

    def __init__(self, message: str, leaks: list | None = None):
        super().__init__(message)
        self.leaks = list(leaks or [])


def story_fields(redaction) -> list[tuple[str, str]]:
    """A story's published text as (field, text): the anonymised one-line fields and the body."""
    fields = [(name, str(redaction.metadata[name])) for name in ("title", "summary", "role", "content_note")
              if redaction.metadata.get(name)]
    return fields + [("body", redaction.body)]


def holders_by_key(matcher: Matcher, keys: set[str], redactions: dict) -> dict[str, list[str]]:
    """Where each leaked surface (by key) stands in the stories' published text: "file, field 'x', line N".

    The output is made from these texts, so this names the story to fix, not just the page
    that printed it. A key no story holds is absent (a page or the theme printed it)."""
    from .text import tokenise

    found: dict[str, list[str]] = {}
    for path, redaction in sorted(redactions.items()):
        for field, text in story_fields(redaction):
            seen: set[str] = set()
            for number, line in enumerate(text.splitlines(), 1):
                for entry, _, _ in matcher.find(tokenise([line])):
                    if entry.key in keys and entry.key not in seen:
                        seen.add(entry.key)
                        found.setdefault(entry.key, []).append(
                            f"{path}, field '{field}'" + (f", line {number}" if field == "body" else ""))
    return found


def explain(leak, holders: list[str], mask: bool) -> str:
    """One leak as an editor can act on it: what, where it stands in a story, where it was removed, the fix."""
    origins = ", ".join(leak.entry.stories)
    shown = leak.entry.shown(mask)
    if holders:
        where = "; ".join(holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
        fix = (f"if it names someone there, add {shown} to `redact:` in that story; if it is an ordinary word "
               f"the anonymiser removed by mistake, add it to `keep:` in {origins}")
    else:
        where = "no story's text (a page of the site or the theme printed it)"
        fix = "remove it from that page or template, or if it may stand there, add it to LEAK_GATE_ALLOWLIST with a reason"
    return f"{leak.line(mask)}\n      stands in: {where}\n      fix: {fix}"


def _say(message: str) -> None:
    """Print to the build's console (Pelican shows warnings by default, not info)."""
    logger.warning(message)


def display_path(path: str) -> str:
    """A source path relative to the working folder when it is inside it (shorter lines, portable manifest)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def previous_salt(manifest: Path) -> bytes | None:
    """The salt of the last build's manifest, so unchanged files keep their clean-scan digests."""
    try:
        return bytes.fromhex(read_manifest(manifest)["salt"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_gate(pelican) -> None:
    """Scan the finished output; write the manifest; raise `LeakFound` on any leak."""
    started = time.perf_counter()
    site = read_settings(pelican.settings)
    output = Path(pelican.output_path)
    allowlist = parse_allowlist(site.leak_gate_allowlist)
    if site.leak_gate_on_leak not in ON_LEAK_ACTIONS:
        raise ValueError(f"LEAK_GATE_ON_LEAK must be one of {ON_LEAK_ACTIONS}, got {site.leak_gate_on_leak!r}")
    for term in allowlist:
        _say(f"Leak gate allowlist: {term.term!r} may appear anywhere: {term.why}")

    redactions = {display_path(path): redaction for path, redaction in _redactions.items()}
    words_cache = site.leak_gate_manifest.parent
    surfaces = story_surfaces(redactions, lambda word: is_ordinary_word(word, site.anonymiser_model, words_cache),
                              lambda word: is_dictionary_word(word, site.anonymiser_model, words_cache))
    matcher = Matcher.build(surfaces, allowlist, salt=previous_salt(site.leak_gate_manifest))
    write_manifest(site.leak_gate_manifest, matcher.manifest(output, allowlist, anonymised=site.anonymise))
    if not site.anonymise:
        _say("Leak gate: ANONYMISE is off, so there is nothing to gate; `make check` refuses this output.")
        return

    clean_files_path = site.leak_gate_manifest.with_name("clean-files.json")
    fingerprint = matcher.fingerprint()
    clean = load_clean_files(clean_files_path, fingerprint)
    leaks, scanned = matcher.scan_output(output, clean)
    save_clean_files(clean_files_path, fingerprint, clean)
    relaxed = sum(1 for s in surfaces if s.mode == NAME_CASE)
    logger.info(
        "Leak gate: %d files, %d surfaces (%d matched only as names) from %d stories in %.2fs",
        scanned, len(surfaces), relaxed, len(redactions), time.perf_counter() - started,
    )
    if not leaks:
        return
    mask = is_ci()
    holders = holders_by_key(matcher, {leak.entry.key for leak in leaks}, redactions)
    lines = [explain(leak, holders.get(leak.entry.key, []), mask) for leak in leaks]
    keep = site.leak_gate_on_leak == "keep" and not site.publishing
    if keep:
        fate = f"LEAK_GATE_ON_LEAK=keep: {output} is left for inspection; never deploy it"
    else:
        clean_output_dir(str(output), [])
        fate = f"{output} was emptied so nothing of this build can be deployed"
    raise LeakFound(
        f"{len(lines)} leak(s) of removed surfaces in the output; {fate}.\n  "
        + "\n  ".join(lines)
        + f"\nManifest: {site.leak_gate_manifest}",
        leaks,
    )


def register() -> None:
    """Connect the gate to Pelican's signals: note each story's redaction, scan when the output is complete."""
    signals.get_generators.connect(forget_stories)
    signals.article_generator_context.connect(note_story)
    signals.page_generator_context.connect(note_story)  # a story is never a page; if one were, it is gated too
    signals.all_generators_finalized.connect(check_every_story_noted)
    signals.finalized.connect(run_gate)
