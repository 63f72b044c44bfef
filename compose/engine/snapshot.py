"""A project's observation as the engine answered it: recorded once, asked again at once.

For the no-op memo (compose/cli/upmemo.py). ``record`` observes a project through a
transport that notes every answer (URL, status, body); ``ask`` sends the same requests
again, all at once on one connection each (no threads: the engine answers them in
parallel while the caller does other work), and ``Asked.answers()`` reads them. It needs
the standard library's socket and json only, not the model, the parser of answers, nor
typing. ``canonical`` makes answers comparable: JSON text with the engine's lists in a
fixed order (observe sorts them) and each container's status text (``Up 3 minutes``,
changing every second) replaced by what it says (health, exit code), everything else
kept. An observation is a function of its answers (which lookups it makes depends on
the lists' answers only), so equal canonical texts mean observed states that differ at
most in status texts, which no plan reads (tests/unit/plan/test_plans_ignore_status.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from compose.engine._channels import SocketChannel
from compose.engine._http import HEADERS, Connection
from compose.plan import _status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from compose.engine._http import HttpTransport
    from compose.engine.observe import Query
    from compose.plan.observed import ObservedState

__all__ = ["Answer", "Asked", "ask", "canonical", "record"]

Answer = tuple[str, int, bytes]
"""(url, HTTP status, body) of one GET."""


def record(transport: HttpTransport, query: Query) -> tuple[ObservedState, list[Answer]]:
    """Observe ``query`` as ``observe_query`` does, keeping the engine's answers."""
    from compose.engine.observe import observe_query
    from compose.engine.reads import HttpReads

    answers: list[Answer] = []
    transport.tap = answers
    try:
        return observe_query(HttpReads(transport), query), answers
    finally:
        transport.tap = None


class Asked:
    """GETs sent, answers not read yet."""

    def __init__(self, connections: list[tuple[str, Connection]]) -> None:
        self._connections = connections

    def answers(self) -> list[Answer]:
        try:
            out = []
            for url, connection in self._connections:
                status, headers = connection.head()
                out.append((url, status, b"".join(connection.body(status, headers))))
            return out
        finally:
            self.close()

    def close(self) -> None:
        for _, connection in self._connections:
            connection.close()


def ask(socket_path: str, urls: Sequence[str], timeout: float = 30.0) -> Asked:
    """Send a GET of each URL to the engine at ``socket_path``, each on its own connection."""
    try:  # the C module under socket.py, whose enum conversions cost ~6 ms to import here
        from _socket import AF_UNIX, SOCK_STREAM, socket
    except ImportError:  # pragma: no cover - a Python without it
        from socket import AF_UNIX, SOCK_STREAM, socket  # type: ignore[assignment]

    connections: list[tuple[str, Connection]] = []
    try:
        for url in urls:
            sock = socket(AF_UNIX, SOCK_STREAM)
            connection = Connection(SocketChannel(sock))  # type: ignore[arg-type]  # socket.socket's base
            connections.append((url, connection))
            sock.settimeout(timeout)
            sock.connect(socket_path)
            connection.send("GET", url, {**HEADERS, "Connection": "close"}, None)
    except BaseException:
        Asked(connections).close()
        raise
    return Asked(connections)


def canonical(answers: Sequence[Answer]) -> str:
    """The answers as text that is equal exactly when an observation would read the same from them."""
    return json.dumps([[url, status, _response(body)] for url, status, body in answers],
                      sort_keys=True, separators=(",", ":"))


def _response(body: bytes) -> object:
    try:
        data = json.loads(body) if body else None
    except ValueError:
        return body.decode("utf-8", "replace")
    if isinstance(data, list):  # a list call: the engine's order is not the state's (observe sorts)
        return sorted((_item(v) for v in data), key=_identity)
    if isinstance(data, dict) and isinstance(data.get("Volumes"), list):
        return {**data, "Volumes": sorted((_item(v) for v in data["Volumes"]), key=_identity)}
    return data


# Lists inside a container's entry that the engine fills from a Go map: in a new order on each call
_UNORDERED = ("Mounts", "Ports")


def _item(value: object) -> object:
    if not isinstance(value, dict):
        return value
    out = {k: sorted(v, key=_text) if k in _UNORDERED and isinstance(v, list) else v for k, v in value.items()}
    if isinstance(value.get("Status"), str) and isinstance(value.get("State"), str):
        del out["Status"]
        out["Status:says"] = [_status.health(value["State"], value["Status"]), _status.exit_code(value["Status"])]
    return out


def _text(value: object) -> str:
    return json.dumps(value, sort_keys=True)


def _identity(value: object) -> str:
    if isinstance(value, dict):
        return f"{value.get('Id', '')}\0{value.get('Name', '')}"
    return json.dumps(value, sort_keys=True)
