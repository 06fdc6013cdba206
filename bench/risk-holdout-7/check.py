#!/usr/bin/env python3
"""Format validator for qi-corpus-7. Checks structure and annotation syntax only.

Usage: python3 check.py            (validate all NN.md files, print counts)
       python3 check.py -v         (also per-file marker counts)
"""
import collections
import datetime
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["title", "date", "themes", "role", "summary", "consent", "risk_band", "risk_reason"]
THEMES = {"ofsted", "small-schools", "academy-trusts", "send", "parental-abuse",
          "leaving-headship", "workload", "wellbeing", "recovery"}
BANDS = {"high", "medium", "low"}
TYPES = ["ROLE", "PHASE", "SCHOOL_TYPE", "SIZE", "GEOGRAPHY", "DATE", "EVENT", "FAMILY_HEALTH"]
MARKER = re.compile(r"\[\[QI:(ROLE|PHASE|SCHOOL_TYPE|SIZE|GEOGRAPHY|DATE|EVENT|FAMILY_HEALTH):[^\]]+\]\]")
LOOSE = re.compile(r"\[\[(.*?)\]\]", re.S)
PLACEHOLDER = re.compile(r"\[(Name|School|Place|Institution) [A-Z]\]")
# nation of each story (kept here because it is not a front-matter key)
NATIONS = {
    "01": "England", "02": "Wales", "03": "Scotland", "04": "England", "05": "Northern Ireland",
    "06": "England", "07": "Wales", "08": "England", "09": "England", "10": "Scotland",
    "11": "England", "12": "Northern Ireland", "13": "England", "14": "Wales", "15": "England",
    "16": "Scotland", "17": "England", "18": "England", "19": "Wales", "20": "England",
    "21": "Northern Ireland", "22": "Wales", "23": "Scotland", "24": "England",
}


def check_markers(text, where, errs):
    """Validate every [[...]] in text; return list of (type, surface)."""
    found = []
    for m in LOOSE.finditer(text):
        whole = m.group(0)
        if not MARKER.fullmatch(whole):
            errs.append(f"{where}: malformed marker {whole!r}")
            continue
        inner = m.group(1)
        typ, surface = inner[3:].split(":", 1)
        if "\n" in surface:
            errs.append(f"{where}: line break inside marker {whole!r}")
        if "[" in surface:
            errs.append(f"{where}: bracket/placeholder inside marker {whole!r}")
        if surface != surface.strip() or not surface.strip():
            errs.append(f"{where}: surface has edge spaces or is empty {whole!r}")
        found.append((typ, surface))
    rest = LOOSE.sub("", text)
    if "[[" in rest or "]]" in rest:
        errs.append(f"{where}: stray [[ or ]]")
    if "QI:" in rest:
        errs.append(f"{where}: 'QI:' outside a marker")
    rest2 = PLACEHOLDER.sub("", rest)
    for s in re.findall(r"\[[^\]\n]{0,40}\]?", rest2):
        errs.append(f"{where}: odd bracket text {s!r}")
    return found


def strip_markers(text):
    return MARKER.sub(lambda m: m.group(0)[2:-2].split(":", 2)[2], text)


def words(text):
    return len(re.findall(r"\S+", text))


