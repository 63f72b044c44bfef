"""``volumes``, ``commit`` and ``export`` on a real engine, against Docker Compose v2 on the same stack.

``volumes``: same text and exit code as v2 for the table, ``json``, templates, ``-q`` and service
filters. v2 lists in the engine's order, which changes from one call to the next (pycompose sorts
by name), so rows are compared as sorted lines (a table's header first: its column widths do not
depend on the order), and ``Labels`` as sets (v2 prints a Go map, in no order).
``commit``: the image carries the author, message and changes; the errors and ``--dry-run`` lines
are v2's. ``export``: the tar holds a file written in the container. Images made are removed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import tarfile
from collections.abc import Iterator
from typing import Any

import docker
import pytest

pytestmark = [pytest.mark.engine, pytest.mark.oracle]

COMPOSE = """
services:
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    volumes:
      - data:/data
      - ./here:/here
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    volumes:
      - dbdata:/db
      - shared:/shared
  other:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    volumes:
      - shared:/shared
volumes:
  data:
  dbdata:
    labels:
      com.example.kind: database
  shared:
  unused:
"""


@pytest.fixture
def running(stack: Any) -> Any:
    (stack.directory / "here").mkdir()
    stack.write(COMPOSE)
    stack.run("up", "-d")
    return stack


@pytest.fixture
def images(stack: Any) -> Iterator[list[str]]:
    """Images a test made (ids or references), removed afterwards; and any image committed from the
    stack's containers (they carry its project label) that the test did not name."""
    made: list[str] = []
    yield made
    client: docker.DockerClient = stack.client
    label = {"label": f"com.docker.compose.project={stack.name}"}
    for ref in [*made, *(i.id for i in client.images.list(all=True, filters=label))]:
        with contextlib.suppress(docker.errors.NotFound):
            client.images.remove(ref, force=True)


def _rows(text: str, *, table: bool) -> list[str]:
    lines = text.splitlines()
    if table:
        return lines[:1] + sorted(lines[1:])
    return sorted(lines)


VOLUMES_ARGS = [
    (),
    ("web",),
    ("db", "web"),
    ("other",),
    ("-q",),
    ("-q", "db"),
    ("--format", "table"),
    ("--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Mountpoint}}"),
    ("--format", "table {{.Name}}\\t{{.Mountpoint}}\\t{{.Label \"com.example.kind\"}}\\t{{.Size}}\\t{{.Links}}"),
    ("--format", "table {{.Group}}\\t{{.Availability}}\\t{{.Status}}\\t{{.Label \"com.docker.compose.volume\"}}"),
    ("--format", "{{upper .Name}}|{{.Label \"missing\"}}|{{len .Labels | printf \"%T\"}}"),
    ("--format", "JSON"),
    ("--format", ""),
    ("--format", "{{.Nope}}"),
    ("--format", "{{.Name"),
    ("-q", "--format", "json"),
]


@pytest.mark.parametrize("args", VOLUMES_ARGS, ids=lambda a: " ".join(a) or "(none)")
def test_volumes_match_v2(running: Any, args: tuple[str, ...]) -> None:
    ours = running.run("volumes", *args, check=False)
    theirs = running.run("volumes", *args, check=False, tool="v2")
    assert ours.returncode == theirs.returncode, (ours.stderr, theirs.stderr)
    table = "-q" not in args and ("--format" not in args or args[-1].startswith("table"))
    assert _rows(ours.stdout, table=table) == _rows(theirs.stdout, table=table)
    if theirs.returncode:
        assert ours.stderr.strip() == theirs.stderr.strip()


def test_volumes_json_matches_v2(running: Any) -> None:
    def rows(tool: str) -> list[dict[str, object]]:
        out = running.run("volumes", "--format", "json", tool=tool).stdout
        parsed = [json.loads(line) for line in out.splitlines()]
        for row in parsed:
            row["Labels"] = sorted(str(row["Labels"]).split(","))
        return sorted(parsed, key=lambda r: str(r["Name"]))

    ours, theirs = rows("pycompose"), rows("v2")
    assert [list(r) for r in ours] == [list(r) for r in theirs]
    assert ours == theirs
    assert {r["Name"] for r in ours} == {f"{running.name}_{v}" for v in ("data", "dbdata", "shared")}


def test_volumes_of_a_stopped_service_and_an_unknown_one(running: Any) -> None:
    """v2 looks at running containers only; with ``-f`` it reads the file and refuses an unknown service."""
    running.run("stop", "db")
    for args in (("volumes", "db"), ("volumes", "db", "other"), ("-f", "compose.yaml", "volumes", "nope"),
                 ("volumes", "nope")):
        ours = running.run(*args, check=False)
        theirs = running.run(*args, check=False, tool="v2")
        assert (ours.returncode, ours.stdout, ours.stderr.strip()) == \
            (theirs.returncode, theirs.stdout, theirs.stderr.strip()), args


