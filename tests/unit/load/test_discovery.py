"""Finding the files, the project directory, the project name and the project environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose.errors import EnvFileError, LoadError, UsageError
from compose.load.discovery import normalize_name
from compose.load.environment import resolve_service_environment
from tests.unit.load.loader_support import load, services, write

SIMPLE = "services:\n  a:\n    image: 'busybox:${TAG:-1}'\n"


def test_discovery_prefers_compose_yaml_and_adds_an_override(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE, "docker-compose.yml": "services: {}\n",
                     "compose.override.yml": "services:\n  a:\n    environment: {O: '1'}\n"})
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    project = load(tmp_path / "sub" / "deeper")
    assert project.config_files == (str(tmp_path / "compose.yaml"), str(tmp_path / "compose.override.yml"))
    assert project.working_dir == str(tmp_path)
    assert services(project)["a"]["environment"] == {"O": "1"}


def test_no_file_found(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no configuration file provided"):
        load(tmp_path)


def test_compose_file_variable_and_separator(tmp_path: Path) -> None:
    write(tmp_path, {"one.yaml": SIMPLE, "two.yaml": "services:\n  b:\n    image: b\n"})
    project = load(tmp_path, environ={"COMPOSE_FILE": "one.yaml;two.yaml", "COMPOSE_PATH_SEPARATOR": ";"})
    assert sorted(services(project)) == ["a", "b"]


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file or directory"):
        load(tmp_path, "nope.yaml")


def test_stdin(tmp_path: Path) -> None:
    project = load(tmp_path, "-", stdin=SIMPLE, project_name="p")
    assert services(project)["a"]["image"] == "busybox:1"
    assert project.working_dir == str(tmp_path)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("My.App_x", "myapp_x"), ("_Weird.Dir", "weirddir"), ("-_", ""), ("ok-1", "ok-1")],
)
def test_normalize_name(raw: str, normalized: str) -> None:
    assert normalize_name(raw) == normalized


def test_name_precedence(tmp_path: Path) -> None:
    write(tmp_path / "My_Dir", {"compose.yaml": "name: From_File\n" + SIMPLE})
    root = tmp_path / "My_Dir"
    assert load(root, "compose.yaml").name == "from_file"
    assert load(root, "compose.yaml", environ={"COMPOSE_PROJECT_NAME": "env"}).name == "env"
    assert load(root, "compose.yaml", project_name="flag", environ={"COMPOSE_PROJECT_NAME": "env"}).name == "flag"
    write(root, {"compose.yaml": SIMPLE})
    assert load(root, "compose.yaml").name == "my_dir"


@pytest.mark.parametrize("bad", ["My_App", "Bad!", "-x"])
def test_invalid_imperative_names_are_rejected_with_the_rule(tmp_path: Path, bad: str) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE})
    with pytest.raises(UsageError, match="must consist only of lowercase alphanumeric characters"):
        load(tmp_path, "compose.yaml", project_name=bad)


def test_empty_name_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "name: '-_'\n" + SIMPLE})
    with pytest.raises(LoadError, match="project name must not be empty"):
        load(tmp_path, "compose.yaml")


def test_shell_wins_over_dotenv_and_env_files_stack(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE, ".env": "TAG=dotenv\nOTHER=x\n", "a.env": "TAG=a\n",
                     "b.env": "TAG=b-${TAG}\n"})
    assert services(load(tmp_path, "compose.yaml"))["a"]["image"] == "busybox:dotenv"
    assert services(load(tmp_path, "compose.yaml", environ={"TAG": "sh"}))["a"]["image"] == "busybox:sh"
    project = load(tmp_path, "compose.yaml", env_files=("a.env", "b.env"))
    assert services(project)["a"]["image"] == "busybox:b-a"
    assert "OTHER" not in project.environment
    assert project.env_files == (str(tmp_path / "a.env"), str(tmp_path / "b.env"))


def test_compose_env_files_and_disable(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE, ".env": "TAG=dotenv\n", "x.env": "TAG=x\n"})
    assert services(load(tmp_path, "compose.yaml", environ={"COMPOSE_ENV_FILES": "x.env"}))["a"]["image"] == "busybox:x"
    assert services(load(tmp_path, "compose.yaml", environ={"COMPOSE_DISABLE_ENV_FILE": "true"}))["a"]["image"] \
        == "busybox:1"


def test_compose_env_files_in_dotenv_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE, ".env": "COMPOSE_ENV_FILES=x.env\nTAG=dotenv\n", "x.env": "TAG=x\n"})
    assert services(load(tmp_path, "compose.yaml"))["a"]["image"] == "busybox:dotenv"


def test_missing_env_file_flag(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": SIMPLE})
    with pytest.raises(EnvFileError, match="couldn't find env file"):
        load(tmp_path, "compose.yaml", env_files=("nope.env",))


def test_service_env_file_and_environment(tmp_path: Path) -> None:
    write(tmp_path, {
        "compose.yaml": """
            services:
              a:
                image: busybox
                env_file:
                  - a.env
                  - path: missing.env
                    required: false
                  - path: raw.env
                    format: raw
                environment:
                  FROM_SHELL:
                  NOT_SET:
                  OVER: from-environment
                  EMPTY_OVER:
        """,
        "a.env": "OVER=from-a\nEMPTY_OVER=from-a\nA1=1\nINH\nREF=${PV}-${A1}\n",
        "raw.env": 'R1="quoted $x"\n',
        ".env": "PV=projval\n",
    })
    env = services(load(tmp_path, "compose.yaml", environ={"FROM_SHELL": "shell", "INH": "inh"}))["a"]["environment"]
    assert env == {"A1": "1", "EMPTY_OVER": None, "FROM_SHELL": "shell", "INH": "inh", "NOT_SET": None,
                   "OVER": "from-environment", "REF": "projval-1", "R1": '"quoted $x"'}


def test_required_service_env_file_missing(tmp_path: Path) -> None:
    with pytest.raises(EnvFileError, match="not found"):
        resolve_service_environment({"env_file": [{"path": str(tmp_path / "nope.env")}]}, {})
