"""Cross-reference checks on canonical projects (Docker Compose v2's `config --format json` shape).

Each rule's verdict was checked against Docker Compose v2.40.3; the projects
here are written in the canonical shape the loader hands over.
"""

from __future__ import annotations

from typing import Any

import pytest

from compose.errors import Location
from compose.load.sourcemap import SourceMap
from compose.validate.consistency import check_consistency


def _svc(**attrs: Any) -> dict[str, Any]:
    return {"image": "busybox", **attrs}


def _project(services: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"name": "p", "services": services, **top}


def _messages(data: dict[str, Any], disabled: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(i.path, i.message) for i in check_consistency(data, SourceMap(), disabled)]


DEP = {"condition": "service_started", "required": True}

ROWS: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    # --- services that need other services ---------------------------------------------------
    ("depends_on defined", _project({"a": _svc(depends_on={"b": DEP}), "b": _svc()}), []),
    (
        "depends_on undefined",
        _project({"a": _svc(depends_on={"b": DEP})}),
        [("services.a.depends_on.b", 'service "a" depends on undefined service "b"')],
    ),
    (
        "depends_on list form",
        _project({"a": _svc(depends_on=["b"])}),
        [("services.a.depends_on[0]", 'service "a" depends on undefined service "b"')],
    ),
    (
        "not required is still checked when the service does not exist",
        _project({"a": _svc(depends_on={"b": {**DEP, "required": False}})}),
        [("services.a.depends_on.b", 'service "a" depends on undefined service "b"')],
    ),
    (
        "links with alias",
        _project({"a": _svc(links=["b:db"], depends_on={"b": DEP})}),
        [("services.a.links[0]", 'service "a" depends on undefined service "b"')],
    ),
    (
        "volumes_from service",
        _project({"a": _svc(volumes_from=["b:ro"])}),
        [("services.a.volumes_from[0]", 'service "a" depends on undefined service "b"')],
    ),
    ("volumes_from container", _project({"a": _svc(volumes_from=["container:b"])}), []),
    (
        "network_mode service",
        _project({"a": _svc(network_mode="service:b")}),
        [("services.a.network_mode", 'service "a" depends on undefined service "b"')],
    ),
    ("network_mode container", _project({"a": _svc(network_mode="container:b")}), []),
    (
        "ipc, pid and uts",
        _project({"a": _svc(ipc="service:b", pid="service:c", uts="service:d")}),
        [
            ("services.a.ipc", 'service "a" depends on undefined service "b"'),
            ("services.a.pid", 'service "a" depends on undefined service "c"'),
            ("services.a.uts", 'service "a" depends on undefined service "d"'),
        ],
    ),
    (
        "provider service can be depended on",
        _project({"a": _svc(depends_on={"b": DEP}), "b": {"provider": {"type": "x"}}}),
        [],
    ),
    # --- resources -----------------------------------------------------------------------------
    (
        "networks defined",
        _project({"a": _svc(networks={"front": None, "default": None})}, networks={"front": {}}),
        [],
    ),
    (
        "network undefined",
        _project({"a": _svc(networks={"back": None})}),
        [("services.a.networks.back", 'service "a" refers to undefined network back')],
    ),
    (
        "named volume undefined",
        _project({"a": _svc(volumes=[{"type": "volume", "source": "data", "target": "/d"}])}),
        [("services.a.volumes[0].source", 'service "a" refers to undefined volume data')],
    ),
    (
        "anonymous volume and bind",
        _project(
            {
                "a": _svc(
                    volumes=[
                        {"type": "volume", "target": "/d"},
                        {"type": "bind", "source": "/x", "target": "/x"},
                    ]
                )
            }
        ),
        [],
    ),
    (
        "secret undefined",
        _project({"a": _svc(secrets=[{"source": "s", "target": "/run/secrets/s"}])}),
        [("services.a.secrets[0].source", 'service "a" refers to undefined secret s')],
    ),
    (
        "secret without source",
        _project({"a": _svc(secrets=[{"target": "t"}])}),
        [("services.a.secrets[0]", 'service "a" refers to undefined secret ')],
    ),
    (
        "config undefined, short form",
        _project({"a": _svc(configs=["c"])}),
        [("services.a.configs[0]", 'service "a" refers to undefined config c')],
    ),
    (
        "external secret",
        _project({"a": _svc(secrets=[{"source": "s"}])}, secrets={"s": {"external": True}}),
        [],
    ),
    (
        "build secret undefined",
        _project({"a": _svc(build={"context": ".", "secrets": [{"source": "s"}]})}),
        [("services.a.build.secrets[0].source", 'service "a" refers to undefined build secret s')],
    ),
    (
        "model undefined",
        _project({"a": _svc(models={"m": None})}),
        [("services.a.models.m", 'service "a" refers to undefined model m')],
    ),
    (
        "model defined",
        _project({"a": _svc(models={"m": {"endpoint_var": "U"}})}, models={"m": {"model": "ai/x"}}),
        [],
    ),
    # --- rules within a service ----------------------------------------------------------------
    ("container_name and scale 1", _project({"a": _svc(container_name="c1", scale=1)}), []),
    (
        "container_name and scale 2",
        _project({"a": _svc(container_name="c1", scale=2)}),
        [
            (
                "services.a.scale",
                "can't set container_name and 2 replicas: a container name must be unique (service 'a')",
            )
        ],
    ),
    (
        "container_name and replicas 3",
        _project({"a": _svc(container_name="c1", deploy={"replicas": 3})}),
        [
            (
                "services.a.deploy.replicas",
                "can't set container_name and 3 replicas: a container name must be unique (service 'a')",
            )
        ],
    ),
    (
        "container_name used twice",
        _project({"a": _svc(container_name="c1"), "b": _svc(container_name="c1")}),
        [("services.b.container_name", 'container name "c1" is already in use by service "a"')],
    ),
    (
        "network_mode with networks",
        _project({"a": _svc(network_mode="host", networks={"default": None})}),
        [("services.a.networks", "service a declares mutually exclusive `network_mode` and `networks`")],
    ),
    ("network_mode with empty networks", _project({"a": _svc(network_mode="none", networks={})}), []),
    (
        "dockerfile and dockerfile_inline",
        _project({"a": {"build": {"context": ".", "dockerfile": "D", "dockerfile_inline": "FROM x"}}}),
        [
            (
                "services.a.build.dockerfile_inline",
                'service "a" declares mutually exclusive dockerfile and dockerfile_inline',
            )
        ],
    ),
    (
        "no image, build or provider",
        _project({"a": {"command": ["x"]}}),
        [("services.a", 'service "a" has neither an image nor a build context specified')],
    ),
    ("build without image", _project({"a": {"build": {"context": "."}}}), []),
    (
        "negative scale",
        _project({"a": _svc(scale=-1)}),
        [("services.a.scale", "must be greater than or equal to 0, not -1")],
    ),
    (
        "cpus against deploy",
        _project({"a": _svc(cpus=1, deploy={"resources": {"limits": {"cpus": 2}}})}),
        [
            (
                "services.a.cpus",
                "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus' (1 and 2)",
            )
        ],
    ),
    (
        "same cpus as string",
        _project({"a": _svc(cpus=0.5, deploy={"resources": {"limits": {"cpus": "0.5"}}})}),
        [],
    ),
    (
        "mem_limit against deploy",
        _project({"a": _svc(mem_limit="1024", deploy={"resources": {"limits": {"memory": "2048"}}})}),
        [
            (
                "services.a.mem_limit",
                "can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory' (1024 and 2048)",
            )
        ],
    ),
    (
        "scale against replicas",
        _project({"a": _svc(scale=1, deploy={"replicas": 2})}),
        [("services.a.scale", "can't set distinct values on 'scale' and 'deploy.replicas' (1 and 2)")],
    ),
    (
        "count and device_ids",
        _project({"a": _svc(gpus=[{"count": 1, "device_ids": ["0"]}])}),
        [("services.a.gpus[0]", '"count" and "device_ids" attributes are exclusive')],
    ),
    (
        "sync without target",
        _project({"a": _svc(develop={"watch": [{"path": "/src", "action": "sync"}]})}),
        [("services.a.develop.watch[0]", "target is required for 'sync' (non-rebuild) watch actions")],
    ),
    (
        "restart without target",
        _project({"a": _svc(develop={"watch": [{"path": "/src", "action": "restart"}]})}),
        [],
    ),
    (
        "bind mount without source",
        _project({"a": _svc(volumes=[{"type": "bind", "target": "/x"}])}),
        [("services.a.volumes[0]", 'invalid mount config for type "bind": field Source must not be empty')],
    ),
    (
        "mount without target",
        _project({"a": _svc(volumes=[{"type": "tmpfs"}])}),
        [
            (
                "services.a.volumes[0]",
                "service volume is missing a mount target (the path inside the container)",
            )
        ],
    ),
    (
        "port without target",
        _project({"a": _svc(ports=[{"published": "80"}])}),
        [("services.a.ports[0]", "service port is missing a target port (the container port)")],
    ),
    # --- top-level resources -------------------------------------------------------------------
    (
        "secret with no source",
        _project({}, secrets={"s": {"name": "p_s"}}),
        [("secrets.s", "one of file|environment must be set")],
    ),
    (
        "secret with two sources",
        _project({}, secrets={"s": {"file": "/f", "environment": "E"}}),
        [("secrets.s.environment", "file|environment attributes are mutually exclusive")],
    ),
    ("external secret with file", _project({}, secrets={"s": {"external": True, "file": "/f"}}), []),
    ("config with content", _project({}, configs={"c": {"content": "x"}}), []),
    (
        "config with no source",
        _project({}, configs={"c": {}}),
        [("configs.c", "one of file|environment|content must be set")],
    ),
    (
        "external volume with driver",
        _project({}, volumes={"v": {"external": True, "driver": "local"}}),
        [("volumes.v.driver", 'conflicting parameters "external" and "driver" specified')],
    ),
    ("external volume with name", _project({}, volumes={"v": {"external": True, "name": "x"}}), []),
]


