"""`pycompose config` output: Go's JSON and go-yaml's YAML, and the list flags."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from compose.cli.main import main
from compose.cli.shared.config_format import go_float_g, go_float_json, to_json, to_yaml, yaml_view


@pytest.mark.parametrize(
    ("value", "g", "js"),
    [
        (3.0, "3", "3"), (0.5, "0.5", "0.5"), (1e21, "1e+21", "1e+21"), (1e-6, "1e-06", "0.000001"),
        (1e-7, "1e-07", "1e-7"), (1e8, "1e+08", "100000000"), (1234567.0, "1.234567e+06", "1234567"),
        (100000.0, "100000", "100000"), (-2.25, "-2.25", "-2.25"),
    ],
)
def test_go_float_formats(value: float, g: str, js: str) -> None:
    assert go_float_g(value) == g
    assert go_float_json(value) == js


def test_json_like_go() -> None:
    text = to_json({"a": [1, {"b": "x<y&z>\b"}], "c": {}, "d": [], "e": None, "f": 1.0, "g": "é\t"})
    assert text == (
        '{\n  "a": [\n    1,\n    {\n      "b": "x\\u003cy\\u0026z\\u003e\\u0008"\n    }\n  ],\n'
        '  "c": {},\n  "d": [],\n  "e": null,\n  "f": 1,\n  "g": "é\\t"\n}'
    )
    assert json.loads(text)["a"][1]["b"] == "x<y&z>\b"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("on", '"on"'), ("yes", '"yes"'), ("true", '"true"'), ("12", '"12"'), ("1.5", '"1.5"'), ("", '""'),
        ("1:20", '"1:20"'), ("2001-12-14", '"2001-12-14"'), ("a: b", "'a: b'"), ("a #b", "'a #b'"),
        ("- x", "'- x'"), ("*x", "'*x'"), (" lead", "' lead'"), ("tab\there", '"tab\\there"'),
        ("a<b&c>", "a<b&c>"), ("it's \"q\"", "it's \"q\""), ("a\\b", "a\\b"), ("é ✓", "é ✓"), ("-c", "-c"),
    ],
)
def test_yaml_scalar_quoting(value: str, printed: str) -> None:
    assert to_yaml({"k": value}) == f"k: {printed}\n"


def test_yaml_blocks_sequences_and_empties() -> None:
    data = {"a": {"multi": "line1\nline2\n", "strip": "x\ny"}, "l": [[1, 2], {"b": 1, "c": [3]}, [], {}],
            "nil": None, "t": True}
    assert to_yaml(data) == textwrap.dedent("""\
        a:
          multi: |
            line1
            line2
          strip: |-
            x
            y
        l:
          - - 1
            - 2
          - b: 1
            c:
              - 3
          - []
          - {}
        nil: null
        t: true
        """)


def test_yaml_view_leaves_out_what_v2_yaml_omits() -> None:
    data = {"services": {"s": {"command": None, "entrypoint": None, "x-b": {"z": 1, "a": 2}, "image": "i",
                                "blkio_config": {"weight_device": [{"Path": "/dev/sda", "Weight": 400}]}}},
            "x-top": 1, "name": "p", "networks": {"default": {"name": "p_default", "ipam": {}}}}
    view = yaml_view(data)
    assert list(view) == ["name", "services", "networks", "x-top"]
    assert view["services"]["s"] == {"image": "i", "blkio_config": {"weight_device": [{"path": "/dev/sda",
                                                                                        "weight": 400}]},
                                     "x-b": {"a": 2, "z": 1}}
    assert view["networks"] == {"default": {"name": "p_default"}}


PROJECT = """
services:
  web:
    image: "nginx:${TAG:-1}"
    profiles: [front]
    volumes: ["data:/data"]
  db:
    image: postgres
    networks: [back]
    environment:
      PASSWORD: $$secret
volumes:
  data: {}
networks:
  back: {}
"""


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> tuple[int, str, str]:
    (tmp_path / "compose.yaml").write_text(PROJECT)
    monkeypatch.chdir(tmp_path)
    for var in [v for v in os.environ if v.startswith("COMPOSE_") or v == "TAG"]:
        monkeypatch.delenv(var)
    code = main(["-p", "demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["config", "--services"], "db\n"),
        (["--profile", "front", "config", "--services"], "db\nweb\n"),
        (["--profile", "*", "config", "--volumes"], "data\n"),
        (["config", "--volumes"], ""),
        (["config", "--networks"], "back\n"),
        (["config", "--profiles"], "front\n"),
        (["--profile", "front", "config", "--images"], "postgres\nnginx:1\n"),
    ],
)
def test_list_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                    args: list[str], expected: str) -> None:
    code, out, _ = _run(tmp_path, monkeypatch, capsys, *args)
    assert (code, out) == (0, expected)


def test_json_escapes_dollars_unless_no_interpolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(tmp_path, monkeypatch, capsys, "config", "--format", "json")
    assert json.loads(out)["services"]["db"]["environment"] == {"PASSWORD": "$$secret"}
    _, out, _ = _run(tmp_path, monkeypatch, capsys, "--profile", "front", "config", "--no-interpolate", "--format",
                     "json")
    assert json.loads(out)["services"]["web"]["image"] == "nginx:${TAG:-1}"


def test_hash_variables_quiet_and_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(tmp_path, monkeypatch, capsys, "config", "--hash", "*")
    name, digest = out.split()
    assert name == "db" and len(digest) == 64
    _, out, _ = _run(tmp_path, monkeypatch, capsys, "config", "--variables")
    assert out.splitlines()[0].split() == ["NAME", "REQUIRED", "DEFAULT", "VALUE", "ALTERNATE", "VALUE"]
    assert out.splitlines()[1].split() == ["TAG", "false", "1"]
    code, out, _ = _run(tmp_path, monkeypatch, capsys, "config", "-q")
    assert (code, out) == (0, "")
    code, out, _ = _run(tmp_path, monkeypatch, capsys, "config", "-o", str(tmp_path / "out.yaml"))
    assert (code, out) == (0, "")
    assert (tmp_path / "out.yaml").read_text().startswith("name: demo\n")


def test_resolve_image_digests_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(tmp_path, monkeypatch, capsys, "config", "--resolve-image-digests")
    assert code != 0 and out == ""
    assert "registry" in err


def test_build_ssh_with_a_path_cannot_be_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  t:\n    build:\n      context: .\n      ssh: [default, key1=/k]\n")
    monkeypatch.chdir(tmp_path)
    assert main(["-p", "x", "config", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "services.t.build.ssh" in err
    assert main(["-p", "x", "config"]) == 0
    assert "- key1=/k" in capsys.readouterr().out


def test_yaml_maps_sort_numbers_as_numbers_like_go_yaml() -> None:
    data = {"services": {f"svc{i}": {"image": "x"} for i in sorted([1, 2, 10, 100, 20])}}
    data["services"] = dict(sorted(data["services"].items()))
    assert list(yaml_view(data)["services"]) == ["svc1", "svc2", "svc10", "svc20", "svc100"]
    ports = {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}
    assert list(yaml_view({"services": {"s": {"ports": [ports]}}})["services"]["s"]["ports"][0]) == list(ports)
