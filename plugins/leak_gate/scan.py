"""Scan an output folder for removed surfaces: n-gram lookups in a set of salted hashes.

The matcher never holds a surface in clear: each surface is stored as a keyed BLAKE2b hash of
its case-folded tokens joined by one space, plus the hash of its first token. A file is
tokenised once; a token whose hash is not the first token of any surface costs one dict
lookup, and only the rare candidates hash an n-gram. The same matcher serves the build
(built from the anonymiser's redactions) and `make check` (rebuilt from the manifest in
cache/, which may be uploaded as a CI artefact and so holds no surface in clear).

A salted hash of a name can still be confirmed by someone who already guesses the name and
reads the salt from the manifest; it cannot be read back or looked up in a precomputed table.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import anonymiser.ordinary as ordinary_module
from anonymiser.ordinary import ordinary_use

from .surfaces import ANY_CASE, NAME_CASE, NAME_PART_STOPWORDS, AllowedTerm, Surface
from .text import Tokens, path_segments, tokenise, visible_segments

MANIFEST_VERSION = 1
#: The gate's rule-bearing code: part of the fingerprint of a scan's result.
GATE_SOURCES = tuple(Path(__file__).with_name(name) for name in ("text.py", "scan.py", "surfaces.py", "words.py")) \
    + (Path(ordinary_module.__file__),) + tuple(sorted(ordinary_module.WORDS_DIR.glob("*.txt")))
#: Files always read as text. Any other file is read as text if it is valid UTF-8 (a LICENSE,
#: a .webmanifest); images, fonts and PDFs are not, and are checked by their names only.
TEXT_SUFFIXES = frozenset(".html .htm .xml .atom .rss .xsl .json .js .mjs .css .svg .txt .md .csv .map "
                          ".webmanifest .ics .vtt".split())


#: Files of code: the theme's stylesheets and scripts. No story's text reaches them, and their
#: identifiers ("--note-bg", minified "k.t", "ed") are not names; a name typed into one would be
#: written as a name, so a hit there counts only where every word of it is capitalised.
CODE_SUFFIXES = frozenset(".css .js .mjs .map".split())

#: Larger files of unknown type are not tried as text (nothing this site writes is that big).
MAX_UNKNOWN_TEXT_BYTES = 5_000_000


def read_text_file(path: Path) -> bytes | None:
    """The file's bytes if it is text (by suffix, or valid UTF-8), else None."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return path.read_bytes()
    if path.stat().st_size > MAX_UNKNOWN_TEXT_BYTES:
        return None
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return data


@dataclass
class Entry:
    """One gated surface as the matcher knows it (no clear text unless the build supplied it)."""

    key: str
    n: int
    mode: str
    label: str
    stories: list[str]
    #: First letter, for CI-safe messages.
    initial: str
    #: Hash of the first token (what a file's tokens are looked up by).
    first: str
    #: The surface in clear: only in memory during a build, never in the manifest.
    text: str | None = None

    def shown(self, mask: bool) -> str:
        """The surface for a message: in clear, or first letter and short hash (CI, `make check`)."""
        if self.text is not None and not mask:
            return repr(self.text)
        return f"{self.initial}… #{self.key[:8]}"


@dataclass
class Leak:
    """A gated surface found in one output file."""

    entry: Entry
    file: str
    count: int = 1

    def line(self, mask: bool) -> str:
        """One line of the failure message: label, surface (or its mask), stories, file."""
        stories = ", ".join(self.entry.stories)
        times = f" ({self.count} times)" if self.count > 1 else ""
        return f"{self.entry.label} {self.entry.shown(mask)} from {stories} in {self.file}{times}"


