"""ApiEngine: the Engine port (compose/engine/port.py) on the one transport (compose/engine/_http.py).

Every host the environment can name (unix socket, tcp, tcp+TLS, ssh, a Docker CLI
context: compose/engine/hosts.py) is reached the same way; the calls here, in
``HttpReads`` (what observe asks) and in ``EngineCommands`` (exec, attach, cp, top...)
are HTTP requests on it. Registry credentials (X-Registry-Auth) come from the Docker
config file (compose/engine/_auth.py). Create bodies are posted as given: the
translation from the model to Engine API JSON lives in compose/plan/translate.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from compose.engine import _streams
from compose.engine._commands import EngineCommands
from compose.engine._http import HttpTransport, path_part
from compose.engine.port import BuildProgress, ImageInfo, PullProgress, Stream
from compose.engine.reads import HttpReads
from compose.errors import EngineError
from compose.model.imageref import parse_image_ref

if TYPE_CHECKING:
    from compose.engine._auth import Credentials
    from compose.plan.buildspec import BuildSpec

_NOT_MODIFIED = 304

__all__ = ["ApiEngine", "engine_for"]


def engine_for(env: Mapping[str, str]) -> ApiEngine:
    """The engine the environment names (DOCKER_HOST, DOCKER_CONTEXT...), its API version negotiated."""
    from compose.engine.hosts import transport_for

    transport = transport_for(env)
    transport.negotiate()
    return ApiEngine(transport, env)


class ApiEngine(HttpReads, EngineCommands):
    """The Engine port over one ``HttpTransport``; thread-safe (its connections are pooled)."""

    def __init__(self, transport: HttpTransport, env: Mapping[str, str] | None = None) -> None:
        HttpReads.__init__(self, transport)
        self._env = env
        self._credentials: Credentials | None = None

    @classmethod
    def connect(cls, env: Mapping[str, str] | None = None) -> ApiEngine:
        return engine_for(os.environ if env is None else env)

    @property
    def transport(self) -> HttpTransport:
        return self._http

    @property
    def credentials(self) -> Credentials:
        """Registry credentials from the Docker config file the environment names (read once)."""
        if self._credentials is None:
            from compose.engine._auth import load_credentials

            self._credentials = load_credentials(os.environ if self._env is None else self._env)
        return self._credentials

    def close(self) -> None:
        self._http.close()

    # -- images
    def pull_image(
        self, ref: str, *, platform: str | None = None, progress: Callable[[PullProgress], None] | None = None
    ) -> str:
        from compose.engine import _images

        _images.pull(self._post_stream, ref, platform, self.credentials, progress)
        found = self.image_id(ref)
        if found is None:
            raise EngineError(f"pulling {ref}: the engine reported no error but has no such image",
                              resource=f"image:{ref}")
        return found

    def remove_image(self, ref: str) -> None:
        self._http.request("DELETE", f"/images/{path_part(ref)}", resource=f"image:{ref}")

    def inspect_image(self, ref: str) -> ImageInfo | None:
        from compose.engine._images import image_info

        raw = self._find(f"/images/{path_part(ref)}/json", f"image:{ref}")
        return None if raw is None else image_info(raw)

    def build_image(self, spec: BuildSpec, *, progress: Callable[[BuildProgress], None] | None = None) -> str:
        from compose.engine import _images

        image_id = _images.build(self._post_stream, spec, self.credentials, progress,
                                 api_version=self._http.api_version, os_type=self._http.os_type)
        if image_id:
            return image_id
        found = self.image_id(spec.image)  # quiet builds do not say the id
        if found is None:
            raise EngineError(f"building {spec.image}: the engine reported no error but has no such image",
                              resource=f"service:{spec.service}")
        return found

    def push_image(self, ref: str, *, progress: Callable[[PullProgress], None] | None = None) -> str:
        from compose.engine import _images

        return _images.push(self._post_stream, ref, self.credentials, progress)

    def _post_stream(self, path: str, params: Sequence[tuple[str, str]], headers: Mapping[str, str],
                     upload: IO[bytes] | None, size: int, resource: str) -> Iterator[bytes]:
        """A streamed POST (builds, pushes, pulls, imports), its chunks as they come."""
        yield from self._http.send_stream("POST", path, params=params, headers=headers, upload=upload, size=size,
                                          resource=resource)

    def tag_image(self, source: str, ref: str) -> None:
        repository, tag = parse_image_ref(ref).pull_args()
        self._http.request("POST", f"/images/{path_part(source)}/tag", params={"repo": repository, "tag": tag},
                           resource=f"image:{ref}")

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
