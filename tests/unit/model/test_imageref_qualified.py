"""``docker_ref`` / ``with_digest``: references qualified as distribution/reference's ParseDockerRef writes them."""

from __future__ import annotations

import pytest

from compose.model.imageref import docker_ref, with_digest

DIGEST = "sha256:" + "0" * 64


@pytest.mark.parametrize(("ref", "qualified"), [
    ("busybox", "docker.io/library/busybox:latest"),
    ("busybox:1.36", "docker.io/library/busybox:1.36"),
    ("team/app", "docker.io/team/app:latest"),
    ("index.docker.io/team/app:2", "docker.io/team/app:2"),
    ("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest"),
    ("localhost/app:1", "localhost/app:1"),
    ("reg.example.com/a/b:c", "reg.example.com/a/b:c"),
    (f"reg.example.com/a@{DIGEST}", f"reg.example.com/a@{DIGEST}"),
    (f"busybox:1@{DIGEST}", f"docker.io/library/busybox:1@{DIGEST}"),
    ("Team/app", "Team/app:latest"),  # an upper-case first part is a registry name
])
def test_docker_ref(ref: str, qualified: str) -> None:
    assert docker_ref(ref) == qualified


@pytest.mark.parametrize("ref", ["", " busybox", "Busybox", "team/App"])
def test_what_is_no_reference(ref: str) -> None:
    with pytest.raises(ValueError, match="invalid reference format"):
        docker_ref(ref)


def test_with_digest_keeps_the_tag_and_an_existing_digest() -> None:
    assert with_digest("127.0.0.1:5000/app", DIGEST) == f"127.0.0.1:5000/app:latest@{DIGEST}"
    other = "sha256:" + "1" * 64
    assert with_digest(f"app@{other}", DIGEST) == f"docker.io/library/app@{other}"
