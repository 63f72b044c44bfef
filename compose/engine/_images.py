"""The image calls of ``ApiEngine``: build, push, pull, inspect (private to compose/engine).

They take a streamed ``Post`` (the engine's ``_post_stream``) and the registry
``Credentials``. Builds, pulls and pushes stream JSON
messages; an error message in the stream is how the engine reports a failure
after the HTTP status was already 200.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from compose.engine._auth import Credentials, encode
from compose.engine.build import BuildLog
from compose.engine.port import BuildProgress, ImageInfo, PullProgress
from compose.errors import EngineError
from compose.model.imageref import parse_image_ref
from compose.plan.buildspec import BuildSpec

__all__ = ["Post", "build", "image_info", "messages", "pull", "push", "split_ref"]


def image_info(raw: Mapping[str, Any]) -> ImageInfo:
    config = raw.get("Config") or {}
    metadata = raw.get("Metadata") or {}
    return ImageInfo(
        id=str(raw.get("Id", "")),
        tags=tuple(raw.get("RepoTags") or ()),
        digests=tuple(raw.get("RepoDigests") or ()),
        last_tag_time=_timestamp(str(metadata.get("LastTagTime") or "")),
        labels=dict(config.get("Labels") or {}),
        size=int(raw.get("Size", 0) or 0),
        os=str(raw.get("Os", "")),
        architecture=str(raw.get("Architecture", "")),
        variant=str(raw.get("Variant", "")),
        last_tagged=str(metadata.get("LastTagTime") or ""),
        created=str(raw.get("Created", "")),
    )


_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _timestamp(text: str) -> float:
    """RFC 3339 with nanoseconds -> epoch seconds; 0 for Go's zero time or anything else."""
    match = _STAMP.fullmatch(text)
    if not match or text.startswith("0001-"):
        return 0.0
    zone = "+00:00" if match.group(3) == "Z" else match.group(3)
    stamp = datetime.fromisoformat(match.group(1) + zone).timestamp()
    return stamp + (float("0" + match.group(2)) if match.group(2) else 0.0)


class Post(Protocol):
    """A streamed ``POST``: the engine's answer as chunks of bytes (an error status already raised)."""

    def __call__(self, path: str, params: Sequence[tuple[str, str]], headers: Mapping[str, str],
                 upload: IO[bytes] | None, size: int, resource: str) -> Iterable[bytes]: ...


def build(post: Post, spec: BuildSpec, credentials: Credentials, progress: Callable[[BuildProgress], None] | None,
          *, api_version: str = "1.41", os_type: str = "linux") -> str:
    """``POST /build`` of ``spec``, with BuildKit or the classic builder (``choose_builder``; the first
    ``progress`` line says which); the built image's id ("" when the engine did not say: ``q``)."""
    from compose.engine._context import context_archive
    from compose.engine.build import BuildkitLog, choose_builder

    buildkit, which = choose_builder(spec, api_version, os_type)
    if progress is not None:
        progress(which)
    headers = {"Content-Type": "application/x-tar"}
    registries = credentials.all()
    if registries:
        headers["X-Registry-Config"] = encode(registries)
    archive = None
    dockerfile = spec.dockerfile
    if not spec.remote:
        archive = context_archive(spec.context, dockerfile=spec.dockerfile, inline=spec.dockerfile_inline)
        dockerfile = archive.dockerfile
    log = BuildkitLog(spec.service, _dockerfile_text(spec), dockerfile_name=spec.dockerfile or "Dockerfile") \
        if buildkit else BuildLog(spec.service)
    try:
        chunks = post("/build", spec.params(dockerfile, buildkit=buildkit), headers,
                      archive.file if archive else None, archive.size if archive else 0, f"service:{spec.service}")
        for message in messages(chunks):
            if isinstance(log, BuildkitLog):
                update = log.feed(message)
                if update is not None and progress is not None:
                    progress(update)
                continue  # its "stream" says "Successfully tagged": the trace's exporting step said so
            for line in log.feed(message):
                if progress is not None:
                    progress(line)
        if isinstance(log, BuildLog):
            for line in log.finish():
                if progress is not None:
                    progress(line)
    finally:
        if archive is not None:
            archive.file.close()
    return log.image_id


def _dockerfile_text(spec: BuildSpec) -> str | None:
    """The Dockerfile's text, for naming a failing step's line (None for a remote context)."""
    if spec.dockerfile_inline is not None:
        return spec.dockerfile_inline
    if spec.remote:
        return None
    path = os.path.join(spec.context, spec.dockerfile or "Dockerfile")
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read(1 << 20)
    except OSError:
        return None


def push(post: Post, ref: str, credentials: Credentials, progress: Callable[[PullProgress], None] | None) -> str:
    """``POST /images/{name}/push``; the digest the registry stored."""
    repository, tag = split_ref(ref)
    headers = {"X-Registry-Auth": encode(credentials.for_image(ref) or {})}
    params = [("tag", tag)] if tag else []
    chunks = post(f"/images/{repository}/push", params, headers, None, 0, f"image:{ref}")
    return _follow(chunks, ref, "pushing", progress)


def pull(post: Post, ref: str, platform: str | None, credentials: Credentials,
         progress: Callable[[PullProgress], None] | None) -> str:
    """``POST /images/create?fromImage=``; the digest the registry sent (the image id is looked up after)."""
    repository, tag = split_ref(ref)
    headers = {"X-Registry-Auth": encode(credentials.for_image(ref) or {})}
    params = [("fromImage", repository)]
    params += [("tag", tag)] if tag else []
    params += [("platform", platform)] if platform else []
    return _follow(post("/images/create", params, headers, None, 0, f"image:{ref}"), ref, "pulling", progress)


def _follow(chunks: Iterable[bytes], ref: str, doing: str, progress: Callable[[PullProgress], None] | None) -> str:
    """Read a pull's or push's progress messages; an error message raises ``EngineError``."""
    digest = ""
    for message in messages(chunks):
        if "error" in message or "errorDetail" in message:
            detail = (message.get("errorDetail") or {}).get("message") or message.get("error")
            raise EngineError(f"{doing} {ref}: {detail}", resource=f"image:{ref}")
        aux = message.get("aux")
        if isinstance(aux, Mapping) and aux.get("Digest"):
            digest = str(aux["Digest"])
        status = str(message.get("status") or "")
        if status.startswith("Digest: "):
            digest = digest or status.removeprefix("Digest: ")
        if progress is not None and status:
            detail = message.get("progressDetail") or {}
            progress(PullProgress(image=ref, status=status, layer=str(message.get("id", "")),
                                  current=int(detail.get("current", 0) or 0), total=int(detail.get("total", 0) or 0)))
    return digest


def messages(chunks: Iterable[bytes]) -> Iterator[Mapping[str, Any]]:
    """The JSON objects of a streamed response (one per line, or run together, split anywhere)."""
    decoder = json.JSONDecoder()
    text = codecs.getincrementaldecoder("utf-8")(errors="replace")
    buffer = ""
    for chunk in chunks:
        buffer += text.decode(chunk)
        while True:
            buffer = buffer.lstrip()
            if not buffer:
                break
            try:
                value, end = decoder.raw_decode(buffer)
            except ValueError:
                break
            buffer = buffer[end:]
            if isinstance(value, Mapping):
                yield value


def split_ref(ref: str) -> tuple[str, str | None]:
    """``repo:tag`` -> (repo, tag) as the engine's pull, push and tag endpoints take them
    (compose.model.imageref's one parser): a digest reference goes whole; registry ports are kept."""
    return parse_image_ref(ref).pull_args()
