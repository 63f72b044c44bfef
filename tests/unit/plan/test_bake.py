"""``build --print``: the bake file v2 prints, from the model (compose/plan/bake.py)."""

from __future__ import annotations

from typing import Any

import pytest

from compose._version import COMPOSE_VERSION
from compose.errors import UsageError
from compose.model import Project, build_project
from compose.plan.bake import BakeOptions, bake_file, build_dependencies, parse_ssh_flag


def project(services: dict[str, Any], **top: Any) -> Project:
    return build_project({"name": "p", "services": services, **top}, working_dir="/w",
                         config_files=["/w/compose.yaml"], environment={"FROM_ENV": "e"})


def labels(service: str, **more: str) -> dict[str, str]:
    return {**more, "com.docker.compose.project": "p", "com.docker.compose.service": service,
            "com.docker.compose.version": COMPOSE_VERSION}


def test_a_plain_build_is_context_dockerfile_labels_tags_and_a_docker_output() -> None:
    p = project({"app": {"build": {"context": "/nonexistent/ctx", "dockerfile": "Dockerfile"}},
                 "web": {"image": "busybox"}})
    assert bake_file(p, (), BakeOptions()) == {
        "group": {"default": {"targets": ["app"]}},
        "target": {"app": {"context": "/nonexistent/ctx", "dockerfile": "/nonexistent/ctx/Dockerfile",
                           "labels": labels("app"), "tags": ["p-app"], "output": ["type=docker"]}},
    }


def test_every_key_in_v2s_order_and_form() -> None:
    p = project({"app": {"image": "reg/app:1", "build": {
        "context": "/nonexistent", "dockerfile": "D", "args": {"A": "${x}", "FROM_ENV": None, "UNSET": None},
        "labels": {"l": "v"}, "tags": ["reg/app:extra"], "cache_from": ["c:1"], "cache_to": ["type=inline"],
        "target": "dev", "secrets": [{"source": "s"}, {"source": "e", "target": "t"}], "ssh": ["default", "k=/key"],
        "platforms": ["linux/amd64"], "pull": True, "no_cache": True, "network": "host", "shm_size": "64m",
        "ulimits": {"nproc": 5, "nofile": {"soft": 10, "hard": 20}}, "entitlements": ["network.host"],
        "privileged": True, "extra_hosts": ["h=1.1.1.1", "h=::1"], "provenance": "true", "sbom": "mode=max"}}},
        secrets={"s": {"file": "/w/s.txt"}, "e": {"environment": "FROM_ENV"}})
    target = bake_file(p, (), BakeOptions())["target"]["app"]  # type: ignore[index]
    assert list(target) == ["context", "dockerfile", "args", "labels", "tags", "cache-from", "cache-to", "target",
                            "secret", "ssh", "platforms", "pull", "no-cache", "network", "shm-size", "ulimits",
                            "entitlements", "extra-hosts", "output", "attest"]
    assert target["args"] == {"A": "$${x}", "FROM_ENV": "e"}
    assert target["labels"] == labels("app", l="v")
    assert target["tags"] == ["reg/app:extra", "reg/app:1"]
    assert target["secret"] == ["id=s,type=file,src=/w/s.txt", "id=t,type=env,env=FROM_ENV"]
    assert target["ssh"] == ["k=/key", "default="]
    assert target["shm-size"] == "67108864"
    assert target["ulimits"] == ["nofile=10:20", "nproc=5"]
    assert target["entitlements"] == ["network.host", "security.insecure"]
    assert target["extra-hosts"] == {"h": "1.1.1.1,::1"}
    assert target["attest"] == ["type=provenance", "type=sbom,mode=max"]


def test_inline_dockerfile_is_escaped_and_has_no_dockerfile_path() -> None:
    p = project({"app": {"build": {"context": "/c", "dockerfile_inline": "FROM x\nRUN echo ${A}\n"}}})
    target = bake_file(p, (), BakeOptions())["target"]["app"]  # type: ignore[index]
    assert "dockerfile" not in target
    assert target["dockerfile-inline"] == "FROM x\nRUN echo $${A}\n"


def test_flags_land_in_every_target() -> None:
    p = project({"app": {"image": "reg/app", "build": {"context": "/c"}},
                 "multi": {"build": {"context": "/c", "platforms": ["linux/amd64", "linux/arm64"]}}})
    options = BakeOptions(build_args={"B": "2", "FROM_ENV": None}, no_cache=True, pull=True, push=True,
                          ssh=("default",))
    targets = bake_file(p, (), options)["target"]  # type: ignore[index]
    assert targets["app"]["args"] == {"B": "2", "FROM_ENV": "e"}
    assert targets["app"]["pull"] is targets["app"]["no-cache"] is True
    assert targets["app"]["ssh"] == ["default="]
    assert targets["app"]["output"] == ["type=registry"]  # pushed: it has an image
    assert targets["multi"]["output"] == ["type=image,push=false"]  # no image: not pushed
    checked = bake_file(p, (), BakeOptions(check=True))["target"]  # type: ignore[index]
    assert checked["app"]["call"] == "lint" and "output" not in checked["app"]


def test_the_group_lists_what_is_built_and_targets_include_dependencies() -> None:
    p = project({"a": {"build": {"context": "/c"}, "depends_on": {"b": {"condition": "service_started"}}},
                 "b": {"build": {"context": "/c"}},
                 "c.x": {"build": {"context": "/c", "additional_contexts": {"base": "service:b", "dir": "/d"}}},
                 "web": {"image": "w", "depends_on": {"a": {"condition": "service_started"}}}})
    only_a = bake_file(p, ("a",), BakeOptions())
    assert only_a is not None
    assert only_a["group"]["default"]["targets"] == ["a"]
    assert sorted(only_a["target"]) == ["a", "b"]
    assert bake_file(p, ("web",), BakeOptions()) is None  # nothing to build: v2 prints nothing
    deps = bake_file(p, ("web",), BakeOptions(with_dependencies=True))
    assert deps is not None and deps["group"]["default"]["targets"] == ["a", "b"]
    contexts = bake_file(p, ("c.x",), BakeOptions())
    assert contexts is not None
    assert contexts["group"]["default"]["targets"] == ["b", "c_x"]
    assert contexts["target"]["c_x"]["contexts"] == {"base": "target:b", "dir": "/d"}
    assert build_dependencies(p, ["c.x"]) == ("c.x", "b")
    with pytest.raises(UsageError):
        bake_file(p, ("nope",), BakeOptions())


@pytest.mark.parametrize(("value", "parsed"), [("", "default"), ("default", "default"), ("id=/path", "id=/path")])
def test_ssh_flag(value: str, parsed: str) -> None:
    assert parse_ssh_flag(value) == parsed


def test_ssh_flag_without_a_path_is_v2s_invalid_key() -> None:
    with pytest.raises(ValueError, match="invalid ssh key 'bogus'"):
        parse_ssh_flag("bogus")
