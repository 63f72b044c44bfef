"""``extends``: same file, other file, chains, resets, cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose.errors import LoadError, Location
from tests.unit.load.loader_support import load, services, write


def test_same_file_chain_merges_base_first(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": """
        services:
          base:
            image: busybox
            user: root
            environment: {TZ: utc, PORT: "80"}
          common:
            extends: base
            environment: {PORT: "8080"}
          cli:
            extends: {service: common}
            command: echo hi
    """})
    cli = services(load(tmp_path, "compose.yaml"))["cli"]
    assert cli["image"] == "busybox"
    assert cli["user"] == "root"
    assert cli["environment"] == {"TZ": "utc", "PORT": "8080"}
    assert cli["command"] == ["echo", "hi"]
    assert "extends" not in cli


def test_other_file_paths_are_relative_to_that_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": """
            services:
              web:
                extends: {file: sub/common.yaml, service: app}
                ports: ["8080:80"]
        """,
        "sub/common.yaml": """
            services:
              app:
                build: ./ctx
                volumes: ["./data:/data"]
                ports: ["9090:90"]
        """,
    })
    web = services(load(tmp_path, "compose.yaml"))["web"]
    assert web["build"]["context"] == str(tmp_path / "sub" / "ctx")
    assert web["volumes"][0]["source"] == str(tmp_path / "sub" / "data")
    assert [p["published"] for p in web["ports"]] == ["9090", "8080"]


def test_reset_in_the_extending_service_clears_the_base_value(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": """
        services:
          init:
            image: alpine
            command: sleep infinity
          base:
            extends: {service: init}
            command: !reset
    """})
    assert services(load(tmp_path, "compose.yaml"))["base"]["command"] is None


def test_cycle_is_shown(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": """
        services:
          a:
            image: x
            extends: b
          b:
            extends: a
    """})
    with pytest.raises(LoadError) as exc:
        load(tmp_path, "compose.yaml")
    assert "extends cycle: a (compose.yaml) -> b (compose.yaml) -> a (compose.yaml)" in exc.value.message
    assert exc.value.location == Location(str(tmp_path / "compose.yaml"), 4, 5)
    assert exc.value.path == "services.a.extends"


def test_unknown_base_service(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  a:\n    extends: nope\n"})
    with pytest.raises(LoadError, match="service 'nope' not found") as exc:
        load(tmp_path, "compose.yaml")
    assert exc.value.location is not None and exc.value.location.line == 3


def test_extends_file_of_an_override_is_relative_to_the_project_directory(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": "services:\n  a:\n    image: a\n",
        "sub/over.yaml": "services:\n  b:\n    extends: {file: common.yaml, service: c}\n",
        "common.yaml": "services:\n  c:\n    image: from-top\n",
        "sub/common.yaml": "services:\n  c:\n    image: from-sub\n",
    })
    assert services(load(tmp_path, "compose.yaml", "sub/over.yaml"))["b"]["image"] == "from-top"


def test_no_path_resolution_writes_other_files_paths_relative_to_the_project(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": """
            include: [lib/compose.yaml]
            services:
              web:
                extends: {file: sub/common.yaml, service: app}
                volumes: ["./here:/here"]
        """,
        "sub/common.yaml": "services:\n  app:\n    build: ./ctx\n",
        "lib/compose.yaml": "services:\n  db:\n    build: .\n",
    })
    found = services(load(tmp_path, "compose.yaml", resolve_paths=False))
    assert found["web"]["build"]["context"] == "sub/ctx"
    assert found["web"]["volumes"][0]["source"] == "./here"
    assert found["db"]["build"]["context"] == "lib"
