"""Publishing benchmark: build the site with each unseen story set added; count leak-gate alarms.

    .venv/bin/python bench/bench_publish.py [--sets dev,holdout-4,generated,hostile]
                                            [--generated 1000] [--keep-dirs] [--out PATH]

The leak gate (plugins/leak_gate) fails a build when a surface the anonymiser removed from any
story appears in any output file. It must stop real leaks and nothing else. This benchmark
builds the site once per story set, each time from a temporary copy of the real `content/`
with the set's stories added to `content/stories/` (the real content/ is never touched), with
the repository's `pelicanconf.py`, ANONYMISE on and `LEAK_GATE_ON_LEAK = "keep"` (so the
output stays for inspection). Pelican runs in this process, so the gate's `LeakFound` and
its leaks are at hand; CI is unset, so surfaces are in clear.

Story sets (`--sets`, default all of them):

- `content`: the real content alone (the baseline every other build includes; always built
  first, as the other sets' alarms and finds are compared with its output);
- `dev`, `seed-stories`: ../shared/anon-eval/{dev,seed-stories};
- `holdout`, `holdout-2`, ...: every bench/anon-holdout* folder present when the run starts.
  These annotated corpora mark each span that must not be published as `[[LABEL:text]]`;
  the markup is stripped (the text stays) and the spans are the gold. Front matter the
  site's schema refuses is made valid minimally (consent, date, themes...), each fix noted;
- `generated`: `--generated N` stories (default 1,000) from bench/multicultural.py:
  bench/synthetic.py's stories with people named from many communities (Faker locales);
  the planted surfaces are the gold;
- `hostile`: 52 stories from bench/hostile.py whose title, summary and body carry the XSS
  vectors of tests/fixtures/xss/, each with planted names and a town as gold, the last one
  "Retitled Leaving on my own terms";
- `hostile-plain`: the same 52 stories with the vectors kept in the bodies only (titles and
  summaries plain text), so the gate is measured on hostile bodies even when the schema
  refuses markup in one-line fields.

Each alarm (one gated surface in one output file) is classified:

- real: the surface (case-insensitive, on word boundaries) is, or is inside, a gold span of
  some story of the set, and it stands in that file (checked here, independently of the gate);
  "doubtful" marks a real one that already stands in the same file when the real content is
  built alone (a font called "Georgia", a month called "March" in a collection), that is in
  the theme's static files, or that is an ordinary English word in a file not derived from a
  story whose gold holds it (a "Hope" the rule counts as real);
- false: any other (an ordinary word removed by the anonymiser, a word that is not a name there).

Independently of the gate, every gold span (2+ characters, not a lower-case ordinary word)
is looked for in every text output file (entities, URL and script escapes undone, tags
stripped, accents and case folded, on word boundaries): found on its own story's pages, and
found anywhere else it does not already stand in the content-only build (counted only for
spans that are not ordinary words, which may stand legitimately elsewhere; an ordinary-word span counts on its own pages only as written,
capitalised, since "we hope" is not a leak of "Hope"; such finds are marked, as a "He said"
at a sentence start can still be an ordinary word).

Writes bench/results-publish.md. Deterministic apart from timings: the same sets, the same
seed and the same code give the same stories, alarms and counts.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import difflib
import html
import json
import logging
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_plus

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import anon_holdout_dirs  # noqa: E402

RESULTS = REPO / "bench" / "results-publish.md"
SHARED = REPO.parent / "shared" / "anon-eval"
CONF = REPO / "pelicanconf.py"
#: Annotation markup, as ../shared/anon-eval/anon_eval.py reads it.
MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]", re.S)
#: Output files read as text for the independent gold-span search.
TEXT_SUFFIXES = frozenset(".html .htm .xml .atom .rss .json .js .mjs .css .svg .txt .webmanifest .map".split())
TOKEN = re.compile(r"[^\W_]+")
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|"
                        r"sub|sup|time|u|var|wbr|ins|del)(?:\s[^<>]*)?/?>", re.I)
ANY_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")
SCRIPT_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff\u180e\u034f\u202a-\u202e\u2066-\u2069]")
#: Combining marks (accents) left by NFKD decomposition.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
CALENDAR_WORDS = frozenset("january february march april may june july august september october november december "
                           "monday tuesday wednesday thursday friday saturday sunday".split())
#: A LeakFound message line: `LABEL 'surface' from <stories> in <file>[ (N times)]`.
LEAK_LINE = re.compile(r"^\s+(?P<label>\S+) (?P<surface>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") from (?P<stories>.+?) "
                       r"in (?P<file>.+?)(?: \((?P<count>\d+) times\))?$")
DEFAULT_THEME = "peer-support"
#: Where Pelican copies the theme's static files in the output (THEME_STATIC_DIR).
STATIC_PREFIX = "theme/"
HOSTILE_STORIES = 52
SEED = 0
WORDS_PER_GENERATED_STORY = 800


# -- words ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-folded, accents dropped ("Siân" -> "sian"): how slugs spell names, and how spans are compared."""
    if text.isascii():
        return text.lower()
    return COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def tokens_of(text: str) -> list[str]:
    """Folded word tokens (`-` and `_` split words, so "bronwen-harries" is two)."""
    return TOKEN.findall(fold(text))


_ORDINARY: frozenset[str] | None = None


def ordinary_words() -> frozenset[str]:
    """Webster's web2 words written in lower case (proper names there are capitalised), plus months and weekdays."""
    global _ORDINARY
    if _ORDINARY is None:
        from english_words import get_english_words_set

        _ORDINARY = frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower()) | CALENDAR_WORDS
    return _ORDINARY


def is_ordinary(text: str) -> bool:
    """True for a one-word text that is an ordinary English word in lower case ("Hope", "March", "Reading")."""
    words = TOKEN.findall(text)
    return len(words) == 1 and words[0].lower() in ordinary_words()


