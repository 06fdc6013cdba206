"""Build times on the real content, with and without the anonymiser, measured in one run.

    .venv/bin/python bench/bench_build_small.py [--repeat 3]

Four figures, each a whole `pelican` process (start-up included), median of --repeat runs:
cold and warm with the anonymiser (cold = empty anonymiser cache; warm = the cache the cold
build filled), and the same without it (ANONYMISE=false: plain Pelican plus this site's other
plugins). Also the leak gate's own scan of the anonymised output, timed in-process from the
manifest (what `make check` does), so its share of a build is visible. Everything is written
under bench/work/ (git-ignored). The 1,000-story benchmark is bench/ of the anonymiser work.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work" / "build-small"


def pelican(output: Path, cache: Path, **settings) -> tuple[float, int]:
    """One `pelican` build of the real content; returns (seconds, exit status)."""
    overrides = {"ANONYMISER_CACHE_DIR": str(cache), "LEAK_GATE_ON_LEAK": "keep", **settings}
    cmd = [sys.executable, "-m", "pelican", str(REPO / "content"), "-o", str(output), "-s", str(REPO / "pelicanconf.py"),
           "-e", *[f"{k}={json.dumps(v)}" for k, v in overrides.items()]]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - started, result.returncode


def measure(label: str, repeat: int, fresh_cache: bool, **settings) -> dict:
    """Median seconds of `repeat` builds (`fresh_cache`: an empty anonymiser cache each time)."""
    times, codes = [], set()
    for i in range(repeat):
        cache = WORK / f"cache-{label}-{i}" if fresh_cache else WORK / "cache-shared"
        if fresh_cache:
            shutil.rmtree(cache, ignore_errors=True)
        seconds, code = pelican(WORK / f"output-{label}", cache, **settings)
        times.append(seconds)
        codes.add(code)
    return {"label": label, "median": statistics.median(times), "runs": times, "exit": sorted(codes)}


def gate_scan_seconds(output: Path, manifest: Path, repeat: int) -> float:
    """Median seconds of the leak gate's scan of `output` (in-process, from the manifest)."""
    sys.path.insert(0, str(REPO))
    from plugins.leak_gate.scan import Matcher, read_manifest

    matcher = Matcher.from_manifest(read_manifest(manifest))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        matcher.scan_output(output)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    """Run the four builds and the gate scan; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    rows = [
        measure("plain-cold", args.repeat, True, ANONYMISE=False),
        measure("plain-warm", args.repeat, False, ANONYMISE=False),
        measure("anonymised-cold", args.repeat, True),
    ]
    # Warm: fill the shared cache once, then time rebuilds that hit it.
    pelican(WORK / "output-anonymised-warm", WORK / "cache-shared")
    rows.append(measure("anonymised-warm", args.repeat, False))
    scan = gate_scan_seconds(WORK / "output-anonymised-warm", WORK / "leak-gate" / "manifest.json", args.repeat)
    files = sum(1 for p in (WORK / "output-anonymised-warm").rglob("*") if p.is_file())
    plain_warm = rows[1]["median"]
    print(f"| build (real content, {args.repeat} runs each, median) | seconds | × plain warm | exit |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print(f"| {row['label']} | {row['median']:.2f} | {row['median'] / plain_warm:.2f} | {row['exit']} |")
    print(f"| leak gate scan alone ({files} files, in-process) | {scan:.3f} | {scan / plain_warm:.2f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
