"""The Markdown reader that anonymises stories before Pelican derives anything from them.

Pelican derives a story's slug, summary, feed entries, sitemap entry and page title from
what its reader returns, so anonymising later (in the HTML) is too late. This reader parses
YAML front matter, validates it, anonymises every free-text field and the body together,
and only then renders Markdown. Pages are not stories: they are read the same way and
published as written.
"""

from __future__ import annotations

import hashlib
import html
import logging
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Category, Tag
from pelican.utils import slugify

from plugins.common.cache import ContentCache, code_fingerprint
from plugins.common.settings import is_ci, read as read_settings
from plugins.common.stories import Problem, SourceError, Story, load_story, load_themes, read_source
from plugins.sanitise.policy import mark_outbound_links

from .build import CURRENT

logger = logging.getLogger(__name__)

#: Markdown for stories: no attribute lists or raw-HTML tricks beyond what the sanitiser allows.
STORY_MARKDOWN_EXTENSIONS = ["markdown.extensions.tables", "markdown.extensions.sane_lists", "markdown.extensions.smarty"]
#: Pages are written by the network's own editors and may use the fuller set.
PAGE_MARKDOWN_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty", "markdown.extensions.toc"]
WORD = re.compile(r"\w+")
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def slug_words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words of a text as a slug spells them ("Siân O'Neill" -> sian, o, neill)."""
    import unicodedata

    if text.isascii():  # nothing to decompose (most names): the same words, without a pass per character
        return tuple(w.casefold() for w in ASCII_WORD.findall(text))
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(w.casefold() for w in ASCII_WORD.findall(folded))


def removed_from_slug(slug: str, surfaces) -> list[str]:
    """The removed surfaces whose words stand, in order, in an editor's slug (sorted).

    A slug is a path: it appears in every link, feed and sitemap line, so any removed
    surface in it is a leak, whatever its case or whether it is also an ordinary word.
    One-letter surfaces (an initial) are not checked: every slug holds letters.
    """
    words = slug_words(slug)
    found = []
    for surface in surfaces:
        needle = slug_words(surface)
        if not needle or (len(needle) == 1 and len(needle[0]) < 2):
            continue
        n = len(needle)
        if any(words[i:i + n] == needle for i in range(len(words) - n + 1)):
            found.append(surface)
    return sorted(set(found))


def render_markdown(text: str, extensions: list[str]) -> str:
    """Markdown to HTML with the given extensions (a fresh converter: no state between files)."""
    return markdown.Markdown(extensions=extensions, output_format="html").convert(text)


def story_html_cache(directory: Path) -> ContentCache:
    """The cache of stories' rendered HTML, keyed on the anonymised Markdown and on everything
    else that decides the HTML: Markdown's version, the extensions and this module's code."""
    fingerprint = code_fingerprint([Path(__file__)], f"markdown {markdown.__version__}",
                                   "|".join(STORY_MARKDOWN_EXTENSIONS))
    return ContentCache(directory, fingerprint, suffix=".html")


def render_story_markdown(text: str, cache: ContentCache | None) -> str:
    """A story's anonymised Markdown as HTML, from `cache` when this exact text was rendered before."""
    if cache is None:
        return render_markdown(text, STORY_MARKDOWN_EXTENSIONS)
    key = cache.key(text)
    cached = cache.get(key)
    if cached is not None:
        return cached.decode("utf-8")
    rendered = render_markdown(text, STORY_MARKDOWN_EXTENSIONS)
    cache.put(key, rendered.encode("utf-8"))
    return rendered


def escape_placeholders(body: str, placeholders: list[str]) -> str:
    """Backslash-escape placeholders' brackets so Markdown never reads "[Name A]: ..." as a link definition."""
    for placeholder in sorted(set(placeholders), key=len, reverse=True):
        if placeholder.startswith("[") and placeholder.endswith("]"):
            body = body.replace(placeholder, "\\[" + placeholder[1:-1] + "\\]")
    return body


def plain_text_html(text: str) -> str:
    """A one-line plain-text field as HTML: escaped, never interpreted."""
    return html.escape(text.strip(), quote=False)


@dataclass(frozen=True)
class RiskVerdict:
    """What the build needs of a story's re-identification check: its band and how to say it."""

    band: str
    summary: str
    combination: str

    @classmethod
    def of(cls, assessment) -> "RiskVerdict":
        """The verdict of an `anonymiser.risk.RiskAssessment`."""
        return cls(assessment.band, assessment.summary_line(), assessment.estimate.combination)


