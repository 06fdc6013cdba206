"""Score the motivated-intruder check against a corpus annotated with quasi-identifiers.

A corpus story is Markdown with YAML front matter, already anonymised (placeholders for names),
with every quasi-identifier marked inline as [[QI:TYPE:text]] (in the body and in front matter
values) and the agreed band in `risk_band:` (high, medium, low). This script strips the markup,
runs `anonymiser.risk.assess` on the clean story and reports:

- quasi-identifier recall: a gold span is found when a reported detail overlaps it (and, the
  stricter figure, when one of the same type overlaps it); precision: reported details that
  overlap a gold span;
- bands: the confusion of gold and reported bands; the error that matters is a high-risk story
  reported low.

Usage: python bench/risk_quality.py CORPUS_DIR [--json] [--show]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anonymiser.risk import assess, story_texts  # noqa: E402

MARK = re.compile(r"\[\[QI:([A-Z_]+):(.*?)\]\]", re.S)


def strip_marks(text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Clean text and the gold spans (start, end, type, text) in it."""
    out, gold, pos = [], [], 0
    length = 0
    for m in MARK.finditer(text):
        out.append(text[pos:m.start()])
        length += m.start() - pos
        gold.append((length, length + len(m.group(2)), m.group(1), m.group(2)))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), gold


def read_story(path: Path):
    """(metadata, body, gold spans by field, band) of one annotated story."""
    raw = path.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^---[ \t]*$", raw, maxsplit=2)
    head = yaml.safe_load(parts[1]) or {}
    body, gold_body = strip_marks(parts[2].lstrip("\n"))
    metadata, gold = {}, {"body": gold_body}
    for key, value in head.items():
        if isinstance(value, str):
            clean, spans = strip_marks(value)
            metadata[key] = clean
            if spans:
                gold[key] = spans
        else:
            metadata[key] = value
    return metadata, body, gold, str(head.get("risk_band", "")).strip().lower()


def score(corpus: Path, show: bool = False) -> dict:
    """Recall, precision and the band confusion over every story in `corpus`."""
    found_any = found_type = total = 0
    reported = reported_hit = 0
    by_type = Counter()
    by_type_found = Counter()
    confusion = Counter()
    stories = []
    misses = []
    for path in sorted(corpus.glob("*.md")):
        metadata, body, gold, band = read_story(path)
        a = assess(metadata, body)
        texts = story_texts(metadata, body)
        for field, spans in gold.items():
            if field not in texts:
                continue
            details = [d for d in a.details if d.field == field]
            for start, end, qtype, text in spans:
                total += 1
                by_type[qtype] += 1
                overlapping = [d for d in details if d.start < end and start < d.end]
                if overlapping:
                    found_any += 1
                    by_type_found[qtype] += 1
                    if any(d.label == qtype for d in overlapping):
                        found_type += 1
                else:
                    misses.append((path.name, qtype, text))
        for d in a.details:
            reported += 1
            if any(d.start < e and s < d.end for s, e, _, _ in gold.get(d.field, [])):
                reported_hit += 1
        confusion[(band, a.band)] += 1
        stories.append({"file": path.name, "gold": band, "reported": a.band, "heads": a.heads,
                        "combination": a.estimate.combination})
    result = {
        "corpus": str(corpus), "stories": len(stories), "gold_spans": total,
        "recall": found_any / total if total else 0.0, "recall_same_type": found_type / total if total else 0.0,
        "precision": reported_hit / reported if reported else 0.0,
        "recall_by_type": {t: round(by_type_found[t] / by_type[t], 3) for t in sorted(by_type)},
        "spans_by_type": dict(sorted(by_type.items())),
        "bands": {f"{g}->{r}": n for (g, r), n in sorted(confusion.items())},
        "high_reported_low": confusion[("high", "low")],
        "low_reported_high": confusion[("low", "high")],
        "low_stories": sum(n for (g, _), n in confusion.items() if g == "low"),
        "per_story": stories,
    }
    if show:
        result["misses"] = misses
    return result


def timing(corpus: Path) -> dict:
    """Seconds per story for `risk` once the model is loaded: anonymise + assess, and assess alone."""
    import statistics
    import time

    from anonymiser import load_policy, redact_stories

    policy = load_policy()
    stories = [read_story(p)[:2] for p in sorted(corpus.glob("*.md"))]
    first = redact_stories([stories[0]], policy)[0]  # loads the model once, as the command does before its first story
    assess(first.metadata, first.body)  # and the parser of the grammar layer (anonymiser/risk/grammar.py)
    whole, alone = [], []
    for metadata, body in stories:
        t0 = time.perf_counter()
        result = redact_stories([(metadata, body)], policy)[0]
        t1 = time.perf_counter()
        assess(result.metadata, result.body)
        t2 = time.perf_counter()
        whole.append(t2 - t0)
        alone.append(t2 - t1)
    return {"median_s": statistics.median(whole), "max_s": max(whole), "assess_median_ms": 1000 * statistics.median(alone),
            "assess_max_ms": 1000 * max(alone)}


