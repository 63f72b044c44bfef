"""``include`` (short and long form, env files, conflicts, cycles) and profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose.errors import LoadError
from tests.unit.load.loader_support import load, services, write


def test_include_short_form_resolves_paths_in_the_included_project(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": """
            include:
              - lib/compose.yaml
            services:
              app:
                image: app
                depends_on: [db]
        """,
        "lib/compose.yaml": """
            services:
              db:
                image: "postgres:${PG:-15}"
                build: .
                volumes: ["./init:/docker-entrypoint-initdb.d"]
        """,
        "lib/.env": "PG=16\n",
    })
    db = services(load(tmp_path, "compose.yaml"))["db"]
    assert db["image"] == "postgres:16"
    assert db["build"]["context"] == str(tmp_path / "lib")
    assert db["volumes"][0]["source"] == str(tmp_path / "lib" / "init")


def test_include_long_form_env_file_and_project_directory(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": """
            include:
              - path: [lib/compose.yaml, lib/override.yaml]
                env_file: lib/other.env
                project_directory: elsewhere
        """,
        "lib/compose.yaml": "services:\n  db:\n    image: 'db:${TAG}'\n    build: .\n",
        "lib/override.yaml": "services:\n  db:\n    environment: {A: '1'}\n",
        "lib/other.env": "TAG=from-env-file\n",
    })
    (tmp_path / "elsewhere").mkdir()
    db = services(load(tmp_path, "compose.yaml"))["db"]
    assert db["image"] == "db:from-env-file"
    assert db["environment"] == {"A": "1"}
    assert db["build"]["context"] == str(tmp_path / "elsewhere")


def test_project_environment_wins_over_included_env_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": "include: [lib/compose.yaml]\n",
        "lib/compose.yaml": "services:\n  db:\n    image: 'db:${TAG}'\n",
        "lib/.env": "TAG=lib\n",
    })
    assert services(load(tmp_path, "compose.yaml", environ={"TAG": "shell"}))["db"]["image"] == "db:shell"


def test_a_name_defined_twice_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": "include: [lib.yaml]\nservices:\n  db:\n    image: mine\n",
        "lib.yaml": "services:\n  db:\n    image: theirs\n",
    })
    with pytest.raises(LoadError, match=r"services\.db conflicts with imported resource"):
        load(tmp_path, "compose.yaml")


def test_include_cycle(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": "include: [b.yaml]\nservices:\n  a:\n    image: a\n",
        "b.yaml": "include: [compose.yaml]\nservices:\n  b:\n    image: b\n",
    })
    with pytest.raises(LoadError, match="include cycle detected"):
        load(tmp_path, "compose.yaml")


PROFILED = """
    services:
      foo: {image: foo}
      bar: {image: bar, profiles: [test]}
      baz: {image: baz, depends_on: [bar], profiles: [test]}
      zot: {image: zot, profiles: [debug]}
"""


@pytest.mark.parametrize(
    ("options", "environ", "expected"),
    [
        ({}, {}, ["foo"]),
        ({"profiles": ("test",)}, {}, ["bar", "baz", "foo"]),
        ({"profiles": ("*",)}, {}, ["bar", "baz", "foo", "zot"]),
        ({}, {"COMPOSE_PROFILES": "debug,test"}, ["bar", "baz", "foo", "zot"]),
        ({"services": ("baz",), "select_services": False}, {}, ["bar", "baz", "foo"]),
        ({"services": ("baz",)}, {}, ["bar", "baz"]),
        ({"services": ("zot",)}, {}, ["zot"]),
    ],
)
def test_profiles(tmp_path: Path, options: dict[str, object], environ: dict[str, str], expected: list[str]) -> None:
    write(tmp_path, {"compose.yaml": PROFILED})
    project = load(tmp_path, "compose.yaml", environ=environ, **options)
    assert sorted(services(project)) == expected
    assert project.all_profiles == ("debug", "test")


def test_profiles_from_dotenv(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": PROFILED, ".env": "COMPOSE_PROFILES=debug\n"})
    project = load(tmp_path, "compose.yaml")
    assert sorted(services(project)) == ["foo", "zot"]
    assert sorted(project.disabled_services) == ["bar", "baz"]


def test_unknown_named_service(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": PROFILED})
    with pytest.raises(LoadError, match="no such service: nope"):
        load(tmp_path, "compose.yaml", services=("nope",))


def test_optional_dependency_on_a_disabled_service(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": """
        services:
          a:
            image: x
            depends_on: {b: {condition: service_started, required: false}}
          b: {image: x, profiles: [p]}
    """})
    assert sorted(services(load(tmp_path, "compose.yaml"))) == ["a"]
    assert sorted(services(load(tmp_path, "compose.yaml", services=("a",)))) == ["a"]
