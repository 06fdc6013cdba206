"""The search index, pure: stories in, a prebuilt lunr index and a compact docs file out.

Nothing here knows about Pelican. The plugin (`__init__.py`) turns published, already
anonymised articles into `SearchStory` records; this module picks each story's most
distinctive body terms (TF-IDF over the whole collection), builds the lunr index with
lunr.py (the same lunr 2.3.9 schema the browser loads) and lays out the per-story data the
results page shows. Whole bodies are not in the lunr index: lunr over whole bodies costs
about 1.7 KB gzipped per story, too much for readers on phones before the first results.

Every word of every body is still findable: `build_body_index` writes each body stem's
postings into shard files by a hash of the stem, and each body's plain text for snippets.
The search page fetches the one shard per query word it needs, after the first results are
on screen, and appends what only the body holds (`body_search`, mirrored in search.js).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from lunr import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

#: The fields of the index and their boosts: a word in a title matters most.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("themes", 4), ("role", 2), ("summary", 3), ("terms", 1))
#: Shortest query term that is also searched with one typo allowed (shorter words match too much).
FUZZY_MIN_LENGTH = 5

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div|tr|td|th)>|<br\s*/?>", re.IGNORECASE)
#: Anonymiser placeholders ("[Name A]", "[Institution B]"): never search terms.
_PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]")
#: lunr's tokenizer splits on whitespace and hyphens; its trimmer strips non-word ends.
_SEPARATORS = re.compile(r"[\s\-\xa0]+")
#: lunr.js's trimmer, which runs in the browser: non-word characters off both ends, where \W
#: is ASCII-only in JavaScript ("café" becomes "caf" there). lunr.py's own trimmer differs (it
#: leaves "it's," whole), so the index is built with this one.
_TRIM = re.compile(r"^\W+|\W+$", re.ASCII)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchStory:
    """One published story as search sees it: anonymised plain text only."""

    url: str
    title: str
    date: str  # ISO YYYY-MM-DD
    themes: tuple[tuple[str, str], ...]  # (slug, display name), in the story's order
    role: str = ""
    summary: str = ""
    body: str = field(default="", repr=False)
    #: The declared descriptions of the story's themes (content/themes.yml), indexed with the
    #: theme names: they hold the words readers search for a theme by ("harassment", "EHCPs").
    theme_descriptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchFiles:
    """What the build writes: the serialised lunr index, the docs the results show and the
    body index the page loads only when a query needs it."""

    index: dict[str, Any]  # compact_index() form: expand_index() gives lunr's own JSON
    docs: dict[str, Any]
    body: "BodyIndex | None" = None

    def index_json(self) -> str:
        """The compact lunr index as JSON without spaces (static hosts gzip it)."""
        return to_json(self.index)

    def docs_json(self) -> str:
        """The docs file as compact JSON."""
        return to_json(self.docs)


def to_json(data: Any) -> str:
    """JSON without spaces, with <, > and & written as \\u escapes: the same data, but no file of
    the site ever holds a raw tag, even a story title that looks like one."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    text = _BLOCK_END.sub(" ", markup or "")
    text = html.unescape(_TAG.sub("", text))
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


class LunrJsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer with step 1c as lunr.js 2.3.9 has it, so Python and the browser
    stem every word alike: a final y becomes i only after a consonant ("happy" -> "happi"),
    never after a vowel ("journey", "always", "days" keep their y in lunr.js; lunr.py's
    original rule made them "journei", "alwai", "dai", which no query typed in the browser
    ever matched). Checked identical to lunr.js in Chromium on 240,000 English words (test_search_page)."""

    def step1c(self):
        """A final y becomes i when a consonant that is not the word's first letter precedes it."""
        if self.ends("y") and self.k >= self.k0 + 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_porter = LunrJsPorterStemmer()


def lunr_js_stemmer(token, i=None, tokens=None):
    """lunr.js's stemmer as a lunr.py pipeline function (serialised as "stemmer", lunr.js's name)."""
    return token.update(lambda text, metadata=None: stem(text))


def lunr_js_trimmer(token, i=None, tokens=None):
    """lunr.js's trimmer as a lunr.py pipeline function (serialised as "trimmer")."""
    return token.update(lambda text, metadata=None: _TRIM.sub("", text))


lunr_js_stemmer.label = "stemmer"
lunr_js_trimmer.label = "trimmer"


