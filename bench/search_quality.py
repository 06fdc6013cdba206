"""How well search finds what readers look for, on the site's own stories.

Builds the site's real stories with Pelican in this process (anonymised unless told
otherwise), then asks two sets of questions, each exactly as the search page asks them:

- the reader queries of tests/fixtures/search/queries.yml, each expecting some stories;
- the detail set: a fixed sample of words (five letters or more) that stand in exactly one
  story's published text, each expecting that story (the reader who remembers "the tremor
  in her hands").

Each set is answered by the first results (the small lunr index: titles, themes, summaries
and the top-k TF-IDF terms per story), by the complete results (first results, then the
stories only the body index finds, appended as search.js appends them) and, for reference,
by a whole-body lunr index. Reports recall in the top 10 (and top 3), mean reciprocal rank
and the gzipped sizes.

    .venv/bin/python bench/search_quality.py [--anonymise false] [--k 8 16 24 32] [--misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Sequence

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plugins.common.settings import DEFAULTS  # noqa: E402
from plugins.search_index.core import (  # noqa: E402
    FIELDS, SearchStory, build_lunr, build_search_files, compact_index, complete_search, index_documents,
    load_index, query_terms, search, words,
)

QUERIES = REPO / "tests" / "fixtures" / "search" / "queries.yml"
#: The detail set: how many words unique to one story are asked, and the sample's seed.
DETAIL_SAMPLE = 200
DETAIL_SEED = 19
DETAIL_MIN_LETTERS = 5
#: How many detail words are also asked on the built page in Chromium (the issue asked 40).
BROWSER_SAMPLE = 40


def site_stories(content: Path, anonymise: bool, out: Path | None = None) -> list[SearchStory]:
    """The published stories exactly as the search plugin sees them in a real build (written to
    `out` if given, for the browser check; else to a folder thrown away)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    import plugins.search_index as search_plugin

    # Only the plugins that shape what search sees (the reader anonymises, the sanitiser cuts
    # HTML): this build measures search and is thrown away, so gates over the output do not run.
    shaping = ["plugins.anonymise", "plugins.sanitise", "plugins.search_index"]
    with tempfile.TemporaryDirectory() as scratch:
        settings = read_settings(
            str(REPO / "pelicanconf.py"),
            override={"PATH": str(content), "OUTPUT_PATH": str(out or scratch), "ANONYMISE": anonymise,
                      "PLUGINS": shaping},
        )
        Pelican(settings).run()
    return search_plugin.collected_stories()


def browser_recall(output: Path, queries: list[dict], top: int = 10) -> tuple[int, list[str]]:
    """Ask each query on the built search page in headless Chromium (no throttling) and count
    those whose expected story is among the first `top` stories listed once the results are
    complete (first results, then those found in the text, paging on as a reader would).
    Returns (found, missed queries); (-1, []) without Chromium."""
    import shutil
    from urllib.parse import quote, urlparse

    from bench.bench_search import CHROMIUM, CHROMIUM_ARGS, serve

    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        return -1, []
    from playwright.sync_api import sync_playwright

    links = "#search-results > li h2 a, #search-body-results > li h3 a"
    found, missed = 0, []
    server, base = serve(output)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for item in queries:
                page.goto(f"{base}/search/?q={quote(item['query'])}")
                page.wait_for_selector("#search-form[data-body=done]", state="attached", timeout=30_000)
                while page.locator(links).count() < top and page.is_visible("#search-body-more"):
                    shown = page.locator("#search-body-results > li").count()
                    page.click("#search-body-more")
                    page.wait_for_selector(f"#search-body-results > li:nth-child({shown + 1})")
                hrefs = page.eval_on_selector_all(links, "as => as.map(a => a.href)")
                listed = [slug_of(urlparse(h).path) for h in hrefs][:top]
                if set(item["expect"]) & set(listed):
                    found += 1
                else:
                    missed.append(item["query"])
            browser.close()
    finally:
        server.shutdown()
    return found, missed


