"""The engine works as the rest of the suite assumes: a labelled container's whole life."""

from __future__ import annotations

import docker
import pytest


def test_labelled_container_lifecycle(docker_client: docker.DockerClient, base_image: str, project_name: str) -> None:
    labels = {"com.docker.compose.project": project_name, "com.docker.compose.service": "smoke"}
    container = docker_client.containers.create(
        base_image,
        command=["sh", "-c", "echo ready; exec sleep 60"],
        name=f"{project_name}-smoke-1",
        labels=labels,
        init=True,
    )
    try:
        container.reload()
        assert container.status == "created"
        container.start()
        container.reload()
        assert container.status == "running"
        assert container.attrs["State"]["Running"] is True
        assert container.attrs["Config"]["Labels"]["com.docker.compose.project"] == project_name
        assert container.attrs["Config"]["Image"] == base_image
        assert container.name == f"{project_name}-smoke-1"

        found = docker_client.containers.list(filters={"label": f"com.docker.compose.project={project_name}"})
        assert [c.id for c in found] == [container.id]

        exit_code, output = container.exec_run(["sh", "-c", "echo $((6 * 7))"])
        assert (exit_code, output.strip()) == (0, b"42")

        container.stop(timeout=5)
        container.reload()
        assert container.status == "exited"
        assert container.attrs["State"]["ExitCode"] in (0, 143)
        assert b"ready" in container.logs()
    finally:
        container.remove(force=True)

    with pytest.raises(docker.errors.NotFound):
        docker_client.containers.get(container.id)
    left = docker_client.containers.list(all=True, filters={"label": f"com.docker.compose.project={project_name}"})
    assert left == []
