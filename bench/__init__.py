"""Benchmarks and synthetic data for the Safe Harbour build."""

from pathlib import Path

#: This repository's benchmark folder.
BENCH = Path(__file__).resolve().parent


def anon_holdout_dirs() -> list[Path]:
    """Every bench/anon-holdout* corpus folder present now, in natural order (holdout, -2, ..., -13)."""
    found = [p for p in BENCH.glob("anon-holdout*") if p.is_dir()]
    return sorted(found, key=lambda p: int(p.name[len("anon-holdout"):].lstrip("-") or 1))
