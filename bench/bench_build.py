"""How the build scales: 1,000 synthetic stories, every build measured in one run.

    .venv/bin/python bench/bench_build.py [--stories 1000] [--words 800] [--repeat 3]

Writes a scratch content folder under bench/work/build-<N>/ (git-ignored): the site's own
pages and themes vocabulary plus N stories from bench/synthetic.py (invented names and
places, each given its own slug), then measures, each as a whole `pelican` process:

- bare Pelican: the same stories converted to Pelican's own `Title:`/`Date:`/`Tags:` metadata,
  default theme, no plugins (bench/bare_pelican.py), into an empty output and again into a
  full one: the baselines every ratio uses;
- cold: the full build with empty caches (anonymiser, rendered HTML, cards) and an empty output;
- warm: a rebuild after editing one story (only that story may be analysed);
- no change: a rebuild with nothing changed (the model must not load at all);

then one more warm rebuild under cProfile (not timed with the others), grouped by stage
(bench/profile_stages.py); then, in this process, the anonymiser's words per second with its
model loaded once, the largest story page with its CSS, the files the search page downloads
against the stories' text, and which pages carry JavaScript. Prints a Markdown table with the
targets met or not and writes it to bench/results.md. Other work on the machine skews times:
ratios are of builds interleaved in the same run, and the load average before and after is
recorded with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results.md"
WORDS = re.compile(r"\w+")
#: Targets: issue 11 (throughput, weights) and issue 17 (build ratios against bare Pelican).
TARGETS = {
    "anonymiser_words_per_s": 30_000,  # issue 17 (issue 16 asks it stay >= 20,000)
    "cold_ratio": 10.0,
    "warm_ratio": 3.0,
    "nochange_ratio": 2.5,
    "story_page_kb": 30,
    "index_share": 0.30,
}
PAGES_WITH_SCRIPTS = {"search/index.html"}


# -- one Pelican build in its own process -----------------------------------------------------


def run_pelican_here(report: Path, argv: list[str]) -> None:
    """Run Pelican in this process, then record whether the anonymiser's model was loaded here.

    Used as `bench_build.py --pelican REPORT -- ARGS`, so each build is a fresh process (start-up
    included, as for an editor) that can still tell us what it loaded.
    """
    from pelican import main as pelican_main

    code = 0
    try:
        pelican_main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    model = sys.modules.get("anonymiser.model")
    report.write_text(json.dumps({
        "exit": code,
        "spacy_imported": "spacy" in sys.modules,
        "model_loaded": bool(model and model._MODELS),
    }))
    sys.exit(code)


@dataclass
class Build:
    """One timed build: wall seconds, exit status, what it loaded, how many stories it analysed."""

    label: str
    seconds: float
    exit: int
    model_loaded: bool
    spacy_imported: bool
    analysed: int
    #: User + system seconds of the build's process and of the workers it waited for: other
    #: work on the machine stretches wall time far more than it stretches this.
    cpu: float = 0.0


def children_cpu() -> float:
    """User + system seconds of every child process waited for so far (their own children too)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cache_entries(cache: Path) -> set[str]:
    """The names of the anonymiser cache's entries (one per analysed story text and policy).

    A build adds an entry for each story it analyses and deletes those of stories it no longer
    publishes (an edited story's old text), so what it analysed is the names that are new."""
    return {p.name for p in cache.rglob("*.json")} if cache.exists() else set()


def card_cache_of(cache: Path) -> Path:
    """The share-card PNG cache beside the anonymiser's cache (not inside it: that one is counted)."""
    return cache.parent / "card-cache"


def pelican_build(label: str, content: Path, output: Path, cache: Path, log: Path, **settings) -> Build:
    """Time one `pelican` process on `content`; count the cache entries it added."""
    overrides = {"ANONYMISER_CACHE_DIR": str(cache), "SHARE_CARDS_CACHE_DIR": str(card_cache_of(cache)),
                 "LEAK_GATE_ON_LEAK": "keep", **settings}
    report = log.with_suffix(".json")
    cmd = [sys.executable, str(Path(__file__)), "--pelican", str(report), "--",
           str(content), "-o", str(output), "-s", str(REPO / "pelicanconf.py"),
           "-e", *[f"{k}={json.dumps(v)}" for k, v in overrides.items()]]
    before = cache_entries(cache)
    started, cpu = time.perf_counter(), children_cpu()
    with log.open("w") as out:
        subprocess.run(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "250"})
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    loaded = json.loads(report.read_text())
    return Build(label, seconds, loaded["exit"], loaded["model_loaded"], loaded["spacy_imported"],
                 len(cache_entries(cache) - before), cpu)


