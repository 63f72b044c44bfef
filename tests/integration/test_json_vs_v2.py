"""ps, ls and images --format json side by side with Docker Compose v2 on the same stack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from commands_support import cli, shared_stack
from stack_support import Stack

pytestmark = pytest.mark.oracle

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    stop_grace_period: 1s
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    stop_grace_period: 1s
    depends_on: [db]
    scale: 2
"""
# values that depend on when the command runs
TIMING = {"RunningFor", "Status"}


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("oracle"), STACK) as made:
        yield made


def lines(text: str) -> list[dict[str, Any]]:
    text = text.strip()
    if text.startswith("["):
        records: list[dict[str, Any]] = json.loads(text)
        return records
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def both(stack: Stack, *args: str, cwd: Path | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ours = lines(cli(stack, *args, cwd=cwd).stdout)
    theirs = lines(cli(stack, *args, tool="oracle", cwd=cwd).stdout)
    return ours, theirs


def by(key: str, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in records}


def test_ps_json_matches_v2(stack: Stack) -> None:
    ours, theirs = both(stack, "ps", "--format", "json")
    assert len(ours) == len(theirs) == 3
    for name, record in by("Name", theirs).items():
        mine = by("Name", ours)[name]
        assert set(mine) == set(record), name
        for key, value in record.items():
            if key in TIMING:
                continue
            if key == "Labels":  # a Go map: its order is random
                mine_labels = set(mine[key].split(","))
                their_labels = set(value.split(","))
                differ = {item.split("=")[0] for item in mine_labels ^ their_labels}
                # only the version is ours: the config hash is v2's (docs/interop.md)
                assert differ <= {"com.docker.compose.version"}, differ
                continue
            assert mine[key] == value, (name, key)


def test_ls_json_matches_v2(stack: Stack, tmp_path: Path) -> None:
    ours, theirs = both(stack, "ls", "--all", "--format", "json", "--filter", f"name={stack.name}", cwd=tmp_path)
    assert ours == theirs
    assert ours[0]["Name"] == stack.name


def test_images_json_matches_v2(stack: Stack) -> None:
    ours, theirs = both(stack, "images", "--format", "json")
    assert by("ContainerName", ours) == by("ContainerName", theirs)
    ours_q = cli(stack, "images", "-q").stdout
    assert ours_q == cli(stack, "images", "-q", tool="oracle").stdout
