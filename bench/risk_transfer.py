"""How far the check's recall carries to text its rules were not written from (issue 18, sixth pass).

The phrase rules of `quasi.yml` have been fit to every corpus they are scored on, so their recall
there says little about the next writer. This script measures transfer in two ways:

- the grammar layer (`anonymiser/risk/grammar.py`) alone, and added to the phrase rules;
- the rules as they stood when a corpus was first scored blind (`--rules-at COMMIT`, the commit in
  bench/first-blind-scores.md), alone and with the grammar layer: what that first blind score would
  have been had the layer existed. Only the rules are taken from the commit; the engine is today's.

Recall and precision are counted as in bench/risk_quality.py (a gold span is found when a detail
overlaps it; a detail is right when it overlaps a gold span); no bands (the layer's details do not
enter the estimate).

Usage: python bench/risk_transfer.py CORPUS [--rules-at COMMIT] [--show] [--types DATE,ROLE]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from anonymiser.risk import NOT_PARSED, TYPES, story_texts  # noqa: E402
from anonymiser.risk import rules as rules_module  # noqa: E402
from anonymiser.risk.grammar import find_by_grammar, parse  # noqa: E402
from anonymiser.risk.quasi import find_quasi_identifiers  # noqa: E402
from risk_quality import read_story  # noqa: E402


def rules_at(commit: str):
    """Make `risk_data()` read the rules of `quasi.yml` at `commit` (the rest of the file as today)."""
    old = yaml.safe_load(subprocess.run(["git", "show", f"{commit}:anonymiser/data/risk/quasi.yml"], cwd=ROOT,
                                        capture_output=True, text=True, check=True).stdout)
    spec = yaml.safe_load((rules_module.DATA / "quasi.yml").read_text(encoding="utf-8"))
    spec["rules"] = old["rules"]
    original = yaml.safe_load

    def load(text, *args, **kwargs):
        loaded = original(text, *args, **kwargs)
        return spec if isinstance(loaded, dict) and "rules" in loaded else loaded

    rules_module.yaml.safe_load = load  # only risk_data reads quasi.yml through this module
    rules_module.risk_data.cache_clear()
    rules_module.risk_data()
    rules_module.yaml.safe_load = original


def spans_of_rules(text: str) -> list[tuple[int, int, str]]:
    return [(qi.start, qi.end, qi.label) for qi, _ in find_quasi_identifiers(text)]


def added(base: list[tuple[int, int, str]], extra: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The layer's spans that overlap none of `base` (as `assess` adds them)."""
    return [s for s in extra if not any(s[0] < b[1] and b[0] < s[1] for b in base)]


class Tally:
    """Recall (any type, same type), precision and recall by type of one system over a corpus."""

    def __init__(self):
        self.total = self.found = self.same = self.reported = self.right = 0
        self.by_type, self.by_type_found = Counter(), Counter()

    def add(self, gold, spans):
        for start, end, qtype, _ in gold:
            self.total += 1
            self.by_type[qtype] += 1
            over = [s for s in spans if s[0] < end and start < s[1]]
            if over:
                self.found += 1
                self.by_type_found[qtype] += 1
                self.same += any(s[2] == qtype for s in over)
        for s in spans:
            self.reported += 1
            self.right += any(s[0] < e and b < s[1] for b, e, _, _ in gold)

    def line(self, name: str) -> str:
        r = self.found / self.total if self.total else 0
        p = self.right / self.reported if self.reported else 0
        by = ", ".join(f"{t} {self.by_type_found[t] / self.by_type[t]:.2f}" for t in sorted(self.by_type))
        return (f"{name:<22} recall {r:.3f} (same type {self.same / max(1, self.total):.3f}), precision {p:.3f} "
                f"({self.right}/{self.reported})\n{'':<22} {by}")


def main() -> int:
    """Print the transfer figures of one corpus."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rules-at", help="also score the rules of quasi.yml at this commit, alone and with the layer")
    ap.add_argument("--show", action="store_true", help="list the layer's added spans, right and wrong")
    ap.add_argument("--reasons", action="store_true", help="the layer alone: right and wrong spans of each reading")
    ap.add_argument("--missed", action="store_true", help="with --rules-at: gold spans neither the old rules nor the layer find")
    ap.add_argument("--types", default=",".join(TYPES), help="the layer's readings to use (comma-separated types)")
    args = ap.parse_args()
    types = tuple(args.types.split(","))
    stories = []
    for path in sorted(args.corpus.glob("*.md")):
        metadata, body, gold, _ = read_story(path)
        for field, text in story_texts(metadata, body).items():
            # the fields `assess` does not parse (NOT_PARSED) get no grammar details here either
            layer = [] if field in NOT_PARSED else [
                (s.start, s.end, s.type, s.reason) for s in find_by_grammar(parse(text), types=types)]
            stories.append((path.name, field, text, gold.get(field, []), layer))
    systems = {"grammar layer alone": Tally(), "rules now": Tally(), "rules now + layer": Tally()}
    shown = []
    for name, field, text, gold, layer in stories:
        now = spans_of_rules(text)
        plus = added(now, [s[:3] for s in layer])
        systems["grammar layer alone"].add(gold, [s[:3] for s in layer])
        systems["rules now"].add(gold, now)
        systems["rules now + layer"].add(gold, now + plus)
        for s in layer:
            if s[:3] in plus:
                hit = [g for g in gold if s[0] < g[1] and g[0] < s[1]]
                shown.append((name, s[2], s[3], text[s[0]:s[1]], hit[0][2] if hit else "-"))
    if args.rules_at:
        rules_at(args.rules_at)
        old_alone, old_plus = Tally(), Tally()
        for name, field, text, gold, layer in stories:
            old = spans_of_rules(text)
            old_alone.add(gold, old)
            old_plus.add(gold, old + added(old, [s[:3] for s in layer]))
            if args.missed:
                for g in gold:
                    if not any(s[0] < g[1] and g[0] < s[1] for s in old + [x[:3] for x in layer]):
                        print(f"  missed {name:<34} {g[2]:<13} {g[3]!r}")
        systems[f"rules@{args.rules_at[:7]}"] = old_alone
        systems[f"rules@{args.rules_at[:7]} + layer"] = old_plus
    print(f"{args.corpus}: {len({s[0] for s in stories})} stories")
    for name, tally in systems.items():
        print(tally.line(name))
    if args.reasons:
        tally = Counter()
        examples: dict = {}
        for name, field, text, gold, layer in stories:
            for s in layer:
                hit = [g for g in gold if s[0] < g[1] and g[0] < s[1]]
                key = (s[2], s[3].split(" (")[0], "right" if hit else "wrong")
                tally[key] += 1
                examples.setdefault(key, []).append(text[s[0]:s[1]])
        for key in sorted(tally):
            print(f"  {key[0]:<13} {key[1]:<24} {key[2]:<5} {tally[key]:>4}  {' | '.join(examples[key][:8])}")
    if args.show:
        for name, qtype, reason, text, hit in shown:
            print(f"  {'HIT ' if hit != '-' else 'miss'} {name:<34} {qtype:<13} {hit:<13} {reason:<22} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
