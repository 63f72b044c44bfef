"""``publish``'s artifact (compose/plan/publish.py): layers, manifests in v2's JSON, the pre-checks."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from compose._version import COMPOSE_VERSION
from compose.model import Project, build_project
from compose.plan.publish import (
    COMPOSE_PROJECT_ARTIFACT,
    app_index,
    bind_mounts,
    build_only,
    compose_file_layer,
    empty_config,
    env_file_layer,
    environment_findings,
    file_layers,
    image_manifest,
    sensitive_findings,
)

CREATED = "2026-12-07T14:43:41Z"


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_a_compose_file_layer_is_v2s_descriptor() -> None:
    layer = compose_file_layer("/w/compose.yaml", b"services: {}\n")
    assert layer.json() == {
        "mediaType": "application/vnd.docker.compose.file+yaml", "digest": sha(b"services: {}\n"), "size": 13,
        "annotations": {"com.docker.compose.file": "compose.yaml", "com.docker.compose.version": COMPOSE_VERSION},
        "data": base64.b64encode(b"services: {}\n").decode(),
    }


def test_the_oci_1_1_manifest_is_byte_for_byte_v2s() -> None:
    # v2.40.3's manifest for `services: {a: {image: 127.0.0.1:5077/bb:v1}}`, read back from a registry
    content = b"services:\n  a:\n    image: 127.0.0.1:5077/bb:v1\n"
    manifest = image_manifest([compose_file_layer("compose.yaml", content)], "1.1", CREATED)
    expected = (
        '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",'
        '"artifactType":"application/vnd.docker.compose.project","config":{"mediaType":'
        '"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c'
        '060f61caaff8a","size":2,"data":"e30="},"layers":[{"mediaType":"application/vnd.docker.compose.file+yaml",'
        '"digest":"sha256:af777bd43074644b6f29731dbb4e4bce056de1f45f493492aacc382b6817e18b","size":47,'
        '"annotations":{"com.docker.compose.file":"compose.yaml","com.docker.compose.version":"2.40.3"},'
        '"data":"c2VydmljZXM6CiAgYToKICAgIGltYWdlOiAxMjcuMC4wLjE6NTA3Ny9iYjp2MQo="}],'
        '"annotations":{"org.opencontainers.image.created":"2026-12-07T14:43:41Z"}}')
    assert manifest.data == expected.encode()
    assert manifest.digest == sha(expected.encode())
    assert manifest.artifact_type == COMPOSE_PROJECT_ARTIFACT


def test_oci_1_0_has_no_artifact_type_and_v2s_config() -> None:
    manifest = image_manifest([], "1.0", CREATED)
    body = json.loads(manifest.data or b"")
    assert "artifactType" not in body and not manifest.artifact_type
    assert body["config"]["mediaType"] == "application/vnd.docker.compose.config.empty.v1+json"
    assert empty_config("1.0").digest == empty_config("1.1").digest == sha(b"{}")
    with pytest.raises(ValueError, match="unsupported OCI version: 2"):
        image_manifest([], "2", CREATED)


def test_the_app_index_points_at_the_artifact() -> None:
    manifest = image_manifest([], "1.1", CREATED)
    image = {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": sha(b"x"), "size": 1,
             "annotations": {"containerd.io/distribution.source.127.0.0.1": "bb"}}
    index = app_index([image], manifest)
    body = json.loads(index.data or b"")
    assert list(body) == ["schemaVersion", "mediaType", "manifests", "subject", "annotations"]
    assert body["subject"] == {"mediaType": manifest.media_type, "digest": manifest.digest, "size": manifest.size,
                               "annotations": {"com.docker.compose.version": COMPOSE_VERSION},
                               "artifactType": COMPOSE_PROJECT_ARTIFACT}
    assert body["manifests"] == [image]


def test_env_files_and_extends_become_layers_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text("A=1\n")
    (tmp_path / "base.yaml").write_text("services:\n  base:\n    image: x\n    env_file: ignored.env\n")
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  a:\n    image: x\n    env_file: ./a.env  # comment\n"
                       "  b:\n    extends:\n      file: base.yaml\n      service: base\n"
                       "  c:\n    env_file:\n      - path: ${DIR}/a.env\n        required: false\n")
    found = file_layers([str(compose)], lambda p: Path(p).read_bytes(), str(tmp_path), {"DIR": str(tmp_path)})
    env_name = hashlib.sha256(str(tmp_path / "a.env").encode()).hexdigest() + ".env"
    base_name = hashlib.sha256(str(tmp_path / "base.yaml").encode()).hexdigest() + ".yaml"
    assert found.env_files == {str(tmp_path / "a.env"): env_name}
    first, extended = found.layers
    assert first.data == (f"services:\n  a:\n    image: x\n    env_file: {env_name}\n"
                          f"  b:\n    extends:\n      file: {base_name}\n      service: base\n"
                          f"  c:\n    env_file:\n      - path: {env_name}\n        required: false\n").encode()
    assert extended.annotations["com.docker.compose.file"] == base_name
    assert extended.annotations["com.docker.compose.extends"] == "true"
    assert extended.data == (tmp_path / "base.yaml").read_bytes()  # env files of extended files stay
    assert env_file_layer(env_name, b"A=1\n").annotations["com.docker.compose.envfile"] == env_name


def project(services: dict[str, Any], **top: Any) -> Project:
    return build_project({"name": "p", "services": services, **top}, working_dir="/w",
                         config_files=["/w/compose.yaml"], environment={})


def test_checks() -> None:
    p = project({"built": {"build": {"context": "/c"}}, "ok": {"image": "x", "build": {"context": "/c"}},
                 "mounts": {"image": "x", "environment": {"A": "1"}, "volumes": [
                     {"type": "bind", "source": "/data", "target": "/d"},
                     {"type": "bind", "source": "/etc", "target": "/e", "read_only": True},
                     {"type": "volume", "source": "v", "target": "/v"}]}},
                volumes={"v": {}}, configs={"c": {"environment": "HOME"}})
    assert build_only(p) == ["built"]
    assert bind_mounts(p) == {"mounts": ["/data:/d:rw", "/etc:/e:ro"]}
    reasons, variables = environment_findings(p, {"ok": ["/w/a.env"]})
    assert reasons == ['service "mounts" has environment variable(s) declared.', 'service "ok" has env_file declared.',
                       'config "c" is declare as an environment variable.']
    assert variables == {"mounts": ["A=1"], "c": ["c=HOME"]}


def test_sensitive_findings() -> None:
    text = ("services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example\n      FROM: ${DB_PASSWORD}\n"
            "    secrets: [db]\n      - AWS=AKIAABCDEFGHIJKLMNOP\n")
    found = sensitive_findings([("compose.yaml", text)])
    assert [(f.kind, f.key, f.value) for f in found] == [
        ("Keyword", "POSTGRES_PASSWORD", "example"),
        ("AWS access key", "compose.yaml", "AKIAABCDEFGHIJKLMNOP"),
    ]
    assert sensitive_findings([("x", "services:\n  a:\n    image: busybox\n")]) == []
