"""HttpReads: the engine calls ``observe`` makes, over the transport (compose/engine/_http.py).

ApiEngine inherits them; a recorded no-op ``up`` (compose/cli/upmemo.py) uses them
alone, without importing the rest of the engine's commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from compose.engine import _parse
from compose.engine._http import HttpTransport, path_part
from compose.errors import EngineNotFound
from compose.model.labels import PROJECT

if TYPE_CHECKING:
    from compose.engine.port import ContainerState
    from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

__all__ = ["HttpReads", "transport_for"]


def transport_for(env: Mapping[str, str]) -> HttpTransport | None:
    """The transport to the engine the environment names (compose/engine/hosts.py), not yet negotiated.

    Never None now that every host has a transport; the Optional stays for upmemo's check."""
    from compose.engine.hosts import transport_for as for_env

    return for_env(env)


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