def bare_build(label: str, content: Path, output: Path, settings: Path, log: Path) -> Build:
    """Time one bare `pelican` process (no plugins, default theme) on converted stories."""
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings)]
    started, cpu = time.perf_counter(), children_cpu()
    with log.open("w") as out:
        result = subprocess.run(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "250"})
    return Build(label, time.perf_counter() - started, result.returncode, False, False, 0, children_cpu() - cpu)


def profiled_build(content: Path, output: Path, cache: Path, profile: Path, log: Path) -> float:
    """One Safe Harbour build under cProfile (written to `profile`); returns its wall seconds."""
    overrides = {"ANONYMISER_CACHE_DIR": str(cache), "SHARE_CARDS_CACHE_DIR": str(card_cache_of(cache)),
                 "LEAK_GATE_ON_LEAK": "keep"}
    cmd = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "pelican",
           str(content), "-o", str(output), "-s", str(REPO / "pelicanconf.py"),
           "-e", *[f"{k}={json.dumps(v)}" for k, v in overrides.items()]]
    started = time.perf_counter()
    with log.open("w") as out:
        subprocess.run(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "250"})
    return time.perf_counter() - started


def median_build(builds: list[Build]) -> Build:
    """The build with the median time (its other fields describe that run; all runs are kept in the notes)."""
    return sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]


# -- content ------------------------------------------------------------------------------------


def prepare_content(work: Path, n: int, words: int, seed: int) -> Path:
    """A scratch content folder: the site's pages and themes vocabulary plus n synthetic stories."""
    from bench.synthetic import generate_stories

    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(REPO / "content" / "pages", content / "pages")
    shutil.copy(REPO / "content" / "themes.yml", content / "themes.yml")
    for path in generate_stories(n, content / "stories", words=words, seed=seed):
        # Synthetic titles repeat and Pelican slugs titles: give each story its own slug. Random
        # details can add up to a high re-identification risk; the check still runs on every
        # story (its cost is measured), an editor's acceptance lets the build go on.
        text = path.read_text(encoding="utf-8")
        extra = f"slug: {path.stem}\nrisk_accepted: \"generated for the benchmark\"\n"
        path.write_text(text.replace("\n---\n", f"\n{extra}---\n", 1), encoding="utf-8")
    return content


def edit_one_story(content: Path, round_: int) -> Path:
    """Change one story's text (a different story each round), as an editor's fix would."""
    path = sorted((content / "stories").glob("*.md"))[round_ * 7]
    path.write_text(path.read_text(encoding="utf-8") + f"\nAn editor's added line, round {round_}.\n", encoding="utf-8")
    return path


def stories_text(content: Path) -> tuple[int, int, int]:
    """(words, UTF-8 bytes, gzipped bytes) of the stories' text: title, summary, role and body."""
    from plugins.common.stories import load_story, load_themes

    themes = load_themes(content / "themes.yml")
    parts = []
    for path in sorted((content / "stories").glob("*.md")):
        story = load_story(path, themes)
        parts += [str(story.metadata.get(k, "")) for k in ("title", "summary", "role")] + [story.body]
    text = "\n".join(parts).encode("utf-8")
    return len(WORDS.findall(text.decode())), len(text), len(gzip.compress(text, 9))


# -- the anonymiser alone -----------------------------------------------------------------------


def anonymiser_throughput(content: Path) -> dict:
    """Words per second of `anonymiser.redact_stories` in this one process, model loaded once (timed apart)."""
    import anonymiser
    from anonymiser.model import load_model
    from plugins.common.settings import DEFAULTS
    from plugins.common.stories import load_story, load_themes

    themes = load_themes(content / "themes.yml")
    items = []
    for path in sorted((content / "stories").glob("*.md")):
        story = load_story(path, themes)
        items.append((story.metadata, story.body))
    words = sum(len(WORDS.findall(body)) for _, body in items)
    policy = anonymiser.load_policy(model=DEFAULTS["ANONYMISER_MODEL"])
    started = time.perf_counter()
    load_model(policy.model)
    load_s = time.perf_counter() - started
    anonymiser.redact_stories(items[:2], policy)  # warm-up: lexicons are built on first use
    started = time.perf_counter()
    anonymiser.redact_stories(items, policy, n_process=1)
    seconds = time.perf_counter() - started
    return {"model": policy.model, "load_s": load_s, "words": words, "seconds": seconds, "words_per_s": words / seconds}


