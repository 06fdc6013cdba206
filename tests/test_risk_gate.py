"""The build stops at a story whose re-identification risk is high, unless the editor accepted it."""

from tests.sitebuild import build, output_files, story, write_content

HIGH_RISK_BODY = ("I led the only Catholic secondary in the county. We were judged inadequate in March 2019, "
                  "and by the summer I had gone. My husband is the vicar, so the whole parish knew.")
HIGH_RISK_ROLE = "secondary head, eleven years in post"


def test_a_high_risk_story_stops_the_build_naming_the_file_and_the_way_out(tmp_path):
    content = write_content(tmp_path, {"only-one.md": story("The only one", HIGH_RISK_BODY, role=HIGH_RISK_ROLE)})
    result = build(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    flat = " ".join(log.split())  # the console wraps long messages
    assert "only-one.md: field 'risk'" in flat and "risk: high (about" in flat, log
    assert "risk_accepted" in flat and "python -m anonymiser risk" in flat
    assert output_files(tmp_path / "output") == []


def test_risk_accepted_with_a_reason_lets_the_story_publish(tmp_path):
    accepted = story("The only one", HIGH_RISK_BODY, role=HIGH_RISK_ROLE,
                     risk_accepted="The writer has left the county and wants the school recognisable.")
    content = write_content(tmp_path, {"only-one.md": accepted})
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in output_files(tmp_path / "output"))
    assert "Catholic secondary" in published
    assert "wants the school recognisable" not in published  # the reason is for the reviewer only


def test_an_empty_risk_accepted_is_a_problem_not_a_pass(tmp_path):
    content = write_content(tmp_path, {"only-one.md": story("The only one", HIGH_RISK_BODY, role=HIGH_RISK_ROLE,
                                                            risk_accepted="")})
    result = build(content, tmp_path / "output")
    assert result.returncode != 0
    assert "risk_accepted" in result.stdout + result.stderr


def test_a_low_risk_story_builds(tmp_path):
    content = write_content(tmp_path, {"plain.md": story("A hard year", "The job got harder every year.", role="primary head")})
    assert build(content, tmp_path / "output").returncode == 0


def test_a_publishing_build_refuses_to_switch_the_check_off(tmp_path):
    content = write_content(tmp_path, {"plain.md": story("A hard year", "The job got harder every year.")})
    result = build(content, tmp_path / "output", PUBLISHING=True, RISK_GATE=False)
    assert result.returncode != 0
    assert "RISK_GATE is off in a publishing build" in result.stdout + result.stderr
