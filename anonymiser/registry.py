"""The detector registry: each detector declares its name and strength; the registry composes them.

A detector is a small class with a `name`, a `strong` flag and one method, `detect(ctx)`,
decorated with `@register`. Adding a kind of detection is one new module in `detectors/`
that registers its class; nothing else lists detectors. (As Presidio's recognizer registry
and scrubadub's detector registry do.)

Strength is what the resolver needs to know about a finding's source: a *strong* detector's
evidence is explicit context ("Mrs X", "my deputy, X", "X, a market town", an email's shape),
so it may name a word that is also generic vocabulary; a weak one (capitals, the statistical
model, a gazetteer) may not.
"""
from __future__ import annotations

from typing import Callable

_REGISTERED: dict[str, type] = {}


def register(cls: type) -> type:
    """Class decorator: add a detector class (with `name`, `strong` and `detect`) to the registry."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls.__name__} must declare a non-empty `name`")
    if not isinstance(getattr(cls, "strong", None), bool):
        raise TypeError(f"{cls.__name__} must declare `strong = True` or `strong = False`")
    if not callable(getattr(cls, "detect", None)):
        raise TypeError(f"{cls.__name__} must have a `detect(ctx)` method")
    other = _REGISTERED.get(name)
    if other is not None and other is not cls and other.__qualname__ != cls.__qualname__:
        raise ValueError(f"two detectors are named {name!r}: {other.__qualname__} and {cls.__qualname__}")
    _REGISTERED[name] = cls
    _STRONG_BY_SOURCE.clear()
    return cls


def _load() -> dict[str, type]:
    from . import detectors  # noqa: F401 - importing the package registers every detector module

    return _REGISTERED


def detector_classes() -> list[type]:
    """Every registered detector class, in registration order."""
    return list(_load().values())


def build_detectors(lexicon) -> list:
    """One instance of every registered detector, made for `lexicon` (`from_lexicon` if the class has one)."""
    made = []
    for cls in detector_classes():
        factory: Callable = getattr(cls, "from_lexicon", None) or (lambda _lexicon, cls=cls: cls())
        made.append(factory(lexicon))
    return made


#: is_strong's answers by source (the resolver asks for every finding); emptied when a detector registers.
_STRONG_BY_SOURCE: dict[str, bool] = {}


def is_strong(source: str) -> bool:
    """True if the detector named by a finding's `source` ("title", "contact:phone") is strong."""
    strong = _STRONG_BY_SOURCE.get(source)
    if strong is None:
        cls = _load().get(source.split(":", 1)[0])
        strong = _STRONG_BY_SOURCE[source] = bool(cls is not None and cls.strong)
    return strong
