"""Editors' tools: start a story, preview its redaction, report on a pull request's stories.

Not a Pelican plugin (nothing here is listed in PLUGINS): these are command-line tools that
share the build's own schema (`plugins.common.stories`), settings (`pelicanconf.py` read by
Pelican, `plugins.common.settings`) and anonymiser adapter (`plugins.anonymise.adapter`), so
what an editor sees before a pull request is exactly what the build will do.

- `python -m plugins.editor_tools.new_story` (`make new-story TITLE="..."`)
- `python -m plugins.editor_tools.preview FILE` (`make preview STORY=FILE`)
- `python -m plugins.editor_tools.pr_report FILE...` (the pull-request comment, in CI)
"""
