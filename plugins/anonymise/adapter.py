"""The adapter between the build and the pure `anonymiser` package: policy, cache, batching.

The model is loaded only when a story misses the cache, so a rebuild with nothing changed
never loads it. A cold build sends every miss through `anonymiser.redact_stories` in one
batch across `ANONYMISER_PROCESSES` processes before Pelican reads the first file.
"""

from __future__ import annotations

import logging
import time
from typing import Iterable

import anonymiser
from anonymiser.cache import cache_key

from plugins.common.cache import PYTHON, prune_folder
from plugins.common.settings import SiteSettings
from plugins.common.stories import Story

logger = logging.getLogger(__name__)


class FixedFingerprint:
    """A policy's fingerprint, computed once, with the Python version: all `anonymiser.cache`
    asks of a policy.

    `Policy.fingerprint()` hashes the anonymiser's source files on every call, and the cache
    asks for it on every lookup (twice a story); within one build the policy cannot change.
    The Python version is added because the policy's fingerprint leaves it out, and the model's
    compiled libraries differ by Python (the same 79 stories gave identical results on 3.11,
    3.12 and 3.13 here, but nothing promises it)."""

    def __init__(self, policy):
        self._fingerprint = f"{policy.fingerprint()}|{PYTHON}"

    def fingerprint(self) -> str:
        """The fingerprint computed when this object was made."""
        return self._fingerprint


class StoryAnonymiser:
    """Anonymises validated stories with one policy, reading and filling the on-disk cache."""

    def __init__(self, site: SiteSettings):
        self.site = site
        self.policy = anonymiser.load_policy(model=site.anonymiser_model, keep=site.anonymiser_keep)
        self.cache = anonymiser.RedactionCache(site.anonymiser_cache_dir)
        #: What the cache keys on (the policy's fingerprint), computed once for this build.
        self.cache_policy = FixedFingerprint(self.policy)
        self.misses = 0
        #: source path -> (story, redaction) found or made by `prefetch`, so the reader does not
        #: look every story up in the cache a second time (the lookup hashes and parses JSON).
        self._prefetched: dict[str, tuple[Story, object]] = {}
        #: The cache keys of the stories this build anonymised or found: every other entry is
        #: a story no longer published (withdrawn, deleted, edited), and `prune` deletes it.
        self.used_keys: set[str] = set()
        #: (story, redaction) of the stories `prefetch` anonymised in this build (its cache misses):
        #: what the build derives from them is not cached yet either (`derive_ahead`).
        self.fresh: list[tuple[Story, object]] = []

    def prefetch(self, stories: Iterable[Story]) -> None:
        """Anonymise, in one batch over all processes, every story not already in the cache."""
        missing = []
        for story in stories:
            self.used_keys.add(cache_key(story.metadata, story.body, self.cache_policy))
            result = self.cache.get(story.metadata, story.body, self.cache_policy)
            if result is None:
                missing.append(story)
            else:
                self._prefetched[story.path] = (story, result)
        if not missing:
            return
        started = time.perf_counter()
        results = anonymiser.redact_stories(
            [(s.metadata, s.body) for s in missing], self.policy, n_process=self.site.anonymiser_processes
        )
        for story, result in zip(missing, results, strict=True):
            self.cache.put(story.metadata, story.body, self.cache_policy, result)
            self._prefetched[story.path] = (story, result)
            self.fresh.append((story, result))
        self.misses += len(missing)
        logger.info(
            "Anonymised %d stories in %.1fs (%d processes)",
            len(missing), time.perf_counter() - started, self.site.anonymiser_processes,
        )

    def anonymise(self, story: Story):
        """The story's `anonymiser.StoryRedaction`, from the cache or computed now."""
        prefetched, result = self._prefetched.pop(story.path, (None, None))
        if prefetched is not story:
            self.used_keys.add(cache_key(story.metadata, story.body, self.cache_policy))
        if prefetched != story:  # changed on disk since the prefetch (or never prefetched)
            result = self.cache.get(story.metadata, story.body, self.cache_policy)
        if result is None:
            result = anonymiser.redact_story(story.metadata, story.body, self.policy)
            self.cache.put(story.metadata, story.body, self.cache_policy, result)
            self.misses += 1
        return result

    def prune(self) -> int:
        """Delete every cache entry no story of this build used; return how many.

        Run once the build has read every story: what is left is the anonymised text (and the
        removed names) of stories that are no longer published, which must not outlive them.
        The entries' file names are their keys (`anonymiser.cache`)."""
        removed = prune_folder(self.cache.directory, self.used_keys, ".json")
        if removed:
            logger.info("Anonymiser cache: %d entries of stories no longer published deleted", removed)
        return removed