def risk_problem(story: Story, verdict: RiskVerdict) -> Problem | None:
    """The problem that stops the build when a story's risk is high and its front matter has no
    `risk_accepted:` reason; None otherwise."""
    if verdict.band != "high" or story.metadata.get("risk_accepted"):
        return None
    message = (f"re-identification {verdict.summary}: {verdict.combination}. "
               f"See the rewrites with `python -m anonymiser risk {story.path}`, make one with "
               "`--apply N`, or add `risk_accepted: <your reason>` to the front matter")
    return Problem(story.path, "risk", message)


def risk_check(story: Story, redaction) -> tuple[Any, Problem | None]:
    """The motivated-intruder check of an anonymised story, and the problem that stops the build
    when its risk is high and its front matter has no `risk_accepted:` reason."""
    from anonymiser.risk import assess  # the build imports the anonymiser only when it anonymises

    assessment = assess(redaction.metadata, redaction.body)
    return assessment, risk_problem(story, RiskVerdict.of(assessment))


def risk_verdict_cache(directory: Path) -> ContentCache:
    """The cache of risk verdicts, keyed on the anonymised story and on everything else that
    decides the verdict: the anonymiser's whole package (the check's code, rules and school
    counts are in it) and this module."""
    import anonymiser

    package = Path(anonymiser.__file__).parent
    sources = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return ContentCache(directory, code_fingerprint(sources + [Path(__file__)]), suffix=".json")


def cached_risk_verdict(redaction, cache: ContentCache | None) -> RiskVerdict:
    """The risk verdict of an anonymised story, from `cache` when this exact text was checked before."""
    import json

    key = None
    if cache is not None:
        key = cache.key(json.dumps({"metadata": redaction.metadata, "body": redaction.body},
                                   sort_keys=True, default=str, ensure_ascii=False))
        data = cache.get(key)
        if data is not None:
            return RiskVerdict(**json.loads(data))
    from anonymiser.risk import assess  # the build imports the anonymiser only when it anonymises

    # the grammar layer's details never enter the band, and parsing every story would cost a build
    # ~0.4 s a story: the build reads the phrase rules' estimate only (`make preview` shows both)
    verdict = RiskVerdict.of(assess(redaction.metadata, redaction.body, grammar=False))
    if cache is not None:
        cache.put(key, json.dumps(asdict(verdict)).encode("utf-8"))
    return verdict


