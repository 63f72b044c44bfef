"""Consistency rules on compose files, through load_project, each verdict confirmed by Docker Compose v2.

``ROWS``: (id, compose file, the key path and message fragment of the expected
problem, or None when v2 accepts the file). ``test_v2_agrees`` (oracle marker)
runs v2's ``config`` on every file.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from compose.errors import ValidationError
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions

ORACLE_DEFAULT = "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"

ROWS: list[tuple[str, str, tuple[str, str] | None]] = [
    ("links to a missing service", "services:\n  a: {image: x, links: ['b:db']}\n",
     ("services.a.links[0]", 'depends on undefined service "b"')),
    ("volumes_from a container", "services:\n  a: {image: x, volumes_from: ['container:b']}\n", None),
    ("network_mode of a missing service", "services:\n  a: {image: x, network_mode: 'service:b'}\n",
     ("services.a.network_mode", 'depends on undefined service "b"')),
    ("uts of a missing service", "services:\n  a: {image: x, uts: 'service:b'}\n",
     ("services.a.uts", 'depends on undefined service "b"')),
    ("depends_on a profile-disabled service",
     "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, profiles: [p]}\n",
     ("services.a.depends_on.b", 'depends on undefined service "b"')),
    ("cycle through volumes_from",
     "services:\n  a: {image: x, volumes_from: [b]}\n  b: {image: x, depends_on: [a]}\n",
     ("services.a.volumes_from[0]", "dependency cycle detected: a -> b -> a")),
    ("named volume undefined", "services:\n  a:\n    image: x\n    volumes: [{type: volume, source: data, target: /d}]\n",
     ("services.a.volumes[0].source", "undefined volume data")),
    ("config undefined", "services:\n  a: {image: x, configs: [c]}\n", ("services.a.configs[0].source", "undefined config c")),
    ("build secret undefined", "services:\n  a: {build: {context: ., secrets: [s]}}\n",
     ("services.a.build.secrets[0].source", "undefined build secret s")),
    ("model undefined", "services:\n  a: {image: x, models: [m]}\n", ("services.a.models.m", "undefined model m")),
    ("model defined", "services:\n  a: {image: x, models: [m]}\nmodels:\n  m: {model: ai/x}\n", None),
    ("container_name with scale 2", "services:\n  a: {image: x, container_name: web, scale: 2}\n",
     ("services.a.scale", "can't set container_name and 2 replicas")),
    ("container_name twice", "services:\n  a: {image: x, container_name: web}\n  b: {image: x, container_name: web}\n",
     ("services.b.container_name", 'container name "web" is already in use by service "a"')),
    ("network_mode and networks", "services:\n  a: {image: x, network_mode: host, networks: [default]}\n",
     ("services.a.networks", "mutually exclusive `network_mode` and `networks`")),
    ("dockerfile and dockerfile_inline", "services:\n  a: {build: {context: ., dockerfile: D, dockerfile_inline: 'FROM x'}}\n",
     ("services.a.build.dockerfile_inline", "mutually exclusive dockerfile and dockerfile_inline")),
    ("neither image nor build", "services:\n  a: {command: [x]}\n",
     ("services.a", "has neither an image nor a build context specified")),
    ("provider only", "services:\n  a: {provider: {type: x}}\n", None),
    ("negative replicas", "services:\n  a: {image: x, deploy: {replicas: -1}}\n",
     ("services.a.deploy.replicas", "must be greater than or equal to 0")),
    ("cpus against deploy", "services:\n  a: {image: x, cpus: 1, deploy: {resources: {limits: {cpus: 2}}}}\n",
     ("services.a.cpus", "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'")),
    ("same memory in two units", "services:\n  a: {image: x, mem_limit: 1g, deploy: {resources: {limits: {memory: 1024m}}}}\n", None),
    ("count and device_ids", "services:\n  a: {image: x, gpus: [{count: 1, device_ids: ['0']}]}\n",
     ("services.a.gpus[0]", '"count" and "device_ids" attributes are exclusive')),
    ("sync+restart without target", "services:\n  a: {image: x, develop: {watch: [{path: ., action: sync+restart}]}}\n",
     ("services.a.develop.watch[0]", "target is required")),
    ("secret without a source", "services:\n  a: {image: x}\nsecrets:\n  s: {name: x}\n",
     ("secrets.s", "one of file|environment must be set")),
    ("config with two sources", "services:\n  a: {image: x}\nconfigs:\n  c: {file: ./c, content: x}\n",
     ("configs.c.content", "attributes are mutually exclusive")),
    ("external volume with labels", "services:\n  a: {image: x}\nvolumes:\n  v: {external: true, labels: {a: b}}\n",
     ("volumes.v.labels", 'conflicting parameters "external" and "labels" specified')),
    ("external network with driver", "services:\n  a: {image: x}\nnetworks:\n  n: {external: true, driver: bridge}\n", None),
]  # fmt: skip


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    (tmp_path / "c").write_text("")
    return path


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_rule(tmp_path: Path, text: str, expected: tuple[str, str] | None) -> None:
    path = _write(tmp_path, text)
    options = LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p")
    if expected is None:
        load_project(options)
        return
    with pytest.raises(ValidationError) as caught:
        load_project(options)
    where, fragment = expected
    issues = [i for i in caught.value.issues if i.path == where]
    assert issues, [str(i) for i in caught.value.issues]
    assert any(fragment in i.message for i in issues), [str(i) for i in issues]
    assert all(i.location is not None and i.location.file == str(path) for i in issues)


def test_optional_dependency_on_a_profile_disabled_service(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "services:\n  a:\n    image: x\n    depends_on: {b: {condition: service_started, required: false}}\n"
        "  b: {image: x, profiles: [p]}\n",
    )
    load_project(LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p"))


@pytest.mark.oracle
@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_v2_agrees(tmp_path: Path, text: str, expected: tuple[str, str] | None) -> None:
    oracle = os.environ.get("PYCOMPOSE_ORACLE") or ORACLE_DEFAULT
    if not os.path.exists(oracle):
        pytest.skip(f"Docker Compose v2 (the oracle) not found at {oracle}")
    _write(tmp_path, text)
    done = subprocess.run(
        [oracle, "-p", "p", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert (done.returncode == 0) == (expected is None), done.stderr
