"""Build, push, remove, pull back and run, against a real registry with a password (tests/integration/registry.py)."""

from __future__ import annotations

from typing import Any

import docker
import pytest
from registry import ImageCleanup, Registry, image_cleanup_fixture, registry_fixture  # noqa: F401 (fixtures)

BASE = "pycompose/busybox:latest"


@pytest.fixture
def shipped(stack: Any, registry: Registry, image_cleanup: ImageCleanup) -> Any:
    """A stack whose images live in the test registry (credentials from its DOCKER_CONFIG)."""
    image_cleanup.add(f"{registry.host}/{stack.name}/")
    image_cleanup.add(stack.name)
    stack.env["DOCKER_CONFIG"] = registry.docker_config
    stack.env["REGISTRY"] = registry.host
    return stack


def test_build_push_remove_pull_and_up(shipped: Any, registry: Registry) -> None:
    repo = f"{shipped.name}/app"
    shipped.write(f"""
        services:
          app:
            image: ${{REGISTRY}}/{repo}:1
            build:
              context: .
              dockerfile_inline: |
                FROM {BASE}
                RUN echo shipped > /message
                CMD ["sleep", "300"]
              tags: ["${{REGISTRY}}/{repo}:latest"]
            init: true
    """)
    shipped.run("build")
    built = shipped.client.images.get(registry.ref(repo, "1")).id
    pushed = shipped.run("--progress", "plain", "push")
    assert "Pushed" in pushed.stderr
    assert registry.tags(repo) == ["1", "latest"]
    shipped.client.images.remove(registry.ref(repo, "1"))
    shipped.client.images.remove(registry.ref(repo, "latest"))
    with pytest.raises(docker.errors.ImageNotFound):
        shipped.client.images.get(registry.ref(repo, "1"))
    pulled = shipped.run("--progress", "plain", "pull")
    assert " Image app  Pulled" in pulled.stderr or "app  Pulled" in pulled.stderr
    assert shipped.client.images.get(registry.ref(repo, "1")).id == built
    # up runs the pulled image, and does not build it again (it is present)
    up = shipped.run("--progress", "plain", "up", "-d")
    assert "Building" not in up.stderr
    container = shipped.container("app-1")
    assert container.image.id == built
    assert container.labels["com.docker.compose.image"] == built
    shipped.run("down", "-t", "0")


def test_pull_policy_always_pulls_again_and_keeps_an_unchanged_container(shipped: Any, registry: Registry) -> None:
    ref = registry.ref(f"{shipped.name}/always", "1")
    image, _ = shipped.client.images.build(fileobj=_dockerfile(f"FROM {BASE}\nCMD [\"sleep\", \"300\"]\n"),
                                           custom_context=True, tag=ref, rm=True, forcerm=True)
    shipped.client.images.push(ref, auth_config={"username": "pycompose", "password": "h6secret"})
    shipped.write(f"""
        services:
          svc:
            image: {ref}
            pull_policy: always
            init: true
    """)
    first = shipped.run("--progress", "plain", "up", "-d")
    assert f"Image {ref}  Pulled" in first.stderr
    container = shipped.container("svc-1")
    again = shipped.run("--progress", "plain", "up", "-d")
    assert f"Image {ref}  Pulling" in again.stderr and f"Image {ref}  Pulled" in again.stderr
    assert shipped.container("svc-1").id == container.id  # same image id: nothing to recreate
    assert image.id == container.image.id
    shipped.run("down", "-t", "0")


def test_push_without_credentials_fails_unless_ignored(shipped: Any, registry: Registry, tmp_path: Any) -> None:
    shipped.env["DOCKER_CONFIG"] = str(tmp_path)  # no config.json: no credentials
    shipped.write(f"""
        services:
          app:
            image: {registry.ref(shipped.name + "/nocreds")}
            build:
              context: .
              dockerfile_inline: "FROM {BASE}"
    """)
    shipped.run("build")
    refused = shipped.run("push", check=False)
    assert refused.returncode == 1
    assert "Error: PushImage" in refused.stderr and "no basic auth credentials" in refused.stderr
    ignored = shipped.run("push", "--ignore-push-failures", check=False)
    assert ignored.returncode == 0 and "no basic auth credentials" in ignored.stderr
    assert registry.tags(f"{shipped.name}/nocreds") == []


def test_pull_failures_and_skips(shipped: Any, registry: Registry) -> None:
    shipped.write(f"""
        services:
          missing:
            image: {registry.ref(shipped.name + "/never-pushed")}
          local:
            image: {BASE}
            pull_policy: missing
          built:
            build:
              context: .
              dockerfile_inline: "FROM {BASE}"
    """)
    failed = shipped.run("--progress", "plain", "pull", check=False)
    assert failed.returncode == 1
    assert "Error: PullImage missing" in failed.stderr
    assert "local  Skipped - Image is already present locally" in failed.stderr
    assert "built  Skipped - No image to be pulled" in failed.stderr
    ignored = shipped.run("pull", "--ignore-pull-failures", check=False)
    assert ignored.returncode == 0


def _dockerfile(text: str) -> Any:
    import io
    import tarfile

    data = text.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return buffer
