"""One order for stories everywhere: newest first, stories of the same date by slug.

Pelican sorts articles by date alone and keeps the order it read files in for ties, so two
builds of the same content could list same-day stories differently (listings, feeds,
collections, newer/older links). Every list of stories is ordered by this key instead; a
story's slug is unique, so the order is total and builds are byte-identical.
"""

from __future__ import annotations

from typing import Any


def newest_first(story: Any) -> tuple:
    """Sort key: the story's date, newest first, then its slug (anything with `date` and `slug`)."""
    date = story.date
    stamp = date.timestamp() if hasattr(date, "timestamp") else date.toordinal() * 86400.0
    return (-stamp, story.slug)
