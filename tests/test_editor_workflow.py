"""The GitHub workflow cannot run here: its YAML must parse and its structure must be the agreed one."""

import re

import pytest
import yaml

from tests.sitebuild import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
TEMPLATE = REPO / ".github" / "PULL_REQUEST_TEMPLATE.md"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block (YAML 1.1 reads the bare key `on` as True)."""
    return workflow.get("on", workflow.get(True))


def runs(job: dict) -> str:
    """Every shell command of a job, joined."""
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_it_runs_on_pull_requests_and_on_pushes_to_main(workflow):
    on = triggers(workflow)
    assert "pull_request" in on and on["push"]["branches"] == ["main"]


def test_every_action_is_pinned_at_least_to_a_major_version(workflow):
    for job in workflow["jobs"].values():
        for action in uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(\.\d+)*|[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_the_pull_request_job_uses_python_311_and_debian_chromium(workflow):
    job = workflow["jobs"]["pull-request"]
    assert job["container"].startswith("python:3.11-bookworm")
    assert "apt-get install" in runs(job) and " chromium " in runs(job)


def test_the_pull_request_job_tests_builds_and_checks_through_make(workflow):
    commands = runs(workflow["jobs"]["pull-request"])
    for target in ("make test", "make html", "make check"):
        assert re.search(rf"^{target}$", commands, re.MULTILINE), target


def test_the_report_covers_the_stories_the_pull_request_changes(workflow):
    commands = runs(workflow["jobs"]["pull-request"])
    assert "git diff -z --name-only origin/${{ github.base_ref }}...HEAD -- content/stories" in commands
    assert "-m plugins.editor_tools.pr_report" in commands
    [checkout] = [s for s in workflow["jobs"]["pull-request"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("job", ["pull-request", "publish"])
def test_each_job_first_refuses_to_run_from_a_public_repository(workflow, job):
    first = workflow["jobs"][job]["steps"][0]
    assert first["env"]["PRIVATE"] == "${{ github.event.repository.private }}"
    assert 'if [ "$PRIVATE" != "true" ]' in first["run"] and "exit 1" in first["run"]


def test_the_report_is_one_comment_found_by_its_marker_and_kept_as_an_artefact(workflow):
    job = workflow["jobs"]["pull-request"]
    [script_step] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/github-script@")]
    script = script_step["with"]["script"]
    assert "<!-- safe-harbour-report -->" in script and "updateComment" in script and "createComment" in script
    assert job["permissions"]["pull-requests"] == "write"
    assert any(a.startswith("actions/upload-artifact@") for a in uses(job))


def test_the_marker_is_the_one_the_report_writes(workflow):
    from plugins.editor_tools.report import MARKER

    assert MARKER in WORKFLOW.read_text(encoding="utf-8")


def test_pushes_to_main_publish_and_deploy_to_pages(workflow):
    jobs = workflow["jobs"]
    assert re.search(r"^make publish\b", runs(jobs["publish"]), re.MULTILINE)
    assert any(a.startswith("actions/upload-pages-artifact@") for a in uses(jobs["publish"]))
    assert any(a.startswith("actions/deploy-pages@") for a in uses(jobs["deploy"]))
    assert jobs["deploy"]["needs"] == "publish"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "push" in jobs["publish"]["if"] and "pull_request" in jobs["pull-request"]["if"]


def test_the_pull_request_template_has_the_editors_checklist():
    text = TEMPLATE.read_text(encoding="utf-8")
    for item in ["Consent is recorded", "Content note", "read the redaction report", "indirect identifiers",
                 "Themes", "No real names in file names"]:
        assert re.search(rf"^- \[ \] .*{re.escape(item)}", text, re.MULTILINE | re.IGNORECASE), item
