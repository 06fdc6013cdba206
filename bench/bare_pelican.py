"""Bare Pelican on the benchmark's stories: the baseline every build figure is compared with.

    .venv/bin/python bench/bare_pelican.py CONTENT OUT   # convert CONTENT's stories into OUT

The same stories, converted to Pelican's own Markdown metadata (`Title:`, `Date:`, `Tags:`,
`Slug:`, `Summary:`), built by one `pelican` process with Pelican's default theme, default
settings and no plugins: what Pelican itself costs on this many stories and words, so that
"× bare Pelican" says what Safe Harbour's own work adds. Drafts and unconsented stories are left
out, as Safe Harbour leaves them out. Nothing here is anonymised: the folder it writes is under
bench/work/ (git-ignored) and holds generated stories only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: Pelican's defaults, plus only what a build in a scratch folder needs: no plugins, no theme.
SETTINGS = '''"""Bare Pelican for the build benchmark: default theme, default settings, no plugins."""
AUTHOR = "Bench"
SITENAME = "Bare Pelican"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PLUGINS = []
PLUGIN_PATHS = []
'''


def one_line(value: object) -> str:
    """A metadata value on one line (Pelican's Markdown metadata is line-based)."""
    return " ".join(str(value).split())


def pelican_markdown(metadata: dict, body: str, themes: dict) -> str:
    """A story as Pelican's own Markdown file: `Key: value` lines, a blank line, the body."""
    lines = [f"Title: {one_line(metadata['title'])}", f"Date: {metadata['date'].isoformat()}",
             "Tags: " + ", ".join(themes[t].name for t in metadata["themes"])]
    if metadata.get("slug"):
        lines.append(f"Slug: {metadata['slug']}")
    if metadata.get("summary"):
        lines.append(f"Summary: {one_line(metadata['summary'])}")
    return "\n".join(lines) + "\n\n" + body


def convert_stories(content: Path, out: Path) -> int:
    """Write every publishable story of `content` into `out/` as Pelican Markdown; return how many."""
    from plugins.common.stories import load_story, load_themes

    themes = load_themes(content / "themes.yml")
    out.mkdir(parents=True, exist_ok=True)
    written = set()
    for path in sorted((content / "stories").glob("*.md")):
        story = load_story(path, themes)
        if story.skip_reason() is not None:
            continue
        target = out / path.name
        text = pelican_markdown(story.metadata, story.body, themes)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.add(target.name)
    for stale in out.glob("*.md"):
        if stale.name not in written:
            stale.unlink()
    return len(written)


def write_settings(path: Path) -> Path:
    """Write the bare settings file; return its path."""
    path.write_text(SETTINGS, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Convert a content folder's stories for bare Pelican."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    print(f"{convert_stories(args.content, args.out)} stories written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