# -- story sets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSpan:
    """A span that must not be published: its story (file name as added), label and text."""

    story: str
    label: str
    text: str


@dataclass
class StorySet:
    """One set of stories added to the real content for one build."""

    key: str
    source: str
    files: dict[str, str] = field(default_factory=dict)  # file name in content/stories/ -> text
    gold: list[GoldSpan] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def holdout_dirs() -> list[tuple[str, Path]]:
    """(key, folder) of every bench/anon-holdout* folder present now, in natural order."""
    return [(path.name[len("anon-"):], path) for path in anon_holdout_dirs()]


def corpus_dirs() -> list[tuple[str, Path]]:
    """Every annotated corpus the benchmark knows of, present or not (shared ones first)."""
    return [("dev", SHARED / "dev"), ("seed-stories", SHARED / "seed-stories"), *holdout_dirs()]


def strip_annotations(annotated: str) -> tuple[str, list[tuple[str, str, int, int]]]:
    """The clean text (markup removed, surface kept) and the gold spans as (label, text, start, end) in it."""
    spans, out, pos, length = [], [], 0, 0
    for match in MARK.finditer(annotated):
        out.append(annotated[pos:match.start()])
        length += match.start() - pos
        surface = match.group(2)
        spans.append((match.group(1), " ".join(surface.split()), length, length + len(surface)))
        out.append(surface)
        length += len(surface)
        pos = match.end()
    out.append(annotated[pos:])
    clean = "".join(out)
    if "[[" in clean and "]]" in clean:
        raise ValueError("unbalanced annotation markup")
    return clean, spans


def _yaml_value(value) -> str:
    """A front-matter value written as JSON (valid YAML); dates as YYYY-MM-DD."""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()[:10]
    return json.dumps(value, ensure_ascii=False)


def _plain_line(value: str) -> str:
    """A one-line field without markup: entities undone, comments and tags dropped (until none is left), lines joined."""
    text = value
    for _ in range(10):
        plain = html.unescape(text)
        plain = re.sub(r"<!--.*?(?:-->|\Z)|<!\[.*?\]>", " ", plain, flags=re.S)
        plain = ANY_TAG.sub(" ", plain)
        if plain == text:
            break
        text = plain
    text = re.sub(r"[<>&]", " ", text)
    text = re.sub(r"\b(?:javascript|vbscript|data)\s*:", "", text, flags=re.I)
    return " ".join(text.split())


