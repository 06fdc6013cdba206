"""Where each second of a build goes: a cProfile of one `pelican` process, grouped by stage.

    .venv/bin/python bench/profile_stages.py PROFILE   # a file written by `python -m cProfile -o`

Each function's own time (not counting what it calls) is given to the stage its file belongs
to (the anonymise plugin, Markdown, the sanitiser, Jinja, the leak gate...). Time spent in
built-in functions (regular expressions, string methods, file reads) is shared among the
functions that called them, in proportion, so every second lands in exactly one stage and the
stages add up to the profiled total.
"""

from __future__ import annotations

import argparse
import pstats
import sys
from collections import defaultdict

#: (stage, substrings of a function's file that put it in the stage), first match wins.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("anonymise: reader, prefetch, anonymiser, caches", ("/plugins/anonymise/", "/anonymiser/", "/spacy/", "/thinc/",
                                                           "/plugins/common/cache", "/srsly/")),
    ("story front matter (YAML)", ("/plugins/common/stories", "/yaml/", "/frontmatter/")),
    ("Markdown", ("/markdown/",)),
    ("sanitise (bleach)", ("/plugins/sanitise/", "/bleach/", "/html5lib/")),
    ("leak gate", ("/plugins/leak_gate/",)),
    ("search index (lunr)", ("/plugins/search_index/", "/lunr/")),
    ("collections and share cards", ("/plugins/collections/", "/PIL/")),
    ("Jinja templates", ("/jinja2/", "/markupsafe/", "/theme/templates/", "templates/")),
    ("feeds", ("/feedgenerator/",)),
    ("Pelican itself (contents, URLs, writer)", ("/pelican/",)),
    ("imports and start-up", ("<frozen", "/importlib/")),
    ("other libraries (dates, slugs, logging...)", ("/site-packages/", "/lib/python3")),
]
OTHER = "other"


def stage_of(filename: str) -> str | None:
    """The stage of a function defined in `filename`; None for built-ins (shared among callers)."""
    if filename == "~" or not filename:
        return None
    for stage, needles in STAGES:
        if any(needle in filename for needle in needles):
            return stage
    return OTHER


def stage_seconds(profile: str) -> tuple[dict[str, float], float]:
    """(seconds per stage, total seconds profiled) of a cProfile output file."""
    stats = pstats.Stats(profile).stats  # func -> (cc, nc, tt, ct, callers)
    seconds: dict[str, float] = defaultdict(float)
    total = 0.0
    for func, (_, _, tottime, _, callers) in stats.items():
        total += tottime
        stage = stage_of(func[0])
        if stage is not None:
            seconds[stage] += tottime
            continue
        # A built-in: share its own time among its callers, by the time each call edge took.
        edges = {caller: edge[2] for caller, edge in callers.items()}  # edge = (cc, nc, tt, ct)
        edge_total = sum(edges.values())
        if not edges or edge_total <= 0:
            seconds[OTHER] += tottime
            continue
        for caller, edge_time in edges.items():
            seconds[stage_of(caller[0]) or OTHER] += tottime * edge_time / edge_total
    return dict(seconds), total


def stage_table(profile: str, wall_seconds: float | None = None) -> list[str]:
    """The Markdown table of a profile's stages, largest first."""
    seconds, total = stage_seconds(profile)
    lines = ["| stage | seconds | share |", "| --- | ---: | ---: |"]
    for stage, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        lines.append(f"| {stage} | {spent:.2f} | {spent / total:.0%} |")
    lines.append(f"| **total profiled** | **{total:.2f}** | 100% |")
    if wall_seconds is not None:
        lines.append(f"| (wall time of the profiled process, profiler overhead included) | {wall_seconds:.2f} | |")
    return lines


def top_functions(profile: str, limit: int = 12) -> list[str]:
    """The functions with the largest cumulative time inside the site's own code, as a Markdown table."""
    stats = pstats.Stats(profile).stats
    rows = [(ct, func) for func, (_, _, _, ct, _) in stats.items()
            if "/plugins/" in func[0] or "/anonymiser/" in func[0]]
    lines = ["| function | cumulative s |", "| --- | ---: |"]
    for ct, (filename, line, name) in sorted(rows, reverse=True)[:limit]:
        short = filename[filename.rfind("/plugins/") + 1:] if "/plugins/" in filename else filename[filename.rfind("/anonymiser/") + 1:]
        lines.append(f"| `{short}:{line} {name}` | {ct:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the stage table of a profile."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile")
    args = parser.parse_args(argv)
    print("\n".join(stage_table(args.profile)))
    print()
    print("\n".join(top_functions(args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
