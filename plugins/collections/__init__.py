"""Pelican plugin: themed collections of stories for campaigners, and share cards for every page.

A collection (content/collections/<file>.md) is published at the stable URL
collections/<slug>/, with a print version for A4 briefings at collections/<slug>/print/ and an
Atom feed at feeds/collections/<slug>.atom.xml; the index is at collections/. Stories, themes
and collections get 1200x630 share cards (SVG and PNG) under cards/<kind>/<slug>.

Signals used:
- `get_generators`: add `CollectionsGenerator`, which validates collections in
  `generate_context` (before `all_generators_finalized`, where a build with problems stops)
  and writes everything in `generate_output`.
"""

from __future__ import annotations

from pelican import signals

from .generator import CollectionsGenerator

__all__ = ["register", "CollectionsGenerator"]


def add_generator(pelican):
    """The collections generator, for Pelican to run after the articles and pages generators."""
    return CollectionsGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(add_generator)
