"""Search on a slow phone: bytes, requests and time to the first and the complete results at
50, 300 and 1,000 stories.

For each size the site is built from synthetic stories (bench/synthetic.py) into
bench/work/search-<n>/ with `-e ANONYMISE=false` (the anonymiser changes a story's words,
not the index's shape or size, and 1,000 stories through the model takes long; the build is
reused while the stories and the search code are unchanged), served with gzip on 127.0.0.1,
and opened cold in headless Chromium through Playwright's DevTools-protocol session:
CPU throttled x4 (Emulation.setCPUThrottlingRate), a phone network (150 ms latency,
1.6 Mbit/s down, 750 kbit/s up: Network.emulateNetworkConditions), cache disabled.

Measured, for three common words and one detail word (a word that stands in one story's
body only, which only the body index finds), median of three cold runs of `/search/?q=...`:
- first results: from navigation start to the small index's results rendered (status
  announced, next animation frame); for the detail word, whose first results are empty,
  to the status saying the text is being searched;
- complete results: to the body index's results rendered with their snippets (the form's
  data-body="done", next animation frame);
- bytes (transferSize: encoded, headers included, from the page's Resource Timing) and
  requests completed before the first results, and by the complete results;
then, with the index loaded, the time one search takes (query + rendering the list) at
CPU x4. Writes bench/results-search.md and prints the same table.

    .venv/bin/python bench/bench_search.py [--sizes 50 300 1000] [--runs 3] [--rebuild] [--no-quality]

The report ends with bench/search_quality.py's tables (`make search-quality`): the detail set
and the reader queries on the real stories (anonymised), by first results, complete results
and a whole-body lunr index.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import platform
import random
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results-search.md"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]

QUERIES = ["governors", "inspection", "parents"]
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
#: Issue 19's targets on the phone profile: first results, complete results, KB before the first.
TARGET_FIRST = {300: 1.0, 1000: 1.5}
TARGET_COMPLETE = {300: 2.0, 1000: 3.0}
TARGET_KB_FIRST = {300: 150}
TARGET_KB = {300: 150, 1000: 500}
QUERY_TARGET_MS = 50
#: Whole-body lunr on the same machine and conditions (the lead's measurement), for comparison.
WHOLE_BODY_SECONDS = {50: 1.3, 300: 3.7, 1000: 10.4}
#: What the search page downloads (paths in the output), for the gzipped-size column.
PAGE_FILES = ["search/index.html", "theme/css/site.css", "theme/css/search.css", "theme/vendor/lunr/lunr.min.js",
              "theme/js/search.js", "search/index.json", "search/docs.json"]
TEXT_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

#: Records when the first results are on screen (the status region is written after the list)
#: and when the complete results are (search.js marks the form data-body="done" after the
#: body index's results and snippets are in the list), each at the next animation frame.
RESULTS_PROBE = """
(() => {
  const at = (name) => requestAnimationFrame(() => { if (window[name] === undefined) window[name] = performance.now(); });
  const watch = () => {
    const status = document.getElementById("search-status"), form = document.getElementById("search-form");
    if (!status || !form) return;
    const check = () => {
      if (/found|Searching the text/.test(status.textContent)) at("__resultsAt");
      if (form.getAttribute("data-body") === "done") at("__completeAt");
    };
    check();
    new MutationObserver(check).observe(status, {childList: true, characterData: true, subtree: true});
    new MutationObserver(check).observe(form, {attributes: true, attributeFilter: ["data-body"]});
  };
  document.addEventListener("DOMContentLoaded", watch);
})();
"""

#: Bytes and requests the page had completed by a time (ms since navigation start), from
#: Resource Timing: the navigation itself and every resource whose response ended by then.
TRANSFER_BY = """
(until) => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const done = entries.filter(e => e.responseEnd <= until && e.transferSize > 0);
  return [done.reduce((sum, e) => sum + e.transferSize, 0), done.length];
}
"""


# -- synthetic sites ------------------------------------------------------------------

def generate(n: int, stories_dir: Path, seed: int = 0) -> str:
    """Write `n` synthetic stories; returns which generator wrote them."""
    try:
        from bench.synthetic import generate_stories
    except ImportError:
        fallback_stories(n, stories_dir, seed)
        return "fallback (bench/bench_search.py: real stories' sentences recombined)"
    for path in generate_stories(n, stories_dir, words=800, seed=seed):
        # Synthetic titles repeat and Pelican slugs titles: give each story its own slug.
        text = path.read_text(encoding="utf-8")
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        path.write_text(text.replace("\n---\n", f"\nslug: {slug}\n---\n", 1), encoding="utf-8")
    return "bench/synthetic.py generate_stories(words=800), each given a unique slug"


def fallback_stories(n: int, stories_dir: Path, seed: int = 0, words: int = 800) -> None:
    """Stories recombined from the real stories' sentences, each with a few words of its own.

    Only used while bench/synthetic.py is missing. Sentences come from content/stories (the
    benchmark never publishes them); invented words give each story distinctive vocabulary,
    as real stories have, so the index grows with the collection as it would.
    """
    from plugins.common.stories import load_story, load_themes

    themes = load_themes(REPO / "content" / "themes.yml")
    sentences, summaries, roles = [], [], []
    for path in sorted((REPO / "content" / "stories").glob("*.md")):
        story = load_story(path, themes)
        body = re.sub(r"^#+ .*$", "", story.body, flags=re.M)
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 4]
        summaries.append(story.metadata.get("summary", ""))
        roles.append(story.metadata.get("role", ""))
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mir", "ten", "vo", "sha", "dre", "pin", "gul", "ber", "tas", "nor", "wyn", "el"]
    stories_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        own = ["".join(rng.choice(syllables) for _ in range(3)) for _ in range(6)]
        body, count = [], 0
        while count < words:
            sentence = rng.choice(sentences)
            if rng.random() < 0.15:
                sentence += f" The {rng.choice(own)} mattered."
            body.append(sentence)
            count += len(sentence.split())
        title_words = rng.choice(sentences).rstrip(".!?").split()[:6]
        meta = {
            "title": " ".join(title_words).strip(" ,;:") or f"Story {i}",
            "date": f"{2020 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "themes": rng.sample(sorted(themes), k=rng.randint(1, 3)),
            "consent": True,
            "status": "published",
            "slug": f"story-{i:04d}",
            "role": rng.choice(roles) or "head",
            "summary": rng.choice(summaries) or " ".join(title_words),
        }
        front = "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items())
        paragraphs = ["\n".join(body[j:j + 5]) for j in range(0, len(body), 5)]
        (stories_dir / f"story-{i:04d}.md").write_text(f"---\n{front}\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def code_fingerprint() -> str:
    """A hash of everything that shapes the search page and its index (a build is reused while it holds)."""
    digest = hashlib.sha256()
    paths = sorted((REPO / "plugins").rglob("*.py")) + sorted((REPO / "theme").rglob("*")) + [
        REPO / "pelicanconf.py", REPO / "bench" / "bench_search.py", REPO / "bench" / "synthetic.py"]
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(REPO)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def build_site(n: int, rebuild: bool) -> tuple[Path, str, float]:
    """The synthetic site of `n` stories under bench/work/search-<n>/: (output, generator, build seconds)."""
    root = WORK / f"search-{n}"
    output, stamp = root / "output", root / "stamp.json"
    fingerprint = code_fingerprint()
    if not rebuild and stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("fingerprint") == fingerprint and (output / "search" / "index.json").exists():
            return output, saved["generator"], saved["seconds"]
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content"
    (content / "stories").mkdir(parents=True)
    shutil.copy(REPO / "content" / "themes.yml", content / "themes.yml")
    shutil.copytree(REPO / "content" / "pages", content / "pages")
    generator = generate(n, content / "stories")
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(REPO / "pelicanconf.py"),
           "-e", "ANONYMISE=false", f"ANONYMISER_CACHE_DIR={json.dumps(str(root / 'anon-cache'))}"]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env={**os.environ, "COLUMNS": "250"})
    if result.returncode != 0:
        raise SystemExit(f"building {n} stories failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    seconds = time.perf_counter() - started
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "generator": generator, "seconds": seconds}))
    return output, generator, seconds


def body_bytes(output: Path) -> dict[str, float]:
    """Gzipped KB of the body index: shard count, median and largest shard, median story text."""
    shards = [len(gzip.compress(p.read_bytes(), 6)) for p in sorted((output / "search" / "body").glob("*.json"))]
    texts = [len(gzip.compress(p.read_bytes(), 6)) for p in sorted((output / "search" / "text").glob("*.json"))]
    return {"shards": len(shards), "shard_median": statistics.median(shards) / 1024, "shard_max": max(shards) / 1024,
            "shards_total": sum(shards) / 1024, "text_median": statistics.median(texts) / 1024}


def page_bytes(output: Path) -> tuple[int, int, dict[str, int]]:
    """(raw bytes, gzipped bytes, gzipped bytes per file) of what the search page downloads."""
    per_file = {p: len(gzip.compress((output / p).read_bytes(), 9)) for p in PAGE_FILES}
    raw = sum((output / p).stat().st_size for p in PAGE_FILES)
    return raw, sum(per_file.values()), per_file


# -- a gzip server ----------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzipped (level 6, as static hosts do) when the browser accepts it."""

    protocol_version = "HTTP/1.1"
    cache: dict[str, bytes] = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def send_head(self):
        """Headers for a gzipped text file; anything else as SimpleHTTPRequestHandler sends it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not (path.is_file() and path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with self.lock:
            body = self.cache.get(str(path))
            if body is None:
                body = self.cache[str(path)] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(directory: Path):
    """Serve `directory` with gzip on a free loopback port; returns (server, base URL)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# -- Chromium ---------------------------------------------------------------------------

