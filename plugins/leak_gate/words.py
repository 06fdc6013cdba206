"""Which removed surfaces are ordinary English words ("Hope", "Grace", "Reading", "May").

The decision is the anonymiser's own (`anonymiser.ordinary`), so the gate and the anonymiser
never disagree about a word: a word the anonymiser leaves in place as an ordinary word is a
word the gate does not call a leak there, and the other way round.

A colleague called Hope must not fail every build that says "we hope". The gate therefore
matches a one-word surface that is also an ordinary word only where it is written as a name:
capitalised, not opening a sentence, and not in ordinary use (`anonymiser.ordinary.ordinary_use`:
a month beside a date, a grade after "rated", a modal opening a question). Its multi-word forms
("Hope Ellis") still match in any case. Words that never name anyone alone (honorifics, number
words, nationalities, languages, religions) and the public helplines the site prints are not
gated at all.

Loading the word lists costs a few tenths of a second, a real share of a warm rebuild, so the
strict list (public dictionary words only, never a surface) is kept as a text file in the cache.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from anonymiser.ordinary import CALENDAR_WORDS, NEVER_NAMES, base_forms, model_lookups_path, word_lists

logger = logging.getLogger(__name__)


def _fingerprint(model: str) -> str:
    """Changes when a word list could: english-words' version, the model's lookup table, the word files."""
    from importlib.metadata import PackageNotFoundError, version

    from anonymiser.ordinary import WORDS_DIR

    try:
        web2_version = version("english-words")
    except PackageNotFoundError:
        web2_version = "?"
    lookups = model_lookups_path(model)
    stat = lookups.stat() if lookups is not None else None
    digest = hashlib.sha256(f"{web2_version}|{lookups}|{stat.st_size if stat else 0}|{stat.st_mtime_ns if stat else 0}".encode())
    for path in sorted(WORDS_DIR.glob("*.txt")):
        digest.update(path.read_bytes())
    digest.update(Path(__file__).with_name("words.py").read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def ordinary_words(model: str, cache_dir: Path | None = None) -> frozenset[str]:
    """Lower-case words that are ordinary English by both lists (`anonymiser.ordinary`), cached as a file."""
    cached = cache_dir / f"ordinary-words-{_fingerprint(model)}.txt" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return frozenset(cached.read_text(encoding="utf-8").split())
    from anonymiser.lexicon import FUNCTION_WORDS  # "from", "the": WordNet lists no function words

    lists = word_lists(model)
    words = frozenset(lists.strict if lists is not None else CALENDAR_WORDS) | NEVER_NAMES | FUNCTION_WORDS
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text("\n".join(sorted(words)), encoding="utf-8")
        temporary.replace(cached)
    return words


def is_ordinary_word(word: str, model: str, cache_dir: Path | None = None) -> bool:
    """True if `word` (one token, any case) or a form it is inflected from is ordinary English."""
    words = ordinary_words(model, cache_dir)
    return any(form in words for form in base_forms(word))


def is_dictionary_word(word: str, model: str, cache_dir: Path | None = None) -> bool:
    """True if `word` itself, not only a form it is inflected from, is ordinary English."""
    return word.casefold() in ordinary_words(model, cache_dir)
