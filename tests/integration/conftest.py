from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.engine)


def _engine_required() -> bool:
    return os.environ.get("PYCOMPOSE_REQUIRE_ENGINE", "") not in ("", "0")


def _sdk_client() -> object:
    import docker

    client = docker.DockerClient.from_env()
    client.ping()
    return client


@pytest.fixture(scope="session")
def docker_client() -> Iterator[object]:
    """docker-py's client (a test dependency only: the product speaks the Engine API itself), for
    looking at what the engine holds independently of the code under test."""
    try:
        client = _sdk_client()
    except Exception as exc:
        if _engine_required():
            pytest.fail(f"PYCOMPOSE_REQUIRE_ENGINE is set and no engine answers: {exc}")
        pytest.skip(f"no Docker Engine: {exc}")
    yield client
    client.close()


@pytest.fixture(scope="session")
def base_image(docker_client: object) -> str:
    """The offline base image, imported on first use (through our own engine client)."""
    from compose.engine.baseimage import BASE_IMAGE, ensure_base_image
    from compose.engine.engine import ApiEngine

    engine = ApiEngine.connect()
    try:
        ensure_base_image(engine)
    finally:
        engine.close()
    return BASE_IMAGE


@pytest.fixture
def project_name() -> str:
    """A project name no other test (or test run) uses."""
    return f"pyct{uuid.uuid4().hex[:10]}"


# -- compose stacks (tests of up, down, ps): cleanup by project label, even on failure ----------

TEST_PROJECT_PREFIX = "pyct"


@pytest.fixture
def stack(docker_client: object, base_image: str, project_name: str, tmp_path: object) -> Iterator[object]:
    """A ``Stack`` (tests/integration/stack_support.py) whose resources are removed afterwards."""
    from pathlib import Path

    from stack_support import Stack

    made = Stack(project_name, Path(str(tmp_path)), docker_client)  # type: ignore[arg-type]
    try:
        yield made
    finally:
        made.cleanup()


@pytest.fixture(scope="session", autouse=True)
def no_test_project_left() -> Iterator[None]:
    """After the whole session: no container, network or volume of a test project remains."""
    yield
    try:
        client = _sdk_client()
    except Exception:
        return
    from stack_support import leftovers

    left = leftovers(client, TEST_PROJECT_PREFIX)
    assert not left, f"test projects left resources behind: {left}"
