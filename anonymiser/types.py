"""Result types shared by every part of the anonymiser.

There is one result type for things to remove (`Finding`) and one for things
to show an editor but leave in place (`Flag`). Both are frozen so they can be
hashed, sorted and shared between threads/processes without copying worries.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

LABELS = ("NAME", "PLACE", "INSTITUTION", "CONTACT")


class AnonymiserError(Exception):
    """Base class of every error the anonymiser raises on purpose."""


class ModelUnavailable(AnonymiserError):
    """The statistical model cannot be loaded; nothing may be published unredacted."""


class StoryFormatError(AnonymiserError):
    """A story file cannot be parsed (bad front matter, unreadable text)."""


@dataclass(frozen=True, order=True)
class Finding:
    """A span of text that must not be published.

    `start`/`end` are character offsets into the analysed text, `label` is one of
    LABELS, `source` names the detector that produced it and `score` is that
    detector's confidence (0..1, used only to break ties between detectors).
    """

    start: int
    end: int
    label: str
    text: str
    source: str
    score: float

    def to_dict(self) -> dict:
        """Plain-dict form for JSON."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        """Inverse of to_dict."""
        return cls(int(d["start"]), int(d["end"]), d["label"], d["text"], d["source"], float(d["score"]))


@dataclass(frozen=True, order=True)
class Flag:
    """An indirect identifier (date, age, roll size, rare event...) shown to the editor, not removed."""

    start: int
    end: int
    kind: str
    text: str
    note: str

    def to_dict(self) -> dict:
        """Plain-dict form for JSON."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Flag":
        """Inverse of to_dict."""
        return cls(int(d["start"]), int(d["end"]), d["kind"], d["text"], d["note"])
