"""Who is speaking: the senders of a chat, the speakers of a transcript, the posters of a forum.

A label at the start of a line, before a colon ("[07:42] femi: running late", "ADEBAYO: We
did.", "**Mrs Okafor:** no"), names whoever says the rest of the line. That is evidence from
position alone, so it holds for names no gazetteer knows, in any case. One such line is not
enough (a line may open "Note: ..." or "Update: ..."): the line must carry a timestamp, or the
text must have at least two lines of the same shape. A label that is only ordinary words
("Q:", "Chair:", "Mum:", "Subject:") names no one. A label with digits or underscores
("tiredhead73") is a user name: a contact, not a name.

Also in lower-case writing (a chat, or a line of one pasted into an ordinary story): a word no
dictionary knows, where a name stands ("covering for dawit", "rūta said"), is a name.
"""
from __future__ import annotations

import re

from ..lexicon import compound_of_words, is_function_word, strip_possessive
from ..ordinary import never_a_name
from ..registry import register
from ..types import Finding
from .base import Context
from .propernoun import CHAT_WORDS, IN_A_YEAR_GROUP, LEGEND_AFTER, is_abbreviation

TIMESTAMP = r"(?:\[?\d{1,2}[:.]\d{2}(?:\s?[ap]m)?(?:,\s?\d{1,2}/\d{1,2}(?:/\d{2,4})?)?\]?|\d{1,2}/\d{1,2}/\d{2,4},?\s\d{1,2}[:.]\d{2})"
LABEL_WORD = r"[^\W\d_][\w'’.-]*"
#: A speaker line: quote or list marker, timestamp, emphasis, a label of one to three words, colon.
SPEAKER_LINE = re.compile(
    r"^[ \t]*(?:>[ \t]*)*(?:[-*•][ \t]+)?(?:\*\*|__)?(?P<time>" + TIMESTAMP + r"[ \t]*[-–—]?[ \t]*)?(?:\*\*|__)?"
    r"(?P<label>(?:" + LABEL_WORD + r"|[\w.]*\d[\w.]*|\w+_\w+)(?:[ \t]" + LABEL_WORD + r"){0,2})"
    r"(?:\*\*|__)?[ \t]*(?:(?:wrote|said|replied|posted)[ \t]*)?(?:\*\*|__)?:(?:\*\*|__)?(?=[ \t]|$)",
    re.M)
#: A sender line as some messaging apps export it: the sender, then the time, alone on a line
#: ("**ama** 12:03", "Femi Adeyemi, 09:41"). Two such lines make a chat.
SENDER_TIME_LINE = re.compile(
    r"^[ \t]*(?:\*\*|__)?(?P<label>" + LABEL_WORD + r"(?:[ \t]" + LABEL_WORD + r"){0,2})(?:\*\*|__)?[ \t]*[,·–—-]?[ \t]*"
    r"\[?\d{1,2}[:.]\d{2}(?:\s?[ap]m)?\]?[ \t]*$", re.M)
#: A sender as a workplace chat exports it: the time, then "Surname, Given" and the sender's
#: organisation in brackets, alone on a line ("**[09:17] Ridley, Graham (Wearside Academies)**").
DISPLAY_NAME_LINE = re.compile(
    r"^[ \t]*(?:\*\*|__)?(?P<time>" + TIMESTAMP + r")[ \t]*[-–—]?[ \t]*(?P<label>" + LABEL_WORD + r",[ \t]" + LABEL_WORD
    + r"(?:[ \t]" + LABEL_WORD + r")?)(?:[ \t]*\([^()\n]{1,80}\))?[ \t]*(?:\*\*|__)?[ \t]*$", re.M)
_POST_DATE = (r"(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]{2,8}\.?(?:[ \t]+\d{4})?"
              r"|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]+\d{4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
              r"|[Yy]esterday|[Tt]oday|\d{1,2}[hdwmy]|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?)")
