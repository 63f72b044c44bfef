"""``pycompose build`` and ``up --build`` on the real engine (local base image), with the engine's
BuildKit (the default) and with the classic builder (``DOCKER_BUILDKIT=0``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from registry import ImageCleanup, image_cleanup_fixture  # noqa: F401 (fixture)

BASE = "pycompose/busybox:latest"


@pytest.fixture
def built(stack: Any, image_cleanup: ImageCleanup) -> Any:
    """The stack, with every image named after its project removed afterwards."""
    image_cleanup.add(stack.name)
    stack.images = image_cleanup
    return stack


def image_labels(stack: Any, ref: str) -> dict[str, str]:
    return dict(stack.client.images.get(ref).labels or {})


@pytest.fixture(params=["buildkit", "classic"])
def builder(request: pytest.FixtureRequest, built: Any) -> str:
    """Each test taking it runs with each builder."""
    if request.param == "classic":
        built.env["DOCKER_BUILDKIT"] = "0"
    return str(request.param)


def test_build_context_args_target_and_inline_dockerfile(built: Any, builder: str) -> None:
    (built.directory / "app").mkdir()
    (built.directory / "app" / "keep.txt").write_text("kept\n")
    (built.directory / "app" / "secret.env").write_text("TOKEN=1\n")
    (built.directory / "app" / "debug.log").write_text("")
    (built.directory / "app" / ".dockerignore").write_text("*.env\n*.log\n")
    (built.directory / "app" / "Dockerfile").write_text(
        f"FROM {BASE} AS base\n"
        f"RUN echo {built.name} > /nonce\n"  # never cached by an earlier run
        "COPY . /ctx\n"
        "RUN echo listing: $(ls -A /ctx | tr '\\n' ' ')\n"
        "ARG FROM_ENV\nARG FROM_FILE\n"
        "LABEL from_env=$FROM_ENV from_file=$FROM_FILE\n"
        "FROM base AS dev\nLABEL stage=dev\n"
        "FROM base AS prod\nLABEL stage=prod\n"
    )
    built.write(f"""
        services:
          app:
            build:
              context: ./app
              target: dev
              args:
                - FROM_ENV
                - FROM_FILE=file-value
              labels:
                org.example.team: h6
          inline:
            image: {built.name}-inline:v1
            build:
              context: .
              dockerfile_inline: |
                FROM {BASE}
                RUN echo inline build ran {built.name}
    """)
    built.env["FROM_ENV"] = "env-value"
    done = built.run("--progress", "plain", "build")
    if builder == "classic":  # plain mode streams each service's build log with its name as prefix
        assert "app  | building with the classic builder (DOCKER_BUILDKIT=0)" in done.stderr
        assert "app  | listing: .dockerignore Dockerfile keep.txt" in done.stderr
        assert f"inline  | inline build ran {built.name}" in done.stderr
    else:  # BuildKit's steps, numbered, with the service in the step's name, their output timed
        assert "#0 [app] building with the Docker Engine's BuildKit (API 1.41)" in done.stderr
        listing = re.search(r"^#(\d+) \d+\.\d{3} listing: .dockerignore Dockerfile keep.txt ?$", done.stderr, re.M)
        assert listing, done.stderr
        assert f"#{listing.group(1)} [app base 4/4] RUN echo listing: $(ls -A /ctx | tr '\\n' ' ')" in done.stderr
        assert re.search(rf"^#\d+ \d+\.\d{{3}} inline build ran {built.name}$", done.stderr, re.M)
        assert " Service app  Built" in done.stderr and " Service inline  Built" in done.stderr
    labels = image_labels(built, f"{built.name}-app")
    assert labels["from_env"] == "env-value" and labels["from_file"] == "file-value"
    assert labels["stage"] == "dev" and labels["org.example.team"] == "h6"
    assert built.client.images.get(f"{built.name}-inline:v1").id


def test_a_failed_build_names_the_service_and_shows_the_failing_step(built: Any, builder: str) -> None:
    built.write(f"""
        services:
          broken:
            build:
              context: .
              dockerfile_inline: |
                FROM {BASE}
                RUN echo about to fail && exit 3
    """)
    done = built.run("--progress", "plain", "build", check=False)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    error = next(i for i, line in enumerate(lines) if line.startswith("Error: BuildImage broken:"))
    assert "service 'broken' failed to build" in lines[error]
    if builder == "classic":
        assert "returned a non-zero code: 3" in lines[error]
        assert lines[error + 1] == "Step 2/2 : RUN echo about to fail && exit 3"
        assert "about to fail" in lines[error + 2:]
    else:  # the step with its service and Dockerfile line, then its output
        assert "executor failed running [/bin/sh -c echo about to fail && exit 3]: exit code: 3" in lines[error]
        assert lines[error + 1] == " > [broken 2/2] RUN echo about to fail && exit 3 (Dockerfile:2):"
        assert re.fullmatch(r"\d+\.\d{3} about to fail", lines[error + 2])
    # the failed step's container is removed (forcerm), as the build's other containers
    left = [c for c in built.client.containers.list(all=True, filters={"status": "exited"})
            if "about to fail" in " ".join(c.attrs["Config"]["Cmd"] or [])]
    assert not left


def test_buildkit_only_key_is_refused_naming_the_feature(built: Any) -> None:
    (built.directory / "token.txt").write_text("t")
    built.write(f"""
        services:
          web:
            build:
              context: .
              dockerfile_inline: "FROM {BASE}"
              secrets: [token]
        secrets:
          token:
            file: ./token.txt
    """)
    done = built.run("build", check=False)
    assert done.returncode == 1
    assert "services.web.build.secrets: service 'web' uses build secrets (build.secrets)" in done.stderr
    assert "only BuildKit offers" in done.stderr and "no BuildKit builder was found" in done.stderr
    with pytest.raises(Exception, match="No such image"):
        built.client.images.get(f"{built.name}-web")


def test_rebuild_recreates_only_when_the_image_changed(built: Any) -> None:
    dockerfile = built.directory / "Dockerfile"
    dockerfile.write_text(f"FROM {BASE}\nRUN echo one > /version\nCMD [\"sleep\", \"300\"]\n")
    built.write("""
        services:
          web:
            build: .
            init: true
    """)
    built.run("up", "-d")
    first = built.container("web-1")
    first_image = built.client.images.get(f"{built.name}-web").id
    built.images.add_id(first_image)  # untagged by the rebuild below
    assert first.labels["com.docker.compose.image"] == first_image
    # unchanged: the build is cached, the image id is the same, the container is kept
    again = built.run("--progress", "plain", "up", "-d", "--build")
    assert "Built" in again.stderr
    assert built.container("web-1").id == first.id
    # a changed Dockerfile gives a new image: the container is recreated from it
    dockerfile.write_text(f"FROM {BASE}\nRUN echo two > /version\nCMD [\"sleep\", \"300\"]\n")
    built.run("up", "-d", "--build")
    second = built.container("web-1")
    assert second.id != first.id
    assert second.labels["com.docker.compose.image"] == built.client.images.get(f"{built.name}-web").id
    # up without --build does not rebuild an image that exists
    dockerfile.write_text(f"FROM {BASE}\nRUN echo three > /version\nCMD [\"sleep\", \"300\"]\n")
    built.run("up", "-d")
    assert built.container("web-1").id == second.id
    built.run("down", "-t", "0")
