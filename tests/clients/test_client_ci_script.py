"""The commands CI pipelines run (tests/clients/ci_pipeline.sh), through ``docker compose``, once
with pycompose as the compose plugin and once with Docker Compose v2 as the plugin, on the same
compose file: exit codes, and the outputs scripts read (``ps --format json``, ``exec``/``run``
output and stderr, ``logs --no-color``), normalised for the project name, ids, times and ports.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import PREFIX
from stack_support import Stack, oracle_path

pytestmark = pytest.mark.oracle

HERE = Path(__file__).parent
COMPOSE = """
services:
  init:
    image: pycompose/busybox:latest
    command: ["sh", "-c", "echo seeding; echo seeded"]
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    environment: {GREETING: hi}
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    depends_on:
      init: {condition: service_completed_successfully}
  worker:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo worker one; echo worker two; exec sleep 300"]
    stop_grace_period: 1s
    depends_on:
      web: {condition: service_healthy}
  job:
    image: pycompose/busybox:latest
    profiles: [tools]
    command: ["true"]
"""
STEPS = ("config", "up", "ps", "ps-all", "ps-q", "exec", "exec-env", "run", "run-code", "logs", "logs-job",
         "down", "ps-after")
# stdout compared as text (after normalising); ps --format json compared record by record
TEXT = ("config", "ps-q", "exec", "exec-env", "run", "logs", "logs-job", "ps-after")
STDERR = ("exec", "exec-env", "run")
TIMING = {"CreatedAt", "RunningFor", "Status"}


def pipeline(tool: str, tmp: Path, docker_client: Any, base: Path) -> dict[str, tuple[int, str, str]]:
    """Run the script with ``tool``'s plugin; step -> (exit code, stdout, stderr), the project's name as PROJECT."""
    project = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    work = tmp / tool
    work.mkdir()
    (work / "compose.yaml").write_text(COMPOSE)
    config = base if tool == "pycompose" else tmp / "v2-config"
    if tool != "pycompose":
        (config / "cli-plugins").mkdir(parents=True)
        (config / "cli-plugins" / "docker-compose").symlink_to(oracle_path())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    env.update({"DOCKER_CONFIG": str(config), "PYCOMPOSE_NO_MEMO": "1", "COMPOSE": "docker compose",
                "PROJECT": project, "NO_COLOR": "1"})
    out = work / "out"
    try:
        subprocess.run(["sh", str(HERE / "ci_pipeline.sh"), str(out)], cwd=work, env=env, check=True,
                       timeout=600, stdin=subprocess.DEVNULL)
    finally:
        Stack(project, work, docker_client).cleanup()
    results = {}
    for step in STEPS:
        text = [(out / f"{step}.{ext}").read_text().replace(project, "PROJECT") for ext in ("out", "err")]
        results[step] = (int((out / f"{step}.rc").read_text()), text[0], text[1])
    return results


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, docker_client: Any, base_image: str,
         plugin_config: Path) -> dict[str, dict[str, tuple[int, str, str]]]:
    tmp = tmp_path_factory.mktemp("ci-pipeline")
    return {tool: pipeline(tool, tmp, docker_client, plugin_config) for tool in ("pycompose", "v2")}


def records(text: str) -> list[dict[str, Any]]:
    text = text.strip()
    if text.startswith("["):
        loaded: list[dict[str, Any]] = json.loads(text)
        return loaded
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def normal_ps(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k not in TIMING | {"ID", "Labels"}}
    out["Publishers"] = [{**p, "PublishedPort": bool(p.get("PublishedPort"))} for p in record.get("Publishers") or []]
    out["Ports"] = re.sub(r":\d+->", ":PORT->", record.get("Ports", ""))
    return out


def test_exit_codes_match_v2(both: dict[str, dict[str, tuple[int, str, str]]]) -> None:
    ours = {step: r[0] for step, r in both["pycompose"].items()}
    theirs = {step: r[0] for step, r in both["v2"].items()}
    assert ours == theirs
    assert theirs["exec"] == 3 and theirs["run-code"] == 7


@pytest.mark.parametrize("step", TEXT)
def test_stdout_matches_v2(both: dict[str, dict[str, tuple[int, str, str]]], step: str) -> None:
    assert both["pycompose"][step][1] == both["v2"][step][1]


@pytest.mark.parametrize("step", STDERR)
def test_stderr_matches_v2(both: dict[str, dict[str, tuple[int, str, str]]], step: str) -> None:
    assert both["pycompose"][step][2] == both["v2"][step][2]


@pytest.mark.parametrize("step", ["ps", "ps-all"])
def test_ps_json_matches_v2(both: dict[str, dict[str, tuple[int, str, str]]], step: str) -> None:
    ours = sorted((normal_ps(r) for r in records(both["pycompose"][step][1])), key=lambda r: r["Name"])
    theirs = sorted((normal_ps(r) for r in records(both["v2"][step][1])), key=lambda r: r["Name"])
    assert ours == theirs


def compact(line: str) -> bool:
    """Whether a JSON line is written as Go's encoding/json writes it: no space after ``:`` or ``,``,
    ``<``, ``>`` and ``&`` escaped (``"Ports":"127.0.0.1:32768-\\u003e80/tcp"``)."""
    text = json.dumps(json.loads(line), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") == line


def test_v2s_ps_json_is_compact(both: dict[str, dict[str, tuple[int, str, str]]]) -> None:
    lines = both["v2"]["ps"][1].splitlines()
    assert lines and all(compact(line) for line in lines)


def test_ps_json_text_is_compact_as_v2s(both: dict[str, dict[str, tuple[int, str, str]]]) -> None:
    lines = both["pycompose"]["ps"][1].splitlines()
    assert lines and all(compact(line) for line in lines)
