"""Pelican plugin: read stories through the anonymiser before Pelican derives anything.

Signals used:
- `get_generators` (start of every build): forget the previous build's state.
- `readers_init`: replace the Markdown reader with `SafeHarbourReader`, and make every other
  reader refuse a file under the stories folder (no story reaches the site unanonymised).
- `article_generator_init`: anonymise every cache miss in one batch over both cores, then
  derive their risk verdicts, HTML and sanitised HTML into the build caches over both cores
  too (`derive_ahead`).
- `article_generator_finalized` (every story read): delete the cache entries (anonymiser,
  rendered HTML) of stories this build no longer publishes.
- `all_generators_finalized`: stop the build, before anything is written, if any story failed
  or any generator reports a problem (its `problems` list: the collections generator's).

What other plugins need of a story travels on its article (`redaction`, `story_source`) and
with Pelican's `article_generator_context` signal (skipped stories: `unpublished_reason`,
`unpublished_slug`); `CURRENT` is this plugin's own state.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from plugins.common.settings import read as read_settings
from plugins.common.stories import SourceError, not_markdown_problem, stray_story_files

from .build import CURRENT, BuildStopped, BuildState, EditorFacingErrors
from .reader import SafeHarbourReader, cached_risk_verdict, escape_placeholders, render_story_markdown

__all__ = ["register", "CURRENT", "BuildState", "BuildStopped", "SafeHarbourReader"]

logger = logging.getLogger(__name__)


def start_build(pelican) -> None:
    """Reset the build state and refuse to publish without anonymisation."""
    CURRENT.reset()
    site = read_settings(pelican.settings)
    if site.publishing and not site.anonymise:
        raise BuildStopped("ANONYMISE is off in a publishing build: refusing to publish stories as written.")
    if site.publishing and not site.risk_gate:
        raise BuildStopped("RISK_GATE is off in a publishing build: refusing to publish without the re-identification check.")
    if not site.anonymise:
        logger.warning("ANONYMISE is off: stories are rendered as written. Never publish this output.")
    CURRENT.problems.extend(stray_story_files(site.stories_dir))
    CURRENT.stop_if_problems()  # before Pelican reads a single file


def guarded_reader(reader_class: type) -> type:
    """`reader_class` made to refuse any file under the stories folder.

    Pelican picks a reader by file extension, and its stock readers (HTML, reStructuredText,
    Markdown for `.mkd`/`.mdown`) publish a file as written. A story must only ever be read
    by `SafeHarbourReader`, so a stock reader asked for one raises a problem instead.
    """

    def read(self, source_path: str):
        stories_dir = read_settings(self.settings).stories_dir
        if Path(source_path).resolve().is_relative_to(stories_dir):
            problem = not_markdown_problem(source_path)
            CURRENT.problems.append(problem)
            raise SourceError([problem])
        return reader_class.read(self, source_path)

    return type(f"StoryGuarded{reader_class.__name__}", (reader_class,), {"read": read, "__doc__": read.__doc__})


def install_reader(readers) -> None:
    """Make `SafeHarbourReader` the reader for Markdown files and guard every other reader."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if extension not in SafeHarbourReader.file_extensions and not issubclass(reader_class, SafeHarbourReader):
            readers.reader_classes[extension] = guarded_reader(reader_class)
    for extension in SafeHarbourReader.file_extensions:
        readers.reader_classes[extension] = SafeHarbourReader


def prefetch_stories(generator) -> None:
    """Anonymise all uncached publishable stories in one batch before Pelican reads them one by one."""
    site = read_settings(generator.settings)
    if not site.anonymise or not site.stories_dir.is_dir():
        return
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, SafeHarbourReader):
        return
    stories = []
    for path in sorted(site.stories_dir.rglob("*.md")):
        try:
            story = reader.load_story(str(path))  # parsed once: Pelican's read reuses it
        except SourceError:
            continue  # the reader reports it, with every problem, when Pelican reaches the file
        if story.skip_reason() is None:
            stories.append(story)
    anonymiser = reader.story_anonymiser()
    anonymiser.prefetch(stories)
    derive_ahead(reader, anonymiser.fresh, site.anonymiser_processes)


#: Fewest freshly anonymised stories worth starting processes for (a pool costs ~0.2 s).
DERIVE_AHEAD_MIN = 8
#: What `_derive` reads in a forked worker: (redaction, rendered Markdown's input) per story, and
#: the caches to fill. Set just before the pool forks, cleared after; never pickled.
_DERIVE_JOBS: list = []
_DERIVE_CACHES: tuple = (None, None, None)