def read_front_matter(clean: str) -> tuple[dict, str, list[str]]:
    """(front matter, body, fixes): YAML as written, or else line by line, a value YAML refuses kept as text."""
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(clean)
        return dict(post.metadata), post.content, []
    except yaml.YAMLError:
        pass
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)(.*)\Z", clean, re.S)
    if match is None:
        raise ValueError("front matter is not valid YAML and not `key: value` lines")
    meta, fixes = {}, []
    for line in match.group(1).splitlines():
        pair = re.match(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$", line)
        if pair is None:
            if line.strip():
                fixes.append(f"dropped front-matter line {line.strip()[:40]!r}")
            continue
        key, raw = pair.groups()
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        if isinstance(value, dict) or value is raw:  # "title: Joining a trust: what ..." is text, not a mapping
            value = raw.strip()
            fixes.append(f"`{key}` quoted (YAML could not read it as written)")
        meta[key] = value
    return meta, match.group(2), fixes


def closest_theme(theme: str, themes: dict) -> str:
    """The declared theme nearest an unknown one: sharing a word stem with its slug or name
    ("academy-trusts" -> trusts-and-local-authorities), else the closest spelling, else peer-support."""
    words = [w for w in tokens_of(theme) if len(w) >= 4]
    best, score = DEFAULT_THEME, 0
    for slug, declared in themes.items():
        known = set(tokens_of(slug)) | set(tokens_of(declared.name))
        shared = sum(1 for w in words if any(k[:5] == w[:5] for k in known if len(k) >= 4))
        if shared > score:
            best, score = slug, shared
    if score:
        return best
    by_name = {fold(t.name): slug for slug, t in themes.items()}
    close = difflib.get_close_matches(fold(theme).replace(" ", "-"), list(themes), n=1, cutoff=0.6) or \
        difflib.get_close_matches(fold(theme), list(by_name), n=1, cutoff=0.6)
    return by_name.get(close[0], close[0]) if close else DEFAULT_THEME


def make_valid(name: str, clean: str, index: int, themes: dict) -> tuple[str, list[str]]:
    """The story `clean` with its front matter made valid for the site's schema, minimally; and the fixes.

    Title, summary and body are kept. Missing consent becomes `consent: true`, a missing date a
    fixed one, missing or unknown themes the closest declared theme (else peer-support), unknown
    fields are dropped; anything the schema still refuses in a one-line field is made plain text.
    """
    from plugins.common.stories import STORY_FIELDS, validate_story

    meta, body, fixes = read_front_matter(clean)
    if not fixes and not validate_story(name, meta, themes) and body.strip():
        return clean, fixes
    for key in list(meta):
        if key not in STORY_FIELDS:
            fixes.append(f"dropped unknown field `{key}`")
            del meta[key]
    if meta.get("consent") is not True:
        fixes.append(f"consent: {meta.get('consent')!r} -> true" if "consent" in meta else "added `consent: true`")
        meta["consent"] = True
    if any(p.field == "date" for p in validate_story(name, meta, themes)):
        date = f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"
        fixes.append(f"date {meta.get('date')!r} -> {date}" if "date" in meta else f"added `date: {date}`")
        meta["date"] = date
    value = meta.get("themes")
    if not isinstance(value, list) or not value:
        fixes.append(f"themes {value!r} -> [{DEFAULT_THEME}]" if "themes" in meta else f"added `themes: [{DEFAULT_THEME}]`")
        meta["themes"] = [DEFAULT_THEME]
    else:
        mapped = []
        for theme in value:
            if theme in themes:
                mapped.append(theme)
                continue
            target = closest_theme(str(theme), themes)
            fixes.append(f"theme {theme!r} -> {target}")
            mapped.append(target)
        meta["themes"] = sorted(set(mapped), key=mapped.index)
    if meta.get("status", "published") != "published":
        fixes.append(f"status {meta['status']!r} -> published")
        meta["status"] = "published"
    if "slug" in meta and any(p.field == "slug" for p in validate_story(name, meta, themes)):
        fixes.append(f"dropped invalid slug {meta['slug']!r}")
        del meta["slug"]
    if not isinstance(meta.get("title"), str) or not meta.get("title", "").strip():
        fixes.append(f"title {meta.get('title')!r} -> 'Story {index + 1}'")
        meta["title"] = f"Story {index + 1}"
    for key in ("title", "summary", "content_note", "role"):
        if key in meta and any(p.field == key for p in validate_story(name, meta, themes)):
            plain = _plain_line(str(meta[key]))
            if key != "title" and not plain:
                fixes.append(f"dropped empty `{key}`")
                del meta[key]
            else:
                fixes.append(f"{key} made plain text: {str(meta[key])[:40]!r} -> {plain[:40]!r}")
                meta[key] = plain
    for key in ("redact", "keep"):
        if key in meta and any(p.field == key for p in validate_story(name, meta, themes)):
            fixes.append(f"dropped invalid `{key}`")
            del meta[key]
    left = validate_story(name, meta, themes)
    if left:
        fixes.append("STILL INVALID: " + "; ".join(str(p) for p in left))
    front = "---\n" + "".join(f"{k}: {_yaml_value(v)}\n" for k, v in meta.items()) + "---\n"
    return front + body.strip("\n") + "\n", fixes


def load_corpus(key: str, folder: Path, themes: dict) -> StorySet:
    """An annotated corpus: clean stories (made valid) and their gold spans; nothing of it is printed."""
    story_set = StorySet(key, os.path.relpath(folder, REPO))
    for index, path in enumerate(sorted(folder.glob("*.md"))):
        try:
            clean, spans = strip_annotations(path.read_text(encoding="utf-8"))
            text, fixes = make_valid(path.name, clean, index, themes)
        except Exception as err:  # noqa: BLE001 - a broken file is a finding, not a crash
            story_set.notes.append(f"{path.name}: not added ({type(err).__name__}: {str(err).splitlines()[0][:120]})")
            continue
        story_set.files[path.name] = text
        story_set.gold += sorted({GoldSpan(path.name, label, surface) for label, surface, _, _ in spans},
                                 key=lambda g: (g.label, g.text))
        if fixes:
            story_set.fixes.append(f"{path.name}: " + "; ".join(fixes))
    return story_set


def load_generated(n: int, scratch: Path) -> StorySet:
    """n stories from bench/multicultural.py (people from many communities), with their planted gold."""
    from bench.multicultural import generate_multicultural

    shutil.rmtree(scratch, ignore_errors=True)
    story_set = StorySet("generated", f"bench/multicultural.py (bench/synthetic.py + Faker), {n} stories, "
                                      f"{WORDS_PER_GENERATED_STORY} words, seed {SEED}")
    made = generate_multicultural(n, scratch, words=WORDS_PER_GENERATED_STORY, seed=SEED)
    origins = Counter(origin for story in made for origin in story.locales)
    for story in made:
        story_set.files[story.path.name] = story.path.read_text(encoding="utf-8")
        story_set.gold += [GoldSpan(story.path.name, label, surface) for label, surface in story.gold]
    story_set.notes.append("people by origin: " + ", ".join(f"{k} {v}" for k, v in sorted(origins.items(), key=lambda kv: (-kv[1], kv[0]))))
    shutil.rmtree(scratch, ignore_errors=True)
    return story_set


def load_hostile(scratch: Path, plain_fields: bool) -> StorySet:
    """The 52 hostile stories of bench/hostile.py; with `plain_fields`, titles and summaries made plain text."""
    from bench.hostile import generate_hostile

    shutil.rmtree(scratch, ignore_errors=True)
    key = "hostile-plain" if plain_fields else "hostile"
    story_set = StorySet(key, f"bench/hostile.py, {HOSTILE_STORIES} stories, vectors from tests/fixtures/xss/vectors.txt"
                         + ("; titles and summaries made plain text" if plain_fields else ""))
    placements = Counter()
    for story in generate_hostile(scratch, HOSTILE_STORIES, seed=SEED, repo=REPO, vectors_in_fields=not plain_fields):
        story_set.files[story.path.name] = story.path.read_text(encoding="utf-8")
        story_set.gold += [GoldSpan(story.path.name, label, surface) for label, surface in story.gold]
        placements.update(story.placements)
    story_set.notes.append("hidden placements: " + ", ".join(f"{k} ×{v}" for k, v in sorted(placements.items())))
    shutil.rmtree(scratch, ignore_errors=True)
    return story_set


# -- one build ----------------------------------------------------------------------------------


@dataclass
class Alarm:
    """One gated surface in one output file, as the gate reported it, then classified."""

    surface: str
    label: str
    stories: list[str]
    file: str
    count: int
    kind: str = ""  # real / false
    gold: list[GoldSpan] = field(default_factory=list)
    doubtful: bool = False
    in_file: bool = True


@dataclass
class Build:
    """What one build did: status, time, alarms, pages written per story, log warnings."""

    status: str
    seconds: float
    alarms: list[Alarm]
    pages: dict[str, dict]  # source file name -> {"save_as", "slug", "title"}
    warnings: list[str]
    removed: set[tuple[str, ...]] | None
    message: str = ""


_ARTICLES: list = []


def _record_articles(generator) -> None:
    """Signal receiver: remember every article's source, slug and page (for 'its own story's pages')."""
    for article in [*generator.articles, *generator.translations, *getattr(generator, "hidden_articles", []),
                    *getattr(generator, "drafts", [])]:
        _ARTICLES.append((article.source_path, article.save_as, article.slug, getattr(article, "title", "")))


class _Collect(logging.Handler):
    """Keep the build's warnings (and worse) for the report."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the first line of the record's message."""
        try:
            self.messages.append(record.getMessage().splitlines()[0][:300])
        except Exception:  # noqa: BLE001 - a bad log record must not stop the benchmark
            pass


def leaks_of(err: Exception) -> list[Alarm]:
    """The gate's leaks: from `err.leaks` when the gate provides it, else parsed from its message."""
    leaks = getattr(err, "leaks", None)
    if leaks is not None:
        return [Alarm(leak.entry.text if leak.entry.text is not None else f"<masked {leak.entry.key[:8]}>",
                      leak.entry.label, [Path(s).name for s in leak.entry.stories], leak.file, int(getattr(leak, "count", 1)))
                for leak in leaks]
    alarms = []
    for line in str(err).splitlines()[1:]:
        match = LEAK_LINE.match(line)
        if not match:
            continue
        try:
            surface = ast.literal_eval(match["surface"])
        except (ValueError, SyntaxError):
            surface = match["surface"]
        alarms.append(Alarm(surface, match["label"], [Path(s.strip()).name for s in match["stories"].split(", ")],
                            match["file"], int(match["count"] or 1)))
    return alarms


def removed_surfaces() -> set[tuple[str, ...]] | None:
    """Every surface the anonymiser removed in the last build, as folded tokens (None if not readable)."""
    try:
        from plugins.anonymise.build import CURRENT

        return {tuple(tokens_of(s)) for r in CURRENT.redactions.values() for s in r.removed_surfaces()}
    except Exception:  # noqa: BLE001 - the anonymiser's interface is being changed: this is a diagnostic only
        return None


def run_build(content: Path, output: Path, cache: Path, log: Path) -> Build:
    """Build the site from `content` into `output` in this process; catch the gate's verdict."""
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    signals.article_generator_finalized.connect(_record_articles)
    _ARTICLES.clear()
    settings = read_settings(str(CONF), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache / "pelican"),
        "ANONYMISE": True, "ANONYMISER_CACHE_DIR": str(cache / "anonymiser"),
        "SHARE_CARDS_CACHE_DIR": str(cache / "cards"),
        "LEAK_GATE_MANIFEST": str(output.parent / "leak-gate" / "manifest.json"),
        "LEAK_GATE_ON_LEAK": "keep", "DELETE_OUTPUT_DIRECTORY": False,
        # This benchmark counts the leak gate's alarms; the corpora were written before the
        # re-identification check existed, and many of their stories are high-risk on purpose
        # (tiny schools, dated events), so the risk gate would stop the build before the leak
        # gate runs. The risk check is measured on its own (`make risk-quality`).
        "RISK_GATE": False,
    })
    root = logging.getLogger()
    collect, to_file = _Collect(), logging.FileHandler(log, encoding="utf-8")
    to_file.setLevel(logging.INFO)
    to_file.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(collect)
    root.addHandler(to_file)
    started = time.perf_counter()
    status, alarms, message = "passed", [], ""
    try:
        Pelican(settings).run()
    except Exception as err:  # noqa: BLE001 - every way a build ends is a result
        message = str(err)
        if type(err).__name__ == "LeakFound":
            status, alarms = "gate failed", leaks_of(err)
        else:
            status = "stopped"
            message = f"{type(err).__name__}: {message}"
            logging.getLogger(__name__).warning("build stopped: %s", message, exc_info=True)
    finally:
        seconds = time.perf_counter() - started
        root.removeHandler(collect)
        root.removeHandler(to_file)
        to_file.close()
        root.setLevel(level)
    pages = {}
    for source, save_as, slug, title in _ARTICLES:
        pages[Path(source).name] = {"save_as": save_as, "slug": slug, "title": str(title)}
    return Build(status, seconds, alarms, pages, collect.messages, removed_surfaces(), message)


