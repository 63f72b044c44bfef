"""python-on-whales (pinned in scripts/ensure-clients) on pycompose: ``DockerClient(compose_files=...)``.

Its ``docker compose`` calls go through the Docker CLI with ``--config`` (the Docker CLI then
passes ``--config DIR compose ...`` to the plugin), and it parses what pycompose prints:
``config --format json`` into its pydantic ``ComposeConfig``, ``ls --format json``, the ids of
``ps --quiet`` (which it inspects through ``docker``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import has_module, require

COMPOSE = """
services:
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    environment:
      GREETING: hello
    labels:
      app.role: front
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    depends_on: [db]
    networks: [front, back]
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo db-ready; exec sleep 300"]
    stop_grace_period: 1s
    volumes: ["data:/data"]
    networks: [back]
volumes:
  data: {}
networks:
  front: {}
  back: {}
"""


@pytest.fixture
def whales(project_dir: Path, plugin_config: Path, base_image: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    require("python-on-whales", has_module("python_on_whales"))
    from python_on_whales import DockerClient

    monkeypatch.setenv("PYCOMPOSE_NO_MEMO", "1")
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)  # only --config says where the plugin is
    (project_dir / "compose.yaml").write_text(COMPOSE)
    return DockerClient(config=plugin_config, compose_files=[project_dir / "compose.yaml"],
                        compose_project_name=project_dir.name)


def test_compose_is_installed_and_is_pycompose(whales: Any) -> None:
    assert whales.compose.is_installed()
    assert whales.compose.version().startswith("pycompose version")


def test_config_parses_into_compose_config(whales: Any, project_dir: Path) -> None:
    config = whales.compose.config()
    assert sorted(config.services) == ["db", "web"]
    web = config.services["web"]
    assert web.image == "pycompose/busybox:latest"
    assert web.environment == {"GREETING": "hello"}
    assert web.labels == {"app.role": "front"}
    assert [p.target for p in web.ports] == [80]
    assert sorted(config.networks) == ["back", "front"]
    assert sorted(config.volumes) == ["data"]
    assert whales.compose.config(return_json=True)["name"] == project_dir.name


def test_up_ps_execute_logs_port_ls_down(whales: Any, project_dir: Path, docker_client: Any) -> None:
    whales.compose.up(detach=True, wait=True)
    try:
        containers = whales.compose.ps()
        assert sorted(c.name for c in containers) == [f"{project_dir.name}-db-1", f"{project_dir.name}-web-1"]
        assert {c.state.status for c in containers} == {"running"}
        assert whales.compose.execute("web", ["sh", "-c", "echo $GREETING"], tty=False).strip() == "hello"
        assert "db-ready" in whales.compose.logs("db")
        host, port = whales.compose.port("web", 80)
        assert host == "127.0.0.1" and int(port) > 0
        (project,) = [p for p in whales.compose.ls(all=True) if p.name == project_dir.name]
        assert project.running == 2
        assert project.config_files == [project_dir / "compose.yaml"]
        whales.compose.stop()
        assert {c.state.status for c in whales.compose.ps(all=True)} == {"exited"}
    finally:
        whales.compose.down(volumes=True)
    assert whales.compose.ps(all=True) == []
    label = {"label": f"com.docker.compose.project={project_dir.name}"}
    assert docker_client.volumes.list(filters=label) == []
