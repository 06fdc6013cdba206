"""RedactionCache: hits, misses, keys, atomicity, corruption; no model on a hit."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anonymiser
from anonymiser.cache import cache_key

META = {"title": "Tea with Ysolde Marrack"}
BODY = "My deputy, Ysolde Marrack, stayed."


def test_miss_then_hit(tmp_path):
    policy = anonymiser.load_policy()
    cache = anonymiser.RedactionCache(tmp_path)
    assert cache.get(META, BODY, policy) is None
    result = anonymiser.redact_story(META, BODY, policy)
    cache.put(META, BODY, policy, result)
    assert cache.get(META, BODY, policy) == result
    assert cache.get(META, BODY + " ", policy) is None


def test_key_changes_with_story_and_policy(monkeypatch):
    policy = anonymiser.load_policy()
    base = cache_key(META, BODY, policy)
    assert cache_key({**META, "keep": ["x"]}, BODY, policy) != base
    assert cache_key(META, BODY, policy.with_terms(keep=["x"])) != base
    assert cache_key(META, BODY, policy.with_terms(redact=["x"])) != base
    assert cache_key(META, BODY, anonymiser.load_policy(model="another_model")) != base
    monkeypatch.setattr(anonymiser.policy, "__version__", "0.0.0-test")
    assert cache_key(META, BODY, policy) != base


def test_corrupt_entry_is_a_miss(tmp_path):
    policy = anonymiser.load_policy()
    cache = anonymiser.RedactionCache(tmp_path)
    cache.put(META, BODY, policy, anonymiser.redact_story(META, BODY, policy))
    [entry] = list(Path(tmp_path).rglob("*.json"))
    entry.write_text("{not json")
    assert cache.get(META, BODY, policy) is None


def test_put_leaves_no_temporary_files(tmp_path):
    policy = anonymiser.load_policy()
    cache = anonymiser.RedactionCache(tmp_path)
    cache.put(META, BODY, policy, anonymiser.redact_story(META, BODY, policy))
    assert [p.name for p in Path(tmp_path).rglob("*") if p.is_file() and p.name.startswith(".tmp")] == []


def test_cache_hit_does_not_import_spacy(tmp_path):
    policy = anonymiser.load_policy()
    cache = anonymiser.RedactionCache(tmp_path)
    cache.put(META, BODY, policy, anonymiser.redact_story(META, BODY, policy))
    code = (f"import sys, anonymiser; c = anonymiser.RedactionCache({str(tmp_path)!r}); "
            f"r = c.get({META!r}, {BODY!r}, anonymiser.load_policy()); "
            "print(r is not None, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