# -- reading the output -------------------------------------------------------------------------


def decode(raw: str) -> str:
    """Undo HTML entities, URL and script escapes (repeatedly), NFKC; drop soft hyphens and zero-width characters."""
    text = raw
    for _ in range(5):
        decoded = SCRIPT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        if "%" in decoded:
            decoded = unquote_plus(decoded.replace("+", "%2B"))
        decoded = html.unescape(decoded)
        if decoded == text:
            break
        text = decoded
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def read_text(path: Path) -> str | None:
    """The file's text if it is a text file (by suffix, or any file up to 5 MB that is valid UTF-8), else None."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8", errors="replace")
    if path.stat().st_size > 5_000_000:
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class OutputText:
    """Every output file as folded tokens joined by spaces (substring = consecutive words), plus an index."""

    files: list[str]
    joined: list[str]
    plain: list[str]
    by_token: dict[str, set[int]]
    paths: dict[str, int]

    @classmethod
    def read(cls, output: Path) -> "OutputText":
        """Read and decode every file of `output` (text files by content and path, others by path)."""
        files, joined, plain, by_token = [], [], [], defaultdict(set)
        for path in sorted(p for p in output.rglob("*") if p.is_file()):
            relative = path.relative_to(output).as_posix()
            parts = [decode(relative)]
            raw = read_text(path)
            if raw is not None:
                text = decode(raw)
                # 1) everything, tags included (attribute values count); 2) inline tags removed,
                # other tags a break (a name split by <em> is one word again).
                parts += [text, ANY_TAG.sub(" ", INLINE_TAG.sub("", text))]
            words = [tokens_of(part) for part in parts]
            index = len(files)
            files.append(relative)
            joined.append(" " + " \u2029 ".join(" ".join(w) for w in words) + " ")
            plain.append(" \u2029 ".join(parts))
            for token in {t for w in words for t in w}:
                by_token[token].add(index)
        return cls(files, joined, plain, dict(by_token), {f: i for i, f in enumerate(files)})

    def find(self, words: list[str], within: set[int] | None = None) -> set[int]:
        """Files holding these folded words one after another."""
        if not words:
            return set()
        candidates = set.intersection(*(self.by_token.get(w, set()) for w in words))
        if within is not None:
            candidates &= within
        needle = " " + " ".join(words) + " "
        return {i for i in candidates if needle in self.joined[i]}

    def find_as_written(self, text: str, within: set[int]) -> set[int]:
        """Files (among `within`) where `text` stands exactly as written, on word boundaries."""
        pattern = re.compile(r"(?<![^\W_])" + re.escape(text) + r"(?![^\W_])")
        return {i for i in within if pattern.search(self.plain[i])}


def is_static(relative: str) -> bool:
    """True for the theme's static files (CSS, JS, fonts, vendored lunr): the same in every build, no story reaches them."""
    return relative.startswith(STATIC_PREFIX)


