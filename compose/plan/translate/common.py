"""Shared pieces of the model -> Engine API translation (private to compose/engine/translate.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from compose.errors import PlanError
from compose.model._record import record
from compose.model.frozen import EMPTY


def api_at_least(api_version: str, wanted: str) -> bool:
    """``api_version >= wanted`` for Engine API versions like ``"1.41"``."""
    return _version(api_version) >= _version(wanted)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        raise PlanError(f"not an Engine API version: {text!r}") from None


@record
class ContainerRef:
    """An existing container of the project, as the reconciler observed it."""

    id: str
    name: str
    number: int = 1


@record
class Resolved:
    """What the translation needs from the engine's state; the reconciler fills it in.

    ``image_id``: the image's id for the ``com.docker.compose.image`` label (omitted if "").
    ``containers``: the project's containers by service, lowest number first, for
    ``service:x`` references (``network_mode``, ``ipc``, ``pid``, ``volumes_from``: the
    first container) and ``links`` (every container); a service missing here falls back
    to the names the model predicts.
    ``inherited_volumes``: container path -> volume name of the anonymous volumes of the
    container being replaced, reused by the new one (``up`` without ``-V``).
    ``replaces``: set when the container replaces another (the ``replace`` label's value
    is derived from the service and number, as v2 does).
    ``name``: the name to create the container under when it is not the final one (a
    replacement's temporary ``<old id[:12]>_<name>``, renamed after; network aliases keep
    the final name) or the name of a ``run`` container (``oneoff``: aliases use it).
    ``oneoff``/``slug``/``use_network_aliases``: for ``run``.
    ``seccomp_profiles``: file path (as written in ``security_opt``) -> its JSON text.
    ``engine_socket``: the engine's socket on the host, for ``use_api_socket``.
    """

    image_id: str = ""
    containers: Mapping[str, tuple[ContainerRef, ...]] = EMPTY
    inherited_volumes: Mapping[str, str] = EMPTY
    replaces: bool = False
    oneoff: bool = False
    slug: str | None = None
    name: str | None = None
    use_network_aliases: bool = True
    seccomp_profiles: Mapping[str, str] = EMPTY
    engine_socket: str | None = None


class Notes:
    """Warnings collected while translating (things the engine cannot do that change nothing essential)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.items: list[str] = []

    def warn(self, key: str, message: str) -> None:
        self.items.append(f"services.{self.service}.{key}: {message}")

    def fail(self, key: str, message: str) -> PlanError:
        return PlanError(message, path=f"services.{self.service}.{key}")


def put(body: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is unset (None, empty, False, 0): bodies carry only what is asked."""
    if value is None or value is False or (value == 0 and not isinstance(value, bool)):
        return
    if isinstance(value, Sequence | Mapping) and not isinstance(value, str) and len(value) == 0:
        return
    if isinstance(value, str) and value == "":
        return
    body[key] = value
