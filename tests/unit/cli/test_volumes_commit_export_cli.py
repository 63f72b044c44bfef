"""The pure parts of volumes, commit and export: v2's output fields, reference rules, container choice, flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes._engine_commands import files_of
from fakes.engine import FakeEngine

from compose.cli.commands import commit, export
from compose.cli.parsing import CommandParser
from compose.cli.shared.replica import specified_container
from compose.cli.shared.target import CommandError
from compose.engine.port import VolumeInfo
from compose.plan.observed import ObservedContainer
from compose.present.gotemplate import TemplateError
from compose.present.volumes import volumes_text

VOLUMES = [
    VolumeInfo("p_data", "local", "local", "/var/lib/docker/volumes/p_data/_data",
               {"com.docker.compose.project": "p", "com.docker.compose.volume": "data"}),
    VolumeInfo("p_db", "local", "local", "/var/lib/docker/volumes/p_db/_data", {"com.example.kind": "a<b>"}),
]


def test_volumes_table_json_and_templates() -> None:
    assert volumes_text(VOLUMES, "table") == "DRIVER    VOLUME NAME\nlocal     p_data\nlocal     p_db\n"
    assert volumes_text([], "table") == "DRIVER    VOLUME NAME\n"
    row = json.loads(volumes_text(VOLUMES[1:], "json"))
    assert list(row) == ["Availability", "Driver", "Group", "Labels", "Links", "Mountpoint", "Name", "Scope",
                         "Size", "Status"]
    assert row["Labels"] == "com.example.kind=a<b>" and row["Size"] == "N/A"
    assert "a<b>" in volumes_text(VOLUMES[1:], "json")  # the formatter's {{json .}}: HTML not escaped
    assert volumes_text(VOLUMES, "JSON") == "JSON\nJSON\n"  # only "json" is JSON
    assert volumes_text(VOLUMES, "") == "\n\n"
    text = volumes_text(VOLUMES, 'table {{.Name}}\\t{{.Label "com.example.kind"}}\\t{{.Label "a.some-key_x"}}')
    assert text.splitlines() == ["VOLUME NAME   kind      some key x", "p_data                  ", "p_db          a<b>      "]
    with pytest.raises(TemplateError, match=r"can't evaluate field Nope in type \*formatter.volumeContext"):
        volumes_text(VOLUMES, "{{.Nope}}")


@pytest.mark.parametrize(("ref", "parts"), [
    ("app", ("app", "latest")),
    ("app:1.0", ("app", "1.0")),
    ("docker.io/library/app:2", ("app", "2")),
    ("index.docker.io/me/app", ("me/app", "latest")),
    ("docker.io/library/a/b", ("library/a/b", "latest")),
    ("localhost:5000/x/y:t", ("localhost:5000/x/y", "t")),
    ("Registry.example.com/x", ("Registry.example.com/x", "latest")),
])
def test_references_as_the_docker_cli_sends_them(ref: str, parts: tuple[str, str]) -> None:
    assert commit.reference_parts(ref) == parts


@pytest.mark.parametrize(("ref", "message"), [
    ("UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase"),
    ("me/App:x", "invalid reference format: repository name (me/App) must be lowercase"),
    ("a b", "invalid reference format"),
    ("app::x", "invalid reference format"),
    ("app@sha256:" + "0" * 64, "refusing to create a tag with a digest reference"),
    ("a" * 64, f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings"),
])
def test_bad_references_are_refused_in_the_docker_clis_words(ref: str, message: str) -> None:
    with pytest.raises(CommandError) as caught:
        commit.reference_parts(ref)
    assert str(caught.value) == message


def _parsed(args: list[str]) -> dict[str, object]:
    parser = CommandParser(prog="pycompose commit")
    commit.configure(parser)
    return vars(parser.parse_args(args))


def test_pause_is_a_go_bool_flag() -> None:
    assert _parsed(["web"])["pause"] is True
    assert _parsed(["-p", "web", "repo"]) == _parsed(["web", "repo"])  # -p takes no value: web is the SERVICE
    assert _parsed(["--pause=false", "web"])["pause"] is False
    assert _parsed(["-p=0", "web"])["pause"] is False
    assert _parsed(["--pause=True", "web"])["pause"] is True
    values = _parsed(["-c", "ENV A=1", "-c", "LABEL b=2", "-a", "me", "-m", "msg", "--index", "2", "web", "r:t"])
    assert values["change"] == ["ENV A=1", "LABEL b=2"] and values["index"] == 2 and values["reference"] == "r:t"


def _container(name: str, number: int, *, oneoff: bool = False) -> ObservedContainer:
    labels = {"com.docker.compose.service": "web", "com.docker.compose.container-number": str(number),
              "com.docker.compose.oneoff": "True" if oneoff else "False"}
    return ObservedContainer(id=name, name=name, labels=labels, state="running")


def test_the_container_is_picked_as_v2_picks_it() -> None:
    found = [_container("run", -1, oneoff=True), _container("web-2", 2), _container("web-3", 3)]
    assert specified_container(found, "web", 0).name == "web-2"
    assert specified_container(found, "web", 3).name == "web-3"
    assert specified_container(found[:1], "web", 0).name == "run"
    with pytest.raises(CommandError, match=r'^service "web" is not running container #1$'):
        specified_container(found, "web", 1)
    with pytest.raises(CommandError, match=r'^service "db" is not running$'):
        specified_container(found, "db", 0)


def test_export_output_paths(tmp_path: Path) -> None:
    export.check_output_path(str(tmp_path / "new.tar"))
    export.check_output_path(str(tmp_path))  # a directory passes here and fails when written, as in v2
    with pytest.raises(CommandError, match=r'directory ".*/missing" does not exist'):
        export.check_output_path(str(tmp_path / "missing" / "x.tar"))
    with pytest.raises(CommandError, match="must be a directory or a regular file: got a device"):
        export.check_output_path("/dev/null")
    with pytest.raises(CommandError, match=r"^cannot write to a directory$"):
        export.write_atomically(str(tmp_path), iter([b"x"]))  # type: ignore[arg-type]
    (tmp_path / "link").symlink_to(tmp_path / "new.tar")
    with pytest.raises(CommandError, match=r"^cannot write to a symbolic link directly$"):
        export.write_atomically(str(tmp_path / "link"), iter([b"x"]))  # type: ignore[arg-type]


def test_the_fake_engine_commits_and_exports() -> None:
    engine = FakeEngine()
    c = engine.add_container("p-web-1", {"com.docker.compose.project": "p", "com.docker.compose.service": "web"})
    c.files["/etc/marker"] = b"hi\n"
    image = engine.commit(c.id, repository="app", tag="1", comment="m", author="a", changes=["ENV A=1"])
    assert engine.images["app:1"] == image
    assert engine.calls_of("commit") == [("commit", "p-web-1", "app:1", "m", "a", "ENV A=1")]
    assert files_of(b"".join(engine.export(c.id))) == {"etc/marker": b"hi\n"}
    engine.create_volume({"Name": "p_data", "Labels": {"com.docker.compose.project": "p"}})
    engine.create_volume({"Name": "q_data", "Labels": {"com.docker.compose.project": "q"}})
    assert [v.name for v in engine.list_volume_details("p")] == ["p_data"]