@pytest.mark.parametrize(("data", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_rule(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _messages(data) == expected


def test_not_required_dependency_on_a_disabled_service_is_allowed() -> None:
    data = _project({"a": _svc(depends_on={"b": {**DEP, "required": False}})})
    assert _messages(data, disabled=("b",)) == []


def test_required_dependency_on_a_disabled_service_is_not() -> None:
    data = _project({"a": _svc(depends_on={"b": DEP})})
    assert _messages(data, disabled=("b",)) == [
        ("services.a.depends_on.b", 'service "a" depends on undefined service "b"')
    ]


def test_every_problem_is_reported_with_its_location() -> None:
    data = _project({"a": _svc(depends_on={"zz": DEP}, networks={"nn": None})})
    sources = SourceMap(
        {
            ("services", "a", "depends_on", "zz"): Location("c.yaml", 5, 7),
            ("services", "a"): Location("c.yaml", 2, 3),
        }
    )
    issues = check_consistency(data, sources)
    assert [str(i) for i in issues] == [
        'c.yaml:5:7: services.a.depends_on.zz: service "a" depends on undefined service "zz"',
        'c.yaml:2:3: services.a.networks.nn: service "a" refers to undefined network nn',
    ]


def test_an_undefined_dependency_is_reported_once() -> None:
    # v2 adds depends_on entries for links; the link is the place to point at.
    data = _project({"a": _svc(links=["b"], depends_on={"b": {**DEP, "restart": True}})})
    assert _messages(data) == [("services.a.links[0]", 'service "a" depends on undefined service "b"')]
