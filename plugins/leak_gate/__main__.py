"""`make check`: run the leak gate again on an existing output, from the manifest its build wrote.

    python -m plugins.leak_gate [OUTPUT] [--manifest cache/leak-gate/manifest.json]

The manifest holds salted hashes, never surfaces, so leaks are shown as label, first letter
and short hash, with the story and the output file. Exit status: 0 clean, 1 leak (or an
output built with ANONYMISE off), 2 no usable manifest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .scan import Matcher, read_manifest

DEFAULT_MANIFEST = Path("cache/leak-gate/manifest.json")


def main(argv: list[str] | None = None) -> int:
    """Scan OUTPUT with the manifest's surfaces; print one line per leak; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m plugins.leak_gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output", type=Path, help="the built site (default: output)")
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help=f"default: {DEFAULT_MANIFEST}")
    args = parser.parse_args(argv)
    if not args.output.is_dir():
        print(f"leak gate: {args.output} is not a folder: build the site first (make html)", file=sys.stderr)
        return 2
    try:
        data = read_manifest(args.manifest)
        matcher = Matcher.from_manifest(data)
    except (OSError, ValueError, KeyError) as err:
        print(f"leak gate: no usable manifest at {args.manifest} ({err}); build the site first (make html)",
              file=sys.stderr)
        return 2
    if not data.get("anonymised", False):
        print(f"leak gate: {args.output} was built with ANONYMISE off: stories as written; never deploy it",
              file=sys.stderr)
        return 1
    if Path(data["output"]) != args.output.resolve():
        print(f"leak gate: warning: the manifest is from a build into {data['output']}, not {args.output}",
              file=sys.stderr)
    for term in data.get("allowlist", []):
        print(f"leak gate allowlist: {term['term']!r} may appear anywhere: {term['why']}")
    leaks, scanned = matcher.scan_output(args.output)
    if leaks:
        print(f"leak gate: {len(leaks)} leak(s) of removed surfaces in {args.output}; do not deploy it:", file=sys.stderr)
        for leak in leaks:
            print(f"  {leak.line(mask=True)}", file=sys.stderr)
        return 1
    print(f"leak gate: no leak in {scanned} files of {args.output} ({len(matcher.leaks)} surfaces, "
          f"manifest written {data.get('written', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
