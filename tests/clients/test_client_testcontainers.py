"""testcontainers-python's ``DockerCompose`` (pinned in scripts/ensure-clients) on pycompose.

It runs ``docker compose`` subprocesses in the compose file's folder (the project is named after
it): ``up --build --wait``, ``ps --format json`` (parsed into its ``ComposeContainer``),
``port``, ``exec -T``, ``logs``, ``down --volumes`` / ``stop``.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import has_module, require

COMPOSE = """
services:
  web:
    build: .
    init: true
    command: ["httpd", "-f", "-v", "-p", "80", "-h", "/www"]
    ports: ["127.0.0.1::80"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:80/"]
      interval: 1s
      retries: 20
  worker:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo worker-started; exec sleep 300"]
    stop_grace_period: 1s
"""
DOCKERFILE = """FROM pycompose/busybox:latest
RUN mkdir -p /www && echo 'built by testcontainers' > /www/index.html
"""


@pytest.fixture
def compose_dir(project_dir: Path) -> Path:
    require("testcontainers", has_module("testcontainers"))
    (project_dir / "compose.yaml").write_text(COMPOSE)
    (project_dir / "Dockerfile").write_text(DOCKERFILE)
    return project_dir


def test_docker_compose_lifecycle(compose_dir: Path, plugin_env: Path, base_image: str, docker_client: Any) -> None:
    from testcontainers.compose import DockerCompose

    compose = DockerCompose(compose_dir, build=True, wait=True)
    compose.start()
    try:
        containers = compose.get_containers()
        assert sorted(c.Service for c in containers) == ["web", "worker"]
        assert {c.State for c in containers} == {"running"}
        assert compose.get_container("web").Health == "healthy"

        host = compose.get_service_host("web", 80)
        port = compose.get_service_port("web", 80)
        assert host in ("127.0.0.1", "localhost", "0.0.0.0")
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
        assert body.strip() == "built by testcontainers"

        out, err, code = compose.exec_in_container(["sh", "-c", "cat /www/index.html; echo oops >&2; exit 0"], "web")
        assert (out.strip(), err.strip(), code) == ("built by testcontainers", "oops", 0)

        stdout, _ = compose.get_logs("worker")
        assert "worker-started" in stdout

        config = compose.get_config()
        assert sorted(config["services"]) == ["web", "worker"]

        compose.stop(down=False)
        assert {c.State for c in compose.get_containers(include_all=True)} == {"exited"}
    finally:
        compose.stop()
    label = {"label": f"com.docker.compose.project={compose_dir.name}"}
    assert docker_client.containers.list(all=True, filters=label) == []


def test_a_failing_up_raises_with_the_cli_output(compose_dir: Path, plugin_env: Path, base_image: str) -> None:
    from subprocess import CalledProcessError

    from testcontainers.compose import DockerCompose

    (compose_dir / "compose.yaml").write_text("""
services:
  sick:
    image: pycompose/busybox:latest
    command: ["sleep", "300"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 2
""")
    compose = DockerCompose(compose_dir, wait=True)
    with pytest.raises(CalledProcessError) as raised:
        compose.start()
    compose.stop()
    assert raised.value.returncode != 0
    assert b"sick" in raised.value.stderr + raised.value.stdout