class SafeHarbourReader(BaseReader):
    """Reads `.md` files with YAML front matter; stories are validated and anonymised first."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self.site = read_settings(settings)
        self.themes = load_themes(self.site.story_themes_file)
        self._anonymiser = None
        #: source path -> (SHA-256 of the file's bytes, its Story or the SourceError it raised):
        #: each story file is parsed once per build, by whichever of the prefetch and Pelican's
        #: read asks first. (Pelican makes a new reader for every build, so nothing outlives one.)
        self._parsed: dict[str, tuple[str, Story | SourceError]] = {}
        #: Rendered story HTML, only for anonymised text: a story as written never goes to cache/.
        self.html_cache = story_html_cache(self.site.build_cache_dir / "markdown") if self.site.anonymise else None
        #: Risk verdicts of anonymised stories (the check reads every word: ~50 ms a story).
        self.risk_cache = risk_verdict_cache(self.site.build_cache_dir / "risk") if self.site.anonymise else None

    def is_story(self, source_path: str) -> bool:
        """True for files under the stories folder."""
        return Path(source_path).resolve().is_relative_to(self.site.stories_dir)

    def load_story(self, source_path: str) -> Story:
        """The validated story in `source_path`, parsed once per build while its bytes are unchanged.

        Raises `SourceError` (the same problems each time) for a story that cannot be published.
        The file is read again on every call and its hash compared, so an edit between the
        prefetch and Pelican's read is never missed."""
        path = Path(source_path)
        try:
            data = path.read_bytes()
        except OSError:
            return load_story(path, self.themes)  # raises the editor's "cannot be read" problem
        digest = hashlib.sha256(data).hexdigest()
        known = self._parsed.get(str(source_path))
        if known is not None and known[0] == digest:
            parsed = known[1]
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None  # load_story reads it again and names the bad byte
            try:
                parsed = load_story(path, self.themes, text)
            except SourceError as err:
                parsed = err
            self._parsed[str(source_path)] = (digest, parsed)
        if isinstance(parsed, SourceError):
            raise parsed
        return parsed

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return (HTML, metadata) for Pelican; a broken story is recorded and raises."""
        if self.is_story(source_path):
            try:
                return self._read_story(source_path)
            except SourceError as err:
                CURRENT.problems.extend(err.problems)
                raise
        return self._read_page(source_path)

    # -- pages -------------------------------------------------------------------------
    def _read_page(self, source_path: str) -> tuple[str, dict[str, Any]]:
        post = read_source(Path(source_path))
        metadata = {}
        for name, value in post.metadata.items():
            if name == "summary":
                metadata[name] = plain_text_html(str(value))
            elif name in {"date", "modified"}:
                metadata[name] = self.process_metadata(name, str(value))
            else:
                metadata[name] = self.process_metadata(name, value)
        # Pages are the network's own, not sanitised, but their links out get the stories' rule.
        return mark_outbound_links(render_markdown(post.content, PAGE_MARKDOWN_EXTENSIONS)), metadata

    # -- stories -----------------------------------------------------------------------
    def story_anonymiser(self):
        """The anonymiser adapter, created on first use (the model loads only on a cache miss)."""
        if self._anonymiser is None:
            from .adapter import StoryAnonymiser  # imported here: ANONYMISE=false never imports it

            self._anonymiser = StoryAnonymiser(self.site)
        return self._anonymiser

    def _read_story(self, source_path: str) -> tuple[str, dict[str, Any]]:
        story = self.load_story(source_path)
        reason = story.skip_reason()
        if reason is not None:
            CURRENT.skipped[source_path] = reason
            logger.warning("Skipped story %s: %s; it is never written to the output", source_path, reason)
            # What other plugins may know of a skipped story travels with Pelican's
            # `article_generator_context` signal: why, and the editor's own slug (collections
            # name it among the stories they leave out). Never its text.
            return "", {"status": "skip", "unpublished_reason": reason,
                        "unpublished_slug": story.metadata.get("slug") or "", "story_source": source_path}

        fields, body, placeholders, redaction = dict(story.metadata), story.body, [], None
        if self.site.anonymise:
            redaction = self.story_anonymiser().anonymise(story)
            CURRENT.redactions[source_path] = redaction
            fields, body = dict(redaction.metadata), redaction.body
            placeholders = list(redaction.placeholders.values())
            self._check_slug(story, redaction)
            if self.site.risk_gate:
                self._check_risk(story, redaction)
        html_text = render_story_markdown(escape_placeholders(body, placeholders), self.html_cache)
        metadata = self._story_metadata(story, fields, body)
        if redaction is not None:
            # The redaction travels on the article (and with `article_generator_context`), for
            # the leak gate: every surface removed from this story is gated in the output.
            metadata["redaction"] = redaction
        metadata["story_source"] = source_path
        return html_text, metadata

    def _check_slug(self, story: Story, redaction) -> None:
        """An editor's `slug:` holding a surface the anonymiser removed from this story stops the build."""
        slug = story.metadata.get("slug")
        if not slug:
            return
        surfaces = set(redaction.removed_surfaces())
        for _, finding in redaction.findings:  # "Adeyemi" of "Oluwaseun Adeyemi-Clarke" too
            if finding.label == "NAME":
                surfaces.update(w for w in slug_words(finding.text) if len(w) > 2)
        leaked = removed_from_slug(slug, surfaces)
        if leaked:
            shown = ", ".join(repr(s) if not is_ci() else f"{s[:1]}…" for s in leaked)
            problem = Problem(story.path, "slug", f"holds {shown}, which the anonymiser removes from this story; "
                                                  "choose a slug without it, or leave `slug:` out (it is then made "
                                                  "from the anonymised title)")
            raise SourceError([problem])

    def _check_risk(self, story: Story, redaction) -> None:
        """A story whose re-identification risk is high stops the build unless the editor accepted it."""
        verdict = cached_risk_verdict(redaction, self.risk_cache)
        problem = risk_problem(story, verdict)
        if problem is not None:
            raise SourceError([problem])

    def _story_metadata(self, story: Story, fields: dict[str, Any], body: str) -> dict[str, Any]:
        """Pelican metadata built only from the anonymised fields (never the file name or raw title)."""
        title = fields["title"].strip()
        themes = [self.themes[slug] for slug in story.metadata["themes"]]
        metadata: dict[str, Any] = {
            "title": title,
            "date": self.process_metadata("date", story.metadata["date"].isoformat()),
            "slug": story.metadata.get("slug") or slugify(title, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"]),
            "status": "published",
            "category": Category("Stories", self.settings),
            "tags": [Tag(theme.name, self.settings) for theme in themes],
            "themes": themes,
            "reading_time": max(1, math.ceil(len(WORD.findall(body)) / self.site.reading_words_per_minute)),
            "is_story": True,
        }
        for name in ("summary", "content_note", "role"):
            if fields.get(name):
                metadata[name] = plain_text_html(fields[name]) if name == "summary" else fields[name].strip()
        return metadata