def own_files(out: OutputText, page: dict | None) -> set[int]:
    """Output files derived from one story: its page and every file named after its slug (cards, print view)."""
    if not page:
        return set()
    slug, save_as = page["slug"], page["save_as"]
    found = {i for i, f in enumerate(out.files)
             if f == save_as or f"/{slug}/" in f"/{f}" or Path(f).stem == slug}
    return found


# -- classification -----------------------------------------------------------------------------


@dataclass
class SetResult:
    """A story set's build and what the benchmark made of it."""

    story_set: StorySet
    build: Build | None
    prepare_s: float = 0.0
    analyse_s: float = 0.0
    found_own: list = field(default_factory=list)       # (span, [files])
    found_anywhere: list = field(default_factory=list)  # (span, [files])
    found_ordinary_elsewhere: int = 0
    silent: list = field(default_factory=list)          # found spans with no alarm in those files
    collisions: dict = field(default_factory=dict)
    unwritten: list = field(default_factory=list)
    spans_checked: int = 0


def classify(result: SetResult, out: OutputText, baseline: OutputText | None = None) -> None:
    """Mark each alarm real or false; find the gold spans in the output; note who the gate missed.

    `baseline` is the output of the real content alone: words that already stand in the same
    file there were not put there by the set's stories.
    """
    story_set, build = result.story_set, result.build
    gold_tokens = [(g, tokens_of(g.text)) for g in story_set.gold]
    by_story = defaultdict(list)
    for g, words in gold_tokens:
        by_story[g.story].append((g, words))
    owned = {name: own_files(out, build.pages.get(name)) for name in story_set.files}

    def in_baseline(words: list[str], relative: str) -> bool:
        """True if these words stand in the same file of the content-only build."""
        j = None if baseline is None else baseline.paths.get(relative)
        return j is not None and bool(baseline.find(words, {j}))

    def inside(needle: list[str], hay: list[str]) -> bool:
        """True if the words `needle` stand one after another in `hay`."""
        n = len(needle)
        return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))

    for alarm in build.alarms:
        words = tokens_of(alarm.surface)
        alarm.gold = [g for g, hay in gold_tokens if inside(words, hay)]
        index = out.paths.get(alarm.file)
        alarm.in_file = index is not None and bool(out.find(words, {index}))
        alarm.kind = "real" if alarm.gold and alarm.in_file else "false"
        if alarm.kind == "real":
            homes = set().union(*(owned.get(g.story, set()) for g in alarm.gold))
            alarm.doubtful = (is_static(alarm.file) or in_baseline(words, alarm.file)
                              or (is_ordinary(alarm.surface) and index not in homes))

    alarmed = defaultdict(list)  # file index -> alarm token lists
    for alarm in build.alarms:
        if alarm.file in out.paths:
            alarmed[out.paths[alarm.file]].append(tokens_of(alarm.surface))
    seen = set()
    for g, words in gold_tokens:
        if len(g.text) < 2 or not words or (g.text.islower() and is_ordinary(g.text)) or (g.story, g.text) in seen:
            continue
        seen.add((g.story, g.text))
        result.spans_checked += 1
        home = owned.get(g.story, set())
        ordinary = is_ordinary(g.text)
        own = out.find(words, home)
        if ordinary:  # as written ("Hope"), not folded: "we hope" is no leak of a colleague called Hope
            own = out.find_as_written(g.text, own)
        anywhere = {i for i in out.find(words) if not is_static(out.files[i]) and not in_baseline(words, out.files[i])}
        if own:
            result.found_own.append((g, sorted(out.files[i] for i in own)))
        if anywhere and not ordinary:
            result.found_anywhere.append((g, sorted(out.files[i] for i in anywhere)))
        elif anywhere and ordinary and not own:
            result.found_ordinary_elsewhere += 1
        where = own | (anywhere if not ordinary else set())
        if where and not any(inside(a, words) or inside(words, a) for i in where for a in alarmed.get(i, [])):
            never_removed = None if build.removed is None else tuple(words) not in build.removed
            result.silent.append((g, sorted(out.files[i] for i in where), never_removed))

    pages = defaultdict(list)
    for name, page in build.pages.items():
        pages[page["save_as"]].append(name)
    result.collisions = {save_as: names for save_as, names in pages.items() if len(names) > 1}
    result.unwritten = sorted(name for name in story_set.files if name not in build.pages)


# -- the run ------------------------------------------------------------------------------------


def prepare_content(story_set: StorySet, root: Path) -> Path:
    """A copy of the real content/ with the set's stories added to content/stories/."""
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(REPO / "content", content)
    stories = content / "stories"
    for name, text in story_set.files.items():
        target = stories / name
        if target.exists():  # a name the real content already uses: never overwrite a real story
            story_set.notes.append(f"{name} renamed bench-{name} (the real content has that file name)")
            target = stories / f"bench-{name}"
        target.write_text(text, encoding="utf-8")
    return content


