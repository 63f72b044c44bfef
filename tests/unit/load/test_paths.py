"""paths.resolve_paths: which attributes are host paths, and how they are made absolute."""

from __future__ import annotations

from typing import Any

import pytest

from compose.load.paths import abs_path, expand_user, is_remote_context, resolve_paths, resolve_service_paths

BASE = "/proj"
HOME = "/home/u"


def resolved(service: dict[str, Any]) -> dict[str, Any]:
    out = resolve_paths({"services": {"s": service}}, BASE, HOME)["services"]["s"]
    assert isinstance(out, dict)
    return out


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".", "/proj"),
        ("./a/../b/", "/proj/b"),
        ("../up", "/up"),
        ("/abs", "/abs"),
        ("~", "/home/u"),
        ("~/x", "/home/u/x"),
        ("C:\\data", "C:\\data"),
        ("", ""),
    ],
)
def test_abs_path(path: str, expected: str) -> None:
    assert abs_path(path, BASE, HOME) == expected


@pytest.mark.parametrize(
    "context",
    [
        "https://github.com/a/b.git#main",
        "http://x/y",
        "git://x/y",
        "ssh://git@x/y",
        "git@github.com:a/b.git",
        "github.com/a/b",
        "docker-image://alpine",
        "service:base",
    ],
)
def test_remote_contexts_are_kept(context: str) -> None:
    assert is_remote_context(context)
    assert resolved({"build": {"context": context}})["build"]["context"] == context


def test_service_paths() -> None:
    out = resolved(
        {
            "build": {"context": "./app", "additional_contexts": {"a": "../d", "b": "docker-image://x"}},
            "env_file": [{"path": ".env", "required": True}],
            "label_file": ["./labels"],
            "extends": {"file": "base.yaml", "service": "b"},
            "develop": {"watch": [{"path": "./src", "action": "sync"}]},
            "volumes": [
                {"type": "bind", "source": "./data", "target": "/d"},
                {"type": "bind", "source": "~/x", "target": "/x"},
                {"type": "volume", "source": "named", "target": "/n"},
            ],
            "image": "./not-a-path",
        }
    )
    assert out["build"] == {"context": "/proj/app", "additional_contexts": {"a": "/d", "b": "docker-image://x"}}
    assert out["env_file"] == [{"path": "/proj/.env", "required": True}]
    assert out["label_file"] == ["/proj/labels"]
    assert out["extends"] == {"file": "/proj/base.yaml", "service": "b"}
    assert out["develop"]["watch"][0]["path"] == "/proj/src"
    assert [v["source"] for v in out["volumes"]] == ["/proj/data", "/home/u/x", "named"]
    assert out["image"] == "./not-a-path"


def test_top_level_paths() -> None:
    data = {
        "secrets": {"s": {"file": "./s.txt"}, "e": {"environment": "E"}},
        "configs": {"c": {"file": "~/c.conf"}},
        "volumes": {
            "b": {"driver": "local", "driver_opts": {"o": "bind", "type": "none", "device": "./data"}},
            "n": {"driver_opts": {"device": "./kept"}},
        },
        "include": [{"path": ["inc/compose.yaml"], "env_file": ["a.env"], "project_directory": "inc"}],
    }
    out = resolve_paths(data, BASE, HOME)
    assert out["secrets"] == {"s": {"file": "/proj/s.txt"}, "e": {"environment": "E"}}
    assert out["configs"]["c"]["file"] == "/home/u/c.conf"
    assert out["volumes"]["b"]["driver_opts"]["device"] == "/proj/data"
    assert out["volumes"]["n"]["driver_opts"]["device"] == "./kept"
    assert out["include"] == [
        {"path": ["/proj/inc/compose.yaml"], "env_file": ["/proj/a.env"], "project_directory": "/proj/inc"}
    ]


def test_resolving_twice_changes_nothing() -> None:
    data = {"services": {"s": {"build": {"context": "."}, "volumes": [{"type": "bind", "source": "./a", "target": "/a"}]}}}
    once = resolve_paths(data, BASE, HOME)
    assert resolve_paths(once, "/elsewhere", HOME) == once


def test_extended_service_resolved_against_its_own_file() -> None:
    out = resolve_service_paths({"build": ".", "env_file": [{"path": "x.env"}]}, "/other/dir", HOME)
    assert out == {"build": ".", "env_file": [{"path": "/other/dir/x.env"}]}


def test_input_not_modified() -> None:
    data = {"services": {"s": {"build": {"context": "."}}}}
    resolve_paths(data, BASE, HOME)
    assert data == {"services": {"s": {"build": {"context": "."}}}}


def test_expand_user_without_home() -> None:
    assert expand_user("~/x", None) == "~/x"
