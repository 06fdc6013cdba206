"""Start a new story: a draft file with its front matter filled in and a short guide.

    make new-story TITLE="The week the letter came"
    python -m plugins.editor_tools.new_story --title "The week the letter came"

Creates content/stories/<today>-<slug>.md and prints its path. The slug in the file name is
made from the title AFTER the anonymiser has run over it, because file names are public in
the repository and the title may hold a name; without the model it is a neutral
`story-<random>` instead. An existing file is never overwritten. Without a title the command
asks for one, or, with no terminal to ask on, stops with a clear message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import sys
from pathlib import Path

from plugins.common.stories import Theme, load_themes

from .session import DEFAULT_SETTINGS_FILE, EditorSession, parse_overrides

#: Anonymiser placeholders ("[Name A]") are dropped from the file-name slug, not spelled out.
PLACEHOLDER = re.compile(r"\[[^\]]*\](?:['’]s\b)?")
SLUG_WORD = re.compile(r"[a-z0-9]+")
MAX_SLUG_WORDS = 8


class NoTitle(Exception):
    """No title was given and there is no terminal to ask for one."""


def slugify_title(title: str) -> str:
    """Lower-case words of an (already anonymised) title joined by hyphens; placeholders dropped."""
    import unicodedata

    text = unicodedata.normalize("NFKD", PLACEHOLDER.sub(" ", title)).encode("ascii", "ignore").decode()
    words = SLUG_WORD.findall(text.lower().replace("'", ""))
    return "-".join(words[:MAX_SLUG_WORDS])


def neutral_slug() -> str:
    """A slug that says nothing about the story: `story-` and six random hex digits."""
    return "story-" + secrets.token_hex(3)


def anonymised_slug(title: str, policy) -> str | None:
    """The file-name slug from `title` as the anonymiser leaves it, or None if it cannot run."""
    try:
        import anonymiser

        redaction = anonymiser.redact_story({"title": title}, title, policy)
        slug = slugify_title(str(redaction.metadata["title"]))
    except Exception:  # noqa: BLE001 - no model, or anything else: fall back to a neutral slug
        return None
    return slug or None


def theme_lines(themes: dict[str, Theme]) -> list[str]:
    """The allowed themes as YAML comment lines: slug and what it is about."""
    width = max(len(slug) for slug in themes)
    return [f"#   {slug:<{width}}  {theme.description or theme.name}" for slug, theme in themes.items()]


def story_template(title: str, today: dt.date, themes: dict[str, Theme]) -> str:
    """The text of a new draft story: front matter filled in, guidance as YAML and HTML comments."""
    lines = [
        "---",
        "# A new story. Lines starting with # are guidance for you: nothing after a # is published.",
        "# The life of a story, step by step: CONTRIBUTING.md.",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"date: {today.isoformat()}",
        "# themes: choose one or more of these slugs, e.g. themes: [ofsted, workload]",
        *theme_lines(themes),
        "themes: []",
        "# consent: set to true ONLY when the writer's written consent is recorded (see CONTRIBUTING.md).",
        "consent: false",
        "# status: stays draft until the story is ready; then published.",
        "status: draft",
        "# role: optional, a description never a name, e.g. \"primary head, in post for some years\".",
        "# role: \"\"",
        "# content_note: optional, shown before the text, e.g. \"Mentions suicidal thoughts.\"",
        "# content_note: \"\"",
        "# redact: words the anonymiser must always remove from this story, e.g. a nickname, a",
        "#   team's name or a school event only that school has: redact: [\"Carnival Queen\"]",
        "redact: []",
        "# keep: words the anonymiser must leave alone, e.g. a public body it mistakes for a name:",
        "#   keep: [\"Education Support\"]. Never put a person's name or a school here.",
        "keep: []",
        "#",
        "# BEFORE YOU WRITE: the anonymiser removes names, places, schools, trusts, email",
        "# addresses and phone numbers and puts placeholders such as [Name A] in their place.",
        "# It cannot know what makes a story recognisable to the people around the writer.",
        "# Remove or blur these by hand (the preview lists many of them as \"to check\"):",
        "#   - exact dates (\"the 14th of March\"): say \"one spring\", \"that term\";",
        "#   - ages, numbers on roll, years in post, staff numbers: say \"a small primary\",",
        "#     \"over a decade\";",
        "#   - rare events (a fire, a court case, a news story) and unusual job titles.",
        "# Then run: make preview STORY=<this file>",
        "---",
        "<!-- Write the story below, in plain Markdown: a blank line between paragraphs,",
        "     \"## \" before a heading. Delete this comment when you have finished. -->",
        "",
    ]
    return "\n".join(lines)


def story_path(stories_dir: Path, today: dt.date, slug: str) -> Path:
    """content/stories/<YYYY-MM-DD>-<slug>.md."""
    return stories_dir / f"{today.isoformat()}-{slug}.md"


def ask_title(stdin=None, stdout=None) -> str:
    """Ask for a title on a terminal; raise `NoTitle` when there is no terminal to ask on."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not stdin.isatty():
        raise NoTitle('no title given: run  make new-story TITLE="The title of the story"')
    stdout.write("Title of the new story (it may hold names: they are anonymised before anything is published): ")
    stdout.flush()
    return stdin.readline().strip()


def create_story(title: str, stories_dir: Path, themes: dict[str, Theme], today: dt.date, policy=None) -> tuple[Path, list[str]]:
    """Write a new draft story; returns (path, notes for the editor). Never overwrites a file."""
    title = " ".join(title.split())
    if not title:
        raise ValueError("the title is empty")
    notes = []
    slug = anonymised_slug(title, policy) if policy is not None else None
    if slug is None:
        slug = neutral_slug()
        notes.append("The anonymiser could not run, so the file has a neutral name. That is fine: "
                     "the file name is never published. Run `make install` if you want a descriptive one.")
    stories_dir.mkdir(parents=True, exist_ok=True)
    path = story_path(stories_dir, today, slug)
    # "x" mode: the file is created only if it does not exist, atomically; never overwritten.
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(story_template(title, today, themes))
    return path, notes


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m plugins.editor_tools.new_story", description=__doc__.split("\n\n")[0])
    parser.add_argument("--title", default=os.environ.get("TITLE", ""), help="the story's title (default: $TITLE, else asked)")
    parser.add_argument("-s", "--settings", type=Path, default=DEFAULT_SETTINGS_FILE, help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("-e", "--extra-settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override a setting as `pelican -e` does")
    parser.add_argument("--no-anonymiser", action="store_true", help="do not load the model: give the file a neutral name")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        title = args.title.strip() or ask_title()
    except NoTitle as err:
        print(f"new-story: {err}", file=sys.stderr)
        return 2
    if not title:
        print('new-story: the title is empty: run  make new-story TITLE="The title of the story"', file=sys.stderr)
        return 2
    session = EditorSession.from_file(args.settings, parse_overrides(args.extra_settings))
    policy = None
    if not args.no_anonymiser:
        try:
            policy = session.adapter.policy
        except Exception:  # noqa: BLE001 - no anonymiser at all: the neutral name below
            policy = None
    today = args.date or dt.date.today()
    try:
        path, notes = create_story(title, session.site.stories_dir, load_themes(session.site.story_themes_file), today, policy)
    except FileExistsError as err:
        print(f"new-story: {err.filename} already exists; nothing was changed. Choose another title, "
              "or open that file to carry on writing it.", file=sys.stderr)
        return 1
    shown = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    print(f"Created {shown}")
    for note in notes:
        print(f"Note: {note}")
    print(f"Next: write the story in that file, then run  make preview STORY={shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
