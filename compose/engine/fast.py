"""FastEngine: DockerEngine whose everyday calls use the standard library, not docker-py.

Importing docker-py costs ~250 ms here (requests, urllib3): more than a whole no-op
``up`` of Docker Compose v2. Every call ``up``, ``down`` and ``ps`` make (listing,
inspecting, creating, starting, stopping, removing, events, logs) goes
through ``compose.engine._http`` (a unix socket or tcp, optional TLS); the calls
only DockerEngine implements (pulls, builds, pushes ...) create its docker-py client on
first use, so a command that never needs it never imports it. ``ssh://`` hosts use
DockerEngine itself (``engine_for``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from compose.engine import _streams
from compose.engine._http import HttpTransport, path_part
from compose.engine.docker import DockerEngine
from compose.engine.port import Stream
from compose.engine.reads import HttpReads, transport_for
from compose.errors import EngineError

_NOT_MODIFIED = 304

__all__ = ["FastEngine", "engine_for", "split_ref"]


def engine_for(env: Mapping[str, str]) -> DockerEngine:
    """The engine DOCKER_HOST names (default: the local socket), its API version negotiated."""
    transport = transport_for(env)
    if transport is None:
        return DockerEngine.connect(env)
    transport.negotiate()
    return FastEngine(transport, env)


class _LazySdk:
    """docker-py's APIClient, created on first use."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env
        self._client: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            from compose.engine.client import connect

            self._client = connect(self._env).api
        return getattr(self._client, name)

    def close_if_open(self) -> None:
        if self._client is not None:
            self._client.close()


class FastEngine(HttpReads, DockerEngine):
    def __init__(self, transport: HttpTransport, env: Mapping[str, str]) -> None:
        self._lazy = _LazySdk(env)
        DockerEngine.__init__(self, self._lazy, env)  # type: ignore[arg-type]
        HttpReads.__init__(self, transport)

    def close(self) -> None:
        self._lazy.close_if_open()

    # -- images (pulls and pushes stay DockerEngine's: they need registry credentials)
    def remove_image(self, ref: str) -> None:
        self._http.request("DELETE", f"/images/{path_part(ref)}", resource=f"image:{ref}")

    # -- networks and volumes
    def create_network(self, body: Mapping[str, Any]) -> str:
        name = str(body.get("Name", ""))
        created = self._http.request("POST", "/networks/create", body=dict(body), resource=f"network:{name}")
        return str(created.json()["Id"])

    def remove_network(self, name: str) -> None:
        """Engine 20.10 releases a removed container's endpoints a moment after the removal returns:
        "has active endpoints" right after the last container went is retried for a few seconds."""
        self._delete_retrying(f"/networks/{path_part(name)}", f"network:{name}", "active endpoints")

    def _delete_retrying(self, path: str, resource: str, busy: str) -> None:
        import time

        deadline = time.monotonic() + 10.0
        while True:
            try:
                self._http.request("DELETE", path, resource=resource)
                return
            except EngineError as exc:
                if busy not in exc.message or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # the engine frees the endpoints within ~0.1-0.3 s: do not oversleep it

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any] | None = None) -> None:
        body = {"Container": container, "EndpointConfig": dict(endpoint or {})}
        self._http.request("POST", f"/networks/{path_part(network)}/connect", body=body,
                           resource=f"network:{network}")

    def create_volume(self, body: Mapping[str, Any]) -> str:
        name = str(body.get("Name", ""))
        created = self._http.request("POST", "/volumes/create", body=dict(body), resource=f"volume:{name}")
        return str(created.json()["Name"])

    def remove_volume(self, name: str) -> None:
        """"volume is in use" right after its last container was removed is retried, as for networks."""
        self._delete_retrying(f"/volumes/{path_part(name)}", f"volume:{name}", "in use")

    # -- containers
    def create_container(self, name: str, body: Mapping[str, Any]) -> str:
        created = self._http.request("POST", "/containers/create", params={"name": name}, body=dict(body),
                                     resource=f"container:{name}")
        return str(created.json()["Id"])

    def copy_into(self, container: str, path: str, archive: bytes) -> None:
        self._http.request("PUT", f"/containers/{path_part(container)}/archive", params={"path": path},
                           data=archive, content_type="application/x-tar", resource=f"container:{container}")

    def start_container(self, id: str) -> None:
        self._http.request("POST", f"/containers/{path_part(id)}/start", ok=(_NOT_MODIFIED,),
                           resource=f"container:{id}")

    def stop_container(self, id: str, *, timeout: int | None = None) -> None:
        self._http.request("POST", f"/containers/{path_part(id)}/stop", params={"t": timeout},
                           timeout=None, ok=(_NOT_MODIFIED,), resource=f"container:{id}")

    def kill_container(self, id: str, *, signal: str = "SIGKILL") -> None:
        self._http.request("POST", f"/containers/{path_part(id)}/kill", params={"signal": signal},
                           resource=f"container:{id}")

    def remove_container(self, id: str, *, force: bool = False, volumes: bool = False) -> None:
        self._http.request("DELETE", f"/containers/{path_part(id)}", params={"v": volumes, "force": force},
                           resource=f"container:{id}")

    def rename_container(self, id: str, name: str) -> None:
        self._http.request("POST", f"/containers/{path_part(id)}/rename", params={"name": name},
                           resource=f"container:{id}")

    def wait_container(self, id: str) -> int:
        done = self._http.request("POST", f"/containers/{path_part(id)}/wait", timeout=None,
                                  resource=f"container:{id}")
        return int(done.json()["StatusCode"])

    # -- streams
    def events(self, *, filters: Mapping[str, Sequence[str]], since: int | None = None,
               until: int | None = None) -> Stream:
        stream = self._http.stream("GET", "/events", params={"filters": filters, "since": since, "until": until})
        return _streams.ClosableStream(_streams.events(stream), stream.close)

    def logs(
        self, id: str, *, follow: bool, since: int | None = None, timestamps: bool = False, tail: str = "all",
        until: int | None = None,
    ) -> Stream:
        resource = f"container:{id}"
        tty = bool((self._get(f"/containers/{path_part(id)}/json", resource).get("Config") or {}).get("Tty"))
        params = {"stdout": 1, "stderr": 1, "follow": follow, "timestamps": timestamps, "tail": tail,
                  "since": since, "until": until}
        stream = self._http.stream("GET", f"/containers/{path_part(id)}/logs", params=params, resource=resource)
        framed = _streams.frames(stream, tty=tty)
        return _streams.ClosableStream(_streams.lines(framed, timestamps=timestamps), stream.close)


def split_ref(ref: str) -> tuple[str, str | None]:
    """``repo:tag`` -> (repo, tag); digests and registry ports are kept intact."""
    if "@" in ref:
        return ref, None
    repository, sep, tag = ref.rpartition(":")
    if not sep or "/" in tag:
        return ref, "latest"
    return repository, tag
