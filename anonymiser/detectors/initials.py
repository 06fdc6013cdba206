"""Initials that stand for a person, in minutes, logs and notes: "Bill Fox (BF, LA governor)",
"SR rang the police", "– JO'C" at the end of a log line.

Minutes and incident logs name people once in full and then by their initials, two or three
capitals. Capitals of that length are also abbreviations (HT, SLT, RAAC), so a run of capitals
is a person only where it stands as one:
- *declared*: in brackets right after a name whose words it abbreviates ("Bill Fox (BF");
- *signed*: after a dash at the end of a line, alone or joined by "/" ("– SR/JO'C");
- *acting*: before a verb of reporting or doing ("SR rang", "BF will ask"), at least twice;
- *named*: the initials of a full name the story gives anywhere ("DG is my deputy Daniel
  Gheorghe", "Mrs Hansa Patel, Chair (HP)").
- *standing as a person*: after a noun for a person ("pupil AP"), before a post in brackets
  ("JB (office manager)"), or declared a stand-in ("hereafter SP");
and it is not a known abbreviation (`data/words/acronyms.txt`) or an ordinary word in
capitals ("NO", "AND"), unless the story already writes other people as initials and the
abbreviation stands as a person there. Each occurrence found is removed; the resolver finds
the rest.
"""
from __future__ import annotations

import re

from ..ordinary import ACRONYMS, never_a_name
from ..registry import register
from ..types import Finding
from .base import Context

#: Two or three capitals, an Irish "O'" allowed inside ("JO'C"); not part of a longer word.
INITIALS_RUN = re.compile(r"(?<![\w'’.&/-])([A-Z](?:[A-Z]|['’][A-Z]){1,2})(?![\w'’&-])")
#: Words after which a run of capitals is someone doing something.
ACTING_VERBS = frozenset("""said says asked asks agreed agrees will would to rang rings phoned emailed called arrived
checked reported explained thanked noted notes confirmed raised left met spoke took gave went came attended stated
suggested proposed seconded questioned replied wrote sent saw told tells spoke shared offered declined advised
informed contacted collected escorted intervened challenged returned joined apologised apologized""".split())
#: Words after a run of capitals that say where a person is: "LW off", "LW back Monday".
PERSON_STATES = frozenset("off out back away absent ill sick".split())
#: A post in brackets after a run of capitals: "LW (DHT)", "KO (caretaker)".
ROLE_AFTER = re.compile(r"[ \t]*\(([A-Za-z][\w-]*)\)")
#: Posts written as capitals (the rest are the policy's relation words).
ROLE_ACRONYMS = frozenset("ht dht aht aht dh ah hlta ta senco sendco dsl ddsl sbm bm cog vcog cofg lga lgb pa".split())
#: A run of capitals at a named institution: "JT at Askrigg Bridge Primary".
PERSON_AT_PLACE = re.compile(r"[ \t]+(?:at|from)[ \t]+(?:[A-Z][\w'’-]+[ \t]+){1,3}(?:Primary|School|Academy|College|Surgery|Council)\b")
#: A signature at the end of a line: a dash, or bold after a sentence ("... on Monday. **HKB**"),
#: then one or more runs of initials joined by "/".
SIGNATURE = re.compile(r"(?:[–—-][ \t]*|(?P<bold>[.!?)][ \t]+(?:\*\*|__)))((?:[A-Z](?:[A-Z]|['’][A-Z]){1,2})"
                       r"(?:[ \t]*/[ \t]*[A-Z](?:[A-Z]|['’][A-Z]){1,2})*)(?:\*\*|__)?[ \t]*$", re.M)
NAME_BEFORE_BRACKET = re.compile(r"((?:[A-Z][\w'’-]+[ \t]+){1,3}[A-Z][\w'’-]+)[ \t]*\($")


def letters_of(run: str) -> str:
    """The letters of a run of initials: "JO'C" -> "JOC"."""
    return re.sub(r"['’]", "", run)


def initials_of(name: str) -> str:
    """The initials a name's words make: "Jo O'Connor" -> "JOC", "Bill Fox" -> "BF"."""
    out = []
    for word in name.split():
        out.append(word[0])
        m = re.match(r"[A-Z]['’]([A-Z])", word)
        if m:
            out.append(m.group(1))
    return "".join(out).upper()


