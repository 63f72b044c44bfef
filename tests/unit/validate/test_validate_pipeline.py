"""Schema and consistency problems as load_project reports them: file:line:col, key path, plain words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compose.errors import ValidationError
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions


def _load_error(tmp_path: Path, text: str) -> ValidationError:
    path = tmp_path / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    with pytest.raises(ValidationError) as caught:
        load_project(LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p"))
    return caught.value


def _lines(error: ValidationError, tmp_path: Path) -> list[str]:
    return [str(i).replace(str(tmp_path) + "/", "") for i in error.issues]


def test_wrong_type_and_unknown_key_are_reported_together(tmp_path: Path) -> None:
    error = _load_error(
        tmp_path,
        """\
        services:
          web:
            image: nginx
            ports: ["8080:80", true]
            restrat: always
        """,
    )
    assert _lines(error, tmp_path) == [
        "compose.yaml:4:24: services.web.ports[1]: must be a port like '8080:80' or a mapping with 'target', "
        "not the boolean true",
        "compose.yaml:5:5: services.web.restrat: unknown key 'restrat' (did you mean 'restart'?)",
    ]


def test_undefined_references_point_at_the_reference(tmp_path: Path) -> None:
    error = _load_error(
        tmp_path,
        """\
        services:
          web:
            image: nginx
            depends_on: [db]
            networks: [back]
            secrets: [token]
        """,
    )
    # The line of the reference; the column may be the attribute's when a list became a mapping.
    lines = _lines(error, tmp_path)
    assert [line.split(": ", 1)[0].rsplit(":", 1)[0] for line in lines] == [
        "compose.yaml:4",
        "compose.yaml:5",
        "compose.yaml:6",
    ]
    assert [line.split(": ", 1)[1] for line in lines] == [
        'services.web.depends_on.db: service "web" depends on undefined service "db"',
        'services.web.networks.back: service "web" refers to undefined network back',
        'services.web.secrets[0].source: service "web" refers to undefined secret token',
    ]


def test_cycle_is_shown_as_its_path(tmp_path: Path) -> None:
    error = _load_error(
        tmp_path,
        """\
        services:
          a: {image: x, depends_on: [b]}
          b: {image: x, depends_on: [c]}
          c: {image: x, links: [a]}
        """,
    )
    (line,) = _lines(error, tmp_path)
    assert line.startswith("compose.yaml:2:")
    assert line.endswith("services.a.depends_on.b: dependency cycle detected: a -> b -> c -> a")
