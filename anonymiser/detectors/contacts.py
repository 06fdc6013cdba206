"""Contact details: emails, URLs, bare domains, UK phone numbers, social handles,
UK postcodes and numbered street addresses. Pure regex, linear time."""
from __future__ import annotations

import re

from ..ordinary import is_public_number
from ..text import by_first_letter
from ..types import Finding
from .base import Context
from ..registry import register

# "]" in look-behinds: text glued to a placeholder was glued to a word before (idempotence).
EMAIL = re.compile(r"(?<![\w.+\]-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: A URL of any scheme ("https://", "ftp://", a mistyped "httx://"): the syntax, not the scheme, says it.
URL = re.compile(r"(?<!\])(?:\b[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>()\[\]\"'`]+", re.I)
_TLDS = r"(?:co\.uk|org\.uk|ac\.uk|sch\.uk|gov\.uk|nhs\.uk|com|org|net|uk|blog|io|me|info|biz|app|site|online|page|xyz|eu|scot|wales|cymru|london|co|tv|ly|ie)"
DOMAIN = re.compile(r"(?<![\w@./\]-])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\." + _TLDS
                    + r"(?:/[^\s<>()\[\]\"'`]*)?(?![\w-])", re.I)
#: A user name without its "@": words joined by underscores ("fenland_ferret", "Gethin_Llewelyn": prose
#: never joins words so), or a word of six letters or more ending in digits ("tiredhead73"). Codes
#: ("KS2", "Y6", "base64") are too short; an emoji's code between colons (":white_check_mark:") is none.
BARE_HANDLE = re.compile(r"(?<![\w@/.\]:-])(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z]{6,}[0-9]{2,4})(?![\w@]|\.\w)")
#: A forum's user name after its "u/" ("Posted by u/gemma_from_gateshead", "u/ruthbellingham"): the
#: person's own handle, whatever it is made of; "r/TeachingUK" names a forum, not a person.
FORUM_USER = re.compile(r"(?<![\w/.])u/([A-Za-z0-9][A-Za-z0-9_-]{2,30})(?![\w/])")
HANDLE = re.compile(r"(?<![\w@.\]])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])(?![\w@])")  # dots: Instagram
# UK phone numbers: 07700 900461, 0191 496 0733, (0191) 496 0733, +44 (0)7700 900461, 020-7946-0958
# (one line break may fall inside a number: "01632\n960 418")
PHONE = re.compile(r"(?<![\w+\]])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\d \t\-\(\)\.]|\n(?!\s*\n)){7,16}\d(?!\d)")
# "01632 960250 ext. 214": the extension belongs to the number
EXTENSION = re.compile(r"[ \t,]*(?:ext\.?|extn\.?|extension|x)[ \t]*\d{1,5}\b", re.I)
#: A number read aloud ("oh seven seven double oh nine double oh three one four"): eight or more
#: digits as words, "double" and "triple" counting twice and three times.
_DIGIT_WORD = "(?:" + by_first_letter("oh o zero nought one two three four five six seven eight nine".split()) + ")"
SPOKEN_NUMBER = re.compile(r"(?<![\w-])(?:(?:double|triple)[ \t]+)?" + _DIGIT_WORD
                           + r"(?:[ \t,-]+(?:(?:double|triple)[ \t]+)?" + _DIGIT_WORD + r"){5,}(?![\w-])", re.I)
#: An address read aloud: "kyle dot hocking at example dot org", "head at school dot co dot uk".
SPOKEN_EMAIL = re.compile(r"(?<![\w-])[a-z0-9]+(?:[ \t]+(?:dot|underscore|dash)[ \t]+[a-z0-9]+)*[ \t]+at[ \t]+"
                          r"[a-z0-9-]+(?:[ \t]+dot[ \t]+[a-z0-9-]+)*[ \t]+dot[ \t]+"
                          r"(?:com|org|net|uk|co[ \t]+dot[ \t]+uk|org[ \t]+dot[ \t]+uk|sch[ \t]+dot[ \t]+uk|gov[ \t]+dot[ \t]+uk|ac[ \t]+dot[ \t]+uk|nhs[ \t]+dot[ \t]+uk)\b",
                          re.I)


def spoken_digits(phrase: str) -> int:
    """How many digits a number read aloud stands for ("double oh" is two)."""
    words = re.findall(r"[a-z]+", phrase.lower())
    count, repeat = 0, 1
    for w in words:
        if w in ("double", "triple"):
            repeat = 2 if w == "double" else 3
            continue
        count += repeat
        repeat = 1
    return count


POSTCODE = re.compile(r"(?<![\w\]])[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b")
POSTCODE_CI = re.compile(r"(?<![\w\]])[A-Za-z]{1,2}\d[A-Za-z\d]?[ \t]?\d[A-Za-z]{2}\b")
_TRAILING = ".,;:!?)]}'\"’”*_"
#: What each pattern cannot match without (a cheap search first: most stories hold no contact).
_HAS_TLD = re.compile(r"\." + _TLDS, re.I)
_HAS_SCHEME_OR_WWW = re.compile(r"://|www\.", re.I)
_HAS_BARE_HANDLE = re.compile(r"_|[a-z][0-9]")
_HAS_POSTCODE = re.compile(r"[A-Za-z]\d")
_HAS_ADDRESS = re.compile(r"\d[A-Za-z]?,?[ \t]+[A-Z]")
_HAS_UNIT = re.compile(r"\b(?:Flat|Apartment|Apt|Unit|Suite)[ \t]+\d")
#: SPOKEN_EMAIL's " dot " before the domain's ending, which every match holds
_HAS_SPOKEN_DOT = re.compile(r"[ \t]dot[ \t]", re.I)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _phone_ok(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    if s.lstrip().startswith("+"):
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
        return len(digits) in (9, 10)
    return len(digits) in (10, 11) and digits.startswith("0")


@register
class ContactDetector:
    """Emails, URLs, bare web domains, UK phone numbers, @handles and postcodes -> CONTACT."""

    name = "contact"
    strong = True

    @classmethod
    def from_lexicon(cls, lexicon) -> "ContactDetector":
        """The detector for a policy: its street words make an address."""
        return cls(lexicon.street_suffixes)

    def __init__(self, street_suffixes=()):
        suffixes = "|".join(sorted((re.escape(s) for s in street_suffixes), key=len, reverse=True)) or "Road"
        # "14 Walshaw Road", "12a High Street": a house number makes a street an address;
        # "Flat 3, 118 X Terrace": the flat or unit is part of it.
        self.address = re.compile(r"(?:\b(?:Flat|Apartment|Apt|Unit|Room|Suite)[ \t]+\d{1,4}[A-Za-z]?,?[ \t]+)?"
                                  r"\b\d{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z][\w'’-]*[ \t]+){1,3}(?:" + suffixes + r")\b")
        # "Unit 4, Hollingworth Business Park": a unit or flat number and the estate or building it is in
        self.unit = re.compile(r"\b(?:Flat|Apartment|Apt|Unit|Suite)[ \t]+\d{1,4}[A-Za-z]?,[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,3}"
                               r"(?:" + suffixes + r"|House|Court|Building|Centre|Estate|Mill|Works)\b")

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        out = []

        def add(start, end, score, kind):
            start, end = _trim(text, start, end)
            if end > start:
                out.append(Finding(start, end, "CONTACT", text[start:end], f"{self.name}:{kind}", score))

        at_sign = "@" in text
        for m in EMAIL.finditer(text) if at_sign else ():
            add(m.start(), m.end(), 0.99, "email")
        for m in URL.finditer(text) if _HAS_SCHEME_OR_WWW.search(text) else ():
            add(m.start(), m.end(), 0.99, "url")
        for m in DOMAIN.finditer(text) if _HAS_TLD.search(text) else ():
            # "e.g." and file names like "notes.md" are not domains: DOMAIN requires a known TLD.
            add(m.start(), m.end(), 0.9, "domain")
        for m in HANDLE.finditer(text) if at_sign else ():
            add(m.start(), m.end(), 0.95, "handle")
        for m in FORUM_USER.finditer(text) if "u/" in text else ():
            add(m.start(1), m.end(1), 0.95, "user")
        for m in BARE_HANDLE.finditer(text) if _HAS_BARE_HANDLE.search(text) else ():
            add(m.start(), m.end(), 0.85, "handle")
        for m in PHONE.finditer(text):
            s, e = _trim(text, m.start(), m.end())
            if _phone_ok(text[s:e]) and not is_public_number(text[s:e]):  # a national helpline is no one's contact
                ext = EXTENSION.match(text, e)
                add(s, ext.end() if ext else e, 0.97, "phone")
        for m in SPOKEN_NUMBER.finditer(text):
            if spoken_digits(m.group(0)) >= 10:  # a phone number read aloud; "one two three four five six" is counting
                add(m.start(), m.end(), 0.9, "spoken-phone")
        for m in SPOKEN_EMAIL.finditer(text) if _HAS_SPOKEN_DOT.search(text) else ():
            add(m.start(), m.end(), 0.9, "spoken-email")
        # a postcode in lower case ("ls7 4qd") is still a postcode: the shape is distinctive enough
        for m in POSTCODE_CI.finditer(text) if _HAS_POSTCODE.search(text) else ():
            add(m.start(), m.end(), 0.9, "postcode")
        for rx, needed in ((self.address, _HAS_ADDRESS), (self.unit, _HAS_UNIT)):
            for m in rx.finditer(text) if needed.search(text) else ():
                add(m.start(), m.end(), 0.9, "address")
        return out