def initials_forms(name: str) -> set[str]:
    """Every initials a name is written with: each word's, and with a hyphenated surname's parts
    ("Kay Okafor-Reid" -> "KO" and "KOR")."""
    return {initials_of(name), initials_of(re.sub(r"(?<=\w)-(?=[A-Z])", " ", name))}


#: Two to four capitalised words in a row ("Mrs Hansa Patel", "my deputy Daniel Gheorghe").
CAPITALISED_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][a-z][\w'’-]*[ \t]+){1,3}[A-Z][a-z][\w'’-]*")


def initials_of_full_names(text: str, lex) -> set[str]:
    """The initials of the full names in `text` (a story, or one line of it): see `initials_of_names_in`."""
    out: set[str] = set()
    for m in CAPITALISED_RUN.finditer(text):
        words = m.group(0).split()
        for size in (2, 3):
            for k in range(len(words) - size + 1):
                part = words[k:k + size]
                if any(lex.is_given_name(w) or lex.is_ordinary(w) is False for w in part) \
                        and not any(w in lex.titles or never_a_name(w) for w in part):
                    out |= initials_forms(" ".join(part))
    return out


def initials_of_names_in(ctx: Context) -> set[str]:
    """The initials of every full name the text may hold: each two or three capitalised words in
    a row, one of them a given name or a word no dictionary knows ("Hansa Patel" -> HP, "Kelechi
    Obi" -> KO; not "Key Stage", "Local Authority"). A log that says "DG is my deputy Daniel
    Gheorghe", or minutes listing "Mrs Hansa Patel, Chair (HP)", use them for the person."""
    return initials_of_full_names(ctx.text, ctx.lexicon)


