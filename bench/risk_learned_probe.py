"""Tried and dropped (sixth pass, issue 18): a learned layer over candidate spans, leave one corpus out.

A logistic regression (numpy, hashed features) over every entity, noun chunk and verb of a story:
entity label, dependency, POS, the grammar.yml word classes of the head and its governor, a
"my"/"our" possessive, a number, a first person in the sentence. It is trained on two of the
development corpora and scored on the third, on top of the rules as they stood at that corpus's
first blind score and the grammar layer (as bench/risk_transfer.py). risk-holdout-4 and -5 are
never used, so they stay held out. Results are in bench/results-risk.md (sixth pass).

Usage: python bench/risk_learned_probe.py [--weighted] [--lemma]
"""
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import numpy as np
from risk_quality import read_story
from anonymiser.risk import story_texts
from anonymiser.risk.grammar import parse, find_by_grammar, grammar_data
import risk_transfer as rt

CORPORA = {str(ROOT / 'bench/risk-holdout'): '9246a3b', str(ROOT / 'bench/risk-holdout-2'): '424e5ae', str(ROOT / 'bench/risk-holdout-3'): '46a98c1'}
data = grammar_data()
CLASSES = list(data.classes)
USE_LEMMA = '--lemma' in sys.argv
WEIGHTED = '--weighted' in sys.argv
D = 2 ** 18

def cls(tok):
    l = (tok.lemma_ or tok.text).lower(); w = tok.text.lower()
    return [c for c in CLASSES if l in data.classes[c] or w in data.classes[c]]

def feats(span, doc):
    root = span.root
    f = [f"ent={span.label_ if hasattr(span,'label_') and span.label_ else root.ent_type_}", f"dep={root.dep_}", f"pos={root.pos_}", f"tag={root.tag_}",
         f"hdep={root.head.dep_}", f"hpos={root.head.pos_}"]
    f += [f"cls={c}" for c in cls(root)]
    f += [f"hcls={c}" for c in cls(root.head)]
    for t in span:
        f += [f"incls={c}" for c in cls(t)]
        if t.like_num: f.append("num")
        if t.i > span.start and t.text[:1].isupper(): f.append("cap")
    if any(c.dep_ == 'poss' and c.text.lower() in ('my','our') for c in root.children): f.append('poss_my')
    if root.dep_ == 'pobj': f.append(f"prep={root.head.text.lower()}")
    if any(t.text.lower() in ('i','my','me') for t in root.sent): f.append('sent_i')
    f.append(f"len={min(len(span),5)}")
    if USE_LEMMA:
        f.append(f"lemma={root.lemma_.lower()}"); f.append(f"hlemma={root.head.lemma_.lower()}")
    # pairs
    base = list(f)
    f += [a + '&' + b for a in base[:2] for b in base[6:]]
    return [zlib.crc32(x.encode()) % D for x in f]

def candidates(doc):
    seen = set()
    out = []
    for s in list(doc.ents) + list(doc.noun_chunks):
        if (s.start, s.end) in seen: continue
        seen.add((s.start, s.end)); out.append(s)
    for t in doc:
        if t.pos_ in ('VERB', 'ADJ', 'NUM') and (t.i, t.i + 1) not in seen:
            out.append(doc[t.i:t.i + 1])
    return out

stories = {}
for c in CORPORA:
    rows = []
    for p in sorted(Path(c).glob('*.md')):
        m, b, g, _ = read_story(p)
        for field, text in story_texts(m, b).items():
            if field == 'role': continue
            doc = parse(text)
            gold = g.get(field, [])
            cands = candidates(doc)
            X = [feats(s, doc) for s in cands]
            y = [1 if any(s.start_char < e and st < s.end_char for st, e, _, _ in gold) else 0 for s in cands]
            layer = [(s.start, s.end, s.type) for s in find_by_grammar(doc)]
            rows.append((p.name, field, text, gold, [(s.start_char, s.end_char) for s in cands], X, y, layer))
    stories[c] = rows

def train(rows, epochs=8, lr=0.2, l2=1e-5):
    w = np.zeros(D); b = 0.0
    data_ = [(x, y) for r in rows for x, y in zip(r[5], r[6])]
    pos = sum(y for _, y in data_); neg = len(data_) - pos
    rng = np.random.default_rng(0)
    for ep in range(epochs):
        rng.shuffle(data_)
        for x, y in data_:
            z = w[x].sum() + b
            p = 1 / (1 + np.exp(-z))
            # --weighted: positives weighted up (by the square root of the class ratio), for recall
            g = (p - y) * ((neg / pos if y else 1.0) ** 0.5 if WEIGHTED else 1.0)
            w[x] -= lr * (g + l2 * w[x]); b -= lr * g
    return w, b

for held in CORPORA:
    tr = [r for c in CORPORA if c != held for r in stories[c]]
    w, b = train(tr)
    rt_commit = CORPORA[held]
    rt.rules_at(rt_commit)
    for t in ((0.5, 0.7, 0.8, 0.9) if WEIGHTED else (0.95, 0.98, 0.99, 0.995)):
        base, plus = rt.Tally(), rt.Tally()
        for name, field, text, gold, spans, X, y, layer in stories[held]:
            old = rt.spans_of_rules(text)
            cur = old + rt.added(old, layer)
            base.add(gold, cur)
            probs = [1 / (1 + np.exp(-(w[x].sum() + b))) for x in X]
            learned = [(s[0], s[1], 'X') for s, p in zip(spans, probs) if p > t]
            extra = rt.added(cur, learned)
            # merge overlapping extras
            merged = []
            for s in sorted(extra):
                if merged and s[0] < merged[-1][1]: continue
                merged.append(s)
            plus.add(gold, cur + merged)
        print(held, 't', t)
        print(base.line('old+grammar'))
        print(plus.line('old+grammar+learned'))
