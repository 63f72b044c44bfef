"""Image references, parsed one way for every layer: ``[registry[:port]/]path[:tag][@digest]``.

Docker's rules (distribution/reference): the part before the first ``/`` is a registry when
it contains a ``.`` or a ``:`` or is ``localhost``; a ``:`` after the last ``/`` starts the tag;
``@`` starts the digest. ``docker.io/library/`` is the implicit prefix of official images.
"""

from __future__ import annotations

from compose._record import record

__all__ = ["ImageRef", "docker_ref", "is_image_id", "parse_image_ref", "with_digest"]

_HUB_PREFIXES = ("docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/")


@record
class ImageRef:
    repository: str
    """Everything before the tag and digest, registry included, as written (``localhost:5000/app``)."""
    tag: str
    """The tag as written; "" when there is none."""
    digest: str
    """``sha256:...`` as written after ``@``; "" when there is none."""

    @property
    def tag_or_latest(self) -> str | None:
        """The tag to pull or push: the written one, ``latest`` without one, None for a digest."""
        if self.digest:
            return None
        return self.tag or "latest"

    @property
    def short_repository(self) -> str:
        """The repository as ``docker images`` shows it: without ``docker.io/`` (and ``library/``)."""
        for prefix in _HUB_PREFIXES:
            if self.repository.startswith(prefix):
                return self.repository[len(prefix):]
        return self.repository

    def pull_args(self) -> tuple[str, str | None]:
        """(name, tag) as the engine's create-image and push endpoints take them; a digest
        reference goes whole as the name."""
        if self.digest:
            return (f"{self.repository}:{self.tag}" if self.tag else self.repository) + "@" + self.digest, None
        return self.repository, self.tag or "latest"


def parse_image_ref(ref: str) -> ImageRef:
    """The parts of ``ref``; nothing is added or normalised (see ``ImageRef``'s properties)."""
    name, _, digest = ref.partition("@")
    head, sep, last = name.rpartition(":")
    if sep and "/" not in last:
        return ImageRef(head, last, digest)
    return ImageRef(name, "", digest)


def is_image_id(ref: str) -> bool:
    """``sha256:<hex>`` or a bare 64-digit hex id (not a reference at all)."""
    body = ref.removeprefix("sha256:")
    return len(body) == 64 and all(c in "0123456789abcdef" for c in body)


def docker_ref(ref: str) -> str:
    """``ref`` fully qualified, as distribution/reference's ``ParseDockerRef`` writes it: the registry
    (``docker.io``, ``library/`` for an official image), and ``:latest`` when there is neither tag nor
    digest (``busybox`` -> ``docker.io/library/busybox:latest``); a ``ValueError`` for what is no reference."""
    if not ref or ref != ref.strip() or " " in ref:
        raise ValueError(f"invalid reference format: {ref!r}")
    parsed = parse_image_ref(ref)
    repository = parsed.repository
    first, sep, rest = repository.partition("/")
    if not sep or ("." not in first and ":" not in first and first != "localhost" and first.lower() == first):
        domain, path = "docker.io", repository
    else:
        domain, path = first, rest
    if domain == "index.docker.io":
        domain = "docker.io"
    if domain == "docker.io" and "/" not in path:
        path = "library/" + path
    if not path or path.lower() != path:
        raise ValueError(f"invalid reference format: repository name ({path}) must be lowercase")
    out = f"{domain}/{path}"
    if parsed.tag:
        out += f":{parsed.tag}"
    if parsed.digest:
        return f"{out}@{parsed.digest}"
    return out if parsed.tag else f"{out}:latest"


def with_digest(ref: str, digest: str) -> str:
    """``ref`` pinned to ``digest`` as v2's ``--resolve-image-digests`` writes it: the qualified name and
    tag, then ``@digest``; a reference that has a digest already is only qualified."""
    qualified = docker_ref(ref)
    return qualified if "@" in qualified else f"{qualified}@{digest}"
