"""The anonymiser's words per second in CPU time, for comparing Python versions on a busy machine.

    PYTHON bench/anonymiser_cpu.py [--stories 100] [--words 800]

Run it with each interpreter's own environment (a .venv built by that Python), interleaved, a
few rounds: wall-clock words/s on a shared 2-core machine swing by 2x with other people's work,
CPU time (`time.process_time`) much less. The model is loaded and warmed up first (not counted);
the best of two runs over the same synthetic stories is printed with the Python version.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    """Print this Python's anonymiser throughput in CPU time and wall time."""
    import anonymiser
    from anonymiser.model import load_model
    from anonymiser.storyfile import parse_story
    from bench.synthetic import generate_stories

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        items = []
        for path in generate_stories(args.stories, Path(work), words=args.words, seed=0):
            story = parse_story(path.read_text(encoding="utf-8"), str(path))
            items.append((story.metadata, story.body))
    words = sum(len(re.findall(r"\w+", body)) for _, body in items)
    policy = anonymiser.load_policy()
    load_model(policy.model)
    anonymiser.redact_stories(items[:2], policy)  # warm-up: lexicons are built on first use
    best_cpu = best_wall = float("inf")
    for _ in range(2):
        cpu, wall = time.process_time(), time.perf_counter()
        anonymiser.redact_stories(items, policy, n_process=1)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    print(f"Python {sys.version.split()[0]}: {words / best_cpu:,.0f} words/s CPU time, "
          f"{words / best_wall:,.0f} words/s wall ({len(items)} stories, {words:,} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
