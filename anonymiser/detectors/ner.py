"""Statistical NER (spaCy) as a detector: maps model labels through the policy.

The model itself is run in batch by the pipeline (see model.run_ner) and the
entities are handed over in Context.entities, so this class stays a pure
function of its input.
"""
from __future__ import annotations

from ..lexicon import FUNCTION_WORDS, is_function_word, strip_possessive
from ..text import WORD_RE, is_all_caps
from ..types import Finding
from .base import Context
from ..registry import register
from .propernoun import FORM_LEADER, ProperNounDetector, is_role_in_context
from ..ordinary import CALENDAR_WORDS, SEQUENCE_WORDS, subject_or_owner_at

import re

_NER_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SPLITTERS = {"on", "in", "at", "near", "from", "to", "by", "with", "for"}
_LEADING = {"the", "a", "an", "my", "our", "his", "her", "their", "mr", "mrs", "ms", "miss", "dr", "rev", "revd"}


@register
class NERDetector:
    """spaCy entities: PERSON -> NAME, GPE/LOC/FAC -> PLACE, ORG -> INSTITUTION (policy ner_labels)."""

    name = "ner"
    strong = False
    SCORES = {"NAME": 0.8, "PLACE": 0.75, "INSTITUTION": 0.7}

    def detect(self, ctx: Context) -> list[Finding]:
        out = []
        lex = ctx.lexicon
        text = ctx.text
        for start, end, spacy_label in ctx.entities:
            label = lex.ner_labels.get(spacy_label)
            if not label:
                continue
            words = list(_NER_WORD.finditer(text, start, end))
            if "\n" in text[start:end]:
                # an entity never runs over a line break: keep the part on the first line with letters
                first_line = [w for w in words if "\n" not in text[words[0].start():w.start()]]
                words = first_line
            colon = next((k for k, w in enumerate(words[1:], 1) if ":" in text[words[k - 1].end():w.start()]), None)
            if colon is not None:
                words = words[:colon]  # "Nasreen Akhtar:** Step 4 you": a speaker's label ends at its colon
            # trim leading determiners/honorifics and trailing possessives
            while words and (words[0].group(0).lower() in _LEADING or is_function_word(words[0].group(0))):
                words.pop(0)
            while words and is_function_word(words[-1].group(0)):
                words.pop()  # "KHAN SHOULD BE": the model runs on into shouted verbs
            if not ctx.lowercase:
                # "Monday the X Telegraph ran": generic or lowercase words at the edges are not the name
                while words and (lex.is_keep_word(words[0].group(0)) or is_function_word(words[0].group(0))
                                 or words[0].group(0)[:1].islower()):
                    words.pop(0)
                while words and (words[-1].group(0)[:1].islower() or is_function_word(words[-1].group(0))):
                    words.pop()
            if len(words) > 1 and _sentence_initial(text, words[0].start()):
                first = words[0].group(0)
                if (first.lower().endswith(("ing", "ed")) and len(first) > 4 or lex.is_ordinary(first)) \
                        and not lex.is_given_name(first) and first.lower() not in lex.places \
                        and not _names_a_whole(text, words, lex):
                    words.pop(0)  # "Meeting Sam", "Buy Frank a sandwich": a verb opening the sentence
            if not words:
                continue
            # "X Fryer on Broad Street": two names joined by a preposition are two findings
            cut = next((k for k, w in enumerate(words[1:-1], 1) if w.group(0) in _SPLITTERS), None)
            if cut is not None:
                ctx_words = [words[:cut], words[cut + 1:]]
                for part in ctx_words:
                    if part and any(not is_function_word(w.group(0)) for w in part):
                        ps, pe = part[0].start(), part[-1].end()
                        ptoks = [strip_possessive(w.group(0)) for w in part]
                        if not all(lex.is_keep_word(w) or is_function_word(w) for w in ptoks):
                            out.append(Finding(ps, pe, label, text[ps:pe], self.name, self.SCORES.get(label, 0.7)))
                continue
            s, e = words[0].start(), words[-1].end()
            last = words[-1].group(0)
            if not any(w.group(0) in ("St", "Saint") for w in words):  # "St John's" keeps its 's
                e -= len(last) - len(strip_possessive(last))
            tokens = [strip_possessive(w.group(0)) for w in words]
            if all(len(w) <= 2 for w in tokens):
                continue  # "P.S", stray initials: the initials detector decides those
            if any(c.isdigit() for c in text[s:e]) or not any(w[:1].isalpha() and len(w) > 2 for w in tokens):
                continue  # "D0", "B2": codes, not names
            if label != "NAME" and len(tokens) > 1 and len(tokens[-1]) == 1 and tokens[-1].isupper():
                continue  # "Vitamin D", "Plan B": products and plans, not organisations
            if all(lex.is_keep_word(w) or is_function_word(w) for w in tokens):
                continue
            if len(tokens) == 1 and is_role_in_context(text, s, tokens[0], lex):
                continue  # "Schools Adviser", "our Bursar": a role, not a person
            if len(tokens) == 1 and is_all_caps(tokens[0]) and len(tokens[0]) <= 5 and label != "NAME":
                continue  # acronyms: generic unless the policy redacts them
            if not any(w[:1].isupper() for w in tokens):
                if not ctx.lowercase:
                    continue  # lowercase common words mislabelled in cased prose
                # without capitals the model guesses: trust it on one lowercase word only for known names/places
                if len(tokens) == 1 and not (lex.is_given_name(tokens[0]) or tokens[0].lower() in lex.places):
                    continue
            if FORM_LEADER.search(text, s, e):
                continue  # "Signed .......... (H. Wainwright": a form's field and what follows it, not one name
            if len(tokens) == 1 and label == "NAME" or len(tokens) == 1 and not ctx.lowercase:
                word = tokens[0]
                if _sentence_initial(text, s) and spacy_label != "PERSON" and lex.is_ordinary(word) \
                        and word.lower() not in lex.places:
                    continue  # "Grace under pressure" tagged ORG: an ordinary word opening a sentence
                k = ctx.token_index_at().get(s)
                if _sentence_initial(text, s) and k is not None and not ProperNounDetector.opens_english_sentence(ctx, k) \
                        and word.lower() not in lex.places:
                    continue  # "Tha mi nas fheàrr": the opener of a sentence in another language
                if _sentence_initial(text, s) and not (lex.is_given_name(word) or word.lower() in lex.places):
                    # the small model tags many capitalised sentence openers ("Reminded", "Simply");
                    # alone, a sentence-initial unknown word is not enough evidence
                    continue
            if ctx.in_title_case_line(s) and not any(lex.is_given_name(w) or w.lower() in lex.places for w in tokens):
                continue  # headings In Title Case fool the model; names there come by propagation
            if label != "NAME" and len(tokens) == 1 and lex.is_given_name(tokens[0]) and tokens[0].lower() not in lex.places:
                label = "NAME"  # "siobhan is kind", "I told Wojciech": one given name, no known place: a person
            out.append(Finding(s, e, label, text[s:e], self.name, self.SCORES.get(label, 0.7)))
        return out


def _names_a_whole(text: str, words: list, lex) -> bool:
    """True when an entity opening a sentence with an ordinary word is one name, first word
    included: it is the sentence's subject, an owner or a whole line (`subject_or_owner_at`:
    "Castle Camps has one shop"). An imperative ("Buy Frank a sandwich") is none of these; a
    gerund ("Meeting Sam was ...") or an adverb ("Then Sam said") is no part of a name."""
    first = words[0].group(0)
    if first.lower().endswith(("ing", "ed")) or first.lower() in lex.adverbs_not_adjectives \
            or first.lower() in CALENDAR_WORDS | SEQUENCE_WORDS or lex.is_keep_word(first) or first in lex.titles:
        return False
    last = words[-1]
    return subject_or_owner_at(text, last.start() + len(strip_possessive(last.group(0))))


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and (text[i] in " \t*_\"“‘'([>#-–—•" or (text[i].isspace() and text[i] != "\n")):
        i -= 1
    return i < 0 or text[i] in ".!?…\n:|"  # "|": a table cell opens like a sentence
