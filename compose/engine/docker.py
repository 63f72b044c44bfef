"""DockerEngine: the Engine port on the docker SDK's low-level ``APIClient``.

Every call runs inside ``map_docker_errors()``, the one place where docker's
and requests' exceptions become pycompose's ``EngineError`` tree (the original
stays as ``__cause__``). Create bodies are posted as given: the translation
from the model to Engine API JSON lives in compose/engine/translate.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, cast

from compose.engine import _parse, _streams
from compose.engine._commands import EngineCommands
from compose.engine.port import ContainerState, ImageInfo, PullProgress, Stream
from compose.errors import EngineConflict, EngineError, EngineNotFound, EngineUnavailable
from compose.model.labels import PROJECT
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    import docker
    import requests

    from compose.engine._auth import Credentials
    from compose.plan.buildspec import BuildSpec


@contextmanager
def map_docker_errors(resource: str = "") -> Iterator[None]:
    """Translate the SDK's and requests' exceptions into ``EngineError`` subclasses."""
    import docker.errors
    import requests.exceptions

    try:
        yield
    except docker.errors.NotFound as exc:
        raise EngineNotFound(_explain(exc), status=404, resource=resource) from exc
    except docker.errors.APIError as exc:
        status = exc.status_code
        kind = EngineConflict if status == 409 else EngineError
        raise kind(_explain(exc), status=status, resource=resource) from exc
    except requests.exceptions.ConnectionError as exc:
        raise EngineUnavailable(f"lost the connection to the Docker Engine: {exc}", resource=resource) from exc
    except docker.errors.DockerException as exc:
        raise EngineError(str(exc), resource=resource) from exc


def _explain(exc: docker.errors.APIError) -> str:
    explanation: object = exc.explanation
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", errors="replace")
    return str(explanation or exc)


class DockerEngine(EngineCommands):
    """The Engine port on a docker ``APIClient`` (the version is negotiated by the client)."""

    def __init__(self, api: docker.APIClient, env: Mapping[str, str] | None = None) -> None:
        self._api = api
        # The SDK's private request helpers (untyped): raw bodies in, raw JSON out.
        self._raw: Any = api
        self._env = env
        self._credentials: Credentials | None = None

    @classmethod
    def connect(cls, env: Mapping[str, str] | None = None) -> DockerEngine:
        from compose.engine.client import connect

        return cls(connect(env).api, env)

    @property
    def credentials(self) -> Credentials:
        """Registry credentials from the Docker config file the environment names (read once)."""
        if self._credentials is None:
            import os

            from compose.engine._auth import load_credentials

            self._credentials = load_credentials(os.environ if self._env is None else self._env)
        return self._credentials

    def close(self) -> None:
        self._api.close()

    @property
    def api_version(self) -> str:
        return str(self._api.api_version)

    # -- observe
    def list_containers(self, project: str, *, all: bool = True) -> list[ObservedContainer]:
        with map_docker_errors():
            raw = self._api.containers(all=all, filters={"label": f"{PROJECT}={project}"})
        return [_parse.container_summary(c) for c in raw]

    def list_networks(self, project: str) -> list[ObservedNetwork]:
        with map_docker_errors():
            raw = self._api.networks(filters={"label": f"{PROJECT}={project}"})
        return [_parse.network(n) for n in raw]

    def list_volumes(self, project: str) -> list[ObservedVolume]:
        with map_docker_errors():
            raw = self._api.volumes(filters={"label": f"{PROJECT}={project}"})
        return [_parse.volume(v) for v in (raw or {}).get("Volumes") or []]

    def find_network(self, name: str) -> ObservedNetwork | None:
        try:
            with map_docker_errors(f"network:{name}"):
                return _parse.network(self._api.inspect_network(name))
        except EngineNotFound:
            return None

    def find_volume(self, name: str) -> ObservedVolume | None:
        try:
            with map_docker_errors(f"volume:{name}"):
                return _parse.volume(self._api.inspect_volume(name))
        except EngineNotFound:
            return None

    def image_id(self, ref: str) -> str | None:
        try:
            with map_docker_errors(f"image:{ref}"):
                return str(self._raw.inspect_image(ref)["Id"])
        except EngineNotFound:
            return None

    def inspect_container(self, id: str) -> ContainerState:
        with map_docker_errors(f"container:{id}"):
            return _parse.container_state(self._api.inspect_container(id))

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
        with map_docker_errors(f"image:{ref}"):
            self._api.remove_image(ref)

    def inspect_image(self, ref: str) -> ImageInfo | None:
        from compose.engine._images import image_info

        try:
            with map_docker_errors(f"image:{ref}"):
                return image_info(self._raw.inspect_image(ref))
        except EngineNotFound:
            return None

    def build_image(self, spec: BuildSpec, *, progress: Callable[[str], None] | None = None) -> str:
        from compose.engine import _images

        image_id = _images.build(self._post_stream, spec, self.credentials, progress)
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
        """A streamed POST (builds, pushes): on FastEngine's standard-library transport when there is
        one (no docker-py import), else on the docker SDK."""
        http = getattr(self, "_http", None)
        if http is not None:
            yield from http.send_stream("POST", path, params=params, headers=headers, upload=upload, size=size,
                                        resource=resource)
            return
        with map_docker_errors(resource):
            response = self._raw._post(self._raw._url(path), params=list(params), data=upload,
                                       headers=dict(headers), stream=True, timeout=None)
            self._raw._raise_for_status(response)
            yield from response.iter_content(chunk_size=None)

    def tag_image(self, source: str, ref: str) -> None:
        repository, tag = _split_ref(ref)
        with map_docker_errors(f"image:{ref}"):
            self._api.tag(source, repository, tag)

    # -- networks and volumes
    def create_network(self, body: Mapping[str, Any]) -> str:
        name = str(body.get("Name", ""))
        with map_docker_errors(f"network:{name}"):
            response = self._post_json("/networks/create", body)
            return str(self._raw._result(response, json=True)["Id"])

    def remove_network(self, name: str) -> None:
        with map_docker_errors(f"network:{name}"):
            self._api.remove_network(name)

    def connect_network(self, network: str, container: str, endpoint: Mapping[str, Any] | None = None) -> None:
        body = {"Container": container, "EndpointConfig": dict(endpoint or {})}
        with map_docker_errors(f"network:{network}"):
            response = self._post_json("/networks/{0}/connect", body, network)
            self._raw._raise_for_status(response)

    def create_volume(self, body: Mapping[str, Any]) -> str:
        name = str(body.get("Name", ""))
        with map_docker_errors(f"volume:{name}"):
            response = self._post_json("/volumes/create", body)
            return str(self._raw._result(response, json=True)["Name"])

    def remove_volume(self, name: str) -> None:
        with map_docker_errors(f"volume:{name}"):
            self._api.remove_volume(name)

    # -- containers
    def create_container(self, name: str, body: Mapping[str, Any]) -> str:
        with map_docker_errors(f"container:{name}"):
            created = self._raw.create_container_from_config(dict(body), name=name)
        return str(created["Id"])

    def copy_into(self, container: str, path: str, archive: bytes) -> None:
        with map_docker_errors(f"container:{container}"):
            self._api.put_archive(container, path, archive)

    def start_container(self, id: str) -> None:
        with map_docker_errors(f"container:{id}"):
            self._api.start(id)

    def stop_container(self, id: str, *, timeout: int | None = None) -> None:
        with map_docker_errors(f"container:{id}"):
            if timeout is None:
                response = self._raw._post(self._raw._url("/containers/{0}/stop", id), timeout=None)
                self._raw._raise_for_status(response)
            else:
                self._api.stop(id, timeout=timeout)

    def kill_container(self, id: str, *, signal: str = "SIGKILL") -> None:
        with map_docker_errors(f"container:{id}"):
            self._api.kill(id, signal=signal)

    def remove_container(self, id: str, *, force: bool = False, volumes: bool = False) -> None:
        with map_docker_errors(f"container:{id}"):
            self._api.remove_container(id, v=volumes, force=force)

    def rename_container(self, id: str, name: str) -> None:
        with map_docker_errors(f"container:{id}"):
            self._api.rename(id, name)

    def wait_container(self, id: str) -> int:
        with map_docker_errors(f"container:{id}"):
            return int(self._api.wait(id, timeout=None)["StatusCode"])

    # -- streams
    def events(self, *, filters: Mapping[str, Sequence[str]], since: int | None = None,
               until: int | None = None) -> Stream:
        params: dict[str, Any] = {"filters": _filters(filters)}
        if since is not None:
            params["since"] = since
        if until is not None:
            params["until"] = until
        with map_docker_errors():
            response = self._raw._get(self._raw._url("/events"), params=params, stream=True, timeout=None)
            self._raw._raise_for_status(response)
        return _streams.ClosableStream(_streams.events(self._chunks(response)), _closer(response))

    def logs(
        self, id: str, *, follow: bool, since: int | None = None, timestamps: bool = False, tail: str = "all",
        until: int | None = None,
    ) -> Stream:
        with map_docker_errors(f"container:{id}"):
            tty = bool(self._api.inspect_container(id)["Config"].get("Tty"))
            params: dict[str, Any] = {
                "stdout": 1, "stderr": 1, "follow": int(follow), "timestamps": int(timestamps), "tail": tail,
            }
            if since is not None:
                params["since"] = since
            if until is not None:
                params["until"] = until
            response = self._raw._get(
                self._raw._url("/containers/{0}/logs", id), params=params, stream=True, timeout=None
            )
            self._raw._raise_for_status(response)
        framed = _streams.frames(self._chunks(response), tty=tty)
        return _streams.ClosableStream(_streams.lines(framed, timestamps=timestamps), _closer(response))

    # -- helpers
    def _post_json(self, path: str, body: Mapping[str, Any], *args: str) -> requests.Response:
        return cast("requests.Response", self._raw._post_json(self._raw._url(path, *args), data=dict(body)))

    @staticmethod
    def _chunks(response: requests.Response) -> Iterator[bytes]:
        with map_docker_errors():
            yield from response.iter_content(chunk_size=None)


def _closer(response: requests.Response) -> Callable[[], None]:
    """Closing a streamed response from another thread: shut the socket down so a blocked read returns."""

    def close() -> None:
        import socket

        fp = getattr(getattr(response.raw, "_fp", None), "fp", None)
        raw = getattr(fp, "raw", None)
        sock = getattr(raw, "sock", None) or getattr(raw, "_sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        response.close()

    return close


def _filters(filters: Mapping[str, Sequence[str]]) -> str:
    import json

    return json.dumps({key: list(values) for key, values in filters.items()})


def _split_ref(ref: str) -> tuple[str, str | None]:
    """``repo:tag`` -> (repo, tag); digests and registry ports are kept intact."""
    if "@" in ref:
        return ref, None
    repository, sep, tag = ref.rpartition(":")
    if not sep or "/" in tag:
        return ref, "latest"
    return repository, tag
