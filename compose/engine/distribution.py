"""Image digests from the registry, asked through the engine: ``GET /distribution/{name}/json``.

The engine (API 1.30+) fetches the manifest's descriptor from the image's registry with the
credentials sent as X-Registry-Auth (the Docker config file's, compose/engine/_auth.py), so
pycompose reaches every registry the engine reaches (its insecure registries, its proxies
and mirrors) without speaking the registry protocol itself. v2's ``ImageDigestResolver``
does the same (``DistributionInspect``).
"""

from __future__ import annotations

import json

from compose.engine._auth import encode
from compose.engine._http import path_part
from compose.engine.engine import ApiEngine
from compose.errors import EngineError

__all__ = ["resolve_digest"]


def resolve_digest(engine: ApiEngine, ref: str) -> str:
    """The digest (``sha256:...``) of the manifest ``ref`` names in its registry; an ``EngineError``
    with v2's wording ("failed to resolve digest for REF: ...") when the registry does not say."""
    headers = {"X-Registry-Auth": encode(engine.credentials.for_image(ref) or {})}
    try:
        stream = engine.transport.exchange("GET", f"/distribution/{path_part(ref)}/json", headers=headers)
        body = stream.checked(f"image:{ref}").read()
        descriptor = json.loads(body).get("Descriptor") or {}
        digest = str(descriptor.get("digest") or "")
    except EngineError as exc:
        raise EngineError(f"failed to resolve digest for {ref}: Error response from daemon: {exc.message}",
                          resource=f"image:{ref}") from exc
    except ValueError as exc:
        raise EngineError(f"failed to resolve digest for {ref}: the engine's answer is not JSON ({exc})",
                          resource=f"image:{ref}") from exc
    if not digest:
        raise EngineError(f"failed to resolve digest for {ref}: the engine's answer names no digest",
                          resource=f"image:{ref}")
    return digest