def main():
    verbose = "-v" in sys.argv
    errs_all = 0
    type_counts = collections.Counter()
    band_counts = collections.Counter()
    nation_counts = collections.Counter()
    band_by_nation = collections.Counter()
    per_file = {}
    for n in range(1, 25):
        nn = f"{n:02d}"
        path = os.path.join(HERE, nn + ".md")
        errs = []
        if not os.path.exists(path):
            print(f"{nn}: MISSING")
            errs_all += 1
            continue
        raw = open(path, encoding="utf-8").read()
        if not raw.startswith("---\n"):
            errs.append("does not start with ---")
        parts = raw.split("\n---\n", 1)
        if len(parts) != 2:
            errs.append("no closing --- line")
            print(nn, errs)
            errs_all += 1
            continue
        fm_raw = parts[0][4:]
        body = parts[1]
        try:
            fm = yaml.safe_load(fm_raw)
        except yaml.YAMLError as e:
            errs.append(f"YAML error: {e}")
            fm = None
        if not isinstance(fm, dict):
            errs.append("front matter is not a mapping")
            print(nn, errs)
            errs_all += 1
            continue
        if list(fm.keys()) != KEYS:
            errs.append(f"key order {list(fm.keys())}")
        lines = fm_raw.split("\n")
        top = [l for l in lines if l and not l.startswith(" ")]
        if [l.split(":", 1)[0] for l in top] != KEYS:
            errs.append(f"raw top-level keys {[l.split(':', 1)[0] for l in top]}")
        # title
        if not isinstance(fm.get("title"), str) or "[[" in fm.get("title", "") or not fm.get("title"):
            errs.append("title must be a non-empty plain string without markers")
        # date
        dl = [l for l in top if l.startswith("date:")]
        if not dl or not re.fullmatch(r"date: 2025-\d\d-\d\d", dl[0]):
            errs.append("date line not 'date: 2025-MM-DD'")
        if not isinstance(fm.get("date"), datetime.date):
            errs.append("date does not parse as a date")
        # themes
        th = fm.get("themes")
        if not isinstance(th, list) or not th or not set(th) <= THEMES or len(set(th)) != len(th):
            errs.append(f"themes invalid {th}")
        # role
        rl = [l for l in top if l.startswith("role:")]
        if not rl or not rl[0].startswith('role: "') or not rl[0].endswith('"'):
            errs.append("role must be a double-quoted single-line string")
        if not isinstance(fm.get("role"), str):
            errs.append("role not a string")
        # summary
        if "summary: >-" not in top:
            errs.append("summary must be a folded '>-' string")
        if not isinstance(fm.get("summary"), str):
            errs.append("summary not a string")
        # consent
        if fm.get("consent") is not True:
            errs.append("consent must be true")
        # band
        band = fm.get("risk_band")
        if band not in BANDS:
            errs.append(f"risk_band invalid {band}")
        rr = fm.get("risk_reason")
        if not isinstance(rr, str) or "[[" in rr:
            errs.append("risk_reason must be a string without markers")
        elif not re.search(r"general knowledge", rr) or not re.search(r"not looked\s+up", rr):
            errs.append("risk_reason must say counts are from general knowledge, not looked up")
        elif not re.search(r"Estimate", rr):
            errs.append("risk_reason lacks an estimate")
        # markers: check raw front matter lines so line breaks inside markers are caught
        ms = []
        role_raw = rl[0] if rl else ""
        ms += check_markers(role_raw, f"{nn} role", errs)
        si = fm_raw.find("summary: >-")
        ci = fm_raw.find("\nconsent:")
        ms += check_markers(fm_raw[si:ci], f"{nn} summary", errs)
        ms += check_markers(body, f"{nn} body", errs)
        if "[[" in fm_raw[:fm_raw.find("role:")] or "[[" in fm_raw[ci:]:
            errs.append("markers outside role/summary in front matter")
        # word count of body
        plain = strip_markers(body)
        wc, wr = words(plain), words(body)
        if not (450 <= wc <= 750 and 450 <= wr <= 750):
            errs.append(f"body word count {wc} (raw {wr}) outside 450-750")
        if not body.strip():
            errs.append("empty body")
        c = collections.Counter(t for t, _ in ms)
        type_counts.update(c)
        band_counts[band] += 1
        nation_counts[NATIONS[nn]] += 1
        band_by_nation[(NATIONS[nn], band)] += 1
        per_file[nn] = (band, NATIONS[nn], wc, sum(c.values()), c)
        if errs:
            errs_all += len(errs)
            for e in errs:
                print(f"{nn}: {e}")
    print("\nfile band     nation            words markers")
    for nn, (band, nat, wc, tot, c) in per_file.items():
        extra = ("  " + " ".join(f"{t}={c[t]}" for t in TYPES if c[t])) if verbose else ""
        print(f"{nn}   {band:<8} {nat:<17} {wc:>5} {tot:>5}{extra}")
    print("\nmarkers by type:", {t: type_counts[t] for t in TYPES}, "total", sum(type_counts.values()))
    print("bands:", dict(band_counts))
    print("nations:", dict(nation_counts))
    print("band x nation:", {f"{k[0]}/{k[1]}": v for k, v in sorted(band_by_nation.items())})
    print("\nRESULT:", "ALL PASS" if errs_all == 0 else f"{errs_all} problem(s)")
    return 0 if errs_all == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
