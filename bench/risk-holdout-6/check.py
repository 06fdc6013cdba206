#!/usr/bin/env python3
"""Validate the qi-corpus-6 story files (01.md .. 24.md).

Checks: YAML front matter parses; keys present and in the fixed order; title
unannotated; date format; themes allowed; consent true; risk_band valid; no
markers in risk_reason; every '[[' opens a valid marker; no placeholders, line
breaks or nesting inside markers; body 250-550 words once markers are reduced
to their surface text. Prints QI counts by type and per file.
"""
import datetime
import glob
import os
import re
import sys
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["title", "date", "themes", "role", "summary", "consent", "risk_band", "risk_reason"]
THEMES = {"ofsted", "small-schools", "academy-trusts", "send", "parental-abuse",
          "leaving-headship", "workload", "wellbeing", "recovery"}
BANDS = {"high", "medium", "low"}
TYPES = ["ROLE", "PHASE", "SCHOOL_TYPE", "SIZE", "GEOGRAPHY", "DATE", "EVENT", "FAMILY_HEALTH"]
MARKER = re.compile(r"\[\[QI:(ROLE|PHASE|SCHOOL_TYPE|SIZE|GEOGRAPHY|DATE|EVENT|FAMILY_HEALTH):([^\]]+)\]\]")
PLACEHOLDER = re.compile(r"\[(Name|School|Place|Institution)[^\]]*\]")


def check_markers(text, where, errors):
    """Return list of (type, surface) for valid markers; record problems."""
    found = []
    pos = 0
    while True:
        i = text.find("[[", pos)
        if i < 0:
            break
        m = MARKER.match(text, i)
        if not m:
            errors.append(f"{where}: '[[' at offset {i} does not open a valid marker: {text[i:i+60]!r}")
            pos = i + 2
            continue
        qtype, surface = m.group(1), m.group(2)
        if "\n" in surface or "\r" in surface:
            errors.append(f"{where}: line break inside marker {m.group(0)!r}")
        if "[" in surface:
            errors.append(f"{where}: placeholder or nesting inside marker {m.group(0)!r}")
        if surface != surface.strip() or not surface.strip():
            errors.append(f"{where}: surface text has edge whitespace or is empty {m.group(0)!r}")
        found.append((qtype, surface))
        pos = m.end()
    # stray pieces of marker syntax outside valid markers
    stripped = MARKER.sub("", text)
    if "QI:" in stripped:
        errors.append(f"{where}: stray 'QI:' outside a valid marker")
    if "]]" in stripped:
        errors.append(f"{where}: stray ']]' outside a valid marker")
    return found


def reduce(text):
    return MARKER.sub(lambda m: m.group(2), text)


def word_count(text):
    return len([t for t in re.findall(r"\S+", text) if re.search(r"[A-Za-z0-9]", t)])


def check_file(path):
    errors = []
    raw = open(path, encoding="utf-8").read()
    name = os.path.basename(path)
    if not raw.startswith("---\n"):
        return name, ["does not start with '---'"], [], 0, None
    end = raw.find("\n---\n", 4)
    if end < 0:
        return name, ["no closing '---' line"], [], 0, None
    fm_text = raw[4:end + 1]
    body = raw[end + 5:]
    try:
        fm = yaml.safe_load(fm_text)
    except yaml.YAMLError as e:
        return name, [f"YAML error: {e}"], [], 0, None
    if not isinstance(fm, dict):
        return name, ["front matter is not a mapping"], [], 0, None
    if list(fm.keys()) != KEYS:
        errors.append(f"keys {list(fm.keys())} != {KEYS}")
    title = fm.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append("title missing or not a string")
    elif "[[" in title or "QI:" in title:
        errors.append("title is annotated")
    d = fm.get("date")
    ds = d.isoformat() if isinstance(d, datetime.date) else str(d)
    if not re.fullmatch(r"2025-\d{2}-\d{2}", ds):
        errors.append(f"date {ds!r} not 2025-MM-DD")
    else:
        try:
            datetime.date.fromisoformat(ds)
        except ValueError:
            errors.append(f"date {ds!r} is not a real date")
    themes = fm.get("themes")
    if not isinstance(themes, list) or not themes:
        errors.append("themes missing or not a list")
    else:
        bad = [t for t in themes if t not in THEMES]
        if bad:
            errors.append(f"themes not allowed: {bad}")
        if len(set(themes)) != len(themes):
            errors.append("duplicate themes")
    if fm.get("consent") is not True:
        errors.append("consent is not true")
    band = fm.get("risk_band")
    if band not in BANDS:
        errors.append(f"risk_band {band!r} invalid")
    rr = fm.get("risk_reason")
    if not isinstance(rr, str) or not rr.strip():
        errors.append("risk_reason missing")
    elif "[[" in rr or "QI:" in rr or "]]" in rr:
        errors.append("markers in risk_reason")
    elif "not looked up" not in rr:
        errors.append("risk_reason does not say counts were not looked up")
    markers = []
    for key in ("role", "summary"):
        val = fm.get(key)
        if not isinstance(val, str) or not val.strip():
            errors.append(f"{key} missing or not a string")
            continue
        markers += check_markers(val, key, errors)
    # also check the raw front-matter text so that folding cannot hide a line break in a marker
    for line_no, line in enumerate(fm_text.splitlines(), 1):
        if line.count("[[") != len(MARKER.findall(line)):
            errors.append(f"front matter line {line_no}: marker broken across lines or malformed")
    markers += check_markers(body, "body", errors)
    wc = word_count(reduce(body))
    if not 250 <= wc <= 550:
        errors.append(f"body has {wc} words (need 250-550)")
    return name, errors, markers, wc, band


def main():
    files = sorted(glob.glob(os.path.join(HERE, "[0-9][0-9].md")))
    total = Counter()
    bands = Counter()
    failed = 0
    rows = []
    for path in files:
        name, errors, markers, wc, band = check_file(path)
        c = Counter(t for t, _ in markers)
        total.update(c)
        bands[band] += 1
        rows.append((name, band, wc, len(markers), c))
        status = "OK  " if not errors else "FAIL"
        if errors:
            failed += 1
        print(f"{status} {name} band={band} words={wc} markers={len(markers)}")
        for e in errors:
            print(f"     - {e}")
    print()
    header = "file   band    words  total " + " ".join(f"{t[:6]:>6}" for t in TYPES)
    print(header)
    for name, band, wc, n, c in rows:
        print(f"{name:6} {str(band):7} {wc:5}  {n:5} " + " ".join(f"{c.get(t, 0):6}" for t in TYPES))
    print()
    print("QI counts by type:")
    for t in TYPES:
        print(f"  {t:14} {total.get(t, 0)}")
    print(f"  {'TOTAL':14} {sum(total.values())}")
    print(f"bands: {dict(bands)}  files: {len(files)}")
    if len(files) != 24:
        print(f"FAIL: expected 24 files, found {len(files)}")
        failed += 1
    if files and (bands.get("high"), bands.get("medium"), bands.get("low")) != (8, 8, 8) and len(files) == 24:
        print("FAIL: band split is not 8/8/8")
        failed += 1
    print("ALL PASS" if not failed else f"{failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
