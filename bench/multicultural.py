"""Synthetic headteacher stories whose people come from many communities, for benchmarks.

bench/synthetic.py invents every person from English-sounding syllables ("Marla Ashford").
Real stories name colleagues, families and pupils' parents from every community in Britain,
and a leak gate or anonymiser tuned on syllable names can fail on "Nneka Njoku", "Łukasz
Zięcik", "Aimée van Hagen" or "Fergus Ó Treabhair". This module wraps synthetic.py (it is
imported, never edited): each story is the same story synthetic.py writes for the same
(index, words, seed), except that most of its five people are renamed with Faker names from
one of the Latin-script locales in `LOCALES` (and the contact email follows the new first
person's name). About a quarter of the people keep their syllable names.

    generate_multicultural(n, out_dir, words=800, seed=0) -> list[GeneratedStory]

Each `GeneratedStory` carries its path and its gold spans: every planted surface (first
name, surname, town, school, trust, email, phone) with a label (NAME, PLACE, INSTITUTION,
CONTACT), exactly the surfaces synthetic.py's `with_truth=True` would report for it.

Deterministic: the same (n, words, seed) always writes the same files (Faker is seeded per
story; the story's own random stream is the one synthetic.py uses, untouched).
"""
from __future__ import annotations

import contextlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bench import synthetic

#: Faker locales whose names are written in Latin script, with a weight (how often a person is
#: drawn from it). Locales Faker only aliases to en_US (en_BD, sq_AL, fil_PH, mt_MT, bs_BA) and
#: vi_VN (whose first names are "John"/"Jane") are left out; zh_CN and ja_JP give romanised names.
LOCALES: dict[str, int] = {
    "en_GB": 4, "en_IE": 1, "ga_IE": 1, "en_IN": 3, "en_PK": 3, "en_NG": 1, "yo_NG": 2, "ig_NG": 1,
    "ha_NG": 1, "en_KE": 1, "sw": 1, "tw_GH": 1, "zu_ZA": 1, "pl_PL": 3, "ro_RO": 2, "lt_LT": 1,
    "lv_LV": 1, "tr_TR": 2, "it_IT": 1, "pt_PT": 2, "pt_BR": 1, "es_ES": 1, "fr_FR": 1, "de_DE": 1,
    "nl_NL": 1, "hr_HR": 1, "sk_SK": 1, "cs_CZ": 1, "hu_HU": 1, "id_ID": 1, "zh_CN": 2, "ja_JP": 1,
}
#: Locales whose native names are not in Latin script: their romanised names are used.
ROMANISED = frozenset({"zh_CN", "ja_JP"})
#: Share of people who keep synthetic.py's syllable name.
SYLLABLE_SHARE = 0.25

_FAKERS: dict[str, object] = {}


def faker_for(locale: str):
    """One Faker instance per locale (creating one is slow); re-seeded before every use."""
    fake = _FAKERS.get(locale)
    if fake is None:
        from faker import Faker

        fake = _FAKERS[locale] = Faker(locale)
    return fake


def ascii_letters(text: str) -> str:
    """`text` folded to lower-case ASCII letters only ("Zięcik" -> "ziecik"), for an email address."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z]", "", folded.lower())


def faker_person(rng: random.Random) -> tuple[str, str, str]:
    """(first name, surname, locale) of one person drawn from a weighted random Faker locale."""
    locales = sorted(LOCALES)
    locale = rng.choices(locales, weights=[LOCALES[k] for k in locales])[0]
    fake = faker_for(locale)
    fake.seed_instance(rng.getrandbits(32))
    if locale in ROMANISED:
        first, last = fake.first_romanized_name(), fake.last_romanized_name()
    else:
        first, last = fake.first_name(), fake.last_name()
    return first.strip(), last.strip(), locale


@dataclass
class GeneratedStory:
    """One written story: its path, gold spans as (label, surface), and where its people come from."""

    path: Path
    gold: list[tuple[str, str]]
    locales: list[str] = field(default_factory=list)


def _rename(cast, rng: random.Random) -> list[str]:
    """Replace most of `cast.people` with Faker names (distinct words in the story); return their locales."""
    seen = {w.casefold() for person in cast.people for w in person}
    origins = []
    for k, person in enumerate(cast.people):
        if rng.random() < SYLLABLE_SHARE:
            origins.append("syllables")
            continue
        for _ in range(20):
            first, last, locale = faker_person(rng)
            words = {first.casefold(), last.casefold()}
            if ascii_letters(first) and ascii_letters(last) and first != last and not words & (seen - {w.casefold() for w in person}):
                seen.difference_update(w.casefold() for w in person)
                seen.update(words)
                cast.people[k] = (first, last)
                origins.append(locale)
                break
        else:
            origins.append("syllables")
    first, last = cast.people[0]
    cast.email = f"{ascii_letters(first)}.{ascii_letters(last)}@{cast.email.split('@', 1)[1]}"
    return origins


def gold_of(cast) -> list[tuple[str, str]]:
    """The planted surfaces of a cast with their labels, sorted (the same set synthetic.py reports as truth)."""
    spans = {(label, text) for label, texts in (
        ("NAME", [w for person in cast.people for w in person]),
        ("PLACE", cast.towns),
        ("INSTITUTION", [cast.school, cast.trust]),
        ("CONTACT", [cast.email, cast.phone]),
    ) for text in texts if text}
    return sorted(spans)


@contextlib.contextmanager
def _renaming_casts(seed: int, index: int, record: list):
    """While active, synthetic.py's casts are renamed with Faker names (its module is restored after)."""
    original = synthetic._cast

    def cast(rng: random.Random):
        """synthetic.py's cast for this story, renamed."""
        made = original(rng)  # consumes the story's own random stream exactly as synthetic.py does
        origins = _rename(made, random.Random(f"{seed}:{index}:people"))
        record.append((made, origins))
        return made

    synthetic._cast = cast
    try:
        yield
    finally:
        synthetic._cast = original


def generate_multicultural(n: int, out_dir: Path, words: int = 800, seed: int = 0) -> list[GeneratedStory]:
    """Write n stories into out_dir, people from many communities; return them with their gold spans.

    Each story gets `slug: <file stem>` (as bench/bench_build.py does for synthetic stories):
    synthetic titles repeat, and Pelican would otherwise write two stories to one page.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stories = []
    for i in range(n):
        record: list = []
        with _renaming_casts(seed, i, record):
            slug, text, truth = synthetic._story(random.Random(f"{seed}:{i}"), i, words)
        cast, origins = record[0]
        gold = gold_of(cast)
        if {t for _, t in gold} != truth:  # synthetic.py changed what it plants: say so, do not guess
            raise RuntimeError(f"story {i}: planted surfaces differ from synthetic.py's truth: "
                               f"{sorted({t for _, t in gold} ^ truth)}")
        slug = slug.replace("-synthetic-", "-multicultural-")
        text = text.replace("\n---\n", f"\nslug: {slug}\n---\n", 1)
        path = out_dir / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        stories.append(GeneratedStory(path, gold, origins))
    return stories


if __name__ == "__main__":  # a quick look: python -m bench.multicultural
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for story in generate_multicultural(int(sys.argv[1]) if len(sys.argv) > 1 else 5, Path(tmp)):
            names = [t for label, t in story.gold if label == "NAME"]
            print(story.path.name, story.locales, names)