@dataclass
class Matcher:
    """Salted-hash lookup of gated surfaces (`leaks`) and allowlisted phrases (`allowed`)."""

    salt: bytes
    leaks: dict[str, Entry] = field(default_factory=dict)
    allowed: dict[str, int] = field(default_factory=dict)
    #: first-token hash -> the lengths of surfaces/allowed phrases starting with it.
    firsts: dict[str, set[int]] = field(default_factory=dict)
    _memo: dict[str, str] = field(default_factory=dict, repr=False)

    def key(self, tokens: Iterable[str]) -> str:
        """The salted hash of case-folded tokens joined by one space."""
        return hashlib.blake2b(" ".join(tokens).encode("utf-8"), key=self.salt, digest_size=16).hexdigest()

    def _token_key(self, token: str) -> str:
        key = self._memo.get(token)
        if key is None:
            key = self._memo[token] = self.key((token,))
        return key

    def add_surface(self, surface: Surface, keep_text: bool = True) -> None:
        """Gate `surface` (its clear text is kept in memory only if `keep_text`)."""
        key = self.key(surface.tokens)
        first = self._token_key(surface.tokens[0])
        self.leaks[key] = Entry(key, len(surface.tokens), surface.mode, surface.label, sorted(surface.stories),
                                surface.text[:1], first, surface.text if keep_text else None)
        self.firsts.setdefault(first, set()).add(len(surface.tokens))

    def add_allowed(self, term: AllowedTerm) -> None:
        """Let `term` stand anywhere: hits wholly inside one of its occurrences are not leaks."""
        tokens = term.tokens
        if not tokens:
            return
        self.allowed[self.key(tokens)] = len(tokens)
        self.firsts.setdefault(self._token_key(tokens[0]), set()).add(len(tokens))

    @classmethod
    def build(cls, surfaces: Iterable[Surface], allowlist: Iterable[AllowedTerm], salt: bytes | None = None) -> "Matcher":
        """A matcher for `surfaces` and `allowlist`, with a fresh random salt unless one is given."""
        matcher = cls(salt=salt if salt is not None else os.urandom(16))
        for surface in surfaces:
            matcher.add_surface(surface)
        for term in allowlist:
            matcher.add_allowed(term)
        return matcher

    # -- matching ----------------------------------------------------------------------
    def find(self, tokens: Tokens, code: bool = False) -> list[tuple[Entry, int, int]]:
        """Every gated surface in `tokens` as (entry, start, end) token positions.

        A hit inside an allowlisted phrase, or inside a longer hit, is dropped; a NAME_CASE
        surface counts only capitalised and not at a sentence start; in `code` (a stylesheet or a
        script, `CODE_SUFFIXES`) any surface counts only with every word capitalised.
        """
        folded = tokens.folded
        candidates = {t for t in set(folded) if self._token_key(t) in self.firsts}
        if not candidates:
            return []
        hits: list[tuple[Entry, int, int]] = []
        allowed_spans: list[tuple[int, int]] = []
        total = len(folded)
        for i, token in enumerate(folded):
            if token not in candidates:
                continue
            for n in self.firsts[self._memo[token]]:
                if i + n > total:
                    continue
                key = self._memo[token] if n == 1 else self.key(folded[i:i + n])
                if key in self.allowed and self.allowed[key] == n:
                    allowed_spans.append((i, i + n))
                entry = self.leaks.get(key)
                if entry is None or entry.n != n:
                    continue
                if code and not all(tokens.capitalised(j) for j in range(i, i + n)):
                    continue  # "var(--note-bg)", minified "k.t": code, not a name
                if entry.mode == NAME_CASE and n == 1 and (
                        not tokens.capitalised(i) or tokens.sentence_start(i)
                        or ordinary_use(*tokens.sentence_window(i), False, entry.label.split("/")[0])):
                    continue  # "we hope", "Hope is...", "14 March 2024", "rated Good": the ordinary word
                if entry.mode == NAME_CASE and n > 1 and not all(
                        tokens.capitalised(j) or folded[j] in NAME_PART_STOPWORDS for j in range(i, i + n)):
                    continue  # "drove the long way home": the phrase, not the podcast "Long Way Home"
                hits.append((entry, i, i + n))
        hit_spans = [(s, e) for _, s, e in hits]
        return [
            (entry, s, e) for entry, s, e in hits
            if not any(a <= s and e <= b for a, b in allowed_spans)
            and not any(a <= s and e <= b and (b - a) > (e - s) for a, b in hit_spans)
        ]

    def scan_text(self, raw: str, code: bool = False) -> list[tuple[Entry, int, int]]:
        """Hits in one file's text (markup, entities and encodings undone first); `code`: the
        file is a stylesheet or a script (see `find`)."""
        return self.find(tokenise(visible_segments(raw)), code)

    def fingerprint(self) -> str:
        """Changes whenever a scan's result could: the gated surfaces, the allowlist, the salt and
        the gate's own code (so a clean-file cache never outlives a change to the rules)."""
        digest = hashlib.blake2b(digest_size=16)
        for source in GATE_SOURCES:
            digest.update(source.read_bytes())
        digest.update(self.salt)
        for entry in sorted(self.leaks.values(), key=lambda e: e.key):
            digest.update(f"{entry.key}|{entry.n}|{entry.mode}\n".encode())
        for key, n in sorted(self.allowed.items()):
            digest.update(f"allow|{key}|{n}\n".encode())
        return digest.hexdigest()

    def scan_output(self, output: Path, clean: dict[str, str] | None = None) -> tuple[list[Leak], int]:
        """Every leak in every file of `output` (contents and path names); returns (leaks, files scanned).

        `clean` maps a file's path to the digest of contents this matcher already found clean;
        such a file is only hashed, not scanned again (a warm rebuild rewrites identical files).
        The dict is updated in place with this scan's clean files, and emptied of the rest.
        """
        leaks: dict[tuple[str, str], Leak] = {}
        scanned = 0
        previous = dict(clean) if clean is not None else {}
        if clean is not None:
            clean.clear()
        for path in sorted(output.rglob("*")):
            if path.is_dir() and any(path.iterdir()):
                continue  # a folder's name is scanned as part of each file path under it
            relative = path.relative_to(output).as_posix()
            found = self.find(tokenise(path_segments(relative)))
            if path.is_file():
                scanned += 1
                data = read_text_file(path)
                if data is not None:
                    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
                    if previous.get(relative) != digest:
                        hits = self.scan_text(data.decode("utf-8", errors="replace"),
                                              path.suffix.lower() in CODE_SUFFIXES)
                        found += hits
                        if clean is not None and not hits:
                            clean[relative] = digest
                    elif clean is not None:
                        clean[relative] = digest
            for entry, _, _ in found:
                leak = leaks.get((entry.key, relative))
                if leak is None:
                    leaks[(entry.key, relative)] = Leak(entry, relative)
                else:
                    leak.count += 1
        return sorted(leaks.values(), key=lambda l: (l.file, l.entry.label, l.entry.key)), scanned

    # -- manifest ----------------------------------------------------------------------
    def manifest(self, output: Path, allowlist: list[AllowedTerm], anonymised: bool) -> dict:
        """The manifest `make check` rebuilds this matcher from: hashes, modes, labels, stories."""
        return {
            "version": MANIFEST_VERSION,
            "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "output": str(output.resolve()),
            "anonymised": anonymised,
            "salt": self.salt.hex(),
            "allowlist": [{"term": a.term, "why": a.why} for a in allowlist],
            "surfaces": [
                {"key": e.key, "first": e.first, "n": e.n, "mode": e.mode, "label": e.label,
                 "stories": e.stories, "initial": e.initial}
                for e in sorted(self.leaks.values(), key=lambda e: e.key)
            ],
        }

    @classmethod
    def from_manifest(cls, data: dict) -> "Matcher":
        """Rebuild the matcher from a manifest (no surface in clear: messages are masked)."""
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError(f"leak-gate manifest version {data.get('version')!r}, expected {MANIFEST_VERSION}")
        matcher = cls(salt=bytes.fromhex(data["salt"]))
        for s in data["surfaces"]:
            if s["mode"] not in (ANY_CASE, NAME_CASE):
                raise ValueError(f"leak-gate manifest: unknown match mode {s['mode']!r}")
            matcher.leaks[s["key"]] = Entry(s["key"], int(s["n"]), s["mode"], s["label"], list(s["stories"]),
                                            s.get("initial", "?"), s["first"])
            matcher.firsts.setdefault(s["first"], set()).add(int(s["n"]))
        for a in data.get("allowlist", []):
            matcher.add_allowed(AllowedTerm(a["term"], a["why"]))
        return matcher


def write_manifest(path: Path, data: dict) -> None:
    """Write the manifest atomically (a half-written manifest must never pass `make check`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def read_manifest(path: Path) -> dict:
    """The manifest at `path`, parsed."""
    return json.loads(path.read_text(encoding="utf-8"))


def load_clean_files(path: Path, fingerprint: str) -> dict[str, str]:
    """The clean-file digests a previous build recorded for the same matcher fingerprint, else none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(data.get("files", {})) if data.get("fingerprint") == fingerprint else {}


def save_clean_files(path: Path, fingerprint: str, files: dict[str, str]) -> None:
    """Record this build's clean files (output paths and content digests: no surface)."""
    write_manifest(path, {"fingerprint": fingerprint, "files": files})