@register
class PersonInitialsDetector:
    """Runs of two or three capitals that stand for a person (declared, signed or acting) -> NAME."""

    name = "person-initials"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        if not INITIALS_RUN.search(text):
            return []
        lex = ctx.lexicon
        found: dict[str, list[tuple[int, int]]] = {}
        acting: dict[str, int] = {}
        declared_runs: set[str] = set()

        def ordinary(run: str) -> bool:
            low = run.lower()
            return (low in ACRONYMS or letters_of(low) in ACRONYMS or never_a_name(run) or lex.is_keep_word(run)
                    or lex.is_ordinary(low))

        named = initials_of_names_in(ctx)
        acted: dict[str, bool] = {}

        def declared_in_a_legend(run: str) -> bool:
            """"- DM: CEO (Dermot Mulhern)": a line that opens with the run and a colon or dash
            and holds a name whose initials it is, as a list of who is who does."""
            for m in re.finditer(r"^[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?" + re.escape(run) + r"(?:\*\*)?[ \t]*[:=–—-][^\n]*", text, re.M):
                if letters_of(run) in initials_of_full_names(m.group(0), lex):
                    return True
            return False

        def acts_somewhere(run: str) -> bool:
            """A known abbreviation is someone's initials only where one of its uses acts as a
            person ("DC asked", "HP welcomed governors"), not where it is always the thing ("a GP
            appointment", "GP finally") though the story names a G. P."""
            if run not in acted:
                acted[run] = any(
                    (m.group(1) in ACTING_VERBS or m.group(1) in PERSON_STATES)
                    for m in re.finditer(r"(?<![\w'’.&/-])" + re.escape(run) + r"[ \t]+([a-z]+)", text)) \
                    or re.search(r"(?<![\w'’.&/-])" + re.escape(run) + r"[ \t]+(?:is|was|=)[ \t]+(?:[a-z]+[ \t]+){0,4}[A-Z]", text) is not None \
                    or declared_in_a_legend(run)
                # ("KO is Kelechi Obi", "KO is our family support worker Kelechi Obi": declared)
            return acted[run]

        counts: dict[str, int] = {}
        # known abbreviations ("AP", "SP") that stand where a person does: kept apart, see below
        known_abbreviations: dict[str, list[tuple[int, int]]] = {}
        for m in INITIALS_RUN.finditer(text):
            run, s, e = m.group(1), m.start(1), m.end(1)
            before = text[max(0, s - 60):s]
            declared = NAME_BEFORE_BRACKET.search(before)
            # "Dr Farid Ahmadzai (FA)": the initials may leave out a title before the name
            if declared and any(letters_of(run) in initials_forms(" ".join(words[k:]))
                                for words in [declared.group(1).split()] for k in range(len(words) - 1)):
                found.setdefault(run, []).append((s, e))  # declared beside the name: a person, whatever the list says
                declared_runs.add(run)
                continue
            if ctx.in_caps_line(s):
                continue
            # the initials of someone the story names in full; used more than once, even a known
            # abbreviation is that person ("DC asked", "HP welcomed governors")
            if letters_of(run) in named and (not ordinary(run) or (counts.setdefault(run, len(re.findall(
                    r"(?<![\w'’.&/-])" + re.escape(run) + r"(?![\w'’&-])", text))) >= 2 and acts_somewhere(run))):
                found.setdefault(run, []).append((s, e))
                declared_runs.add(run)
                continue
            if ordinary(run):
                if run.lower() not in ROLE_ACRONYMS and run.lower() not in lex.relation_words \
                        and self.stands_as_a_person(text, s, e, lex):
                    known_abbreviations.setdefault(run, []).append((s, e))
                continue
            nxt = re.match(r"[ \t]+([a-z]+)", text[e:e + 20])
            role = ROLE_AFTER.match(text, e)
            if role and (role.group(1).lower() in lex.relation_words or role.group(1).lower() in ROLE_ACRONYMS):
                acting[run] = acting.get(run, 0) + 2  # "LW (DHT)", "KO (caretaker)": a person and her post
                found.setdefault(run, []).append((s, e))
            elif PERSON_AT_PLACE.match(text, e) or self.stands_as_a_person(text, s, e, lex):
                # "files for JT at Askrigg Primary", "JB (office manager)", "hereafter SP": someone
                acting[run] = acting.get(run, 0) + 2
                found.setdefault(run, []).append((s, e))
            elif nxt and (nxt.group(1) in ACTING_VERBS or nxt.group(1) in PERSON_STATES):
                acting[run] = acting.get(run, 0) + 1
                found.setdefault(run, []).append((s, e))
        for m in SIGNATURE.finditer(text):
            for r in re.finditer(r"[A-Z](?:[A-Z]|['’][A-Z]){1,2}", m.group(2)):
                run = r.group(0)
                if not ordinary(run):
                    # a signature after a dash is enough alone; one in bold closing an entry must
                    # close two ("... so far. **HKB**" in a diary; not a lone "**FYI**")
                    acting[run] = acting.get(run, 0) + (1 if m.group("bold") else 2)
                    found.setdefault(run, []).append((m.start(2) + r.start(), m.start(2) + r.end()))
        out = []
        for run, spans in found.items():
            if run in declared_runs or acting.get(run, 0) >= 2:
                out.extend(Finding(s, e, "NAME", text[s:e], self.name, 0.8) for s, e in spans)
        if out:
            # a story that writes people as initials (a log, minutes) writes them all so: there a
            # known abbreviation after a person's noun ("Father of pupil AP"), before a post in
            # brackets ("JB (office manager)") or declared ("hereafter SP") is someone too
            for run, spans in known_abbreviations.items():
                out.extend(Finding(s, e, "NAME", text[s:e], self.name, 0.8) for s, e in spans)
        return out

    #: A post in brackets of up to four words after a run ("JB (office manager)").
    POST_IN_BRACKETS = re.compile(r"[ \t]*\(((?:[A-Za-z][\w-]*[ \t]+){0,3}[A-Za-z][\w-]*)\)")
    #: Words that declare the run a stand-in for someone: "hereafter SP", "known as JB".
    DECLARING = re.compile(r"(?:\bhereafter|\bhenceforth|\b(?:referred to|known) as)[ \t]+$", re.I)

    @classmethod
    def stands_as_a_person(cls, text: str, s: int, e: int, lex) -> bool:
        """True where the run of capitals at s:e stands where a person does: after a noun for a
        person ("pupil AP", "father SP"), before a post in brackets ("JB (office manager)"), or
        declared a stand-in ("hereafter SP")."""
        before = re.search(r"([A-Za-z]+)[ \t]+$", text[max(0, s - 30):s])
        if before and before.group(1).lower() in lex.relation_words:
            return True
        post = cls.POST_IN_BRACKETS.match(text, e)
        if post and any(w.lower() in lex.relation_words or w.lower() in ROLE_ACRONYMS for w in post.group(1).split()):
            return True
        return cls.DECLARING.search(text[max(0, s - 30):s]) is not None