#: What each corpus is: the first five have been read to write the rules since their first blind
#: scores (bench/first-blind-scores.md), so their figures measure fit; the sixth is unread.
CORPORA = {
    "bench/risk-holdout": "first corpus: 24 stories written blind (session 4); read since its first blind score, to write rules",
    "bench/risk-holdout-2": "second corpus: 24 stories by another blind writer (session 5); read since its first blind score, "
                            "to write general rules by kind of detail and grammatical form (issue 18)",
    "bench/risk-holdout-3": "third corpus: 24 stories by a third blind writer (session 5); read since its first blind score "
                            "(session 6) to write rules by kind of detail and to calibrate the estimate",
    "bench/risk-holdout-4": "fourth corpus: 24 stories by a fourth blind writer (session 6); scored blind once, then "
                            "read to calibrate the bands and to find kinds of detail the rules lacked, and again "
                            "(risk5) to group its misses by kind and form",
    "bench/risk-holdout-5": "fifth corpus: 24 stories by a fifth blind writer (session 6); scored blind once after "
                            "the calibration, then read (risk5) to group its misses by kind and form",
    "bench/risk-holdout-6": "sixth corpus: 24 stories by a sixth blind writer (session 7); scored blind once after "
                            "the fifth pass, not read since",
}


def markdown(r: dict, t: dict | None, appended: bool = False) -> str:
    """The results page (bench/results-risk.md), or one more corpus's section of it (`appended`)."""
    import datetime
    import os
    import platform

    what = CORPORA.get(r["corpus"].rstrip("/"), "")
    head = [f"## {r['corpus']}" + (f" ({what})" if what else ""), ""] if appended else \
        ["# The re-identification check (`make risk-quality`)", "",
         "Each corpus was scored blind once (bench/first-blind-scores.md); a corpus read since to write rules "
         "(its heading says so) measures fit, not generalisation; an unread one is the test.", "",
         f"## {r['corpus']}" + (f" ({what})" if what else ""), ""]
    lines = head + [
             f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
             f"`python bench/risk_quality.py {r['corpus']}`. The first blind score is in bench/first-blind-scores.md.", "",
             "| figure | now | target |", "| --- | ---: | ---: |",
             f"| quasi-identifier recall (overlap) | {r['recall']:.3f} (same type {r['recall_same_type']:.3f}) | ≥ 0.90 |",
             f"| precision of reported details | {r['precision']:.3f} | |",
             f"| high-risk stories reported low | {r['high_reported_low']} | 0 |",
             f"| low-risk stories reported high | {r['low_reported_high']} of {r['low_stories']} | ≤ 1 in 5 |",
             f"| bands (gold->reported) | {', '.join(f'{k} {v}' for k, v in r['bands'].items())} | |"]
    if t:
        lines.append(f"| `risk` on one story once the model is loaded (anonymise + check) | median {t['median_s']:.2f} s, "
                     f"max {t['max_s']:.2f} s (check alone: median {t['assess_median_ms']:.1f} ms, max {t['assess_max_ms']:.1f} ms) | < 1 s |")
    lines += ["", "Recall by type: " + ", ".join(f"{k} {v:.2f} ({r['spans_by_type'][k]})" for k, v in r["recall_by_type"].items()), "",
              "| story | gold band | reported | about N heads | driven by |", "| --- | --- | --- | ---: | --- |"]
    lines += [f"| {s['file']} | {s['gold']} | {s['reported']} | {s['heads']:,} | {s['combination']} |" for s in r["per_story"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Print the scores of one corpus."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", action="store_true", help="list every missed gold span and each story's estimate")
    ap.add_argument("--markdown", type=Path, help="also time the command and write the results page here")
    ap.add_argument("--append", action="store_true", help="with --markdown: add this corpus's section to the page")
    args = ap.parse_args()
    r = score(args.corpus, show=args.show)
    if args.markdown:
        page = markdown(r, timing(args.corpus), appended=args.append)
        if args.append:
            page = args.markdown.read_text(encoding="utf-8") + "\n" + page
        args.markdown.write_text(page, encoding="utf-8")
        print(f"wrote {args.markdown}")
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"{r['corpus']}: {r['stories']} stories, {r['gold_spans']} quasi-identifiers")
    print(f"recall {r['recall']:.3f} (same type {r['recall_same_type']:.3f}), precision {r['precision']:.3f}")
    print("recall by type: " + ", ".join(f"{t} {v:.2f} ({r['spans_by_type'][t]})" for t, v in r["recall_by_type"].items()))
    print("bands (gold->reported): " + ", ".join(f"{k} {v}" for k, v in r["bands"].items()))
    print(f"high reported low: {r['high_reported_low']}; low reported high: {r['low_reported_high']} of {r['low_stories']}")
    if args.show:
        for s in r["per_story"]:
            print(f"  {s['file']:<40} gold {s['gold']:<6} reported {s['reported']:<6} ~{s['heads']:>6} | {s['combination'][:110]}")
        for name, qtype, text in r["misses"]:
            print(f"  miss {name:<36} {qtype:<13} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
