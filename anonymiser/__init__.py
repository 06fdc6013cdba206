"""Safe Harbour anonymiser: removes names, places, institutions and contact details
from headteachers' stories, and flags indirect identifiers for the editor.

Standalone (no Pelican). The spaCy model is loaded lazily, once per process,
only when a text actually has to be analysed.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .types import AnonymiserError, Finding, Flag, ModelUnavailable, StoryFormatError  # noqa: E402
from .policy import Policy, load_policy  # noqa: E402
from .core import Redaction, analyse, redact  # noqa: E402
from .story import FREE_TEXT_FIELDS, StoryRedaction, redact_stories, redact_story  # noqa: E402
from .cache import RedactionCache  # noqa: E402
from . import report  # noqa: E402,F401

__all__ = [
    "__version__", "AnonymiserError", "Finding", "Flag", "ModelUnavailable", "StoryFormatError", "Policy",
    "load_policy", "Redaction", "analyse", "redact", "FREE_TEXT_FIELDS", "StoryRedaction", "redact_story",
    "redact_stories", "RedactionCache", "report",
]
