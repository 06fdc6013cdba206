"""Flags are found when read, not when a story is redacted: the build never shows them, so it
never pays for them, and every editor's report still shows the flags a fresh redaction has.
Texts are written for these tests."""
from __future__ import annotations

import json

import pytest

import anonymiser
from anonymiser import cache as anonymiser_cache
from anonymiser import story
from anonymiser.flags import find_flags

# "Primary" is a flag in its own right (phase) but hidden inside a removed school name; the
# summary's flags come before the body's
META = {"title": "Leading Fallowmere Primary School at 41", "summary": "Eleven years in post, 212 pupils."}
BODY = ("I became head of Fallowmere Primary School in 2009, aged 41. The school has 212 pupils on roll. "
        "My deputy, Ysolde Marrack, stayed for six years.")


@pytest.fixture(scope="module")
def policy():
    return anonymiser.load_policy()


@pytest.fixture
def find_flags_calls(monkeypatch):
    """The texts story.py asks find_flags about, in order."""
    asked: list[str] = []

    def counting(text):
        asked.append(text)
        return find_flags(text)

    monkeypatch.setattr(story, "find_flags", counting)
    return asked


def test_redacting_and_caching_stories_finds_no_flags_until_they_are_read(policy, tmp_path, find_flags_calls):
    items = [(META, BODY), ({}, "Aged 41, I took over a roll of 212 pupils.")]
    results = anonymiser.redact_stories(items, policy)
    cache = anonymiser.RedactionCache(tmp_path)
    for (metadata, body), result in zip(items, results):
        cache.put(metadata, body, policy, result)
    assert find_flags_calls == []
    flags = results[0].flags
    assert find_flags_calls == [META["title"], META["summary"], BODY]  # once per field, in field order
    assert results[0].flags is flags  # kept: reading again finds nothing again
    assert len(find_flags_calls) == 3


def test_a_redaction_read_back_from_the_cache_shows_the_flags_of_a_fresh_one(policy, tmp_path):
    fresh = anonymiser.redact_story(META, BODY, policy)
    cache = anonymiser.RedactionCache(tmp_path)
    cache.put(META, BODY, policy, fresh)
    cached = cache.get(META, BODY, policy)
    assert cached == fresh
    assert cached.flags == fresh.flags
    assert [(fld, fl.text) for fld, fl in fresh.flags][:3] == [
        ("summary", "Eleven years"), ("summary", "Eleven years in post"), ("summary", "212 pupils")]
    assert ("body", "aged 41") in [(fld, fl.text) for fld, fl in fresh.flags]
    # a detail inside a removed name is not flagged, fresh or cached
    assert "Primary" not in {fl.text for _, fl in cached.flags}
    assert any(fl.text == "Primary" for fl in find_flags(BODY))


def test_flags_are_not_stored_in_the_serialised_redaction(policy):
    redaction = anonymiser.redact_story(META, BODY, policy)
    assert redaction.flags  # read before serialising: still not stored
    assert "flags" not in json.loads(redaction.to_json())


def test_flags_follow_the_field_order_whatever_the_order_of_the_originals():
    title, body = "Appointed in 2009", "The school has 212 pupils."
    redaction = anonymiser.StoryRedaction({"title": title}, body, originals={"body": body, "title": title})
    assert [fld for fld, _ in redaction.flags] == ["title", "body"]


def test_the_cache_entry_format_is_part_of_the_key(policy, monkeypatch):
    # entries written before flags left the entry must never be read as entries without them
    before = anonymiser_cache.cache_key(META, BODY, policy)
    monkeypatch.setattr(anonymiser_cache, "ENTRY_FORMAT", anonymiser_cache.ENTRY_FORMAT + 1)
    assert anonymiser_cache.cache_key(META, BODY, policy) != before