def search_pipeline() -> Pipeline:
    """What lunr.js does to each query term: stem it."""
    pipeline = Pipeline()
    pipeline.add(lunr_js_stemmer)
    return pipeline


def lunr_js_builder() -> Builder:
    """A lunr.py builder whose pipelines are lunr.js's: trimmer, stop words, stemmer."""
    builder = Builder()
    builder.pipeline.add(lunr_js_trimmer, stop_word_filter, lunr_js_stemmer)
    builder.search_pipeline = search_pipeline()
    return builder


# The word functions below are pure and a story's vocabulary repeats (a thousand stories hold
# ~800,000 words but ~30,000 distinct ones): each is memoised, and a build computes each
# distinct word's trim, stop-word test and stem once instead of once per occurrence.


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Porter stem lunr.js computes for one lower-case word (`LunrJsPorterStemmer`)."""
    return _porter.stem(word)


@lru_cache(maxsize=200_000)
def _trimmed(raw: str) -> str:
    return _TRIM.sub("", raw)


def words(text: str) -> list[str]:
    """Lower-case words as lunr's tokenizer and trimmer see them, placeholders removed."""
    text = _PLACEHOLDER.sub(" ", text or "").lower()
    return [word for word in map(_trimmed, _SEPARATORS.split(text)) if word]


@lru_cache(maxsize=200_000)
def _is_term(word: str) -> bool:
    """A word worth choosing as a distinctive term: not a stop word, not a number, 3+ letters."""
    if len(word) < 3 or not any(c.isalpha() for c in word) or any(c.isdigit() for c in word):
        return False
    return stop_word_filter(Token(word)) is not None


@lru_cache(maxsize=200_000)
def _is_body_word(word: str) -> bool:
    """A word the body index holds: two letters or more, not a stop word."""
    return len(word) >= 2 and stop_word_filter(Token(word)) is not None


