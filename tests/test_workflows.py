"""The GitHub workflows shipped for the project's users are valid and call commands that exist."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from conftest import KB_TODAY, REPO

from generators.cli import main

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(), re.MULTILINE))


def run_lines(workflow: Path) -> list[str]:
    data = yaml.safe_load(workflow.read_text())
    lines = []
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            lines += [line.strip() for line in step.get("run", "").splitlines() if line.strip()]
    return lines


def test_there_are_workflows_for_pull_requests_freshness_and_pages() -> None:
    assert [w.name for w in WORKFLOWS] == ["freshness.yml", "pages.yml", "pr-comment.yml", "pr.yml"]


def test_every_workflow_is_valid_against_the_github_workflow_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_kb_command_and_option_a_workflow_calls_exists(workflow: Path) -> None:
    for line in run_lines(workflow):
        for match in re.finditer(r"(?:\.venv/bin/)?\bkb ([a-z-]+)([^|>;&]*)", line):
            command = main.commands.get(match.group(1))
            assert command is not None, f"{workflow.name}: `kb {match.group(1)}` does not exist"
            words = shlex.split(match.group(2).replace("${{", "").replace("}}", ""))
            if isinstance(command, click.Group):  # `kb import litellm …`: the options are the subcommand's
                assert words and words[0] in command.commands, f"{workflow.name}: `kb {match.group(1)} {words[:1]}`"
                command, words = command.commands[words[0]], words[1:]
            options = {opt for param in command.params for opt in getattr(param, "opts", [])}
            for word in words:
                if word.startswith("--"):
                    assert word.split("=")[0] in options, f"{workflow.name}: `kb {match.group(1)} {word}`"
        for target in re.findall(r"\bmake ([a-z-]+)", line):
            assert target in MAKE_TARGETS, f"{workflow.name}: `make {target}` is not a Makefile target"


def test_no_workflow_runs_pull_request_code_with_secrets() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        triggers = data.get("on", data.get(True))
        uses_secrets = "secrets." in workflow.read_text().replace("secrets.GITHUB_TOKEN", "")
        if "pull_request" in triggers or "pull_request_target" in triggers:
            assert not uses_secrets and "pull_request_target" not in triggers, workflow.name
        if "workflow_run" in triggers:
            assert "actions/checkout" not in workflow.read_text(), f"{workflow.name} must not check out PR code"


def test_every_pre_commit_hook_watches_files_that_exist() -> None:

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    files = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file() and ".venv" not in p.parts
             and ".git" not in p.parts]
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            pattern = re.compile(hook["files"])
            watched = [f for f in files if pattern.search(f)]
            assert any(f.startswith("generators/") for f in watched) or hook["id"] != "kb-schemas", hook["id"]
            assert watched, f"{hook['id']} watches {hook['files']}, which no file matches"


def test_the_live_check_and_the_refresh_get_every_key_a_providers_list_needs() -> None:
    """A provider whose list is never read is never checked: each key the KB's providers name for their model lists
    reaches both steps that read them (the check and the refresh), as a secret of the same name."""
    from generators.kb.validate import validate_kb

    kb, _ = validate_kb(REPO / "kb", KB_TODAY)
    wanted = {p.auth.env_var for p in kb.providers if p.models_endpoint and p.auth}
    data = yaml.safe_load((REPO / ".github" / "workflows" / "freshness.yml").read_text())
    for command in ("kb check --live", "kb refresh"):
        [step] = [s for job in data["jobs"].values() for s in job["steps"] if command in s.get("run", "")]
        assert {k for k, v in step["env"].items() if v == f"${{{{ secrets.{k} }}}}"} >= wanted, command


def cache_step(workflow: str) -> dict[str, str]:
    """The `with:` of the workflow's actions/cache step (the one each of them has)."""
    data = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text())
    steps = [step for job in data["jobs"].values() for step in job.get("steps", [])
             if str(step.get("uses", "")).startswith("actions/cache@")]
    assert len(steps) == 1, workflow
    return steps[0]["with"]


def expand(text: str, context: dict[str, str]) -> str:
    """A workflow expression's `${{ name }}`s replaced by the values a run would give them."""
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda match: context[match.group(1)], text)


def test_a_pull_request_starts_from_the_cache_the_deploy_of_its_base_branch_saved() -> None:
    deploy, pull = cache_step("pages.yml"), cache_step("pr.yml")
    saved = expand(deploy["key"], {"github.ref_name": "main", "github.sha": "0123abc", "github.run_id": "77"})
    assert saved == "site-main-0123abc-77"  # a run of the deploy on main
    again = expand(deploy["key"], {"github.ref_name": "main", "github.sha": "0123abc", "github.run_id": "78"})
    assert again != saved  # the next day's run at the same commit saves its own (an existing key is never saved)
    assert saved.startswith(expand(pull["restore-keys"], {"github.base_ref": "main"}))  # a pull request into main
    assert deploy["path"] == pull["path"] == ".build-cache"
    for workflow in ("pages.yml", "pr.yml"):
        assert 'make site KB_BUILD_FLAGS="--cache .build-cache"' in run_lines(REPO / ".github" / "workflows" / workflow)


def test_the_site_is_built_and_deployed_again_every_day_without_a_push() -> None:
    """Pages state what holds on the day they were built (live or retired, "retires in N days", the price in force):
    a site deployed on pushes only would keep yesterday's facts through a quiet week."""
    data = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    triggers = data[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    crons = [entry["cron"].split() for entry in triggers["schedule"]]
    assert crons and all(len(fields) == 5 for fields in crons)
    assert any(fields[2:] == ["*", "*", "*"] and fields[1].isdigit() and fields[0].isdigit() for fields in crons), \
        f"no run every day of every month: {crons}"