_POST_TIME = r"\d{1,2}[:.]\d{2}(?:[ \t]?[ap]m)?"
#: A forum post's header: the poster in bold, then (posted, replied, wrote...) its date or time, alone
#: on its line ("**wearyinthewolds** posted 9 Feb, 21:47", "> **DrewBanks** replied 10 Feb, 12:30",
#: "**Gethin_Llewelyn** · 1 Nov 2025, 07:03"). Bold and a time stamp together say "poster" on one line.
POSTER_LINE = re.compile(
    r"^[ \t]*(?:>[ \t]*)*(?:\*\*|__)(?P<label>" + LABEL_WORD + r"(?:[ \t]" + LABEL_WORD + r"){0,2}|[\w.]*\d[\w.]*|\w+_\w+)"
    r"(?:\*\*|__)[ \t]*(?:[·•,–—-][ \t]*)?(?:(?:posted|replied|wrote|commented|said|asked|added)[ \t]+(?:on[ \t]+|at[ \t]+)?)?"
    r"(?:" + _POST_DATE + r"(?:,?[ \t]+(?:at[ \t]+)?" + _POST_TIME + r")?|" + _POST_TIME + r")[ \t]*$", re.M)
HANDLE_SHAPE = re.compile(r"^(?=[\w.]*[^\W\d_])(?=.{4})[\w.]*(?:\d|_)[\w.]*$")
#: Chat words no dictionary lists ("tbh", "omw"): never a name.


#: Prepositions that end a field's label ("Heard at:", "Sent by:", "Posted on:", "Copied to:").
FIELD_PREPOSITIONS = frozenset("at on by to from in for of with via".split())


def _ordinary_label(words: list[str], lex) -> bool:
    """True if a label is only words that name no one (roles, function words, "Q", "Subject"), or
    ends with a preposition: a field's name ("Heard at:", "Sent by:"), never a person's."""
    if len(words) > 1 and words[-1].lower() in FIELD_PREPOSITIONS:
        return True
    return all(len(w) < 2 or is_function_word(w) or lex.is_keep_word(w) or w in lex.titles or never_a_name(w)
               or w.lower() in CHAT_WORDS or (lex.is_ordinary(w.lower()) and not lex.is_given_name(w))
               for w in words)


def _after_titles(text: str, start: int, end: int, lex) -> tuple[int, list[str]]:
    """A label without its leading honorifics ("Mrs Okafor" -> start of "Okafor"), and its words:
    the honorific stays in the text; the name is what follows it."""
    label = text[start:end]
    words = label.split()
    while len(words) > 1 and words[0].rstrip(".") in lex.titles:
        start += len(words[0]) + (len(label[len(words[0]):]) - len(label[len(words[0]):].lstrip()))
        label = text[start:end]
        words = words[1:]
    return start, words


@register
class SpeakerDetector:
    """Senders and speakers named by a label before a colon at the start of a line -> NAME (or CONTACT)."""

    name = "speaker"
    strong = True

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        lex = ctx.lexicon
        matches = list(SPEAKER_LINE.finditer(text))
        sender_lines = list(SENDER_TIME_LINE.finditer(text))
        if len(sender_lines) < 2:
            sender_lines = []
        poster_lines = list(POSTER_LINE.finditer(text)) if "**" in text or "__" in text else []
        display_lines = list(DISPLAY_NAME_LINE.finditer(text)) if ", " in text else []
        if not matches and not sender_lines and not poster_lines and not display_lines:
            return []
        transcript = len(matches) >= 2
        out = [f for f in (self._label_finding(text, *m.span("label"), lex) for m in poster_lines) if f]
        for m in sender_lines:
            e = m.end("label")
            s, words = _after_titles(text, m.start("label"), e, lex)
            if not _ordinary_label(words, lex):
                out.append(Finding(s, e, "NAME", text[s:e], self.name, 0.85))
        for m in display_lines:
            s, e = m.span("label")
            if not _ordinary_label(text[s:e].replace(",", " ").split(), lex):
                out.append(Finding(s, e, "NAME", text[s:e], self.name, 0.85))
        for m in matches:
            if not (m.group("time") or transcript):
                continue
            s, e = m.span("label")
            label = m.group("label")
            if LEGEND_AFTER.match(text, m.end()):
                continue  # "Key: SM = Sunny Malhotra, ...": a legend of initials, not a speaker's line
            if any(c.isdigit() for c in label) and not HANDLE_SHAPE.match(label):
                continue  # "10:15:", "Item 3:": a time or a number, not a speaker
            finding = self._label_finding(text, s, e, lex)
            if finding:
                out.append(finding)
        return out

    def _label_finding(self, text: str, s: int, e: int, lex) -> Finding | None:
        """What a speaker's or a poster's label names: a user name (CONTACT), a person after any
        honorific (NAME), or no one (a label of ordinary words)."""
        label = text[s:e]
        if HANDLE_SHAPE.match(label):
            return Finding(s, e, "CONTACT", label, self.name + ":handle", 0.85)
        s, words = _after_titles(text, s, e, lex)
        return None if _ordinary_label(words, lex) else Finding(s, e, "NAME", text[s:e], self.name, 0.85)


