"""The GitHub Action: action.yml's structure, and its shell steps (.github/action/run.sh) run
locally with a simulated GITHUB_* environment against a small project."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import FINDING, REPO, run_bash_script

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
SCRIPT = REPO / ".github" / "action" / "run.sh"
SCRIPT_CALL = '"$GITHUB_ACTION_PATH/.github/action/run.sh"'

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")


# ---------------------------------------------------------------------------- action.yml
def steps() -> list[dict]:
    return ACTION["runs"]["steps"]


def step_using(action: str) -> dict:
    return next(step for step in steps() if step.get("uses", "").startswith(action + "@"))


def test_composite_action_with_its_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"mode", "paths", "args", "version", "category", "sarif", "python-version"} <= set(inputs)
    assert (inputs["mode"]["default"], inputs["paths"]["default"], inputs["version"]["default"]) == ("check", ".", "")
    assert inputs["sarif"]["default"] == "true"
    assert all("description" in spec for spec in inputs.values())
    assert {"exit-code", "sarif-file", "diff-file"} <= set(ACTION["outputs"])


def test_steps_set_up_python_then_call_the_script() -> None:
    assert steps()[0]["uses"].startswith("actions/setup-python@")
    assert steps()[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    runs = [step for step in steps() if "run" in step]
    assert [step["run"] for step in runs] == [
        f"{SCRIPT_CALL} install",
        f'{SCRIPT_CALL} "$INPUT_MODE"',
        f"{SCRIPT_CALL} finish",
    ]
    assert all(step["shell"] == "bash" for step in runs)
    install = runs[0]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert install["env"]["INPUT_VERSION"] == "${{ inputs.version }}"
    assert SCRIPT.stat().st_mode & 0o111  # executable, as the steps run it


def test_sarif_upload_is_conditional_and_categorised() -> None:
    upload = step_using("github/codeql-action/upload-sarif")
    condition = upload["if"]
    assert "always()" in condition  # the report is uploaded also when findings fail the step
    assert "inputs.sarif == 'true'" in condition
    assert "inputs.mode != 'fix'" in condition
    assert upload["with"]["category"] == "${{ inputs.category }}"
    assert upload["with"]["sarif_file"] == "${{ steps.scopelint.outputs.sarif-file }}"
    artifact = step_using("actions/upload-artifact")
    assert "inputs.mode == 'fix'" in artifact["if"]
    # the step that fails the job comes after both uploads
    assert steps()[-1]["run"].endswith("finish")


# ---------------------------------------------------------------------------- run.sh
@pytest.fixture()
def github(tmp_path: Path) -> dict[str, Path]:
    """A workspace with one finding, and the files GitHub gives a step."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "app.py").write_text(FINDING)
    (workspace / "clean.py").write_text("x = 1\n")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    return {
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_OUTPUT": tmp_path / "output",
        "GITHUB_STEP_SUMMARY": tmp_path / "summary.md",
        "RUNNER_TEMP": temp,
    }


def step(github: dict[str, Path], command: str, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = {**{name: str(value) for name, value in github.items()}, **inputs}
    return run_bash_script(SCRIPT, [command], github["GITHUB_WORKSPACE"], env)


def outputs(github: dict[str, Path]) -> dict[str, str]:
    lines = github["GITHUB_OUTPUT"].read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_check_writes_sarif_and_a_summary(github: dict[str, Path]) -> None:
    run = step(github, "check", INPUT_PATHS=".", INPUT_SARIF="true")
    assert run.returncode == 0, run.stderr  # the step never fails: the uploads come first
    found = outputs(github)
    assert found["exit-code"] == "1"
    sarif = json.loads(Path(found["sarif-file"]).read_text())
    assert Path(found["sarif-file"]).parent == github["RUNNER_TEMP"]
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["SL101"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    summary = github["GITHUB_STEP_SUMMARY"].read_text()
    assert "### scopelint check" in summary
    assert "1  SL101      id-token-bearer" in summary  # its fix is unsafe: no [*]


def test_check_without_sarif_annotates(github: dict[str, Path]) -> None:
    run = step(github, "check", INPUT_SARIF="false", INPUT_ARGS="--select SL101")
    assert run.returncode == 0
    assert run.stdout.startswith("::error file=app.py,line=7,")
    assert "sarif-file" not in outputs(github)
    assert outputs(github)["exit-code"] == "1"


def test_check_of_clean_paths(github: dict[str, Path]) -> None:
    step(github, "check", INPUT_PATHS="clean.py\n")
    assert outputs(github)["exit-code"] == "0"
    assert "No findings." in github["GITHUB_STEP_SUMMARY"].read_text()


def test_fix_mode_writes_the_diff_and_changes_nothing(github: dict[str, Path]) -> None:
    before = (github["GITHUB_WORKSPACE"] / "app.py").read_text()
    run = step(github, "fix", INPUT_ARGS="--unsafe-fixes")
    assert run.returncode == 0, run.stderr
    found = outputs(github)
    assert found["exit-code"] == "1"  # there is something to fix
    diff = Path(found["diff-file"]).read_text()
    assert diff.startswith("--- a/app.py\n+++ b/app.py\n")
    assert '+        headers={"Authorization": f"Bearer {tokens[\'access_token\']}"},' in diff
    summary = github["GITHUB_STEP_SUMMARY"].read_text()
    assert "```diff\n" + diff in summary
    assert (github["GITHUB_WORKSPACE"] / "app.py").read_text() == before


def test_fix_mode_with_nothing_to_fix(github: dict[str, Path]) -> None:
    step(github, "fix", INPUT_PATHS="clean.py")
    assert outputs(github)["exit-code"] == "0"
    assert "Nothing to fix." in github["GITHUB_STEP_SUMMARY"].read_text()


@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("", "{action}"),
        ("0.2.0", "scopelint==0.2.0"),
        ("git+https://example.test/scopelint@v0.1.0", "git+https://example.test/scopelint@v0.1.0"),
    ],
)
def test_install_from_the_checkout_or_a_version(
    github: dict[str, Path], tmp_path: Path, version: str, requirement: str
) -> None:
    recorded = tmp_path / "pip-args"
    fake_pip = tmp_path / "pip"
    fake_pip.write_text(f'#!/bin/sh\necho "$@" > {recorded}\n')
    fake_pip.chmod(0o755)
    action = tmp_path / "action checkout"
    run = step(github, "install", INPUT_VERSION=version, ACTION_PATH=str(action), PIP=str(fake_pip))
    assert run.returncode == 0, run.stderr
    expected = requirement.format(action=action)
    assert recorded.read_text() == f"install --disable-pip-version-check {expected}\n"


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_finish_exits_with_scopelints_status(github: dict[str, Path], code: str) -> None:
    assert step(github, "finish", INPUT_EXIT_CODE=code).returncode == int(code)


def test_unknown_command_is_a_usage_error(github: dict[str, Path]) -> None:
    assert step(github, "deploy").returncode == 2
