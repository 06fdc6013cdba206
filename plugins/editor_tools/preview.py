"""Preview one story as the build will publish it: checked, anonymised, with its report.

    make preview STORY=content/stories/2026-03-14-the-week-the-letter-came.md
    python -m plugins.editor_tools.preview FILE [--html] [--unmask]

Validates the story with the build's schema (problems one per line, as the build prints them),
anonymises it with the build's settings, model and cache (`pelicanconf.py`, `cache/anonymiser`:
a story the build has seen is not anonymised again), prints the anonymised text and the
redaction report. Drafts and unconsented stories are previewed too: that is when you need it.
Removed words are masked in the report (first letter and length) so the output is safe to
paste into an email; `--unmask` shows them in full, on your own screen only. `--html` also
renders the story's page into a temporary folder and prints its path.
Exit status: 0 when the story would build (published or skipped), 1 when it has problems or
could not be anonymised, 2 on bad use.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .report import render_terminal_report, story_report
from .session import DEFAULT_SETTINGS_FILE, EditorSession, StoryCheck, parse_overrides, read_pelican_settings

FIELD_LABELS = (("title", "Title"), ("role", "Role"), ("summary", "Summary"), ("content_note", "Content note"))


def render_preview(check: StoryCheck, mask: bool = True) -> str:
    """The terminal preview of a checked story: problems, or anonymised text and report."""
    lines = [f"Story: {check.path}"]
    if check.problems:
        lines.append(f"This story stops the build: {len(check.problems)} problem(s) to fix:")
        lines += [str(p) for p in check.problems]
        return "\n".join(lines) + "\n"
    if check.error:
        lines.append(f"This story could not be anonymised: {check.error}")
        return "\n".join(lines) + "\n"
    if check.skip_reason:
        lines.append(f"Not published as it stands ({check.skip_reason}): this is what it WOULD look like.")
    redaction = check.redaction
    lines += ["", "=" * 30 + " Anonymised story " + "=" * 30]
    for name, label in FIELD_LABELS:
        value = redaction.metadata.get(name)
        if value:
            lines.append(f"{label}: {' '.join(str(value).split())}")
    lines += ["", redaction.body.strip(), "", "=" * 30 + " Redaction report " + "=" * 30]
    lines.append(render_terminal_report(story_report(check, 1, mask=mask)).rstrip("\n"))
    if not (check.story.metadata.get("themes") or []):
        lines += ["", "Before publishing: choose at least one theme (themes: [...])."]
    return "\n".join(lines) + "\n"


def render_page(session: EditorSession, check: StoryCheck, out_dir: Path) -> Path:
    """Build this one story's page with the site's settings into `out_dir`; return the page's path.

    Runs Pelican on a temporary content folder holding the vocabulary files, the pages and this
    story alone, marked publishable (consent and status only: nothing else changes) so a draft
    can be seen. Collections are left out: they name other stories, which are not there.
    """
    import frontmatter
    from pelican import Pelican

    site = session.site
    content = out_dir / "content"
    content.mkdir(parents=True)
    for item in site.content_path.iterdir():
        if item.is_file():
            shutil.copy2(item, content / item.name)
    for folder in session.pelican_settings.get("PAGE_PATHS", ["pages"]):
        if (site.content_path / folder).is_dir():
            shutil.copytree(site.content_path / folder, content / folder)
    stories = content / site.stories_dir.relative_to(site.content_path)
    stories.mkdir(parents=True, exist_ok=True)
    post = frontmatter.loads(Path(check.path).read_text(encoding="utf-8"))
    post.metadata.update({"consent": True, "status": "published"})
    if not post.metadata.get("themes"):
        post.metadata["themes"] = [next(iter(session.themes))]
    (stories / Path(check.path).name).write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    # The leak gate's manifest goes in the temporary folder too: the real build's manifest (which
    # `make check` re-scans output/ with) must not be replaced by this one story's.
    overrides = {**session.overrides, "PATH": str(content), "OUTPUT_PATH": str(out_dir / "output"),
                 "ANONYMISER_CACHE_DIR": str(site.anonymiser_cache_dir),
                 "LEAK_GATE_MANIFEST": str(out_dir / "leak-gate-manifest.json")}
    settings = read_pelican_settings(session.settings_file, overrides)
    Pelican(settings).run()
    pages = sorted((out_dir / "output" / "stories").glob("*/index.html"))
    if not pages:
        raise RuntimeError("Pelican wrote no story page")
    return pages[0]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m plugins.editor_tools.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("story", nargs="?", default="", help="the story file, e.g. content/stories/2026-03-14-x.md")
    parser.add_argument("--html", action="store_true", help="also render the story's page into a temporary folder")
    parser.add_argument("--unmask", action="store_true", help="show removed words in full in the report (your screen only)")
    parser.add_argument("-s", "--settings", type=Path, default=DEFAULT_SETTINGS_FILE, help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("-e", "--extra-settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override a setting as `pelican -e` does")
    args = parser.parse_args(argv)
    if not args.story:
        print("preview: which story? run  make preview STORY=content/stories/<file>.md", file=sys.stderr)
        return 2
    path = Path(args.story)
    if not path.is_file():
        print(f"preview: {path} does not exist (story files are in content/stories/)", file=sys.stderr)
        return 2
    try:
        overrides = parse_overrides(args.extra_settings)
    except ValueError as err:
        parser.error(str(err))
    session = EditorSession.from_file(args.settings, overrides)
    check = session.check(path)
    sys.stdout.write(render_preview(check, mask=not args.unmask))
    if check.problems or check.error:
        return 1
    if args.html:
        out_dir = Path(tempfile.mkdtemp(prefix="safe-harbour-preview-"))
        try:
            page = render_page(session, check, out_dir)
        except Exception as err:  # noqa: BLE001 - the text preview above stands; say why the page did not
            print(f"\nThe page could not be rendered: {err}", file=sys.stderr)
            return 1
        print(f"\nPage (only on this computer): {page}")
        print("Open it in a browser, e.g.  python -m http.server -d " + str(out_dir / "output") + " 8001")
    return 0


if __name__ == "__main__":
    sys.exit(main())
