"""Command line: `python -m anonymiser redact FILE`, `report [--mask] FILE...` and `risk FILE [--diff N | --apply N]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load_policy, redact_stories
from .report import render_story_report
from .storyfile import parse_story, write_story
from .types import AnonymiserError


def _read(path: str, lenient: bool = False):
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnonymiserError(f"{path}: cannot read file: {exc}") from exc
    story = parse_story(raw, path, lenient=lenient)
    if story.repaired:
        print(f"anonymiser: warning: {path}: front matter is not valid YAML; read line by line and "
              "rewritten as valid YAML", file=sys.stderr)
    return story


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    ap = argparse.ArgumentParser(prog="python -m anonymiser", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    p_red = sub.add_parser("redact", help="print the redacted story file (front matter included)")
    p_red.add_argument("file")
    p_red.add_argument("--model", default=None, help="spaCy model package (default: policy.yml)")
    p_rep = sub.add_parser("report", help="print every finding in context and flagged indirect identifiers")
    p_rep.add_argument("files", nargs="+")
    p_rep.add_argument("--mask", action="store_true", help="hide removed surfaces (first letter + length)")
    p_rep.add_argument("--model", default=None, help="spaCy model package (default: policy.yml)")
    p_risk = sub.add_parser("risk", help="the motivated-intruder check: details left, how many heads match, rewrites")
    p_risk.add_argument("file")
    group = p_risk.add_mutually_exclusive_group()
    group.add_argument("--diff", type=int, metavar="N", help="print rewrite N as a diff of the story file")
    group.add_argument("--apply", type=int, metavar="N", help="make rewrite N in the story file")
    p_risk.add_argument("--model", default=None, help="spaCy model package (default: policy.yml)")
    args = ap.parse_args(argv)
    policy = load_policy(model=args.model)
    try:
        if args.command == "redact":
            story = _read(args.file, lenient=True)
            try:
                result = redact_stories([(story.metadata, story.body)], policy)[0]
            except AnonymiserError as exc:
                raise AnonymiserError(f"{args.file}: {exc}") from exc
            sys.stdout.write(write_story(story, result.metadata, result.body))
            return 0
        if args.command == "risk":
            return _risk(args, policy)
        stories = [(path, _read(path)) for path in args.files]
        out = []
        for path, story in stories:
            try:
                result = redact_stories([(story.metadata, story.body)], policy)[0]
            except AnonymiserError as exc:
                raise AnonymiserError(f"{path}: {exc}") from exc
            out.append(render_story_report(path, result, mask=args.mask))
        sys.stdout.write("\n".join(out))
        return 0
    except AnonymiserError as exc:
        print(f"anonymiser: error: {exc}", file=sys.stderr)
        return 2


def _risk(args, policy) -> int:
    """`risk FILE`: the report; `--diff N` / `--apply N`: one rewrite, shown or made."""
    from .risk import apply_to_file, assess, render_risk_report, unified_diff

    story = _read(args.file)
    try:
        result = redact_stories([(story.metadata, story.body)], policy)[0]
    except AnonymiserError as exc:
        raise AnonymiserError(f"{args.file}: {exc}") from exc
    assessment = assess(result.metadata, result.body)
    number = args.diff if args.diff is not None else args.apply
    if number is None:
        sys.stdout.write(render_risk_report(args.file, assessment))
        return 0
    if not 1 <= number <= len(assessment.rewrites):
        raise AnonymiserError(f"{args.file}: there is no rewrite {number} (this story has {len(assessment.rewrites)})")
    rewrite = assessment.rewrites[number - 1]
    raw = Path(args.file).read_text(encoding="utf-8")
    try:
        new = apply_to_file(raw, rewrite, assessment.occurrence(rewrite))
    except ValueError as exc:
        raise AnonymiserError(f"{args.file}: rewrite {number}: {exc}") from exc
    if args.diff is not None:
        sys.stdout.write(unified_diff(args.file, raw, new))
    else:
        Path(args.file).write_text(new, encoding="utf-8")
        print(f"{args.file}: rewrite {number} made: {rewrite.why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