def slug_of(url: str) -> str:
    """"stories/the-car-park/" -> "the-car-park"."""
    return url.strip("/").rsplit("/", 1)[-1]


def story_text(story: SearchStory) -> str:
    """All of a story's published, searchable text: title, role, summary and body."""
    return " ".join([story.title, story.role, story.summary, story.body])


def detail_queries(stories: list[SearchStory], sample: int = DETAIL_SAMPLE, seed: int = DETAIL_SEED) -> list[dict]:
    """A fixed sample of words of `DETAIL_MIN_LETTERS`+ letters that stand in exactly one story's
    text, as queries expecting that story (same form as queries.yml). Anonymiser placeholders
    are no words, and lunr's stop words ("these", "would") are never searched, so never asked;
    the sample is the same for the same stories."""
    holders: dict[str, set[str]] = {}
    for story in stories:
        for word in set(words(story_text(story))):
            if len(word) >= DETAIL_MIN_LETTERS and re.fullmatch(r"[a-z]+", word) and query_terms(word):
                holders.setdefault(word, set()).add(slug_of(story.url))
    unique = sorted(word for word, slugs in holders.items() if len(slugs) == 1)
    chosen = random.Random(seed).sample(unique, min(sample, len(unique)))
    return [{"query": word, "expect": sorted(holders[word])} for word in sorted(chosen)]


def evaluate(ranker, stories: list[SearchStory], queries: list[dict], misses: list | None = None) -> dict[str, float]:
    """Recall in the top 10 and top 3, and mean reciprocal rank of the first expected story.

    `ranker(query)` returns refs best first. Expected stories missing from the top 10 are
    appended to `misses` as (query, slugs)."""
    found10 = found3 = expected = answered = 0
    reciprocal = 0.0
    for item in queries:
        ranked = [slug_of(stories[int(ref)].url) for ref in ranker(item["query"])]
        want = set(item["expect"])
        expected += len(want)
        found10 += len(want & set(ranked[:10]))
        if misses is not None and want - set(ranked[:10]):
            misses.append((item["query"], sorted(want - set(ranked[:10]))))
        found3 += len(want & set(ranked[:3]))
        first = next((i for i, slug in enumerate(ranked) if slug in want), None)
        reciprocal += 0 if first is None else 1 / (first + 1)
        answered += first is not None and first < 10
    return {"answered": answered, "recall@10": found10 / expected, "recall@3": found3 / expected, "mrr": reciprocal / len(queries)}


def gz_size(data: dict) -> int:
    """Gzipped bytes of `data` as compact JSON."""
    return len(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), 9))


def first_ranker(index):
    """The first results: the small lunr index queried as search.js queries it."""
    return lambda query: search(index, query)


def complete_ranker(index, body, count: int):
    """The complete results: the first results, then what only the body index finds."""
    return lambda query: complete_search(index, body, count, query)


def quality_table(content: Path = REPO / "content", anonymise: bool = True,
                  ks: Sequence[int] = (0, 8, 16, 24, 32, 48), show_misses: bool = False,
                  browser_sample: int = BROWSER_SAMPLE) -> str:
    """The comparison as Markdown: the detail set, then the reader queries, for whole bodies,
    the first results at each k and the complete results at each k; then the first
    `browser_sample` detail words asked on the built page in Chromium."""
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    built = tempfile.TemporaryDirectory()
    stories = site_stories(content, anonymise, Path(built.name))
    ordered = sorted(stories, key=lambda s: (s.date, s.url), reverse=True)
    known = {slug_of(s.url) for s in ordered}
    for item in queries:
        missing = set(item["expect"]) - known
        if missing:
            raise SystemExit(f"queries.yml: {item['query']!r} expects unknown stories {sorted(missing)}")
    details = detail_queries(ordered)
    shipped_k = int(DEFAULTS["SEARCH_TERMS_PER_STORY"])
    shard_bytes = int(DEFAULTS["SEARCH_BODY_SHARD_BYTES"])

    whole_fields = tuple((name if name != "terms" else "body", boost) for name, boost in FIELDS)
    documents = index_documents(ordered, [[] for _ in ordered])
    for doc, story in zip(documents, ordered):
        doc["body"] = story.body
    whole = build_lunr(documents, whole_fields)
    rankers = [("whole bodies (lunr, reference)", first_ranker(whole), gz_size(compact_index(whole.serialize())), None)]
    for k in sorted(set(ks) | {shipped_k}):
        files = build_search_files(ordered, k, 160, shard_bytes)
        index = load_index(files.index)
        body_gz = sum(gz_size(shard) for shard in files.body.shards)
        mark = " (shipped)" if k == shipped_k else ""
        rankers.append((f"first results, top {k} terms{mark}", first_ranker(index), gz_size(files.index), None))
        rankers.append((f"complete results, top {k} terms + body index{mark}", complete_ranker(index, files.body, len(ordered)),
                        gz_size(files.index), body_gz))

    lines = [
        f"{len(ordered)} published stories of content/stories (anonymise={str(anonymise).lower()}), each question asked "
        "as search.js asks it (first results: lunr.js over the small index; complete: then the body index's shards).",
        "",
    ]
    all_misses: list[str] = []
    for title, asked in (
        (f"Detail set: {len(details)} words of {DETAIL_MIN_LETTERS}+ letters that stand in exactly one story's text "
         f"(seeded sample, seed {DETAIL_SEED}); is that story in the top 10?", details),
        (f"Reader queries: {len(queries)} queries expecting {sum(len(i['expect']) for i in queries)} stories "
         "(tests/fixtures/search/queries.yml).", queries),
    ):
        lines += [f"**{title}**", "",
                  "| answered by | queries with a hit in top 10 | recall in top 10 | recall in top 3 | MRR | small index gzipped | body shards gzipped (all) |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, ranker, size, body_size in rankers:
            missed: list = []
            m = evaluate(ranker, ordered, asked, missed)
            body_text = f"{body_size / 1024:.1f} KB" if body_size is not None else "–"
            lines.append(f"| {name} | {m['answered']}/{len(asked)} | {m['recall@10']:.1%} | {m['recall@3']:.1%} | {m['mrr']:.2f} "
                         f"| {size / 1024:.1f} KB | {body_text} |")
            if show_misses and (asked is queries or "shipped" in name):
                all_misses.append(f"- {title.split(':')[0]}, {name} misses: "
                                  + ("; ".join(f"{q!r}: {', '.join(s)}" for q, s in missed) or "none"))
        lines.append("")
    if browser_sample > 0:
        asked = random.Random(DETAIL_SEED).sample(details, min(browser_sample, len(details)))
        found, missed = browser_recall(Path(built.name), asked)
        if found >= 0:
            lines += [f"**In Chromium:** {len(asked)} of the detail words (seeded sample) asked on the built search page, "
                      f"complete results: the story holding the word is in the top 10 for {found}/{len(asked)} "
                      f"({found / len(asked):.0%})" + (f"; missed: {', '.join(missed)}." if missed else "."), ""]
        else:
            lines += ["**In Chromium:** not asked (no Chromium on this machine).", ""]
    built.cleanup()
    if show_misses:
        lines += all_misses
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print the comparison table for the whole-body index and the shipped index at several k."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--anonymise", default="true", choices=["true", "false"])
    parser.add_argument("--k", type=int, nargs="+", default=[0, 8, 16, 24, 32, 48])
    parser.add_argument("--misses", action="store_true", help="list expected stories missing from the top 10")
    parser.add_argument("--browser", type=int, default=BROWSER_SAMPLE, help="detail words also asked in Chromium (0: none)")
    args = parser.parse_args()
    print(quality_table(args.content, args.anonymise == "true", args.k, args.misses, args.browser))


if __name__ == "__main__":
    main()
