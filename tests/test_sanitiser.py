"""Story HTML is cut down to a small allowlist: no script, style, frame, handler or unsafe URL survives."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from plugins.anonymise.reader import STORY_MARKDOWN_EXTENSIONS, render_markdown
from plugins.sanitise.policy import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, sanitise_html

FIXTURES = Path(__file__).parent / "fixtures" / "xss"
VECTORS = [
    line for line in (FIXTURES / "vectors.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def tags_in(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def unsafe_parts(html: str) -> list[str]:
    """What in `html` would let a page run code or load something: empty for safe HTML."""
    found = []
    for tag, attrs in tags_in(html):
        if tag not in ALLOWED_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name not in ALLOWED_ATTRIBUTES.get(tag, []) and not (tag == "a" and name == "rel"):
                found.append(f"attribute {name} on <{tag}>")
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme and scheme not in ALLOWED_PROTOCOLS:
                    found.append(f"href scheme {scheme}:")
    return found


def sanitised_story(markdown_text: str) -> str:
    return sanitise_html(render_markdown(markdown_text, STORY_MARKDOWN_EXTENSIONS)).html


@pytest.mark.parametrize("vector", VECTORS)
def test_no_attack_vector_survives_sanitising(vector):
    html = sanitised_story(f"Before the attack.\n\n{vector}\n\nAfter the attack.")
    assert unsafe_parts(html) == []
    assert "<script" not in html.lower()
    assert "After the attack." in html


def test_the_corpus_holds_the_classic_vectors():
    assert len(VECTORS) >= 80
    assert any("javascript:" in v.lower() for v in VECTORS) and any("onerror" in v.lower() for v in VECTORS)


def test_script_contents_are_dropped_not_shown_as_text():
    html = sanitised_story("Hello.\n\n<script>stealCookies()</script>\n\nGoodbye.")
    assert "stealCookies" not in html


def test_removed_tags_are_reported():
    assert sanitise_html("<p>a</p><iframe src=x></iframe><script>x</script>").removed == ("iframe", "script")


def test_allowed_markup_is_kept():
    text = (
        "## A heading\n\nSome *emphasis* and **strength**.\n\n- one\n- two\n\n> A quote.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[a helpline](https://www.example.org/help) and [mail](mailto:help@example.org)"
    )
    html = sanitised_story(text)
    for fragment in ["<h2>A heading</h2>", "<em>emphasis</em>", "<strong>strength</strong>", "<li>one</li>",
                     "<blockquote>", "<table>", "<td>1</td>", 'href="mailto:help@example.org"']:
        assert fragment in html


def test_outbound_links_get_noopener_noreferrer():
    html = sanitised_story("[a helpline](https://www.example.org/help)")
    assert '<a href="https://www.example.org/help" rel="noopener noreferrer">' in html


def test_an_unsafe_link_keeps_its_text_but_loses_its_target():
    html = sanitised_story("[click here](javascript:alert(1))")
    assert "click here" in html and "javascript" not in html.lower()


def words_the_anonymiser_skips(markdown_text: str) -> set[str]:
    """Words of `markdown_text` that lie wholly inside markup the anonymiser does not analyse."""
    from anonymiser.text import WORD_RE, markup_spans

    spans = markup_spans(markdown_text)
    return {m.group(0) for m in WORD_RE.finditer(markdown_text)
            if any(a <= m.start() and m.end() <= b for a, b in spans)}


@pytest.mark.parametrize("vector", VECTORS)
def test_the_anonymiser_reads_the_text_after_every_attack(vector):
    # Markup the anonymiser skips must end where the sanitiser's does: a name after an element
    # never closed, or after a tag it misreads, is published, so it must be looked at.
    story = f"Before the attack.\n\n{vector}\n\nQuorindale rang after the attack."
    assert "Quorindale" in sanitised_story(story)
    assert "Quorindale" not in words_the_anonymiser_skips(story)


def test_text_after_an_element_never_closed_is_read_and_published():
    story = "<svg><animate onbegin=alert(1)>\n\nQuorindale was the only one who knew."
    assert "Quorindale" not in words_the_anonymiser_skips(story)
    assert "Quorindale" in sanitised_story(story)