def _derive(index: int) -> None:
    """In a worker: put story `index`'s risk verdict, HTML and sanitised HTML into the caches
    (the reader's and the sanitiser's own functions: the entries are exactly theirs)."""
    redaction, markdown_text = _DERIVE_JOBS[index]
    risk_cache, html_cache, sanitised_cache = _DERIVE_CACHES
    if risk_cache is not None:
        cached_risk_verdict(redaction, risk_cache)
    if html_cache is not None:
        html = render_story_markdown(markdown_text, html_cache)
        if sanitised_cache is not None:
            from plugins.sanitise import cached_sanitise

            cached_sanitise(html, sanitised_cache)


def _sanitiser_cache(reader: SafeHarbourReader):
    """The sanitiser's cache when its plugin runs in this build (else None: its entries would
    never be used, nor pruned)."""
    plugins = reader.settings.get("PLUGINS") or []
    if not any(getattr(p, "__name__", p) == "plugins.sanitise" for p in plugins):
        return None
    from plugins.sanitise import CACHE_FOLDER, sanitised_cache

    return sanitised_cache(reader.site.build_cache_dir / CACHE_FOLDER)


def derive_ahead(reader: SafeHarbourReader, fresh: list, processes: int) -> None:
    """Fill the risk-verdict, HTML and sanitised-HTML caches for the stories just anonymised, on
    every core.

    Pelican then reads stories one at a time in this process; what the reader and the sanitiser
    derive from a story's anonymised text (its re-identification verdict, its HTML and that HTML
    cleaned: ~40 ms a story together) depends on that text alone and is cached by it. A cold
    build computes them here first, in worker processes, so each read finds them in the caches.
    Only where they are computed changes: the reader's and the sanitiser's functions, keys and
    checks are the same, and the reader still decides (a high risk stops the build there). A
    worker that fails leaves its entry unwritten, and the reader computes it, and meets the
    error, itself.
    """
    global _DERIVE_JOBS, _DERIVE_CACHES
    import multiprocessing as mp

    risk_cache = reader.risk_cache if reader.site.risk_gate else None
    html_cache = reader.html_cache
    if processes <= 1 or len(fresh) < DERIVE_AHEAD_MIN or (risk_cache is None and html_cache is None) \
            or "fork" not in mp.get_all_start_methods():
        return
    from concurrent.futures import ProcessPoolExecutor

    _DERIVE_JOBS = [(redaction, escape_placeholders(redaction.body, list(redaction.placeholders.values())))
                    for _, redaction in fresh]
    _DERIVE_CACHES = (risk_cache, html_cache, _sanitiser_cache(reader) if html_cache is not None else None)
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=mp.get_context("fork")) as pool:
            list(pool.map(_derive, range(len(_DERIVE_JOBS)), chunksize=8))
    except Exception as exc:  # the reader computes whatever is missing, and reports its errors
        logger.debug("Deriving ahead stopped (%s: %s); the reader derives the rest", type(exc).__name__, exc)
    finally:
        _DERIVE_JOBS, _DERIVE_CACHES = [], (None, None, None)


def prune_caches(generator) -> None:
    """Every story is read: delete cached results (anonymised text, rendered HTML) no story used.

    A story whose consent was withdrawn, or whose file was deleted, leaves none of its text in
    cache/ after the next build."""
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, SafeHarbourReader) or not reader.site.anonymise:
        return
    reader.story_anonymiser().prune()
    for cache in (reader.html_cache, reader.risk_cache):
        if cache is not None:
            cache.prune()


def stop_on_problems(generators) -> None:
    """Fail closed: any story problem, or any generator's problem, stops the build before a
    single file is written (one message naming every problem)."""
    for generator in generators:
        CURRENT.problems.extend(getattr(generator, "problems", None) or ())
    CURRENT.stop_if_problems()


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, EditorFacingErrors) for f in pelican_logger.filters):
        pelican_logger.addFilter(EditorFacingErrors())
    signals.get_generators.connect(start_build)
    signals.readers_init.connect(install_reader)
    signals.article_generator_init.connect(prefetch_stories)
    signals.article_generator_finalized.connect(prune_caches)
    signals.all_generators_finalized.connect(stop_on_problems)
