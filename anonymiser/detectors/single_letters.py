"""One capital letter that stands for a person in texts and notes: "Z says mama did a good",
"pick up W and Z?".

Parents texting about their children, and writers hiding someone, use a single letter for a
person. A capital letter is also a pronoun ("I"), an article ("A"), texting's "U", a grade, a
plan or a group ("Plan B", "group C"), so a letter is a person only where it acts as one: before
a verb of doing or saying, or a person's state ("W asleep"), at least twice in the story, counting
each letter joined by "and" to one that acts ("W and Z").
"""
from __future__ import annotations

import re

from ..lexicon import base_forms, is_function_word
from ..registry import register
from ..types import Finding
from .base import Context
from .initials import ACTING_VERBS, PERSON_STATES

#: A lone capital letter, not part of an initial with a full stop ("J. Smith") or a longer word.
LONE_LETTER = re.compile(r"(?<![\w'’.&/-])([B-HJ-NP-TV-WYZ])(?![\w'’&.-]|\.\w)")
#: Letters that are words or stand-ins of every story: I, A, O, U (texting's "you") and X.
#: (They are left out of LONE_LETTER's class.)
#: Auxiliaries say nothing about who the subject is ("B is for", "C has two parts").
AUXILIARIES = frozenset("is was are were has had have be been being do does did can could will would shall should may might must".split())
#: States that only a person (or animal) is in.
LIVING_STATES = PERSON_STATES | frozenset("asleep awake crying upset poorly".split())


def _acts(word: str, lex) -> bool:
    low = word.lower()
    if low in AUXILIARIES or not word.islower():
        return False
    if low in ACTING_VERBS or low in LIVING_STATES:
        return True
    # "Z says", "W wants", "Z asking": a verb's third person or -ing form
    return low.endswith(("s", "ing")) and any(f in lex.verb_lemmas for f in base_forms(low) if f != low)


@register
class SingleLetterPersonDetector:
    """A capital letter that acts as a person twice or more -> NAME, every such use."""

    name = "single-letter"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        text, lex = ctx.text, ctx.lexicon
        uses: dict[str, list[tuple[int, int]]] = {}
        acting: dict[str, int] = {}
        partners: dict[str, set[str]] = {}
        for m in LONE_LETTER.finditer(text):
            letter, s, e = m.group(1), m.start(1), m.end(1)
            before = re.search(r"([\w'’]+)[ \t]+$", text[max(0, s - 30):s])
            if before and not (is_function_word(before.group(1)) or before.group(1).islower()):
                continue  # "Plan B", "Year C", "Mr J": a capitalised word designates the letter
            if before and before.group(1).lower() in ("plan", "group", "option", "type", "grade", "block",
                                                       "room", "part", "section", "vitamin", "class", "team"):
                continue  # a designation written in lower case ("plan b", "option c")
            uses.setdefault(letter, []).append((s, e))
            nxt = re.match(r"[ \t]+([A-Za-z]+)", text[e:e + 20])
            if nxt and _acts(nxt.group(1), lex):
                acting[letter] = acting.get(letter, 0) + 1
            joined = re.match(r"[ \t]+(?:and|&)[ \t]+([B-HJ-NP-TV-WYZ])(?![\w'’&.-])", text[e:e + 10])
            if joined:
                partners.setdefault(letter, set()).add(joined.group(1))
                partners.setdefault(joined.group(1), set()).add(letter)
        people = {letter for letter, n in acting.items() if n >= 2}
        people |= {p for letter in people for p in partners.get(letter, ()) if acting.get(p, 0) >= 1}
        return [Finding(s, e, "NAME", letter, self.name, 0.6) for letter in sorted(people) for s, e in uses[letter]]