def run_set(story_set: StorySet, work: Path, cache: Path, keep: bool,
            baseline: OutputText | None = None) -> tuple[SetResult, OutputText]:
    """Build the site with one set added; classify its alarms (against the content-only `baseline`);
    drop the output folder unless `keep`; return the result and the output as read."""
    result = SetResult(story_set, None)
    root = work / story_set.key
    started = time.perf_counter()
    content = prepare_content(story_set, root)
    result.prepare_s = time.perf_counter() - started
    output = root / "output"
    shutil.rmtree(output, ignore_errors=True)
    result.build = run_build(content, output, cache, root / "build.log")
    prefix = f"{root}/"  # report paths as content/stories/<file>, not as this run's temporary folder
    result.build.message = result.build.message.replace(prefix, "")
    result.build.warnings = [w.replace(prefix, "") for w in result.build.warnings]
    started = time.perf_counter()
    out = OutputText.read(output) if output.exists() else OutputText([], [], [], {}, {})
    classify(result, out, baseline)
    result.analyse_s = time.perf_counter() - started
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return result, out


def build_sets(names: list[str], generated: int, scratch: Path) -> list[StorySet]:
    """The requested story sets, in the order given (a missing corpus is reported, not fatal)."""
    from plugins.common.stories import load_themes

    themes = load_themes(REPO / "content" / "themes.yml")
    corpora = dict(corpus_dirs())
    sets = []
    for name in names:
        key = {"seed": "seed-stories", "holdout-1": "holdout"}.get(name, name)
        if key == "content":
            sets.append(StorySet("content", "the real content/ alone"))
        elif key == "generated":
            sets.append(load_generated(generated, scratch / "generated"))
        elif key in ("hostile", "hostile-plain"):
            sets.append(load_hostile(scratch / key, plain_fields=key == "hostile-plain"))
        elif key in corpora or key.startswith("holdout"):
            folder = corpora.get(key) or REPO / "bench" / f"anon-{key}"
            if folder.is_dir():
                sets.append(load_corpus(key, folder, themes))
            else:
                missing = StorySet(key, str(folder))
                missing.notes.append("missing: not run")
                sets.append(missing)
        else:
            raise SystemExit(f"unknown story set {name!r}; known: content, "
                             + ", ".join(k for k, _ in corpus_dirs()) + ", generated, hostile, hostile-plain")
    return sets


def default_sets() -> list[str]:
    """Every set: the baseline, each annotated corpus present, the generated and the hostile ones."""
    return ["content", *(k for k, p in corpus_dirs() if p.is_dir()), "generated", "hostile", "hostile-plain"]


# -- report -------------------------------------------------------------------------------------


