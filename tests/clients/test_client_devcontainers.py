"""The Dev Containers CLI (``@devcontainers/cli``, pinned in scripts/ensure-clients) on pycompose.

A compose-based ``.devcontainer`` (a service built FROM pycompose/busybox, the workspace mounted):
``devcontainer up`` then ``devcontainer exec``. What the CLI needs from compose (read off its
``--log-level debug`` output): ``docker compose version --short``, ``config``, ``build`` and
``up -d`` with its own override files, ``-p``; and from the image only ``sh`` (busybox lacks
``/etc/os-release``: the CLI logs it and goes on).

The version matters: below 1.21.0 the CLI takes compose for docker-compose v1 and looks for the
built image under v1's name (``<project>_<service>``, v2's is ``<project>-<service>``), so
``up`` would fail on a ``docker pull`` of an image that does not exist. pycompose's
``version --short`` answers the Docker Compose level it follows (``compose._version.COMPOSE_VERSION``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import remove_images, require  # at import: later test folders' conftest modules take the name
from stack_support import Stack

DEVCONTAINER = {"name": "pycompose-busybox", "dockerComposeFile": "compose.yaml", "service": "app",
                "workspaceFolder": "/workspace"}
COMPOSE = """
services:
  app:
    build: .
    command: ["sh", "-c", "trap 'exit 0' TERM; while sleep 1; do :; done"]
    volumes:
      - ..:/workspace
"""
DOCKERFILE = """FROM pycompose/busybox:latest
RUN echo built-for-devcontainer > /built.txt
"""


def devcontainer_bin() -> str | None:
    folder = os.environ.get("PYCOMPOSE_CLIENTS_BIN") or str(
        Path(__file__).resolve().parents[2] / ".venv" / "clients" / "npm" / "node_modules" / ".bin")
    path = Path(folder) / "devcontainer"
    return str(path) if path.exists() else shutil.which("devcontainer")


@pytest.fixture
def workspace(project_dir: Path, base_image: str) -> Path:
    """The workspace folder: named pyct*, so the CLI's project (``<folder>_devcontainer``) is a test project."""
    require("the Dev Containers CLI (npm @devcontainers/cli)", devcontainer_bin() is not None)
    folder = project_dir / ".devcontainer"
    folder.mkdir()
    (folder / "devcontainer.json").write_text(json.dumps(DEVCONTAINER, indent=2))
    (folder / "compose.yaml").write_text(COMPOSE)
    (folder / "Dockerfile").write_text(DOCKERFILE)
    (project_dir / "hello.txt").write_text("hello from the workspace\n")
    return project_dir


def devcontainer(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(devcontainer_bin()), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False, stdin=subprocess.DEVNULL)


def up_and_exec(workspace: Path, config: Path, docker_client: Any) -> None:
    env = {**os.environ, "DOCKER_CONFIG": str(config), "PYCOMPOSE_NO_MEMO": "1"}
    project = f"{workspace.name}_devcontainer"
    try:
        up = devcontainer("up", "--workspace-folder", str(workspace), "--log-level", "debug", env=env)
        result = json.loads(up.stdout.strip().splitlines()[-1]) if up.stdout.strip() else {}
        assert result.get("outcome") == "success", up.stderr[-4000:] + up.stdout[-2000:]
        assert result["composeProjectName"] == project
        done = devcontainer("exec", "--workspace-folder", str(workspace), "sh", "-c",
                            "cat hello.txt /built.txt; pwd", env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["hello", "from", "the", "workspace", "built-for-devcontainer", "/workspace"]
    finally:
        Stack(project, workspace, docker_client).cleanup()  # type: ignore[arg-type]
        remove_images(docker_client, project)


def test_devcontainer_up_and_exec(workspace: Path, plugin_env: Path, docker_client: Any) -> None:
    up_and_exec(workspace, plugin_env, docker_client)