def _stem_counts_of(all_words: Iterable[str]) -> tuple[Counter, dict[str, str]]:
    counts: Counter = Counter()
    surfaces: dict[str, Counter] = {}
    for word in all_words:
        if not _is_term(word):
            continue
        key = stem(word)
        counts[key] += 1
        surfaces.setdefault(key, Counter())[word] += 1
    best = {key: min(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for key, c in surfaces.items()}
    return counts, best


def stem_counts(text: str) -> tuple[Counter, dict[str, str]]:
    """Counts of each stem in `text`, and the most frequent surface word for each stem."""
    return _stem_counts_of(words(text))


@dataclass(frozen=True)
class StoryTerms:
    """What search derives from one story body alone, so a build can keep it by the body's text:
    `counts` and `surfaces` as `stem_counts` gives them (the candidates for distinctive terms),
    and `body`, each stem of `body_terms` with its frequency (the body index's postings). Only
    the mappings matter, not their order: every use sorts them."""

    counts: dict[str, int]
    surfaces: dict[str, str]
    body: dict[str, int]

    def to_json(self) -> str:
        """The terms as JSON (what the build's search cache stores)."""
        return json.dumps([self.counts, self.surfaces, self.body], ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, data: str | bytes) -> "StoryTerms":
        """Inverse of `to_json`."""
        counts, surfaces, body = json.loads(data)
        return cls(counts, surfaces, body)


def story_terms(body: str) -> StoryTerms:
    """The `StoryTerms` of one story body (its words are split once for both uses)."""
    all_words = words(body)
    counts, surfaces = _stem_counts_of(all_words)
    return StoryTerms(dict(counts), surfaces, dict(Counter(stem(w) for w in all_words if _is_body_word(w))))


def distinctive_terms(bodies: Sequence[str], k: int, already: Sequence[str] = (),
                      terms: Sequence[StoryTerms] | None = None) -> list[list[str]]:
    """For each body, its `k` highest TF-IDF terms over the whole collection, as surface words.

    Scores are (1 + log tf) · log(N / df) over lunr stems, so a word every story uses scores
    nothing and one a story repeats scores most. Stems already in the story's `already` text
    (title, summary, role, themes: indexed anyway) are skipped, so every chosen term adds a
    way to find the story. Ties break alphabetically, so the choice is stable. `terms`, when
    given, are the bodies' `story_terms` (computed or cached by the caller).
    """
    if k <= 0:
        return [[] for _ in bodies]
    counted = [(t.counts, t.surfaces) for t in terms] if terms is not None else [stem_counts(body) for body in bodies]
    n = len(bodies)
    df: Counter = Counter()
    for counts, _ in counted:
        df.update(counts.keys())
    chosen = []
    for i, (counts, surfaces) in enumerate(counted):
        skip = {stem(w) for w in words(already[i])} if i < len(already) else set()
        scored = [
            ((1 + math.log(tf)) * math.log((n + 1) / df[key]), key)
            for key, tf in counts.items()
            if key not in skip
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen.append([surfaces[key] for score, key in scored[:k] if score > 0])
    return chosen


def index_documents(stories: Sequence[SearchStory], terms: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """The documents lunr indexes: numeric refs (the story's position in the docs file)."""
    return [
        {
            "ref": str(i),
            "title": s.title,
            "themes": " ".join([*(name for _, name in s.themes), *s.theme_descriptions]),
            "role": s.role,
            "summary": s.summary,
            "terms": " ".join(terms[i]),
        }
        for i, s in enumerate(stories)
    ]


def build_lunr(documents: Iterable[dict[str, str]], fields: Sequence[tuple[str, int]] = FIELDS) -> Index:
    """A lunr.py index of `documents` (ref "ref") over `fields` with their boosts."""
    return lunr(ref="ref", fields=[{"field_name": f, "boost": b} for f, b in fields], documents=list(documents),
                builder=lunr_js_builder())


def docs_payload(stories: Sequence[SearchStory], summary_chars: int) -> dict[str, Any]:
    """The compact per-story data results need, positionally: ref i is `docs[i]`.

    `themes` lists every theme once as [slug, name]; a story names its themes by position in
    that list. Each doc is [url, title, [theme positions], ISO date, short summary].
    """
    theme_list: list[tuple[str, str]] = []
    position: dict[str, int] = {}
    for s in stories:
        for slug, name in s.themes:
            if slug not in position:
                position[slug] = len(theme_list)
                theme_list.append((slug, name))
    docs = [
        [s.url, s.title, [position[slug] for slug, _ in s.themes], s.date, shorten(s.summary, summary_chars)]
        for s in stories
    ]
    return {"v": 1, "fields": ["url", "title", "themes", "date", "summary"], "themes": [list(t) for t in theme_list], "docs": docs}


def _js_order(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units), which lunr.js requires."""
    return term.encode("utf-16-be")


def compact_index(serialised: Mapping[str, Any]) -> dict[str, Any]:
    """A lunr 2.3.9 serialised index re-encoded losslessly at about half the gzipped size.

    lunr's own JSON repeats every field name and ref in every posting and names every field
    vector "field/ref". But a term is in field f of story d exactly when the vector f/d holds
    it, so the postings follow from the vectors. This keeps only the sorted terms and, per
    field and story, the vector as [term-number delta, score, ...]; `expand_index` rebuilds
    lunr's JSON from it, and `loadIndex` in search.js a lunr.Index. Refs must be 0..n-1.
    """
    fields = list(serialised["fields"])
    entries = sorted(serialised["invertedIndex"], key=lambda entry: _js_order(entry[0]))
    renumber = {posting["_index"]: i for i, (_, posting) in enumerate(entries)}
    count = 1 + max((int(ref.split("/", 1)[1]) for ref, _ in serialised["fieldVectors"]), default=-1)
    vectors: list[list[list[float]]] = [[[] for _ in range(count)] for _ in fields]
    for field_ref, elements in serialised["fieldVectors"]:
        name, ref = field_ref.split("/", 1)
        pairs = sorted((renumber[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        previous, encoded = 0, []
        for term, score in pairs:
            encoded += [term - previous, score]
            previous = term
        vectors[fields.index(name)][int(ref)] = encoded
    return {
        "lunr": serialised["version"],
        "pipeline": list(serialised["pipeline"]),
        "fields": fields,
        "terms": [term for term, _ in entries],
        "vectors": vectors,
    }


def expand_index(compact: Mapping[str, Any]) -> dict[str, Any]:
    """lunr's serialised index from `compact_index`'s output (search.js builds the same lunr.Index
    from it directly, term postings and story vectors on first use)."""
    fields = list(compact["fields"])
    postings = [{"_index": i, **{name: {} for name in fields}} for i in range(len(compact["terms"]))]
    field_vectors = []
    for name, per_story in zip(fields, compact["vectors"]):
        for ref, encoded in enumerate(per_story):
            term, elements = 0, []
            for i in range(0, len(encoded), 2):
                term += int(encoded[i])
                elements += [term, encoded[i + 1]]
                postings[term][name][str(ref)] = {}
            field_vectors.append([f"{name}/{ref}", elements])
    return {
        "version": compact["lunr"],
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": [[term, postings[i]] for i, term in enumerate(compact["terms"])],
        "pipeline": list(compact["pipeline"]),
    }


def load_index(compact: Mapping[str, Any]) -> Index:
    """A lunr.py index from the compact file the site ships, querying as lunr.js does."""
    index = Index.load(expand_index(compact))
    index.pipeline = search_pipeline()
    return index


def build_search_files(stories: Sequence[SearchStory], terms_per_story: int, summary_chars: int,
                       body_shard_bytes: int = 0,
                       terms_of: Callable[[str], StoryTerms] = story_terms) -> SearchFiles:
    """The compact index and docs for `stories` (already published and anonymised), newest first;
    with `body_shard_bytes` > 0 also the body index in shards of about that many bytes of JSON,
    announced in the docs file as "body" (search.js needs nothing else to find a shard).
    `terms_of(body)` gives a body's `StoryTerms` (the plugin passes one that reads its cache)."""
    ordered = sorted(stories, key=lambda s: (s.date, s.url), reverse=True)
    terms = [terms_of(s.body) for s in ordered]
    body = build_body_index([s.body for s in ordered], body_shard_bytes, terms) if body_shard_bytes > 0 else None
    docs = docs_payload(ordered, summary_chars)
    if body is not None:
        docs["body"] = body.manifest()
    if not ordered:  # lunr cannot build an index of nothing; an empty one still loads and answers
        from lunr import __TARGET_JS_VERSION__

        empty = {"lunr": __TARGET_JS_VERSION__, "pipeline": ["stemmer"], "fields": [f for f, _ in FIELDS],
                 "terms": [], "vectors": [[] for _ in FIELDS]}
        return SearchFiles(index=empty, docs=docs, body=body)
    already = [" ".join([s.title, s.summary, s.role, *(n for _, n in s.themes), *s.theme_descriptions]) for s in ordered]
    chosen = distinctive_terms([s.body for s in ordered], terms_per_story, already, terms)
    index = build_lunr(index_documents(ordered, chosen))
    return SearchFiles(index=compact_index(index.serialize()), docs=docs, body=body)


def query_terms(text: str) -> list[str]:
    """The words of a reader's query that lunr can match: trimmed, lower-case, no stop words.

    The browser's search.js does the same with lunr.js, so the Python benchmark and tests
    ask exactly the questions the page asks.
    """
    return [w for w in words(text) if stop_word_filter(Token(w)) is not None]


def search(index: Index, text: str) -> list[str]:
    """Refs matching a reader's query, best first, as search.js queries lunr.js.

    Each word is searched stemmed (so "inspection" finds "inspections"), and words of
    `FUZZY_MIN_LENGTH` letters or more also with one typo allowed at a lower boost.
    """
    terms = query_terms(text)
    if not terms:
        return []

    query = index.create_query()
    for term in terms:
        query.term(term, boost=10)
        if len(term) >= FUZZY_MIN_LENGTH:
            query.term(term, edit_distance=1, boost=1)
    return [match["ref"] for match in index.query(query)]


# -- the body index: every word of every story, sharded, loaded only when a query needs it --

#: BM25's term-frequency saturation: the fifth "minibus" adds little over the second.
BM25_K1 = 1.2
#: Format of the shard files (search.js refuses a shard of another version).
BODY_FORMAT = 1


@dataclass(frozen=True)
class BodyIndex:
    """Every stem of every story body, hashed into `len(shards)` shard files.

    Shard i maps each of its stems to postings [ref delta, term frequency, ...] with refs
    ascending (a ref is the story's position in docs.json). `version` names this build's
    postings, so a page never pairs a cached shard with another build's docs.
    """

    shards: list[dict[str, Any]]
    version: str
    texts: list[str]  # the plain body text of story `ref`, for snippets around the word found

    def shard_json(self, number: int) -> str:
        """Shard `number` as compact JSON (static hosts gzip it)."""
        return to_json(self.shards[number])

    def text_json(self, ref: int) -> str:
        """Story `ref`'s plain text as a JSON string (search.js cuts the snippet from it)."""
        return to_json(self.texts[ref])

    def manifest(self) -> dict[str, Any]:
        """What search.js needs to find the shard of a stem: their count, version and format."""
        return {"shards": len(self.shards), "version": self.version, "format": BODY_FORMAT}


def body_words(text: str) -> list[str]:
    """The searchable words of a body as the browser's lunr.js pipeline would make them from a
    query: tokenised on whitespace and hyphens, trimmed (ASCII), lower-case; stop words and
    anonymiser placeholders dropped, and single characters (no reader searches "x")."""
    return [word for word in words(text) if _is_body_word(word)]


def body_terms(text: str) -> list[str]:
    """The stems of `body_words(text)`: what the body index holds."""
    return [stem(word) for word in body_words(text)]


def shard_of(term: str, count: int) -> int:
    """The shard holding `term`: FNV-1a (32-bit) over its UTF-16 code units, modulo `count`.

    UTF-16 because JavaScript strings are UTF-16: search.js hashes `charCodeAt` the same way."""
    value = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | (data[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % count


def body_postings(bodies: Sequence[str], terms: Sequence[StoryTerms] | None = None) -> dict[str, list[int]]:
    """Every stem of `bodies` -> [ref delta, frequency, ...], refs ascending, stems sorted
    (`terms`: the bodies' `story_terms`, when the caller has them)."""
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    frequencies = [t.body for t in terms] if terms is not None else [Counter(body_terms(body)) for body in bodies]
    for ref, counted in enumerate(frequencies):
        for term, tf in sorted(counted.items()):
            postings.setdefault(term, []).extend((ref - last.get(term, 0), tf))
            last[term] = ref
    return {term: postings[term] for term in sorted(postings, key=_js_order)}


def shard_count_for(postings: Mapping[str, Sequence[int]], target_bytes: int) -> int:
    """How many shards keep each near `target_bytes` of JSON (at least one).

    Sized on the JSON text, which gzips about three to one: a 48 KB shard is ~15 KB on the wire."""
    total = sum(len(term) + 6 + sum(len(str(n)) + 1 for n in numbers) for term, numbers in postings.items())
    return max(1, math.ceil(total / max(1, target_bytes)))


def build_body_index(bodies: Sequence[str], shard_bytes: int, terms: Sequence[StoryTerms] | None = None) -> BodyIndex:
    """The body index of `bodies` (ref i is bodies[i]), in shards of about `shard_bytes` of JSON
    (`terms`: the bodies' `story_terms`, when the caller has them)."""
    postings = body_postings(bodies, terms)
    count = shard_count_for(postings, shard_bytes)
    shards: list[dict[str, Any]] = [{"v": BODY_FORMAT, "terms": {}} for _ in range(count)]
    for term, numbers in postings.items():
        shards[shard_of(term, count)]["terms"][term] = numbers
    digest = hashlib.sha256()
    for shard in shards:
        digest.update(to_json(shard).encode())
    for body in bodies:
        digest.update(body.encode())
    return BodyIndex(shards=shards, version=digest.hexdigest()[:12], texts=list(bodies))


def body_search(load_shard, story_count: int, count: int, text: str) -> list[tuple[int, float]]:
    """(ref, score) of the stories whose body holds any of the query's words, best first.

    `load_shard(i)` returns shard i's data (search.js fetches it). Scores are BM25 without
    length normalisation (stories are of similar length, and a rare word should win whatever
    the length); ties go to the lower ref, the newer story. Exactly what search.js computes.
    """
    stems = list(dict.fromkeys(body_terms(text)))  # trimmed as lunr.js trims the query in the browser
    if not stems or count <= 0:
        return []
    scores: dict[int, float] = {}
    for term in stems:
        numbers = load_shard(shard_of(term, count))["terms"].get(term)
        if not numbers:
            continue
        df = len(numbers) // 2
        idf = math.log(1 + (story_count - df + 0.5) / (df + 0.5))
        ref = 0
        for i in range(0, len(numbers), 2):
            ref += numbers[i]
            tf = numbers[i + 1]
            scores[ref] = scores.get(ref, 0.0) + idf * tf * (BM25_K1 + 1) / (tf + BM25_K1)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def complete_search(index: Index, body: BodyIndex, story_count: int, text: str) -> list[int]:
    """Refs in the order the search page lists them once complete: the small index's results
    first, then the stories only the body index found, best first (nothing shown moves)."""
    first = [int(ref) for ref in search(index, text)]
    seen = set(first)
    more = [ref for ref, _ in body_search(lambda i: body.shards[i], story_count, len(body.shards), text) if ref not in seen]
    return first + more
