"""HttpReads: the engine calls ``observe`` makes, over the standard-library transport.

FastEngine inherits them; a replayed no-op ``up`` (compose/cli/upmemo.py) uses them
alone, without importing docker.py and the rest of the engine's commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from compose.engine import _parse
from compose.engine._http import DEFAULT_HOST, HttpTransport, path_part, tls_context
from compose.errors import EngineNotFound
from compose.model.labels import PROJECT

if TYPE_CHECKING:
    from compose.engine.port import ContainerState
    from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

__all__ = ["HttpReads", "transport_for"]


def transport_for(env: Mapping[str, str]) -> HttpTransport | None:
    """The standard-library transport to the engine DOCKER_HOST names (default: the local socket),
    not yet negotiated; None for hosts it does not speak (``ssh://``: docker-py does)."""
    host = env.get("DOCKER_HOST") or DEFAULT_HOST
    if not host.startswith(("unix://", "tcp://", "http://", "https://")):
        return None
    tls = tls_context(env)
    if tls is None and host.startswith("https://"):
        tls = tls_context({"DOCKER_TLS_VERIFY": "1", **env})
    return HttpTransport(host, tls=tls)


class HttpReads:
    def __init__(self, transport: HttpTransport) -> None:
        self._http = transport

    @property
    def api_version(self) -> str:
        return self._http.api_version

    def _get(self, path: str, resource: str = "", **params: Any) -> Any:
        return self._http.request("GET", path, params=params, resource=resource).json()

    def _find(self, path: str, resource: str) -> Any:
        try:
            return self._get(path, resource)
        except EngineNotFound:
            return None

    def list_containers(self, project: str, *, all: bool = True) -> list[ObservedContainer]:
        raw = self._get("/containers/json", all=all, filters={"label": [f"{PROJECT}={project}"]})
        return [_parse.container_summary(c) for c in raw or []]

    def list_networks(self, project: str) -> list[ObservedNetwork]:
        raw = self._get("/networks", filters={"label": [f"{PROJECT}={project}"]})
        return [_parse.network(n) for n in raw or []]

    def list_volumes(self, project: str) -> list[ObservedVolume]:
        raw = self._get("/volumes", filters={"label": [f"{PROJECT}={project}"]})
        return [_parse.volume(v) for v in (raw or {}).get("Volumes") or []]

    def find_network(self, name: str) -> ObservedNetwork | None:
        raw = self._find(f"/networks/{path_part(name)}", f"network:{name}")
        return None if raw is None else _parse.network(raw)

    def find_volume(self, name: str) -> ObservedVolume | None:
        raw = self._find(f"/volumes/{path_part(name)}", f"volume:{name}")
        return None if raw is None else _parse.volume(raw)

    def image_id(self, ref: str) -> str | None:
        raw = self._find(f"/images/{path_part(ref)}/json", f"image:{ref}")
        return None if raw is None else str(raw["Id"])

    def inspect_container(self, id: str) -> ContainerState:
        return _parse.container_state(self._get(f"/containers/{path_part(id)}/json", f"container:{id}"))