def _cell(text: str, limit: int = 80) -> str:
    """Text safe in a Markdown table cell."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _files(files: list[str], limit: int = 3) -> str:
    """The first `limit` file names as code, and how many more."""
    shown = ", ".join(f"`{f}`" for f in files[:limit])
    return shown + (f" +{len(files) - limit}" if len(files) > limit else "")


def summary_row(r: SetResult) -> str:
    """One row of the main table."""
    s, b = r.story_set, r.build
    if b is None:
        return f"| {s.key} | {len(s.files)} | {len(s.fixes)} | not run: {'; '.join(s.notes)} | | | | | | | | | |"
    real = [a for a in b.alarms if a.kind == "real"]
    false = [a for a in b.alarms if a.kind == "false"]
    found = {(g.story, g.text) for g, _ in r.found_own} | {(g.story, g.text) for g, _ in r.found_anywhere}
    return (f"| {s.key} | {len(s.files)} | {len(s.fixes)} | {b.status} | {b.seconds:.1f} | {len(b.alarms)} | "
            f"{len(real)} ({sum(a.doubtful for a in real)}) | {len(false)} | {len({a.surface.casefold() for a in false})} | "
            f"{r.spans_checked} | {len(r.found_own)} | {len(r.found_anywhere)} | {len(found)} ({len(r.silent)}) |")


def set_section(r: SetResult) -> list[str]:
    """The details of one set: fixes, the build's end, false alarms by surface, real ones, gold found."""
    s, b = r.story_set, r.build
    lines = [f"### {s.key}", "", f"Source: {s.source}. Stories added: {len(s.files)}; gold spans (distinct label and "
             f"text per story): {len(s.gold)}, {r.spans_checked} searched (2+ characters, not a lower-case ordinary word)."]
    lines += [f"- {note}" for note in s.notes]
    if b is None:
        return lines + [""]
    written = "read before it stopped" if b.status == "stopped" else "written"
    lines += ["", f"Build: **{b.status}** in {b.seconds:.1f} s (stories copied in {r.prepare_s:.1f} s, output "
                  f"searched in {r.analyse_s:.1f} s); {len(b.pages)} stories {written} (real content included), "
                  f"{len(b.warnings)} warnings logged."]
    if b.status == "stopped":
        first = b.message.splitlines()
        lines += ["", "Build stopped:", "", "```", *[_cell(x, 200) for x in first[:8]],
                  *([f"... {len(first) - 8} more lines"] if len(first) > 8 else []), "```"]
    if s.fixes:
        lines += ["", f"Front matter made valid ({len(s.fixes)} stories):", ""]
        lines += [f"- {_cell(fix, 300)}" for fix in s.fixes]
    if r.unwritten and b.status != "stopped":
        lines += ["", f"Stories of the set not written ({len(r.unwritten)}): " + ", ".join(f"`{n}`" for n in r.unwritten[:20])
                  + (" ..." if len(r.unwritten) > 20 else "")]
    if r.collisions:
        lines += ["", f"Pages written by more than one story ({len(r.collisions)}; only the last one is published): "
                  + "; ".join(f"`{k}` ({', '.join(v)})" for k, v in list(r.collisions.items())[:10])]
    warnings = Counter(re.sub(r"\d+", "N", w)[:140] for w in b.warnings if not w.startswith("Leak gate allowlist"))
    if warnings:
        lines += ["", "Most frequent warnings: " + "; ".join(f"{_cell(w, 140)} ×{n}" for w, n in sorted(warnings.items(), key=lambda kv: (-kv[1], kv[0]))[:4])]

    false = [a for a in b.alarms if a.kind == "false"]
    if false:
        groups = defaultdict(list)
        for a in false:
            groups[(a.surface, a.label)].append(a)
        lines += ["", f"False alarms ({len(false)}), by surface:", "",
                  "| surface | label | alarms | times | files | removed from |", "| --- | --- | ---: | ---: | --- | --- |"]
        for (surface, label), alarms in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0].casefold(), kv[0][1])):
            stories = sorted({st for a in alarms for st in a.stories})
            lines.append(f"| {_cell(surface, 40)} | {label} | {len(alarms)} | {sum(a.count for a in alarms)} | "
                         f"{_files(sorted(a.file for a in alarms))} | {_cell(', '.join(stories), 60)} |")
    real = [a for a in b.alarms if a.kind == "real"]
    if real:
        groups = defaultdict(list)
        for a in real:
            groups[(a.surface, a.label)].append(a)
        lines += ["", f"Real leaks ({len(real)}), by surface; doubtful: already in that file in the content-only build, "
                      "in the theme's static files, or an ordinary word outside the pages of a story whose gold holds it:", "",
                  "| surface | label | alarms | doubtful | times | files | gold span (story) |",
                  "| --- | --- | ---: | ---: | ---: | --- | --- |"]
        for (surface, label), alarms in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0].casefold(), kv[0][1])):
            spans = sorted({(g.text, g.story) for a in alarms for g in a.gold})
            shown = f"{_cell(spans[0][0], 40)} ({spans[0][1]})" + (f" +{len(spans) - 1}" if len(spans) > 1 else "")
            files = sorted(a.file for a in alarms)
            lines.append(f"| {_cell(surface, 40)} | {label} | {len(alarms)} | {sum(a.doubtful for a in alarms)} | "
                         f"{sum(a.count for a in alarms)} | {_files(files)} | {shown} |")
    unconfirmed = [a for a in b.alarms if a.gold and not a.in_file]
    if unconfirmed:
        lines += ["", f"Alarms on a gold surface this benchmark could not find in the file ({len(unconfirmed)}, counted false): "
                  + "; ".join(f"{_cell(a.surface, 30)} in `{a.file}`" for a in unconfirmed[:10])]
    own = {(g.story, g.text): (g, files) for g, files in r.found_own}
    anywhere = {(g.story, g.text): (g, files) for g, files in r.found_anywhere}
    found = {}
    for key in sorted(own.keys() | anywhere.keys()):
        g = (own.get(key) or anywhere[key])[0]
        where = (["own page" + (" (ordinary word)" if is_ordinary(g.text) else "")] if key in own else []) + \
            (["anywhere"] if key in anywhere else [])
        files = sorted(set(own.get(key, (g, []))[1]) | set(anywhere.get(key, (g, []))[1]))
        found[key] = (g, files, ", ".join(where))
    silent = {(g.story, g.text): never for g, _, never in r.silent}
    lines += ["", f"Gold spans found in the output: {len(found)} (on their own story's pages: {len(r.found_own)}; "
                  f"anywhere, spans that are not ordinary words: {len(r.found_anywhere)}; ordinary-word spans found "
                  f"only off their own pages, not counted: {r.found_ordinary_elsewhere}). With no gate alarm in those "
                  f"files: {len(r.silent)}"
              + ("" if not r.silent or b.removed is None else
                 f", of which the anonymiser never removed the surface from any story: {sum(1 for v in silent.values() if v)}")
              + "."]
    if found:
        lines += ["", "| story | label | span | where | files | gate alarm |", "| --- | --- | --- | --- | --- | --- |"]
        for (story, text), (g, files, where) in sorted(found.items())[:200]:
            alarm = "no" + (" (never removed)" if silent.get((story, text)) else "") if (story, text) in silent else "yes"
            lines.append(f"| {story} | {g.label} | {_cell(text, 40)} | {where} | {_files(files)} | {alarm} |")
        if len(found) > 200:
            lines.append(f"| ... {len(found) - 200} more | | | | | |")
    return lines + [""]


def top_false(results: list[SetResult], n: int = 15) -> list[tuple[str, str, int, int, list[str]]]:
    """The most frequent false alarms over all sets: (surface, label, alarms, sets, set keys)."""
    counts: dict[tuple[str, str], list] = {}
    for r in results:
        if r.build is None:
            continue
        for a in r.build.alarms:
            if a.kind == "false":
                entry = counts.setdefault((a.surface, a.label), [0, set()])
                entry[0] += 1
                entry[1].add(r.story_set.key)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0][0].casefold()))
    return [(s, label, c, len(keys), sorted(keys)) for (s, label), (c, keys) in ranked[:n]]


