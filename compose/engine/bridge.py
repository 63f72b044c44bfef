"""``bridge convert``'s engine side: the images it needs, and running a transformation container.

A transformation is an image that reads ``/in/compose.yaml`` and writes into ``/out`` (v2's
pkg/bridge): it runs once, as the calling user, with ``LICENSE_AGREEMENT=true``, its output
shown as it comes, and is removed afterwards (v2 sets AutoRemove; here the container is
removed once its exit code is read, so that the code is never lost to the removal).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compose.engine._http import path_part
from compose.engine.engine import ApiEngine
from compose.errors import EngineError, EngineNotFound

__all__ = ["image_config", "pull_missing", "run_transformation"]


def image_config(engine: ApiEngine, ref: str) -> Mapping[str, Any] | None:
    """The ``Config`` of local image ``ref`` (``ExposedPorts``...); None when the engine has no such image."""
    try:
        raw = engine.transport.request("GET", f"/images/{path_part(ref)}/json", resource=f"image:{ref}").json()
    except EngineNotFound:
        return None
    config = raw.get("Config") if isinstance(raw, Mapping) else None
    return config if isinstance(config, Mapping) else {}


def pull_missing(engine: ApiEngine, ref: str, what: str, progress: Callable[[str], None] | None = None
                 ) -> Mapping[str, Any]:
    """``ref``'s image config, pulled first when the engine lacks it (v2's inspectWithPull); an
    ``EngineError`` naming ``what`` needs it when it is neither here nor pullable."""
    found = image_config(engine, ref)
    if found is not None:
        return found
    try:
        engine.pull_image(ref, progress=(lambda p: progress(f"{p.layer + ': ' if p.layer else ''}{p.status}"))
                          if progress is not None else None)
    except EngineError as exc:
        raise EngineError(f"{what} {ref} is not present locally and pulling it failed: {exc.message}",
                          resource=f"image:{ref}") from exc
    found = image_config(engine, ref)
    if found is None:
        raise EngineError(f"{what} {ref}: pulled, yet the engine has no such image", resource=f"image:{ref}")
    return found


def run_transformation(engine: ApiEngine, image: str, *, binds: Sequence[str], user: str | None,
                       out: Callable[[str, bytes], None]) -> int:
    """Run ``image`` once with ``binds``; its output to ``out(stream, data)``; its exit code."""
    body: dict[str, Any] = {"Image": image, "Env": ["LICENSE_AGREEMENT=true"], "AttachStdout": True,
                            "AttachStderr": True, "HostConfig": {"Binds": list(binds)}}
    if user:
        body["User"] = user
    created = engine.transport.request("POST", "/containers/create", body=body, resource=f"image:{image}").json()
    container = str(created["Id"])
    try:
        attachment = engine.attach_container(container, stdin=False)
        try:
            engine.start_container(container)
            for stream, data in attachment.output():
                out(stream, data)
        finally:
            attachment.close()
        return engine.wait_container(container)
    finally:
        with contextlib.suppress(EngineError):
            engine.remove_container(container, force=True)
