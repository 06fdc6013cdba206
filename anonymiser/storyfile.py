"""Reading and writing story files: YAML front matter + Markdown body.

Writing edits the original front matter text in place: only the values of
redacted free-text fields change (as double-quoted YAML scalars); every other
key keeps its exact original text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

from .types import StoryFormatError

FRONT_MATTER = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S)


@dataclass
class StoryFile:
    """A parsed story file: raw front matter text, parsed metadata and body."""

    opening: str
    front_matter: str
    closing: str
    metadata: dict
    body: str
    # True if the front matter was not valid YAML and was read line by line ("title: a: b")
    repaired: bool = False

    @property
    def has_front_matter(self) -> bool:
        return bool(self.opening)


_SIMPLE_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$")


def _lenient_yaml(text: str) -> dict | None:
    """Read front matter made of simple `key: value` lines whose values are not valid YAML
    (e.g. an unquoted colon in a title). None if some line is not of that form."""
    out: dict = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SIMPLE_LINE.match(line)
        if not m:
            return None
        key, value = m.group(1), m.group(2)
        try:
            parsed = yaml.safe_load(value) if value else None
        except yaml.YAMLError:
            parsed = value
        if isinstance(parsed, (dict, list)) and not value.startswith(("[", "{")):
            parsed = value  # "Joining a trust: what we learned" is a title, not a mapping
        out[key] = parsed
    return out


def parse_story(raw: str, name: str = "<story>", lenient: bool = False) -> StoryFile:
    """Split and parse a story file; StoryFormatError (naming the file) on bad YAML.

    lenient=True accepts front matter of simple `key: value` lines that YAML rejects."""
    m = FRONT_MATTER.match(raw)
    if not m:
        if raw.lstrip().startswith("---"):
            raise StoryFormatError(f"{name}: front matter is not closed by a '---' line")
        return StoryFile("", "", "", {}, raw)
    try:
        meta = yaml.safe_load(m.group(2)) if m.group(2).strip() else {}
    except yaml.YAMLError as exc:
        meta = _lenient_yaml(m.group(2)) if lenient else None
        if meta is None:
            raise StoryFormatError(f"{name}: invalid YAML front matter: {exc}") from exc
        return StoryFile(m.group(1), m.group(2), m.group(3), meta, raw[m.end():], repaired=True)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise StoryFormatError(f"{name}: front matter must be a mapping, got {type(meta).__name__}")
    return StoryFile(m.group(1), m.group(2), m.group(3), meta, raw[m.end():])


def render_front_matter(front_matter: str, changes: dict) -> str:
    """Front matter text with the top-level values in `changes` replaced, the rest untouched."""
    if not changes:
        return front_matter
    root = yaml.compose(front_matter)
    edits = []
    for key_node, value_node in getattr(root, "value", []):
        key = getattr(key_node, "value", None)
        if key in changes:
            s, e = value_node.start_mark.index, value_node.end_mark.index
            edits.append((s, e, json.dumps(changes[key], ensure_ascii=False)))
    out = front_matter
    for s, e, new in sorted(edits, reverse=True):
        tail = out[s:e]
        # block scalars end after their trailing newline: keep the line structure
        trailing = tail[len(tail.rstrip("\n")):]
        out = out[:s] + new + trailing + out[e:]
    # safety net: the result must parse to the intended values
    parsed = yaml.safe_load(out) or {}
    if any(parsed.get(k) != v for k, v in changes.items()):
        data = yaml.safe_load(front_matter) or {}
        data.update(changes)
        out = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip("\n")
    return out


def write_story(story: StoryFile, metadata: dict, body: str) -> str:
    """The story file text with redacted metadata fields and body."""
    if not story.has_front_matter:
        return body
    changes = {k: v for k, v in metadata.items() if story.metadata.get(k) != v}
    if story.repaired:
        return story.opening + _rewrite_lines(story.front_matter, metadata) + story.closing + body
    return story.opening + render_front_matter(story.front_matter, changes) + story.closing + body


def _rewrite_lines(front_matter: str, metadata: dict) -> str:
    """Front matter read leniently: re-emit each `key: value` line as valid YAML, in order."""
    lines = []
    for line in front_matter.splitlines():
        m = _SIMPLE_LINE.match(line)
        if m and m.group(1) in metadata:
            key = m.group(1)
            value = metadata[key]
            try:
                ok = yaml.safe_load(f"{key}: {m.group(2)}") == {key: value}
            except yaml.YAMLError:
                ok = False
            lines.append(line if ok else f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
        else:
            lines.append(line)
    out = "\n".join(lines)
    try:
        valid = isinstance(yaml.safe_load(out), dict)
    except yaml.YAMLError:
        valid = False
    return out if valid else yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True).rstrip("\n")
