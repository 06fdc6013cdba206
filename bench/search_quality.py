"""What indexing distinctive terms instead of whole bodies costs in finding.

Builds the site's real stories with Pelican in this process (anonymised unless told
otherwise), then answers every reader query in tests/fixtures/search/queries.yml with lunr.py
twice: over an index of whole bodies and over the index the site ships (each story's top-k
TF-IDF terms), both queried exactly as the search page queries lunr.js. Reports, per index,
recall in the top 10 (and top 3), mean reciprocal rank and the gzipped index size.

    .venv/bin/python bench/search_quality.py [--anonymise false] [--k 8 16 24 32]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path
from typing import Sequence

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plugins.search_index.core import (  # noqa: E402
    FIELDS, SearchStory, build_lunr, build_search_files, compact_index, index_documents, load_index, search,
)

QUERIES = REPO / "tests" / "fixtures" / "search" / "queries.yml"


def site_stories(content: Path, anonymise: bool) -> list[SearchStory]:
    """The published stories exactly as the search plugin sees them in a real build."""
    from pelican import Pelican
    from pelican.settings import read_settings

    import plugins.search_index as search_plugin

    # Only the plugins that shape what search sees (the reader anonymises, the sanitiser cuts
    # HTML): this build measures search and is thrown away, so gates over the output do not run.
    shaping = ["plugins.anonymise", "plugins.sanitise", "plugins.search_index"]
    with tempfile.TemporaryDirectory() as out:
        settings = read_settings(
            str(REPO / "pelicanconf.py"),
            override={"PATH": str(content), "OUTPUT_PATH": out, "ANONYMISE": anonymise, "PLUGINS": shaping},
        )
        Pelican(settings).run()
    return search_plugin.collected_stories()


def slug_of(url: str) -> str:
    """"stories/the-car-park/" -> "the-car-park"."""
    return url.strip("/").rsplit("/", 1)[-1]


def evaluate(index, stories: list[SearchStory], queries: list[dict], misses: list | None = None) -> dict[str, float]:
    """Recall in the top 10 and top 3, and mean reciprocal rank of the first expected story.

    Expected stories missing from the top 10 are appended to `misses` as (query, slugs)."""
    found10 = found3 = expected = answered = 0
    reciprocal = 0.0
    for item in queries:
        ranked = [slug_of(stories[int(ref)].url) for ref in search(index, item["query"])]
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


def quality_table(content: Path = REPO / "content", anonymise: bool = True,
                  ks: Sequence[int] = (0, 8, 16, 24, 32, 48), show_misses: bool = False) -> str:
    """The comparison as Markdown: whole-body index against the shipped index at each k."""
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    stories = site_stories(content, anonymise)
    ordered = sorted(stories, key=lambda s: (s.date, s.url), reverse=True)
    known = {slug_of(s.url) for s in ordered}
    for item in queries:
        missing = set(item["expect"]) - known
        if missing:
            raise SystemExit(f"queries.yml: {item['query']!r} expects unknown stories {sorted(missing)}")

    rows = []
    whole_fields = tuple((name if name != "terms" else "body", boost) for name, boost in FIELDS)
    documents = index_documents(ordered, [[] for _ in ordered])
    for doc, story in zip(documents, ordered):
        doc["body"] = story.body
    whole = build_lunr(documents, whole_fields)
    misses: dict[str, list] = {"whole bodies": []}
    quality = evaluate(whole, ordered, queries, misses["whole bodies"])
    rows.append(("whole bodies (lunr JSON)", quality, gz_size(whole.serialize())))
    rows.append(("whole bodies (compact)", quality, gz_size(compact_index(whole.serialize()))))
    for k in ks:
        files = build_search_files(ordered, k, 160)
        index = load_index(files.index)
        misses[f"top {k}"] = []
        rows.append((f"top {k} terms (compact)", evaluate(index, ordered, queries, misses[f"top {k}"]), gz_size(files.index)))

    expected = sum(len(item["expect"]) for item in queries)
    lines = [
        f"{len(ordered)} published stories of content/stories (anonymise={str(anonymise).lower()}), "
        f"{len(queries)} reader queries expecting {expected} stories (tests/fixtures/search/queries.yml), "
        "each asked as search.js asks lunr.js.",
        "",
        "| index | queries with a hit in top 10 | recall in top 10 | recall in top 3 | MRR | index gzipped | per story |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m, size in rows:
        lines.append(f"| {name} | {m['answered']}/{len(queries)} | {m['recall@10']:.0%} | {m['recall@3']:.0%} | {m['mrr']:.2f} "
                     f"| {size / 1024:.1f} KB | {size / len(ordered):.0f} B |")
    if show_misses:
        lines.append("")
        for name, missed in misses.items():
            lines.append(f"- {name} misses: " + ("; ".join(f"{q!r}: {', '.join(s)}" for q, s in missed) or "none"))
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print the comparison table for the whole-body index and the shipped index at several k."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--anonymise", default="true", choices=["true", "false"])
    parser.add_argument("--k", type=int, nargs="+", default=[0, 8, 16, 24, 32, 48])
    parser.add_argument("--misses", action="store_true", help="list expected stories missing from the top 10")
    args = parser.parse_args()
    print(quality_table(args.content, args.anonymise == "true", args.k, args.misses))


if __name__ == "__main__":
    main()
