"""Build helpers shared by the tests: write a small content tree, run Pelican on it.

Tests build in temporary folders with the repository's own pelicanconf.py and theme, so
what they check is what `make html` does; only the content and a few settings differ.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

HOME_PAGE = """---
title: Home
slug: home
status: hidden
---
Safe Harbour publishes headteachers' stories.
"""


def story(title: str = "A term I will not forget", body: str = "The inspection came on a Tuesday.", **fields) -> str:
    """A valid story file's text; keyword arguments add or replace front-matter fields (None removes one)."""
    meta = {"title": title, "date": "2026-03-14", "themes": ["ofsted"], "consent": True, "status": "published"}
    meta.update(fields)
    lines = ["---"] + [f"{k}: {json.dumps(v)}" for k, v in meta.items() if v is not None] + ["---", body, ""]
    return "\n".join(lines)


def write_content(root: Path, stories: dict[str, str], pages: dict[str, str] | None = None) -> Path:
    """A content tree under `root` with the real theme vocabulary, the given stories and pages."""
    content = root / "content"
    (content / "stories").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copy(REPO / "content" / "themes.yml", content / "themes.yml")
    for name, text in stories.items():
        (content / "stories" / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    for name, text in {"home.md": HOME_PAGE, **(pages or {})}.items():
        (content / "pages" / name).write_text(text, encoding="utf-8")
    return content


def build(content: Path, output: Path, cache: Path | None = None, env: dict[str, str] | None = None,
          **settings) -> subprocess.CompletedProcess:
    """Run Pelican with the repository's settings on `content`; settings override as `-e NAME=json`.

    The build's environment is the test run's without CI (so what a build prints does not depend
    on where the suite runs), plus `env`: a test of CI behaviour passes env={"CI": "true"}."""
    overrides = {
        "ANONYMISER_CACHE_DIR": str(cache or output.parent / "anon-cache"),
        "SHARE_CARDS_CACHE_DIR": str((cache or output.parent / "anon-cache").parent / "card-cache"),
        **settings,
    }
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(REPO / "pelicanconf.py")]
    cmd += ["-e", *[f"{k}={json.dumps(v)}" for k, v in overrides.items()]]
    # A wide console keeps each of Pelican's log lines on one line, file name included.
    child_env = {k: v for k, v in os.environ.items() if k != "CI"} | {"COLUMNS": "250"} | (env or {})
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600, env=child_env)


def output_files(output: Path) -> list[Path]:
    """Every file written to the output folder."""
    return sorted(p for p in output.rglob("*") if p.is_file()) if output.exists() else []
