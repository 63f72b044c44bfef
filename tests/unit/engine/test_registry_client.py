"""The registry client (compose/engine/registry.py) and the artifact push (compose/engine/artifact.py),
against a small in-process OCI registry: blobs, uploads, mounts, manifests, Basic and Bearer auth."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from compose.engine._auth import Credentials
from compose.engine.artifact import copy_image, push_artifact
from compose.engine.registry import (
    Registry,
    RegistryError,
    RegistryRef,
    _challenge,
    insecure_registry,
    parse_registry_ref,
)
from compose.plan.publish import compose_file_layer

USER, PASSWORD = "u", "p"


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class FakeRegistry:
    def __init__(self, auth: str = "", reject_artifact_type: bool = False) -> None:
        self.auth = auth
        self.reject_artifact_type = reject_artifact_type
        self.blobs: dict[tuple[str, str], bytes] = {}
        self.manifests: dict[tuple[str, str], tuple[str, bytes]] = {}
        self.uploads: dict[str, str] = {}
        self.log: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _authorized(self) -> bool:
                given = self.headers.get("Authorization", "")
                if registry.auth == "basic":
                    ok = given == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                    if not ok:
                        self._send(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                                   {"WWW-Authenticate": 'Basic realm="fake"'})
                    return ok
                if registry.auth == "bearer":
                    ok = given == "Bearer tok"
                    if not ok:
                        self._send(401, b"", {"WWW-Authenticate": f'Bearer realm="http://{registry.host}/token",'
                                              'service="fake",scope="repository:x:pull"'})
                    return ok
                return True

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:
                self._route()

            def do_HEAD(self) -> None:
                self._route()

            def do_POST(self) -> None:
                self._route()

            def do_PUT(self) -> None:
                self._route()

            def _route(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                registry.log.append(f"{self.command} {url.path}")
                if url.path == "/token":
                    good = self.headers.get("Authorization") == "Basic " + base64.b64encode(
                        f"{USER}:{PASSWORD}".encode()).decode()
                    assert query["scope"].endswith(":pull,push") and query["service"] == "fake"
                    self._send(200 if good else 401, json.dumps({"token": "tok"}).encode())
                    return
                if not self._authorized():
                    return
                parts = url.path.split("/")
                kind = "blobs" if "/blobs/" in url.path else "manifests" if "/manifests/" in url.path else ""
                if url.path.endswith("/blobs/uploads/") and self.command == "POST":
                    self._body()
                    repo = url.path[len("/v2/"):-len("/blobs/uploads/")]
                    if "mount" in query and (query["from"], query["mount"]) in registry.blobs:
                        registry.blobs[(repo, query["mount"])] = registry.blobs[(query["from"], query["mount"])]
                        self._send(201)
                        return
                    uid = str(len(registry.uploads))
                    registry.uploads[uid] = repo
                    self._send(202, headers={"Location": f"/v2/{repo}/blobs/uploads/{uid}?_state=s"})
                    return
                if "/blobs/uploads/" in url.path and self.command == "PUT":
                    data = self._body()
                    repo = registry.uploads[parts[-1]]
                    assert sha(data) == query["digest"]
                    registry.blobs[(repo, query["digest"])] = data
                    self._send(201)
                    return
                repo, _, ref = url.path[len("/v2/"):].partition(f"/{kind}/")
                if kind == "blobs":
                    data = registry.blobs.get((repo, ref))
                    self._send(200 if data is not None else 404, data or b"")
                    return
                if kind == "manifests" and self.command == "PUT":
                    data = self._body()
                    if registry.reject_artifact_type and b"artifactType" in data:
                        self._send(400, b'{"errors":[{"code":"MANIFEST_INVALID","message":"unknown field"}]}')
                        return
                    media = self.headers["Content-Type"]
                    registry.manifests[(repo, ref)] = (media, data)
                    registry.manifests[(repo, sha(data))] = (media, data)
                    self._send(201)
                    return
                if kind == "manifests":
                    found = registry.manifests.get((repo, ref))
                    if found is None:
                        self._send(404)
                        return
                    self._send(200, found[1], {"Content-Type": found[0]})
                    return
                self._send(200 if url.path == "/v2/" else 404, b"{}")

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeRegistry]:
    made = FakeRegistry()
    yield made
    made.close()


def credentials(host: str) -> Credentials:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return Credentials(auths={host: {"auth": token}})


def client(registry: FakeRegistry, *, with_credentials: bool = True) -> Registry:
    return Registry(registry.host, credentials(registry.host) if with_credentials else None, insecure=True)


LAYERS = [compose_file_layer("compose.yaml", b"services: {}\n")]


def test_an_insecure_registry_without_tls_is_reached_over_http(fake: FakeRegistry) -> None:
    target = parse_registry_ref(f"{fake.host}/app:1")
    manifest = push_artifact(client(fake), target, LAYERS, "", "2026-01-01T00:00:00Z")
    assert fake.manifests[("app", "1")] == (manifest.media_type, manifest.data)
    assert fake.blobs[("app", LAYERS[0].digest)] == b"services: {}\n"
    assert fake.blobs[("app", sha(b"{}"))] == b"{}"


def test_a_secure_registry_is_https_only(fake: FakeRegistry) -> None:
    with pytest.raises(RegistryError, match="cannot reach the registry"):
        Registry(fake.host).has_blob("app", sha(b"x"))


@pytest.mark.parametrize("auth", ["basic", "bearer"])
def test_authentication_follows_the_challenge(auth: str) -> None:
    fake = FakeRegistry(auth=auth)
    try:
        push_artifact(client(fake), parse_registry_ref(f"{fake.host}/team/app:2"), LAYERS, "1.1", "t")
        assert ("team/app", "2") in fake.manifests
        with pytest.raises(RegistryError) as refused:
            client(fake, with_credentials=False).has_blob("team/app", sha(b"x"))
        assert refused.value.status == 401
    finally:
        fake.close()


def test_oci_1_1_falls_back_to_1_0_on_a_client_error() -> None:
    fake = FakeRegistry(reject_artifact_type=True)
    try:
        manifest = push_artifact(client(fake), parse_registry_ref(f"{fake.host}/app:1"), LAYERS, "", "t")
        assert not manifest.artifact_type
        assert b"application/vnd.docker.compose.config.empty.v1+json" in fake.manifests[("app", "1")][1]
        with pytest.raises(RegistryError, match="MANIFEST_INVALID"):  # an explicit 1.1 does not fall back
            push_artifact(client(fake), parse_registry_ref(f"{fake.host}/app:2"), LAYERS, "1.1", "t")
    finally:
        fake.close()


def test_copy_image_mounts_blobs_and_stores_the_manifest_by_digest(fake: FakeRegistry) -> None:
    config, layer = b'{"os":"linux"}', b"layer-bytes"
    fake.blobs[("bb", sha(config))] = config
    fake.blobs[("bb", sha(layer))] = layer
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                           "config": {"digest": sha(config), "size": len(config)},
                           "layers": [{"digest": sha(layer), "size": len(layer)}]}).encode()
    media = "application/vnd.docker.distribution.manifest.v2+json"
    fake.manifests[("bb", "v1")] = (media, manifest)
    registry = client(fake)
    descriptor = copy_image(registry, parse_registry_ref(f"{fake.host}/bb:v1"), registry, "app")
    assert descriptor == {"mediaType": media, "digest": sha(manifest), "size": len(manifest),
                          "annotations": {"containerd.io/distribution.source.127.0.0.1": "bb"}}
    assert fake.manifests[("app", sha(manifest))] == (media, manifest)
    assert fake.blobs[("app", sha(layer))] == layer
    assert any(line == "POST /v2/app/blobs/uploads/" for line in fake.log)
    other = FakeRegistry()  # another registry: blobs are read and uploaded
    try:
        copy_image(registry, parse_registry_ref(f"{fake.host}/bb:v1"), client(other), "dest")
        assert other.blobs[("dest", sha(layer))] == layer
        assert ("dest", sha(manifest)) in other.manifests
    finally:
        other.close()


def test_parse_registry_ref() -> None:
    assert parse_registry_ref("127.0.0.1:5000/app") == RegistryRef("127.0.0.1:5000", "app", "latest")
    assert parse_registry_ref("busybox:1") == RegistryRef("docker.io", "library/busybox", "1")
    assert Registry("docker.io").host == "registry-1.docker.io"


def test_insecure_registry_follows_the_engines_configuration() -> None:
    config = {"InsecureRegistryCIDRs": ["127.0.0.0/8"],
              "IndexConfigs": {"docker.io": {"Secure": True}, "reg.local:5000": {"Secure": False}}}
    assert insecure_registry("127.0.0.1:5000", config)
    assert insecure_registry("localhost:5000", config)
    assert insecure_registry("reg.local:5000", config)
    assert not insecure_registry("docker.io", config)
    assert not insecure_registry("10.1.2.3", config)


def test_challenge_parsing() -> None:
    assert _challenge('Bearer realm="https://auth/token",service="reg",scope="repository:a:pull,push"') == (
        "bearer", {"realm": "https://auth/token", "service": "reg", "scope": "repository:a:pull,push"})
    assert _challenge('Basic realm="x"') == ("basic", {"realm": "x"})
