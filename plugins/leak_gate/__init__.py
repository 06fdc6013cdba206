"""Pelican plugin: the leak gate. After the site is written, prove no removed surface escaped.

Signals used:
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

from plugins.common.settings import read as read_settings

from .scan import Matcher, is_ci, load_clean_files, read_manifest, save_clean_files, write_manifest
from .surfaces import NAME_CASE, parse_allowlist, story_surfaces
from .words import is_dictionary_word, is_ordinary_word

__all__ = ["register", "LeakFound", "run_gate"]

logger = logging.getLogger(__name__)
ON_LEAK_ACTIONS = ("delete", "keep")


class LeakFound(Exception):
    """A removed surface is in the output: the build fails and the output must not be deployed."""

    exitcode = 1
    editor_facing = True  # the message names every leak; no traceback in the log


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
    from plugins.anonymise.build import CURRENT  # the build's redactions, reset per build

    started = time.perf_counter()
    site = read_settings(pelican.settings)
    output = Path(pelican.output_path)
    allowlist = parse_allowlist(site.leak_gate_allowlist)
    if site.leak_gate_on_leak not in ON_LEAK_ACTIONS:
        raise ValueError(f"LEAK_GATE_ON_LEAK must be one of {ON_LEAK_ACTIONS}, got {site.leak_gate_on_leak!r}")
    for term in allowlist:
        _say(f"Leak gate allowlist: {term.term!r} may appear anywhere: {term.why}")

    redactions = {display_path(path): redaction for path, redaction in CURRENT.redactions.items()}
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
    lines = [leak.line(mask) for leak in leaks]
    keep = site.leak_gate_on_leak == "keep" and not site.publishing
    if keep:
        fate = f"LEAK_GATE_ON_LEAK=keep: {output} is left for inspection; never deploy it"
    else:
        clean_output_dir(str(output), [])
        fate = f"{output} was emptied so nothing of this build can be deployed"
    raise LeakFound(
        f"{len(lines)} leak(s) of removed surfaces in the output; {fate}.\n  "
        + "\n  ".join(lines)
        + f"\nFix the template or plugin that printed them, or (for a term the site may show) add it with a "
        f"reason to LEAK_GATE_ALLOWLIST. Manifest: {site.leak_gate_manifest}"
    )


def register() -> None:
    """Connect the gate to Pelican's `finalized` signal."""
    signals.finalized.connect(run_gate)