#: Words before which, in lower-case writing, an unknown word stands where a name does.
NAME_SLOT_BEFORE = frozenset("""with to for from and or by at about like than thank thanks thx ask asked tell told
called rang rung texted messaged phoned emailed met meet saw see seen love hi hey dear cc via""".split())
#: Words after which it does.
NAME_SLOT_AFTER = frozenset("""said says is was has had will can could would should did does rang texted messaged
phoned emailed called asked told and thinks thought knows knew wants wanted says reckons""".split())


#: In capitals, after these a given name is a name even if it is also a word ("THANK YOU GLEN").
CAPS_GREETINGS = ("THANK YOU", "THANKS", "DEAR", "HI", "HELLO", "WELL DONE", "LOVE", "BYE", "MISS YOU")


@register
class ShoutedNameDetector:
    """In a line written in capitals ("THANK YOU SHADI", "KWABENA SHOULD BE SACKED", "THURSFORD
    SCHOOL TO CLOSE"), capitals say nothing: a word neither dictionary knows is a name (a place
    if the gazetteer knows it), and so is a known given name after a greeting or thanks."""

    name = "shouted"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        if not ctx.caps_lines:
            return []
        lex = ctx.lexicon
        text = ctx.text
        out = []
        for t in ctx.tokens:
            w = strip_possessive(t.text)
            if not (w.isupper() and len(w) >= 3 and w.replace("-", "").isalpha() and ctx.in_caps_line(t.start)):
                continue
            low = w.lower()
            if is_function_word(w) or lex.is_keep_word(w) or never_a_name(w) or low in CHAT_WORDS or w in lex.titles:
                continue
            greeted = text[max(0, t.start - 12):t.start].rstrip().endswith(CAPS_GREETINGS)
            # strict: in capitals an obscure dictionary word ("ASANTE" is in Webster's) is more likely a name
            known = lex.is_ordinary(low) is not False or (len(low) >= 7 and lex.is_ordinary(low, strict=False))
            if known and not (greeted and lex.is_given_name(w)):  # "COUNCILLORS": a long word either list knows
                continue
            label = "PLACE" if low in lex.places and not lex.is_given_name(w) else "NAME"
            end = self._institution_end(ctx, t)
            if end is not None:
                out.append(Finding(t.start, end, "INSTITUTION", text[t.start:end], self.name, 0.55))
                continue
            out.append(Finding(t.start, t.start + len(w), label, w, self.name, 0.55))
        return out

    #: Words a shouted name may run over on its way to an institution's word ("WALTHAM ON THE WOLDS SCHOOL").
    CHAIN = frozenset("ON THE BY UPON IN UNDER LE NEXT".split())

    @classmethod
    def _institution_end(cls, ctx: Context, t) -> int | None:
        """Where the institution a shouted name begins ends: the name, up to two more words (a place's
        second word, "on the Wolds") and an institution's word on the same line ("YARDLEY HASTINGS
        SCHOOL", "WEXHAM STREET SCHOOL"); None if no institution's word follows. The word before the
        institution's word is never a function word ("KEMI ON THE SCHOOL RUN" is no school)."""
        toks, text, lex = ctx.tokens, ctx.text, ctx.lexicon
        k = next((j for j, x in enumerate(toks) if x.start == t.start), None)
        if k is None:
            return None
        for j in range(k + 1, min(k + 6, len(toks))):
            x = toks[j]
            if "\n" in text[toks[j - 1].end:x.start] or not x.text.isupper():
                return None
            if x.text.title() in lex.institution_suffixes and j - k >= 2:
                before = toks[j - 1].text
                return x.end if not is_function_word(before) and before not in cls.CHAIN else None
            if j - k > 4:
                return None
        return None


