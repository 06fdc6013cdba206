"""Content-addressed build caches: a result is found again only by everything it was made from.

Each cache is a folder of files named by a hash of the inputs that decide the result: the
text itself and a fingerprint of everything else (settings, library versions, the code that
makes it). So an entry can never hand a build a result made from different inputs, however
the inputs changed; a stale entry is simply never found (fail closed, as the anonymiser's
cache). What one build used is remembered, and `prune()` deletes every other entry: a story
withdrawn or deleted leaves none of its text behind in `cache/`.

Pure Python and files only: no Pelican here, so the plugins and the tests share it.
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
from pathlib import Path
from typing import Iterable


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of `parts`, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


#: The interpreter, part of every fingerprint: .venv is rebuilt when `make install` picks another
#: Python, cache/ is not, and nothing promises a library gives the same result on every Python.
PYTHON = "python " + ".".join(platform.python_version_tuple()[:2])


def code_fingerprint(paths: Iterable[Path | str], *extra: str) -> str:
    """A digest of source files' bytes, `extra` strings (library versions, options) and the Python version.

    Part of every key of a cache whose results those files compute: editing the code that
    renders or cleans a story invalidates what the old code made."""
    parts: list[str | bytes] = [PYTHON]
    for path in sorted(Path(p) for p in paths):
        parts += [path.name, path.read_bytes()]
    return digest(*parts, *extra)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a reader never sees half a file, even from another build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class ContentCache:
    """A folder of results, each a file named by the hash of its inputs and the cache's fingerprint.

    `fingerprint` covers everything but the text that changes a result (code, versions,
    settings): it is part of every key. `get` and `put` remember the keys this build used;
    `prune` removes the rest.
    """

    def __init__(self, directory: Path | str, fingerprint: str, suffix: str = ".bin"):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.suffix = suffix
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, *inputs: str | bytes) -> str:
        """The key of a result made from `inputs` under this cache's fingerprint."""
        return digest(self.fingerprint, *inputs)

    def path(self, key: str) -> Path:
        """Where the entry of `key` lives (two-character fan-out keeps folders small)."""
        return self.directory / key[:2] / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        """The entry of `key`, or None when there is none (or it cannot be read)."""
        self.used.add(key)
        try:
            data = self.path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` as the entry of `key` (atomically)."""
        self.used.add(key)
        atomic_write(self.path(key), data)

    def prune(self) -> int:
        """Delete every entry this build did not use; return how many were deleted.

        Call it once a build has asked for every result it needs: an entry left unused was
        made from text that is no longer in the site (a story withdrawn, deleted or edited)."""
        return prune_folder(self.directory, self.used, self.suffix)


def prune_folder(directory: Path, keep: set[str], suffix: str) -> int:
    """Delete every `*<suffix>` file under `directory` whose stem is not in `keep`.

    Temporary files (".tmp-...") are left alone: another build may be about to rename one."""
    if not directory.is_dir():
        return 0
    removed = 0
    for path in directory.rglob("*"):
        if not path.is_file():
            continue
        if path.name.endswith(suffix) and not path.name.startswith(".tmp-") and path.name[: -len(suffix)] not in keep:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed
