"""container_create: Binds and Mounts of every volume type, tmpfs, secrets and configs."""

from __future__ import annotations

import io
import tarfile
from typing import Any

import pytest

from compose.errors import PlanError
from compose.model import Project, build_project
from compose.model.frozen import FrozenMap
from compose.plan.translate import FileCopy, Resolved, container_create


def project(service: dict[str, Any], **top: Any) -> Project:
    service.setdefault("image", "x")
    service.setdefault("networks", {"default": None})
    top.setdefault("networks", {"default": {"name": "p_default"}})
    top.setdefault("volumes", {"data": {"name": "p_data"}})
    return build_project(
        {"name": "p", "services": {"web": service}, **top},
        working_dir="/w",
        config_files=[],
        environment={"TOKEN": "s3cret"},
    )


def host_config(p: Project, api: str = "1.41", **resolved: Any) -> dict[str, Any]:
    c = container_create(p, p.service("web"), 1, api_version=api, resolved=Resolved(**resolved))
    hc: dict[str, Any] = c.body["HostConfig"]
    return hc


def test_binds_and_mounts_as_v2_sends_them() -> None:
    p = project(
        {
            "volumes": [
                {"type": "volume", "source": "data", "target": "/data", "read_only": True, "volume": {}},
                {"type": "bind", "source": "/w/src", "target": "/src", "bind": {"selinux": "z", "create_host_path": True}},
                {"type": "bind", "source": "/w/missing", "target": "/m"},
                {"type": "volume", "source": "data", "target": "/nocopy", "volume": {"nocopy": True}},
                {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "1048576", "mode": 448}},
                {"type": "bind", "source": "/w/src", "target": "/b2", "read_only": True, "bind": {"propagation": "rprivate"}},
                {"type": "volume", "target": "/anon", "volume": {}},
            ]
        }
    )
    hc = host_config(p)
    assert hc["Binds"] == ["p_data:/data:ro", "/w/src:/src:rw,z", "/w/missing:/m:rw"]
    assert hc["Mounts"] == [
        {"Type": "volume", "Target": "/nocopy", "Source": "p_data", "VolumeOptions": {"NoCopy": True}},
        {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 448}},
        {"Type": "bind", "Target": "/b2", "Source": "/w/src", "BindOptions": {"Propagation": "rprivate"}, "ReadOnly": True},
        {"Type": "volume", "Target": "/anon", "VolumeOptions": {}},
    ]


def test_bind_that_may_create_its_path_keeps_the_binds_form_with_propagation() -> None:
    # v2 sends this as a Mount with CreateMountpoint, which API 1.41 ignores; Binds creates the path.
    p = project(
        {"volumes": [{"type": "bind", "source": "/w/s", "target": "/s", "bind": {"propagation": "rslave", "create_host_path": True, "selinux": "Z"}}]}
    )
    hc = host_config(p)
    assert hc["Binds"] == ["/w/s:/s:rw,Z,rslave"] and "Mounts" not in hc


def test_inherited_anonymous_volume_is_reused() -> None:
    p = project({"volumes": [{"type": "volume", "target": "/anon", "volume": {}}]})
    hc = host_config(p, inherited_volumes=FrozenMap({"/anon": "0123abcd"}))
    assert hc["Mounts"] == [{"Type": "volume", "Target": "/anon", "Source": "0123abcd", "VolumeOptions": {}}]


def test_mount_features_by_api_version() -> None:
    sub = project({"volumes": [{"type": "volume", "source": "data", "target": "/d", "volume": {"subpath": "x"}}]})
    with pytest.raises(PlanError) as info:
        host_config(sub)
    assert info.value.path == "services.web.volumes[0].volume.subpath"
    assert host_config(sub, "1.45")["Mounts"][0]["VolumeOptions"] == {"Subpath": "x"}

    image = project({"volumes": [{"type": "image", "source": "alpine", "target": "/i", "image": {"subpath": "/etc"}}]})
    with pytest.raises(PlanError, match="image mounts"):
        host_config(image)
    assert host_config(image, "1.47")["Mounts"] == [
        {"Type": "image", "Target": "/i", "Source": "alpine", "ImageOptions": {"Subpath": "/etc"}}
    ]

    recursive = project({"volumes": [{"type": "bind", "source": "/s", "target": "/s", "bind": {"recursive": "readonly", "create_host_path": True}}]})
    with pytest.raises(PlanError, match="recursive"):
        host_config(recursive)
    assert host_config(recursive, "1.44")["Mounts"][0]["BindOptions"] == {
        "CreateMountpoint": True, "ReadOnlyForceRecursive": True,
    }

    npipe = project({"volumes": [{"type": "npipe", "source": "//./pipe/x", "target": "//./pipe/x"}]})
    with pytest.raises(PlanError, match="npipe"):
        host_config(npipe)


def test_selinux_takes_the_binds_form_with_a_warning() -> None:
    p = project({"volumes": [{"type": "bind", "source": "/s", "target": "/s", "bind": {"selinux": "z"}}]})
    c = container_create(p, p.service("web"), 1, api_version="1.41")
    assert c.body["HostConfig"]["Binds"] == ["/s:/s:rw,z"]
    assert c.warnings == (
        "services.web.volumes[0].bind: selinux relabelling needs the bind form, which creates a missing host path",
    )
    recursive = project(
        {"volumes": [{"type": "bind", "source": "/s", "target": "/s", "bind": {"selinux": "z", "recursive": "disabled"}}]}
    )
    with pytest.raises(PlanError) as info:
        host_config(recursive, "1.44")
    assert info.value.path == "services.web.volumes[0].bind.selinux"


def test_service_tmpfs_list() -> None:
    hc = host_config(project({"tmpfs": ["/run", "/tmp:size=64m,mode=1777"]}))
    assert hc["Tmpfs"] == {"/run": "", "/tmp": "size=64m,mode=1777"}


def test_file_secrets_and_configs_are_read_only_binds() -> None:
    p = project(
        {"secrets": [{"source": "s", "target": "/run/secrets/s"}], "configs": [{"source": "c"}, {"source": "c", "target": "etc/c"}]},
        secrets={"s": {"name": "p_s", "file": "/w/s.txt"}},
        configs={"c": {"name": "p_c", "file": "/w/c.txt"}},
    )
    hc = host_config(p)
    assert hc["Mounts"] == [
        {"Type": "bind", "Source": "/w/s.txt", "Target": "/run/secrets/s", "ReadOnly": True, "BindOptions": {}},
        {"Type": "bind", "Source": "/w/c.txt", "Target": "/c", "ReadOnly": True},
        {"Type": "bind", "Source": "/w/c.txt", "Target": "/etc/c", "ReadOnly": True},
    ]


def test_environment_and_content_objects_are_copied_in() -> None:
    p = project(
        {
            "secrets": [{"source": "token"}, {"source": "token", "target": "t2", "uid": "1", "gid": "2", "mode": "0400"}],
            "configs": [{"source": "inline", "target": "rel/c"}],
        },
        secrets={"token": {"name": "p_token", "environment": "TOKEN"}},
        configs={"inline": {"name": "p_inline", "content": "hello"}},
    )
    c = container_create(p, p.service("web"), 1, api_version="1.41")
    assert "Mounts" not in c.body["HostConfig"]
    assert c.copies == (
        FileCopy("/run/secrets/token", b"s3cret"),
        FileCopy("/run/secrets/t2", b"s3cret", mode=0o400, uid=1, gid=2, copy_uid_gid=True),
        FileCopy("/rel/c", b"hello"),
    )
    with tarfile.open(fileobj=io.BytesIO(c.copies[1].archive(mtime=1700000000))) as tar:
        (member,) = tar.getmembers()
        assert (member.name, member.mode, member.uid, member.gid, member.mtime) == (
            "run/secrets/t2", 0o400, 1, 2, 1700000000,
        )
        extracted = tar.extractfile(member)
        assert extracted is not None and extracted.read() == b"s3cret"
    assert c.copies[0].archive() == c.copies[0].archive()  # deterministic


def test_explicit_volume_wins_over_a_secret_at_the_same_path() -> None:
    p = project(
        {"volumes": [{"type": "bind", "source": "/w/mine", "target": "/run/secrets/s"}], "secrets": [{"source": "s"}]},
        secrets={"s": {"name": "p_s", "file": "/w/s.txt"}},
    )
    hc = host_config(p)
    assert hc["Binds"] == ["/w/mine:/run/secrets/s:rw"] and "Mounts" not in hc


def test_file_object_problems() -> None:
    cases = {
        "external": ({"external": True, "name": "ext"}, "swarm"),
        "unset env": ({"name": "p_x", "environment": "NOPE"}, "'NOPE'"),
        "driver": ({"name": "p_x", "file": "/f", "driver": "vault"}, "driver"),
    }
    for label, (definition, message) in cases.items():
        p = project({"secrets": [{"source": "x"}]}, secrets={"x": definition})
        with pytest.raises(PlanError, match=message) as info:
            host_config(p)
        assert info.value.path == "services.web.secrets[0]", label


def test_file_secret_uid_gid_mode_are_a_warning() -> None:
    p = project({"secrets": [{"source": "s", "mode": "0400"}]}, secrets={"s": {"name": "p_s", "file": "/w/s"}})
    c = container_create(p, p.service("web"), 1, api_version="1.41")
    assert c.warnings == ("services.web.secrets[0]: uid, gid and mode of a file-based secret are ignored (it is bind-mounted)",)


def test_use_api_socket() -> None:
    p = project({"use_api_socket": True})
    with pytest.raises(PlanError, match="socket"):
        host_config(p)
    c = container_create(p, p.service("web"), 1, api_version="1.41", resolved=Resolved(engine_socket="/var/run/docker.sock"))
    assert c.body["HostConfig"]["Mounts"] == [
        {"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/var/run/docker.sock"}
    ]
    assert len(c.warnings) == 1


def test_undefined_references_are_plan_errors() -> None:
    p = project({"volumes": [{"type": "volume", "source": "nope", "target": "/n"}]})
    with pytest.raises(PlanError) as info:
        host_config(p)
    assert info.value.path == "services.web.volumes[0].source"
    q = project({"networks": {"ghost": None}})
    with pytest.raises(PlanError) as info:
        host_config(q)
    assert info.value.path == "services.web.networks.ghost"
