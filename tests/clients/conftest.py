"""Third-party tools driving pycompose as ``docker compose`` (the Docker CLI plugin).

Every test here needs the engine (marked ``engine``, like tests/integration, whose fixtures it
reuses: ``docker_client``, ``base_image``, and the session's check that no ``pyct*`` project is
left). pycompose is installed as the compose plugin of a temporary DOCKER_CONFIG
(``pycompose install-plugin``), which the tools' ``docker`` subprocesses inherit: the machine's
own plugins are never touched. The tools are pinned and installed by scripts/ensure-clients
(scripts/test runs it); a missing one skips its tests, saying so, unless PYCOMPOSE_REQUIRE_CLIENTS
is set.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
INTEGRATION = ROOT / "tests" / "integration"
if str(INTEGRATION) not in sys.path:
    sys.path.insert(0, str(INTEGRATION))  # stack_support, commands_support

_spec = importlib.util.spec_from_file_location("_pycompose_integration_conftest", INTEGRATION / "conftest.py")
assert _spec and _spec.loader
_integration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_integration)

docker_client = _integration.docker_client
base_image = _integration.base_image
no_test_project_left = _integration.no_test_project_left
PREFIX = _integration.TEST_PROJECT_PREFIX


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.engine)


def require(what: str, ok: bool) -> None:
    """Skip (or, with PYCOMPOSE_REQUIRE_CLIENTS, fail) when a client tool is missing."""
    if ok:
        return
    message = f"{what} is not installed; scripts/ensure-clients installs it"
    if os.environ.get("PYCOMPOSE_REQUIRE_CLIENTS", "") not in ("", "0"):
        pytest.fail(message)
    pytest.skip(message)


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.fixture(scope="session")
def plugin_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DOCKER_CONFIG whose compose plugin is this pycompose."""
    folder = tmp_path_factory.mktemp("docker-config")
    env = {**os.environ, "DOCKER_CONFIG": str(folder)}
    subprocess.run([sys.executable, "-m", "compose", "install-plugin", "--user"], env=env, check=True,
                   capture_output=True, timeout=60)
    return folder


@pytest.fixture
def plugin_env(plugin_config: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process's environment (which the tools' subprocesses inherit) set for the plugin."""
    for key in list(os.environ):
        if key.startswith("COMPOSE_") or key in ("DOCKER_HOST", "DOCKER_CONTEXT"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DOCKER_CONFIG", str(plugin_config))
    monkeypatch.setenv("PYCOMPOSE_NO_MEMO", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "true")  # its reaper image cannot be pulled here
    return plugin_config


@pytest.fixture
def project_dir(tmp_path: Path, docker_client: object) -> Iterator[Path]:
    """A folder named like a test project (tools that take the project name from the folder get a
    ``pyct*`` name), whose project's resources are removed afterwards."""
    folder = tmp_path / f"{PREFIX}{uuid.uuid4().hex[:10]}"
    folder.mkdir()
    yield folder
    from stack_support import Stack

    Stack(folder.name, folder, docker_client).cleanup()  # type: ignore[arg-type]
    remove_images(docker_client, folder.name)


def remove_images(client: object, project: str) -> None:
    """The images a project built (``<project>-<service>``, and v1's ``<project>_<service>``)."""
    import contextlib

    import docker

    for image in client.images.list():  # type: ignore[attr-defined]
        for tag in image.tags:
            if tag.startswith((f"{project}-", f"{project}_")):
                with contextlib.suppress(docker.errors.APIError):
                    client.images.remove(tag, force=True)  # type: ignore[attr-defined]
