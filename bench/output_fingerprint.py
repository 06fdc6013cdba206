"""A hash of everything the anonymiser outputs, per corpus, to show a speed-up changed no byte.

    PYTHONPATH=. .venv/bin/python bench/output_fingerprint.py [--save FILE] [--compare FILE]

Runs `anonymiser.redact_stories` in one process over every story of: the annotated corpora
(bench/anon-holdout*, bench/risk-holdout*, /work/shared/anon-eval/dev and seed-stories, with
their `[[LABEL:text]]` markup stripped the way anon_eval.py strips it), 100 synthetic stories
from bench/synthetic.py (seed 0, 800 words) and content/stories/*.md. For each story it hashes
the whole result (`StoryRedaction.to_json()`: metadata, body, findings, placeholders, warnings,
forced terms, originals; any "flags" key taken out), its flags read explicitly (`result.flags`,
and again from a copy read back with `StoryRedaction.from_json`, as from the cache: code that
stores flags and code that finds them when read hash alike) and the story file the CLI would
print (`write_story`), and prints one hash per corpus. `--save` writes the per-story hashes
(hashes and file names only, never text) to a JSON file; `--compare` reads such a file and
names every story whose output differs.
Run it on the old code with --save and on the new with --compare; for the old code, run this
script from the old checkout with `PYTHONPATH=.` (PYTHONPATH decides whose code runs) and
`--root .`, or copy it there.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# PYTHONPATH, when set, says whose code to fingerprint (an old checkout's, with this script)
if str(REPO) not in sys.path and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(REPO))

#: anon_eval.py's annotation markup: [[LABEL:surface text]] stands for the surface text.
MARKUP = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]", re.S)
SHARED_EVAL = Path("/work/shared/anon-eval")


def strip_markup(annotated: str) -> str:
    """The clean story an annotated file stands for (as anon_eval.parse makes it)."""
    return MARKUP.sub(lambda m: m.group(2), annotated)


def corpus_dirs(root: Path = REPO) -> list[Path]:
    """Every folder of stories to fingerprint that exists on this machine, in a fixed order."""
    dirs = sorted(root.glob("bench/anon-holdout*")) + sorted(root.glob("bench/risk-holdout*"))
    dirs += [SHARED_EVAL / "dev", SHARED_EVAL / "seed-stories", root / "content" / "stories"]
    return [d for d in dirs if d.is_dir()]


def _story_hash(story, result) -> str:
    from anonymiser.story import StoryRedaction
    from anonymiser.storyfile import write_story

    data = json.loads(result.to_json())
    data.pop("flags", None)  # stored by older code, found when read by newer: hashed below alike
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for flags in (result.flags, StoryRedaction.from_json(result.to_json()).flags):
        digest.update(b"\0")
        digest.update(json.dumps([[fld, f.to_dict()] for fld, f in flags], ensure_ascii=False).encode("utf-8"))
    digest.update(b"\0")
    digest.update(write_story(story, result.metadata, result.body).encode("utf-8"))
    return digest.hexdigest()


def fingerprint(named_stories, policy) -> dict[str, str]:
    """Per story name, the hash of its whole redaction (all stories analysed in one call)."""
    import anonymiser

    results = anonymiser.redact_stories([(s.metadata, s.body) for _, s in named_stories], policy)
    return {name: _story_hash(story, result) for (name, story), result in zip(named_stories, results)}


def main(argv: list[str] | None = None) -> int:
    """Print one hash per corpus; optionally save or compare per-story hashes."""
    import anonymiser
    from anonymiser.storyfile import parse_story
    from bench.synthetic import generate_stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", type=Path, help="write per-story hashes to this JSON file")
    ap.add_argument("--compare", type=Path, help="compare with per-story hashes saved earlier")
    ap.add_argument("--synthetic", type=int, default=100, help="how many synthetic stories (default 100)")
    ap.add_argument("--root", type=Path, default=REPO,
                    help="the checkout whose corpora to read (default: this one; the code run is PYTHONPATH's)")
    args = ap.parse_args(argv)

    policy = anonymiser.load_policy()
    corpora: dict[str, list] = {}
    for folder in corpus_dirs(args.root):
        stories = []
        for path in sorted(folder.glob("*.md")):
            raw = strip_markup(path.read_text(encoding="utf-8"))
            stories.append((path.name, parse_story(raw, str(path), lenient=True)))
        corpora[str(folder.relative_to(args.root) if folder.is_relative_to(args.root) else folder)] = stories
    with tempfile.TemporaryDirectory() as work:
        paths = generate_stories(args.synthetic, Path(work), words=800, seed=0)
        corpora["synthetic"] = [(p.name, parse_story(p.read_text(encoding="utf-8"), str(p))) for p in paths]

    print(f"code: {Path(anonymiser.__file__).parent}; corpora: {args.root}")
    hashes: dict[str, dict[str, str]] = {}
    started = time.process_time()
    for name, stories in corpora.items():
        hashes[name] = fingerprint(stories, policy)
        whole = hashlib.sha256(json.dumps(hashes[name], sort_keys=True).encode()).hexdigest()
        print(f"{whole[:16]}  {len(stories):4d} stories  {name}", flush=True)
    print(f"({time.process_time() - started:.1f} s CPU)")
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=1, sort_keys=True), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        differing = [f"{corpus}/{story}" for corpus in sorted(set(before) | set(hashes))
                     for story in sorted(set(before.get(corpus, {})) | set(hashes.get(corpus, {})))
                     if before.get(corpus, {}).get(story) != hashes.get(corpus, {}).get(story)]
        print(f"compared with {args.compare}: " + ("identical" if not differing else
                                                    f"{len(differing)} stories differ: " + ", ".join(differing)))
        return 1 if differing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