def throttled_page(browser):
    """A fresh context and page with cache off, CPU x4 and the phone network; returns (context, page, bytes)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.add_init_script(RESULTS_PROBE)
    cdp = context.new_cdp_session(page)
    received = {"bytes": 0, "requests": 0}

    def finished(event):
        received["bytes"] += event.get("encodedDataLength", 0)
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page, received


def cold_run(browser, url: str) -> dict:
    """One cold load of `url`: seconds to the first and to the complete results, bytes and
    requests completed by each, and how many results each stage listed."""
    context, page, received = throttled_page(browser)
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__completeAt !== undefined", timeout=120_000)
        first_ms, complete_ms = page.evaluate("[window.__resultsAt, window.__completeAt]")
        first_bytes, first_requests = page.evaluate(TRANSFER_BY, first_ms)
        complete_bytes, complete_requests = page.evaluate(TRANSFER_BY, complete_ms)
        return {
            "first": first_ms / 1000, "complete": complete_ms / 1000,
            "first_bytes": first_bytes, "first_requests": first_requests,
            "complete_bytes": complete_bytes, "complete_requests": complete_requests,
            "first_results": page.locator("#search-results > li").count(),
            "body_results": page.locator("#search-body-results > li").count(),
        }
    finally:
        context.close()


def detail_word(output: Path) -> str:
    """A word of 5+ letters that stands in exactly one story's body and for which the small index
    does not list that story: what a reader half remembers, which only the body index answers."""
    from plugins.search_index.core import body_words, load_index, search, stem

    docs = json.loads((output / "search" / "docs.json").read_text())
    index = load_index(json.loads((output / "search" / "index.json").read_text()))
    texts = [json.loads((output / "search" / "text" / f"{ref}.json").read_text()) for ref in range(len(docs["docs"]))]
    holders: dict[str, set[int]] = {}
    words_of = [set(body_words(text)) for text in texts]
    for ref, found in enumerate(words_of):
        for word in found:
            holders.setdefault(stem(word), set()).add(ref)
    middle = len(texts) // 2  # a story from the middle of the list, not the newest
    unique = [(ref, word) for ref in list(range(middle, len(texts))) + list(range(middle))
              for word in sorted(w for w in words_of[ref] if re.fullmatch(r"[a-z]{5,}", w)) if holders.get(stem(word)) == {ref}]
    for ref, word in unique:
        if str(ref) not in search(index, word):
            return word
    if unique:  # every unique word is among its story's distinctive terms: ask one anyway
        return unique[0][1]
    raise SystemExit("no word stands in one story only in the synthetic site")


QUERY_TIMER = """
async (queries) => {
  const form = document.getElementById("search-form"), input = document.getElementById("search-q");
  const times = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      input.value = q;
      const t0 = performance.now();
      form.requestSubmit();
      times.push(performance.now() - t0);
      await new Promise(r => setTimeout(r, 20));
    }
  }
  return times;
}
"""


def query_times(browser, base: str) -> list[float]:
    """Milliseconds per search (lunr query + list rendered) with the index loaded, at CPU x4."""
    context, page, _ = throttled_page(browser)
    try:
        page.goto(f"{base}/search/")
        page.wait_for_selector("#search-form[data-state=ready]", state="attached", timeout=120_000)
        return page.evaluate(QUERY_TIMER, QUERIES + ["head school", "governers meeting"])
    finally:
        context.close()


def main() -> None:
    """Build, serve and measure every size; print the table and write bench/results-search.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the sites even if unchanged")
    parser.add_argument("--no-quality", action="store_true", help="skip the search-quality comparison")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    load_before = os.getloadavg()[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            output, generator, build_seconds = build_site(n, args.rebuild)
            raw, gz, per_file = page_bytes(output)
            server, base = serve(output)
            detail = detail_word(output)
            load_at_start = os.getloadavg()[0]
            try:
                per_query = {}
                for q in QUERIES + [detail]:
                    runs = [cold_run(browser, f"{base}/search/?q={quote(q)}") for _ in range(args.runs)]
                    per_query[q] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                times = query_times(browser, base)
            finally:
                server.shutdown()
            common = [per_query[q] for q in QUERIES]
            row = {
                "n": n, "gz_kb": gz / 1024, "raw_kb": raw / 1024, "detail": detail,
                "first": statistics.median(r["first"] for r in common), "worst_first": max(r["first"] for r in common),
                "complete": statistics.median(r["complete"] for r in common),
                "worst_complete": max(r["complete"] for r in per_query.values()),
                "first_kb": statistics.median(r["first_bytes"] for r in common) / 1024,
                "first_requests": statistics.median(r["first_requests"] for r in common),
                "complete_kb": statistics.median(r["complete_bytes"] for r in common) / 1024,
                "complete_requests": statistics.median(r["complete_requests"] for r in common),
                "per_query": per_query, "query_ms": statistics.median(times), "query_ms_max": max(times),
                "generator": generator, "build_seconds": build_seconds, "per_file": per_file,
                "load": (load_at_start, os.getloadavg()[0]),
                "body_files": body_bytes(output),
            }
            rows.append(row)
            print(f"{n} stories: first {row['first']:.2f} s, complete {row['complete']:.2f} s "
                  f"(detail {detail!r}: {per_query[detail]['complete']:.2f} s), {row['first_kb']:.0f} KB before first, "
                  f"load {row['load'][0]:.1f}->{row['load'][1]:.1f}", flush=True)
        browser.close()
    report = render(rows, args.runs, (load_before, os.getloadavg()[0]))
    if not args.no_quality:
        import logging

        from bench.search_quality import quality_table

        logging.disable(logging.INFO)  # Pelican's build log, in this process
        report += "\n## What readers find (`make search-quality`)\n\n"
        report += quality_table(ks=(0, 8, 24), show_misses=True)
    RESULTS.write_text(report, encoding="utf-8")
    print("\n" + report)


def verdict(value: float, target: float | None) -> str:
    """" ✓" when `value` meets `target`, " ✗" when not, "" without a target."""
    return "" if target is None else (" ✓" if value <= target else " ✗")


def render(rows: list[dict], runs: int, load: tuple[float, float]) -> str:
    """The results as Markdown; `load` is the 1-minute load average before and after (others' work
    on a shared 2-core machine slows the throttled browser too)."""
    lines = [
        "# Search benchmark",
        "",
        f"`make bench-search` (bench/bench_search.py), {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Chromium {chromium_version()} driven by Playwright over the DevTools protocol.",
        "",
        f"Conditions: CPU throttled x{CPU_SLOWDOWN}, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, cache disabled, "
        f"gzip (level 6) from a loopback server; median of {runs} cold runs for each of the queries "
        f"{', '.join(repr(q) for q in QUERIES)}, then the median over those queries; plus one detail word per size "
        "(in one story's body only, found only by the body index). Sites built with `-e ANONYMISE=false` "
        "(anonymisation changes words, not the index's size or shape). "
        f"Machine load average (1 min) {load[0]:.1f} before, {load[1]:.1f} after.",
        "",
        "First results: the small lunr index's list on screen. Complete results: the body index's stories appended "
        "with their snippets. KB and requests: completed by that moment (Resource Timing transferSize, headers included).",
        "",
        "| stories | to first results (target) | to complete results (target) | KB before first results (target) | requests before first | KB by complete | requests by complete | detail word: complete | whole-body lunr (first = complete) | one search at CPU x4 (target 50 ms) | load avg before → after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        n = r["n"]
        first_t = f" (≤ {TARGET_FIRST[n]})" if n in TARGET_FIRST else ""
        complete_t = f" (≤ {TARGET_COMPLETE[n]})" if n in TARGET_COMPLETE else ""
        kb_t = f" (≤ {TARGET_KB_FIRST[n]})" if n in TARGET_KB_FIRST else ""
        whole = f"{WHOLE_BODY_SECONDS[n]} s" if n in WHOLE_BODY_SECONDS else "–"
        detail = r["per_query"][r["detail"]]
        detail_ok = verdict(detail["complete"], TARGET_COMPLETE.get(n))
        lines.append(
            f"| {n} | {r['first']:.2f} s{first_t}{verdict(r['first'], TARGET_FIRST.get(n))} "
            f"| {r['complete']:.2f} s{complete_t}{verdict(r['complete'], TARGET_COMPLETE.get(n))} "
            f"| {r['first_kb']:.0f} KB{kb_t}{verdict(r['first_kb'], TARGET_KB_FIRST.get(n))} | {r['first_requests']:.0f} "
            f"| {r['complete_kb']:.0f} KB | {r['complete_requests']:.0f} | {detail['complete']:.2f} s{detail_ok} | {whole} "
            f"| {r['query_ms']:.1f} ms (max {r['query_ms_max']:.1f}){verdict(r['query_ms'], QUERY_TARGET_MS)} "
            f"| {r['load'][0]:.1f} → {r['load'][1]:.1f} |"
        )
    lines += ["", "Per query (median seconds to first / complete results; KB and requests before first / by complete; results listed first + found in the text):", ""]
    for r in rows:
        parts = []
        for q, m in r["per_query"].items():
            tag = " (detail)" if q == r["detail"] else ""
            parts.append(f"{q!r}{tag} {m['first']:.2f} / {m['complete']:.2f} s, {m['first_bytes'] / 1024:.0f} / "
                         f"{m['complete_bytes'] / 1024:.0f} KB, {m['first_requests']:.0f} / {m['complete_requests']:.0f} requests, "
                         f"{m['first_results']:.0f} + {m['body_results']:.0f} listed")
        lines.append(f"- {r['n']} stories: " + "; ".join(parts))
    lines += ["", "Body index (gzipped, level 6): shards, median and largest shard, all shards, median story text:", ""]
    for r in rows:
        b = r["body_files"]
        lines.append(f"- {r['n']} stories: {b['shards']} shards, {b['shard_median']:.1f} KB median, {b['shard_max']:.1f} KB largest, "
                     f"{b['shards_total']:.0f} KB in all; story text {b['text_median']:.1f} KB median")
    lines += ["", "Gzipped bytes per file the page loads before the first results (level 9):", "",
              "| stories | page total | " + " | ".join(PAGE_FILES) + " |", "| ---: | ---: |" + " ---: |" * len(PAGE_FILES)]
    for r in rows:
        lines.append(f"| {r['n']} | {r['gz_kb']:.0f} KB | " + " | ".join(f"{r['per_file'][p] / 1024:.1f} KB" for p in PAGE_FILES) + " |")
    lines += ["", "Stories: " + "; ".join(sorted({r["generator"] for r in rows})) + ".",
              "Build time (ANONYMISE=false): " + ", ".join(f"{r['n']}: {r['build_seconds']:.0f} s" for r in rows) + ".", ""]
    return "\n".join(lines)


def chromium_version() -> str:
    """The version Debian's Chromium reports, for the report's header."""
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
        found = re.search(r"\d+(?:\.\d+){3}", out)
        return found.group(0) if found else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    main()