def test_commit_makes_an_image_with_author_message_and_changes(running: Any, images: list[str]) -> None:
    client: docker.DockerClient = running.client
    running.run("exec", "-T", "web", "sh", "-c", "echo committed > /marker")
    ref = f"{running.name}-img:one"
    images.append(ref)
    done = running.run("commit", "-a", "Jane Doe <jane@example.com>", "-m", "a message", "-c", "ENV FOO=bar",
                       "-c", "LABEL com.example.committed=yes", "--pause=false", "web", ref)
    image = client.images.get(ref)
    assert image.attrs["Author"] == "Jane Doe <jane@example.com>"
    assert image.attrs["Comment"] == "a message"
    assert "FOO=bar" in image.attrs["Config"]["Env"]
    assert image.attrs["Config"]["Labels"]["com.example.committed"] == "yes"
    name = f"{running.name}-web-1"
    assert done.stderr.splitlines() == [f" {name} Commit {name} Committing",
                                        f" {name} Commit {name} Committed as {image.id}"]
    container = client.containers.create(ref, labels={"com.docker.compose.project": running.name})
    try:
        chunks, _ = container.get_archive("/marker")
        with tarfile.open(fileobj=io.BytesIO(b"".join(chunks))) as tar:
            extracted = tar.extractfile("marker")
            assert extracted is not None and extracted.read() == b"committed\n"
    finally:
        container.remove(force=True)


def test_commit_without_a_reference_and_with_short_flags(running: Any, images: list[str]) -> None:
    client: docker.DockerClient = running.client
    done = running.run("commit", "-p", "-m", "untagged", "db")
    image_id = done.stderr.strip().rsplit(" ", 1)[-1]
    images.append(image_id)
    image = client.images.get(image_id)
    assert image.tags == [] and image.attrs["Comment"] == "untagged"
    ref = f"{running.name}-img"  # no tag: latest
    images.append(ref + ":latest")
    running.run("commit", "-p=false", "--index", "1", "db", ref)
    assert client.images.get(ref + ":latest").attrs["Config"]["Labels"]["com.docker.compose.service"] == "db"


@pytest.mark.parametrize("args", [
    ("commit", "nope"),
    ("commit", "--index", "2", "web"),
    ("commit", "web", "UPPER"),
    ("commit", "web", "repo@sha256:" + "0" * 64),
    ("commit", "web", "a b"),
    ("commit", "-c", "BOGUS x", "web"),
    ("export", "nope"),
    ("export", "--index", "3", "web"),
    ("export", "web", "-o", "/nonexistent/dir/out.tar"),
    ("export", "web", "-o", "."),
    ("export", "web", "-o", "/dev/null"),
], ids=" ".join)
def test_errors_match_v2(running: Any, images: list[str], args: tuple[str, ...]) -> None:
    ours = running.run(*args, check=False)
    theirs = running.run(*args, check=False, tool="v2")
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert ours.returncode == 1


def test_dry_run_matches_v2_and_does_nothing(running: Any, images: list[str]) -> None:
    client: docker.DockerClient = running.client
    before = {i.id for i in client.images.list(all=True)}
    out = running.directory / "dry.tar"
    for args in (("--dry-run", "commit", "web", f"{running.name}-dry:x"), ("--dry-run", "export", "web", "-o", "dry.tar"),
                 ("--dry-run", "--progress", "json", "commit", "db")):
        ours = running.run(*args)
        theirs = running.run(*args, tool="v2")
        assert (ours.stdout, ours.stderr) == (theirs.stdout, theirs.stderr), args
        assert "DRY-RUN" in ours.stderr or '"dry-run":true' in ours.stderr
    assert not out.exists()
    assert {i.id for i in client.images.list(all=True)} == before


def test_export_writes_the_filesystem_to_a_file(running: Any) -> None:
    running.run("exec", "-T", "web", "sh", "-c", "echo exported > /etc/marker")
    done = running.run("export", "web", "-o", "out.tar")
    path = running.directory / "out.tar"
    assert os.stat(path).st_mode & 0o777 == 0o600
    with tarfile.open(path) as tar:
        extracted = tar.extractfile("etc/marker")
        assert extracted is not None and extracted.read() == b"exported\n"
        assert "bin/busybox" in tar.getnames()
    assert not [p for p in running.directory.iterdir() if p.name.startswith(".tmp-")]
    name = f"{running.name}-web-1"
    assert done.stderr.strip() == f"{name} export {name} to out.tar Exporting"


def test_export_to_stdout_and_never_to_a_terminal(running: Any) -> None:
    running.run("exec", "-T", "web", "sh", "-c", "echo piped > /marker")
    done = subprocess.run(running.command("export", "web"), cwd=running.directory, env=running.environment(),
                          capture_output=True, timeout=120, check=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        extracted = tar.extractfile("marker")
        assert extracted is not None and extracted.read() == b"piped\n"
    for argv in (running.command("export", "web"), running.oracle("export", "web")):
        primary, secondary = os.openpty()
        try:
            refused = subprocess.run(argv, cwd=running.directory, env=running.environment(), stdout=secondary,
                                     stderr=subprocess.PIPE, timeout=120, check=False)
        finally:
            os.close(secondary)
            os.close(primary)
        assert refused.returncode == 1
        assert refused.stderr.decode().strip() == "output option is required when exporting to terminal"


def test_export_replaces_an_existing_file(running: Any) -> None:
    path = running.directory / "again.tar"
    path.write_bytes(b"old")
    running.run("export", "other", "-o", str(path))
    with tarfile.open(path) as tar:
        assert "bin/busybox" in tar.getnames()
