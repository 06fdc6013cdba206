"""Throughput of the anonymiser on a large synthetic corpus.

    .venv/bin/python bench/bench_anonymiser.py [--stories N] [--words W] [--model NAME]

Reports model load time separately, then words/s with the model loaded, in one
process and with n_process=2 (a process pool; each worker loads the model once,
which is included in that figure). Also checks that no planted name, place,
school, trust, email or phone survived anywhere in the output.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import anonymiser  # noqa: E402
from anonymiser.model import load_model  # noqa: E402
from anonymiser.storyfile import parse_story  # noqa: E402
from bench.synthetic import generate_stories  # noqa: E402


def _leaks(results, truths) -> list[str]:
    out = []
    for r, truth in zip(results, truths):
        text = r.body + "\n" + "\n".join(str(r.metadata.get(k, "")) for k in anonymiser.FREE_TEXT_FIELDS)
        for surface in truth:
            if re.search(r"(?<![\w@.])" + re.escape(surface) + r"(?![\w@])", text):
                out.append(surface)
    return out


def main(argv=None) -> int:
    """Run the benchmark and print a small report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--model", default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-pool", action="store_true", help="skip the n_process=2 run")
    ap.add_argument("--repeat", type=int, default=1, help="time each run N times, report the best (shared machines)")
    args = ap.parse_args(argv)

    work = REPO / "bench" / "work" / "anonymiser"
    generated = generate_stories(args.stories, work, words=args.words, seed=args.seed, with_truth=True)
    items, truths = [], []
    for path, truth in generated:
        story = parse_story(path.read_text(encoding="utf-8"), str(path))
        items.append((story.metadata, story.body))
        truths.append(truth)
    words = sum(len(re.findall(r"\w+", b)) for _, b in items)
    policy = anonymiser.load_policy(model=args.model)

    t0 = time.perf_counter()
    load_model(policy.model)
    load_s = time.perf_counter() - t0
    anonymiser.redact_stories(items[:2], policy)  # warm-up (lexicon, first batch)

    one_s = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        one = anonymiser.redact_stories(items, policy, n_process=1)
        one_s = min(one_s, time.perf_counter() - t0)
    print(f"model {policy.model}: load {load_s:.2f}s")
    print(f"corpus: {len(items)} stories, {words} words")
    print(f"1 process : {one_s:.2f}s  {words / one_s:,.0f} words/s")
    leaks = _leaks(one, truths)
    if not args.no_pool:
        two_s = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            two = anonymiser.redact_stories(items, policy, n_process=2)
            two_s = min(two_s, time.perf_counter() - t0)
        same = [a.to_json() for a in one] == [b.to_json() for b in two]
        print(f"2 processes: {two_s:.2f}s  {words / two_s:,.0f} words/s (worker model loads included; "
              f"results identical to 1 process: {same})")
    print(f"planted surfaces leaked: {len(leaks)}" + (f" e.g. {sorted(set(leaks))[:10]}" if leaks else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
