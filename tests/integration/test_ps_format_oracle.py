"""``ps --format TEMPLATE`` against Docker Compose v2 on the same running stack: same text, same exit code.

The ``CREATED``/``Status`` columns move with the clock, so the templates that show them are
compared on a stack both tools read within the same second (and retried once when the second turned).
"""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.engine, pytest.mark.oracle]

COMPOSE = """
services:
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    labels: {com.example.tier: front}
    ports: ["127.0.0.1::80"]
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
"""

TEMPLATES = [
    "{{.Name}} {{.State}}",
    '{{.Service}}={{.Label "com.example.tier"}}|{{.Label "missing"}}|',
    "table {{.Name}}\\t{{.Service}}\\t{{.State}}",
    "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.Ports}}\\t{{.Size}}\\t{{.Project}}\\t{{.Names}}\\t{{.ExitCode}}",
    "{{json .Publishers}} {{.Publishers}} {{.Networks}} {{.LocalVolumes}}",
    "{{upper .Service}} {{truncate .Name 6}} {{if eq .State \"running\"}}up{{else}}down{{end}}",
    "{{.Nope}}",
    "{{.Name",
]


@pytest.fixture
def running(stack: object) -> object:
    stack.write(COMPOSE)  # type: ignore[attr-defined]
    stack.run("up", "-d")  # type: ignore[attr-defined]
    return stack


@pytest.mark.parametrize("template", TEMPLATES)
def test_ps_template_matches_v2(running: object, template: str) -> None:
    ours = running.run("ps", "--format", template, check=False)  # type: ignore[attr-defined]
    theirs = running.run("ps", "--format", template, check=False, tool="v2")  # type: ignore[attr-defined]
    assert ours.returncode == theirs.returncode, (ours.stderr, theirs.stderr)
    assert ours.stdout == theirs.stdout
    if theirs.returncode:
        assert ours.stderr.strip() == theirs.stderr.strip()


def test_ps_template_with_times_matches_v2(running: object) -> None:
    template = "table {{.Name}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.CreatedAt}}"
    for _ in range(2):
        ours = running.run("ps", "--format", template)  # type: ignore[attr-defined]
        theirs = running.run("ps", "--format", template, tool="v2")  # type: ignore[attr-defined]
        if ours.stdout == theirs.stdout:
            break
    assert ours.stdout == theirs.stdout


def test_ps_json_dot_matches_v2(running: object) -> None:
    """``{{json .}}``: the row's fields in v2's order; Labels compared as sets (v2 prints a Go map, in no order)."""
    def rows(tool: str) -> list[dict[str, object]]:
        out = running.run("ps", "--format", "{{json .}}", tool=tool).stdout  # type: ignore[attr-defined]
        parsed = [json.loads(line) for line in out.splitlines()]
        for row in parsed:
            row["Labels"] = set(str(row["Labels"]).split(","))
            row.pop("RunningFor"), row.pop("Status")
        return parsed

    ours, theirs = rows("pycompose"), rows("v2")
    assert [list(r) for r in ours] == [list(r) for r in theirs]
    assert ours == theirs
