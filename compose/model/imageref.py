"""Image references, parsed one way for every layer: ``[registry[:port]/]path[:tag][@digest]``.

Docker's rules (distribution/reference): the part before the first ``/`` is a registry when
it contains a ``.`` or a ``:`` or is ``localhost``; a ``:`` after the last ``/`` starts the tag;
``@`` starts the digest. ``docker.io/library/`` is the implicit prefix of official images.
"""

from __future__ import annotations

from compose._record import record

__all__ = ["ImageRef", "is_image_id", "parse_image_ref"]

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
