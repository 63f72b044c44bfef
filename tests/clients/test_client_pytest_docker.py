"""pytest-docker (pinned in scripts/ensure-clients) on pycompose, in an inner pytest run.

Its ``docker_services`` fixture runs ``<docker_compose_command> -f FILE -p NAME up --build --wait``
through a shell, ``port SERVICE PORT`` for ``port_for``, and ``down -v`` at the end; the inner
suite waits with ``wait_until_responsive``. Once as ``docker compose`` (the plugin), once as
``docker-compose`` (the same file found on PATH: standalone mode).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import has_module, require

COMPOSE = """
services:
  web:
    build: .
    init: true
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    ports: ["127.0.0.1::80"]
"""
DOCKERFILE = """FROM pycompose/busybox:latest
RUN mkdir -p /www && echo 'pytest-docker page' > /www/index.html
"""
INNER_CONFTEST = """
import os
import pytest

@pytest.fixture(scope="session")
def docker_compose_file():
    return os.path.join(os.path.dirname(__file__), "compose.yaml")

@pytest.fixture(scope="session")
def docker_compose_project_name():
    return os.environ["INNER_PROJECT"]

@pytest.fixture(scope="session")
def docker_compose_command():
    return os.environ["INNER_COMMAND"]
"""
INNER_TEST = """
import urllib.request

def fetch(url):
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode()
    except OSError:
        return None

def test_web(docker_ip, docker_services):
    port = docker_services.port_for("web", 80)
    url = f"http://127.0.0.1:{port}/"
    docker_services.wait_until_responsive(check=lambda: fetch(url) is not None, timeout=30.0, pause=0.2)
    assert fetch(url).strip() == "pytest-docker page"
"""


@pytest.mark.parametrize("command", ["docker compose", "docker-compose"])
def test_docker_services_fixture(command: str, project_dir: Path, plugin_env: Path, base_image: str,
                                 docker_client: Any) -> None:
    require("pytest-docker", has_module("pytest_docker"))
    (project_dir / "compose.yaml").write_text(COMPOSE)
    (project_dir / "Dockerfile").write_text(DOCKERFILE)
    (project_dir / "conftest.py").write_text(INNER_CONFTEST)
    (project_dir / "test_inner.py").write_text(INNER_TEST)
    (project_dir / "pytest.ini").write_text("[pytest]\n")
    bin_dir = project_dir / "bin"
    bin_dir.mkdir()
    (bin_dir / "docker-compose").symlink_to(plugin_env / "cli-plugins" / "docker-compose")
    env = {**os.environ, "INNER_PROJECT": project_dir.name, "INNER_COMMAND": command,
           "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:pycompose", "-p", "no:xdist",
         "--rootdir", str(project_dir), "-c", str(project_dir / "pytest.ini"), str(project_dir)],
        cwd=project_dir, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    label = {"label": f"com.docker.compose.project={project_dir.name}"}
    assert docker_client.containers.list(all=True, filters=label) == []  # its down -v ran
