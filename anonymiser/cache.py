"""On-disk cache of story redactions, keyed by story content and policy fingerprint.

Hitting the cache never loads the model. Writes are atomic (temp file +
rename); an unreadable or corrupt entry is a miss.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .story import StoryRedaction


#: The layout of an entry (`StoryRedaction.to_json`), part of every key: an entry written in
#: another layout is never found. 2: flags are no longer stored (found again when read).
ENTRY_FORMAT = 2


def cache_key(metadata: dict, body: str, policy) -> str:
    """Hash of the story's metadata and body, the policy fingerprint and the entry format."""
    payload = json.dumps({"metadata": metadata, "body": body, "policy": policy.fingerprint(), "format": ENTRY_FORMAT},
                         sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class RedactionCache:
    """Directory of JSON-serialised StoryRedaction results."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, metadata: dict, body: str, policy) -> StoryRedaction | None:
        """The cached result, or None if absent or unreadable."""
        path = self._path(cache_key(metadata, body, policy))
        try:
            return StoryRedaction.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, metadata: dict, body: str, policy, result: StoryRedaction) -> None:
        """Store a result atomically."""
        path = self._path(cache_key(metadata, body, policy))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(result.to_json())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