def _no_word_of_any_list(word: str, lex) -> bool:
    """True for a word in lower case that no list knows as anything but a possible name: no
    dictionary word, chat shorthand, function word, keep word, abbreviation or word that never
    names anyone (what the lower-case detectors below ask before the word's position)."""
    return word not in CHAT_WORDS and not is_function_word(word) and not lex.is_keep_word(word) \
        and not never_a_name(word) and lex.is_ordinary(word, strict=False) is False and not is_abbreviation(word)


#: "... you hol.", "miss you kez,": a word in lower case after "you" and before a stop or a comma.
CALLED_AFTER_YOU = re.compile(r"\b[Yy]ou ([a-z][a-z'’-]{2,})(?=[.,!?]|[ \t]*$)", re.M)


@register
class LowercaseUnknownNameDetector:
    """In lower-case writing, a word that neither dictionary knows, in a slot a name fills -> NAME
    (PLACE if the gazetteer knows it): "covering for dawit", "rūta said", "thanks gökhan"."""

    name = "lowercase-unknown"
    strong = False

    def detect(self, ctx: Context) -> list[Finding]:
        if not (ctx.lowercase or ctx.lowercase_lines):
            # edited prose: capitals carry the evidence, the other detectors read them; only a
            # word no dictionary knows, called after "you", is a name there ("Proud of you hol.")
            return self._called_after_you(ctx)
        lex = ctx.lexicon
        toks = ctx.tokens
        text = ctx.text
        out = []
        for i, t in enumerate(toks):
            if not (ctx.lowercase or ctx.in_lowercase_line(t.start)):
                continue
            w = strip_possessive(t.text)
            if text[t.end:t.end + 1] == ":" and text[t.end + 1:t.end + 2].strip():
                continue  # "javascript:alert(1)": a link's scheme
            if text[t.start - 1:t.start] == ":" and text[t.end:t.end + 1] == ":":
                continue  # ":tada:", ":sob:": an emoji's code in a chat export
            if text[t.start - 1:t.start] == "#":
                continue  # "#slt-only", "#headsup": a channel's or a hashtag's name
            if len(w) < 3 or not w.islower() or not w.replace("-", "").isalpha() or not _no_word_of_any_list(w, lex):
                continue  # a word, chat's shorthand ("sbm")
            before = toks[i - 1].text.lower() if i else ""
            if compound_of_words(w, lex) and before not in lex.place_prepositions:
                continue  # two words run together ("the helpline"; "at ampleforth" is a place)
            prev = toks[i - 1].text.lower() if i and "\n" not in text[toks[i - 1].end:t.start] else ""
            nxt = toks[i + 1].text.lower() if i + 1 < len(toks) and "\n" not in text[t.end:toks[i + 1].start] else ""
            slot = prev in NAME_SLOT_BEFORE or nxt in NAME_SLOT_AFTER or w != t.text \
                or IN_A_YEAR_GROUP.match(text, t.end) is not None \
                or text[t.end:t.end + 1] in (",", ":") or prev == "" or nxt == ""
            if not slot:
                continue
            label = "PLACE" if w in lex.places and not lex.is_given_name(w) else "NAME"
            out.append(Finding(t.start, t.start + len(w), label, w, self.name, 0.55))
        return out

    def _called_after_you(self, ctx: Context) -> list[Finding]:
        """In writing with capitals, a word that neither dictionary knows, called after "you" at
        a clause's end ("Proud of you hol.", "miss you kez,"), is the name of the one spoken to."""
        text = ctx.text
        if "you " not in text and "You " not in text:
            return []
        lex = ctx.lexicon
        out = []
        for m in CALLED_AFTER_YOU.finditer(text):
            w = strip_possessive(m.group(1))
            if not _no_word_of_any_list(w, lex) or compound_of_words(w, lex):
                continue
            out.append(Finding(m.start(1), m.start(1) + len(w), "NAME", w, self.name, 0.55))
        return out
