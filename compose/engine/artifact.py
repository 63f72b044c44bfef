"""Pushing a compose application's OCI artifact, and copying images next to it (``publish``).

What v2's ``internal/oci`` does (PushManifest, Copy), on compose/engine/registry.py:

- ``push_artifact``: the empty config blob, each layer's blob, then the manifest under the tag;
  without an explicit OCI version, OCI 1.1 is tried first and a registry's 4xx answer other than
  an authentication one (it does not take ``artifactType``) falls back to OCI 1.0;
- ``copy_image`` (``publish --app``): an image's manifest (every platform of an index) and blobs
  copied into the artifact's repository, by digest: mounted when both live in the same registry,
  else read and uploaded;
- ``push_index``: the index of those images, whose subject is the artifact, by digest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from compose.engine.registry import Registry, RegistryError, RegistryRef
from compose.plan.publish import Descriptor, empty_config, image_manifest

__all__ = ["connect_registry", "copy_image", "push_artifact", "push_index"]

_AUTH_STATUSES = (401, 403, 407)
_INDEXES = ("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")


def connect_registry(domain: str, env: Mapping[str, str], registry_config: Mapping[str, Any]) -> Registry:
    """The registry ``domain`` with the Docker config file's credentials (of ``env``), insecure when
    the engine's ``registry_config`` (``/info``'s RegistryConfig) counts it so."""
    from compose.engine._auth import load_credentials
    from compose.engine.registry import insecure_registry

    return Registry(domain, load_credentials(env), insecure=insecure_registry(domain, registry_config))


def push_artifact(registry: Registry, target: RegistryRef, layers: Sequence[Descriptor], oci_version: str,
                  created: str) -> Descriptor:
    """Push the artifact of ``layers`` to ``target`` (its tag); its manifest's descriptor."""
    if oci_version in ("", "1.1"):
        _push(registry, target.repository, empty_config("1.1"))
    for layer in layers:
        _push(registry, target.repository, layer)
    if oci_version:
        return _push_manifest(registry, target, layers, oci_version, created)
    try:
        return _push_manifest(registry, target, layers, "1.1", created)
    except RegistryError as exc:
        status = exc.status or 0
        if 400 <= status < 500 and status not in _AUTH_STATUSES:
            return _push_manifest(registry, target, layers, "1.0", created)
        raise


def _push(registry: Registry, repository: str, descriptor: Descriptor) -> None:
    assert descriptor.data is not None
    registry.push_blob(repository, descriptor.digest, descriptor.data)


def _push_manifest(registry: Registry, target: RegistryRef, layers: Sequence[Descriptor], oci_version: str,
                   created: str) -> Descriptor:
    manifest = image_manifest(layers, oci_version, created)
    _push(registry, target.repository, empty_config(oci_version))
    assert manifest.data is not None
    registry.put_manifest(target.repository, target.tag or manifest.digest, manifest.media_type, manifest.data)
    return manifest


def copy_image(source: Registry, image: RegistryRef, dest: Registry, repository: str) -> dict[str, Any]:
    """Copy ``image`` (from ``source``) into ``repository`` of ``dest``, by digest; its descriptor as
    v2 lists it in the application's index (with containerd's distribution-source annotation)."""
    media_type, body, digest = source.get_manifest(image.repository, image.reference)
    _copy_manifest(source, image.repository, dest, repository, media_type, body, digest)
    host = image.domain.rsplit(":", 1)[0] if not image.domain.startswith("[") else image.domain
    return {"mediaType": media_type, "digest": digest, "size": len(body),
            "annotations": {f"containerd.io/distribution.source.{host}": image.repository}}


def _copy_manifest(source: Registry, from_repo: str, dest: Registry, repository: str, media_type: str,
                   body: bytes, digest: str) -> None:
    data = json.loads(body)
    if media_type in _INDEXES or data.get("manifests") is not None:
        for child in data.get("manifests") or ():
            child_type, child_body, child_digest = source.get_manifest(from_repo, str(child["digest"]))
            _copy_manifest(source, from_repo, dest, repository, child_type, child_body, child_digest)
    else:
        blobs = [data.get("config"), *(data.get("layers") or ())]
        same = source.domain == dest.domain
        for blob in blobs:
            if not isinstance(blob, Mapping) or not blob.get("digest"):
                continue
            blob_digest = str(blob["digest"])

            def opener(d: str = blob_digest) -> Any:
                return source.open_blob(from_repo, d)

            dest.push_blob(repository, blob_digest, opener, mount_from=from_repo if same else "")
    dest.put_manifest(repository, digest, media_type, body)


def push_index(registry: Registry, repository: str, index: Descriptor) -> None:
    """The ``--app`` index, stored by its digest (no tag: it is found as the artifact's referrer)."""
    assert index.data is not None
    registry.put_manifest(repository, index.digest, index.media_type, index.data)