# -- weight of what a reader downloads ----------------------------------------------------------


class _Assets(HTMLParser):
    """The files a page makes the browser download: stylesheets, scripts, preloads, data-index/docs."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "preload"} & set(rel)):
            self.urls.append(a.get("href") or "")
        if tag == "script":
            self.scripts += 1
            if a.get("src"):
                self.urls.append(a["src"])
        for name in ("data-index", "data-docs"):
            if a.get(name):
                self.urls.append(a[name])


def page_assets(output: Path, page: Path) -> tuple[list[Path], int]:
    """(the page itself and every local file it downloads, number of <script> tags)."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [page]
    for url in parser.urls:
        path = urlsplit(url).path
        target = (output / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
        target = target.resolve()
        if target.is_file() and target not in files:
            files.append(target)
    return files, parser.scripts


def sizes(files: list[Path]) -> tuple[int, int]:
    """(raw bytes, gzip -9 bytes) summed over `files`."""
    raw = [f.read_bytes() for f in files]
    return sum(map(len, raw)), sum(len(gzip.compress(b, 9)) for b in raw)


def weights(output: Path) -> dict:
    """The largest story page with its CSS, the search page's downloads, and pages with scripts."""
    stories = sorted(output.glob("stories/*/index.html"), key=lambda p: p.stat().st_size)
    largest = stories[-1]
    story_files, _ = page_assets(output, largest)
    search_files, _ = page_assets(output, output / "search" / "index.html")
    index_files = [f for f in search_files if f.suffix == ".json"]
    with_scripts = sorted(
        p.relative_to(output).as_posix() for p in output.rglob("*.html")
        if page_assets(output, p)[1] and p.relative_to(output).as_posix() not in PAGES_WITH_SCRIPTS
    )
    return {
        "story_page": largest.relative_to(output).as_posix(),
        "story_bytes": sizes(story_files),
        "story_files": [f.relative_to(output).as_posix() for f in story_files],
        "search_bytes": sizes(search_files),
        "search_files": {f.relative_to(output).as_posix(): sizes([f]) for f in search_files},
        "index_bytes": sizes(index_files),
        "pages_with_scripts": with_scripts,
    }


# -- report -------------------------------------------------------------------------------------


def mark(ok: bool) -> str:
    """✓ met / ✗ not met."""
    return "✓ met" if ok else "✗ not met"


def kb(n: int) -> str:
    """Bytes as KB with one decimal."""
    return f"{n / 1024:.1f} KB"


def render(args, bare_empty: Build, bare: Build, cold: Build, warm: Build, nochange: Build, runs: dict, anon: dict,
           weight: dict, text: tuple[int, int, int], load: tuple[str, str], elapsed: float,
           profile_lines: list[str], cpu_runs: dict | None = None) -> str:
    """The Markdown report: builds with ratios to bare Pelican, the profile, then throughput and weights."""
    words, text_raw, text_gz = text
    base, base_empty = bare.seconds, bare_empty.seconds
    cpu_runs = cpu_runs or {label: [0.0] * len(times) for label, times in runs.items()}
    index_raw, index_gz = weight["index_bytes"]
    story_raw, story_gz = weight["story_bytes"]
    lines = [
        "# Build benchmark",
        "",
        f"`make bench` (bench/bench_build.py), {dt.date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Pelican {pelican_version()}, "
        f"commit {git_commit()}.",
        "",
        f"Content: the site's pages and themes vocabulary plus {args.stories} synthetic stories from "
        f"bench/synthetic.py (about {args.words} words each, seed {args.seed}; {words:,} words of story text "
        f"in all). Each build is a whole `pelican` process, start-up included; median of {args.repeat} "
        f"run(s), interleaved, except the two builds into an empty output (one run each). Bare Pelican = the same "
        "stories as Pelican's own Markdown (`Title:`/`Date:`/`Tags:`), default theme, no plugins "
        "(bench/bare_pelican.py). Load average (1, 5, 15 min) before: "
        f"{load[0]}; after: {load[1]}: {load_note(load[0])}; the ratios compare builds run side by side.",
        "",
        "| measure | value | × bare Pelican | target | |",
        "| --- | ---: | ---: | --- | --- |",
        f"| bare Pelican into an empty output | {base_empty:.1f} s | 1.00 | baseline of the cold build | |",
        f"| bare Pelican again, output already there | {base:.1f} s | 1.00 | baseline of the rebuilds | |",
        f"| cold full build (empty caches, empty output) | {cold.seconds:.1f} s | {cold.seconds / base_empty:.2f} | "
        f"≤ {TARGETS['cold_ratio']:g}× | {mark(cold.seconds / base_empty <= TARGETS['cold_ratio'])} |",
        f"| warm rebuild after editing one story | {warm.seconds:.1f} s | {warm.seconds / base:.2f} | "
        f"≤ {TARGETS['warm_ratio']:g}× | {mark(warm.seconds / base <= TARGETS['warm_ratio'])} |",
        f"| rebuild with nothing changed | {nochange.seconds:.1f} s | {nochange.seconds / base:.2f} | "
        f"≤ {TARGETS['nochange_ratio']:g}× | {mark(nochange.seconds / base <= TARGETS['nochange_ratio'])} |",
        f"| anonymiser, one process, model loaded once | {anon['words_per_s']:,.0f} words/s | | "
        f"≥ {TARGETS['anonymiser_words_per_s']:,} | {mark(anon['words_per_s'] >= TARGETS['anonymiser_words_per_s'])} |",
        f"| largest story page with its CSS | {kb(story_raw)} ({kb(story_gz)} gzipped) | | "
        f"≤ {TARGETS['story_page_kb']} KB | {mark(story_raw <= TARGETS['story_page_kb'] * 1024)} |",
        f"| search index against the stories' text | {index_raw / text_raw:.1%} raw ({kb(index_raw)} of "
        f"{kb(text_raw)}); {index_gz / text_gz:.1%} gzipped ({kb(index_gz)} of {kb(text_gz)}) | | "
        f"≤ {TARGETS['index_share']:.0%} | {mark(index_raw / text_raw <= TARGETS['index_share'])} |",
        f"| pages other than search with JavaScript | {len(weight['pages_with_scripts'])} | | 0 | "
        f"{mark(not weight['pages_with_scripts'])} |",
        "",
        "What each build did (stories analysed = new entries in the anonymiser's cache; the model",
        "and spaCy as seen in the build process itself, the cold build's workers aside; CPU = user +",
        "system seconds of the build's process and its workers, which other work on the machine",
        "stretches far less than wall time; a build on both cores can spend more CPU than wall seconds):",
        "",
        "| build | exit | stories analysed | model loaded | spaCy imported | runs (s) | CPU (s) |",
        "| --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for build in (bare_empty, bare, cold, warm, nochange):
        times = ", ".join(f"{s:.1f}" for s in runs[build.label])
        cpu = ", ".join(f"{s:.1f}" for s in cpu_runs[build.label])
        lines.append(f"| {build.label} | {build.exit} | {build.analysed} | {'yes' if build.model_loaded else 'no'} | "
                     f"{'yes' if build.spacy_imported else 'no'} | {times} | {cpu} |")
    lines += [
        "",
        f"In CPU time the cold build is {cold.cpu / bare_empty.cpu:.2f}× the bare build into an empty output "
        f"({cold.cpu:.1f} s / {bare_empty.cpu:.1f} s).",
    ]
    lines += [
        "",
        "## Where a warm rebuild's time goes",
        "",
        "One more rebuild after editing one story, under cProfile (`python -m cProfile -m pelican ...`, not "
        "timed with the others: the profiler slows Python code down, so read the shares, not the seconds). "
        "Each function's own time goes to its stage; time in shared code (built-ins, the standard library, "
        "other libraries) goes to the stages that called it (bench/profile_stages.py).",
        "",
        *profile_lines,
        "",
        f"Anonymiser alone (`anonymiser.redact_stories(..., n_process=1)` over the same {args.stories} stories in "
        f"one process): model `{anon['model']}` loaded in {anon['load_s']:.1f} s (not counted), then "
        f"{anon['words']:,} words in {anon['seconds']:.1f} s.",
        "",
        f"Largest story page: `{weight['story_page']}` with " + ", ".join(f"`{f}`" for f in weight["story_files"][1:]) + ".",
        "",
        f"Search page downloads ({kb(weight['search_bytes'][0])} raw, {kb(weight['search_bytes'][1])} gzipped in all):",
        "",
        "| file | raw | gzipped |",
        "| --- | ---: | ---: |",
        *[f"| `{name}` | {kb(raw)} | {kb(gz)} |" for name, (raw, gz) in weight["search_files"].items()],
        "",
        f"Stories' text = title, summary, role and Markdown body of every story ({kb(text_raw)} raw, {kb(text_gz)} "
        "gzipped); the index = the JSON files the search page downloads.",
        "",
        f"Whole benchmark: {elapsed / 60:.1f} min. Reproduce: `make bench` (or `.venv/bin/python bench/bench_build.py "
        f"--stories {args.stories} --repeat {args.repeat}`).",
        "",
    ]
    return "\n".join(lines)


def pelican_version() -> str:
    """The installed Pelican's version."""
    from importlib.metadata import version

    return version("pelican")


def git_commit() -> str:
    """The repository's short commit id (and '+changes' if the tree differs)."""
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return rev or "unknown"


def load_note(before: str) -> str:
    """What the load average before the run says of its times: a busy machine stretches them."""
    one_minute = float(before.split(",")[0])
    if one_minute < 0.5:
        return "the machine was otherwise idle when the run began"
    return f"other work was running on this {os.cpu_count()}-core machine, so times are noisy"


def load_average() -> str:
    """The machine's load averages as printed by uptime."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Run every measure and write bench/results.md."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--pelican"]:
        run_pelican_here(Path(argv[1]), argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the bare, warm and no-change builds (median)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_before = load_average()
    work = REPO / "bench" / "work" / f"build-{args.stories}"
    work.mkdir(parents=True, exist_ok=True)
    content = prepare_content(work, args.stories, args.words, args.seed)
    cache, output = work / "cache" / "anonymiser", work / "output"  # every cache of the build under work/cache/
    runs: dict[str, list[float]] = {}

    builds: dict[str, list[Build]] = {}

    def timed(label: str, out: Path = output, **settings) -> None:
        """One build, printed as it finishes and kept under `label`."""
        build = pelican_build(label, content, out, cache, work / f"{label.split()[0]}-{len(builds.get(label, []))}.log", **settings)
        builds.setdefault(label, []).append(build)
        print(f"  {label}: {build.seconds:.1f} s, exit {build.exit}, {build.analysed} analysed, "
              f"model loaded: {build.model_loaded}", flush=True)

    from bench.bare_pelican import convert_stories, write_settings
    from bench.profile_stages import stage_table

    bare_content, bare_settings = work / "bare-content", write_settings(work / "bare_pelicanconf.py")
    convert_stories(content, bare_content)

    def timed_bare(label: str, out: Path) -> None:
        """One bare Pelican build, printed as it finishes and kept under `label`."""
        convert_stories(content, bare_content)  # the same edits as the site's stories (only changed files rewritten)
        build = bare_build(label, bare_content, out, bare_settings, work / f"{label.split()[0]}-{len(builds.get(label, []))}.log")
        builds.setdefault(label, []).append(build)
        print(f"  {label}: {build.seconds:.1f} s, exit {build.exit}", flush=True)

    print(f"bench: {args.stories} stories in {content}", flush=True)
    # Like with like: the cold build starts from an empty output folder and empty caches (share
    # cards, rendered HTML and all are made anew), rebuilds from a full one, so each is compared
    # with the bare build that did the same.
    shutil.rmtree(work / "output-bare", ignore_errors=True)
    timed_bare("bare Pelican, empty output", work / "output-bare")
    shutil.rmtree(cache.parent, ignore_errors=True)  # the anonymiser's, the cards' and the HTML caches
    shutil.rmtree(output, ignore_errors=True)
    timed("cold")
    # Rebuilds interleaved (bare, warm, no change; again...), so a change in the machine's load
    # during the run weighs on each kind alike.
    for round_ in range(args.repeat):
        timed_bare("bare Pelican rebuild", work / "output-bare")
        edit_one_story(content, round_)
        timed("warm (one story edited)")
        timed("no change")
    runs.update({label: [b.seconds for b in kept] for label, kept in builds.items()})
    cpu_runs = {label: [b.cpu for b in kept] for label, kept in builds.items()}
    bare_empty, cold = builds["bare Pelican, empty output"][0], builds["cold"][0]
    bare, warm, nochange = (median_build(builds[label]) for label in ("bare Pelican rebuild", "warm (one story edited)", "no change"))
    print("  profiled warm rebuild...", flush=True)
    edit_one_story(content, args.repeat)
    profile = work / "warm.prof"
    profiled_seconds = profiled_build(content, output, cache, profile, work / "profiled.log")
    profile_lines = stage_table(str(profile), profiled_seconds)
    weight = weights(output)
    text = stories_text(content)
    print("  anonymiser alone...", flush=True)
    anon = anonymiser_throughput(content)
    report = render(args, bare_empty, bare, cold, warm, nochange, runs, anon, weight, text,
                    (load_before, load_average()), time.perf_counter() - started, profile_lines, cpu_runs)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