def render(args, results: list[SetResult], elapsed: float, work: Path | None) -> str:
    """The Markdown report."""
    from importlib.metadata import version

    lines = [
        "# Publishing benchmark: leak-gate alarms, real and false",
        "",
        f"`make bench-publish` (bench/bench_publish.py), {dt.date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Pelican {version('pelican')}. "
        f"Whole run: {elapsed / 60:.1f} min. Code measured (hash of the files): {args.code}.",
        "",
        "Each row is one `pelican` build (in the benchmark's process, `pelicanconf.py`, ANONYMISE on,",
        "`LEAK_GATE_ON_LEAK = \"keep\"`, CI unset) of a temporary copy of the real `content/` with one story set",
        "added to `content/stories/`; one anonymiser cache is shared by the run's builds (the real stories are",
        "analysed once). Reproduce: `make bench-publish`, or `.venv/bin/python bench/bench_publish.py --sets "
        f"{','.join(args.sets)} --generated {args.generated}`" + (" --keep-dirs" if args.keep_dirs else "") + ".",
        "",
        "- **alarms**: leaks the gate reported (one per surface per file); **real**: the surface is, or is inside,",
        "  a gold span of a story of the set and stands in that file (in brackets: doubtful, most likely false",
        "  too: the surface already stands in that file when the real content is built alone, or the file is",
        "  one of the theme's static files, or it is an ordinary word outside the pages of a story whose gold",
        "  holds it); **false**: any other; **surfaces**: distinct falsely alarmed surfaces.",
        "- **gold found**: gold spans (per story) this benchmark finds in the output by itself: on their",
        "  story's own pages (page, share card), and anywhere for spans that are not ordinary words (except",
        "  in a file where the span already stands when the real content is built alone, and in the theme's",
        "  static files); in brackets, how many of them the gate raised no alarm for in those files.",
        "",
        "| set | stories | fixed | build | build s | alarms | real (doubtful) | false | surfaces | gold spans "
        "| found own page | found anywhere | gold found (no alarm) |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[summary_row(r) for r in results],
        "",
    ]
    top = top_false(results)
    if top:
        lines += ["Most frequent false alarms over all sets:", "", "| surface | label | alarms | sets |", "| --- | --- | ---: | --- |"]
        lines += [f"| {_cell(s, 40)} | {label} | {c} | {_cell(', '.join(keys), 70)} |" for s, label, c, _, keys in top]
        lines.append("")
    lines += ["Timings (s):", "", "| set | prepare | build | search output |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {r.story_set.key} | {r.prepare_s:.1f} | {r.build.seconds:.1f} | {r.analyse_s:.1f} |"
              for r in results if r.build is not None]
    lines += ["", "## Per set", ""]
    for r in results:
        lines += set_section(r)
    lines += [
        "## Method",
        "",
        "- Annotated corpora: `[[LABEL:text]]` markup stripped as `../shared/anon-eval/anon_eval.py` does; the",
        "  stories' front matter made valid for `plugins/common/stories.py` with the fewest changes (each listed",
        "  above); title, summary and body kept. Files keep their names in `content/stories/`.",
        "- Generated: bench/multicultural.py wraps bench/synthetic.py (not edited): the same stories, most people",
        "  renamed with Faker names from Latin-script locales; each story has `slug:` set to its file stem, as",
        "  bench/bench_build.py does (synthetic titles repeat). Gold: the planted names, towns, school, trust,",
        "  email and phone.",
        "- Hostile: bench/hostile.py; the vectors of tests/fixtures/xss/vectors.txt in title, summary and body,",
        "  names hidden in attributes, URLs, comments, scripts, split by tags, entities or soft hyphens.",
        "- An alarm's file is searched by this benchmark after undoing entities, URL and script escapes, with",
        "  and without tags, accents and case folded; \"ordinary word\" = Webster's web2 in lower case, plus",
        "  months and weekdays (this benchmark's own list, not the gate's). An ordinary-word gold span (\"Hope\")",
        "  counts as found on its own pages only as written (capitalised), and is marked \"ordinary word\": at a",
        "  sentence start it may be the word, not the name.",
        "- Any output file that is valid UTF-8 is read as text (as the gate does); others by their path only.",
        "- Own pages of a story: the page Pelican wrote for it and every output file named after its slug.",
        "- The real content alone is built first (`content`); a surface or span that already stands in the same",
        "  file of that build was not put there by the set's stories (an alarm on it is marked doubtful, a",
        "  span found there is not counted).",
        "",
    ]
    if work is not None:
        lines += [f"Outputs kept in `{work}`.", ""]
    return "\n".join(lines)


def code_fingerprint() -> str:
    """Short hashes of the measured code (anonymiser, plugins), so a result names the code it measured."""
    import hashlib

    parts = []
    for name, folder in (("anonymiser", REPO / "anonymiser"), ("plugins", REPO / "plugins")):
        digest = hashlib.blake2b(digest_size=4)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
        parts.append(f"{name} {digest.hexdigest()}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Build with each story set, classify the alarms, write bench/results-publish.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=lambda s: [x.strip() for x in s.split(",") if x.strip()], default=None,
                        help="comma-separated story sets (default: all): content, dev, seed-stories, holdout, "
                             "holdout-2, ..., generated, hostile, hostile-plain")
    parser.add_argument("--generated", type=int, default=1000, help="stories in the generated set (default 1000)")
    parser.add_argument("--keep-dirs", action="store_true", help="keep each build's content and output folders")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.sets = args.sets or default_sets()
    # The real content alone is always built first: what is already in its output is not the sets' doing.
    args.sets = ["content", *(s for s in args.sets if s != "content")]
    os.environ.pop("CI", None)  # surfaces in clear: this is a development build
    os.chdir(REPO)

    started = time.perf_counter()
    args.code = code_fingerprint()
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    cache = work / "cache"
    results, baseline = [], None
    try:
        for story_set in build_sets(args.sets, args.generated, work / "scratch"):
            if any("missing" in n for n in story_set.notes) and not story_set.files:
                results.append(SetResult(story_set, None))
                print(f"{story_set.key}: missing", flush=True)
                continue
            print(f"{story_set.key}: {len(story_set.files)} stories, {len(story_set.gold)} gold spans ...", flush=True)
            result, out = run_set(story_set, work, cache, args.keep_dirs, baseline)
            if story_set.key == "content":
                baseline = out
            results.append(result)
            print("  " + summary_row(result), flush=True)
    finally:
        if not args.keep_dirs:
            shutil.rmtree(work, ignore_errors=True)
    after = code_fingerprint()
    if after != args.code:
        args.code += f" at the start; {after} at the end (the code changed during the run: builds may differ in code)"
    report = render(args, results, time.perf_counter() - started, work if args.keep_dirs else None)
    args.out.write_text(report, encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
