"""snapshot.canonical: engine answers as text equal exactly when an observation reads the same."""

from __future__ import annotations

import json

from compose.engine.snapshot import canonical

LIST = "/v1.41/containers/json?all=1"


def _container(cid: str, state: str, status: str, **extra: object) -> dict[str, object]:
    return {"Id": cid, "Names": [f"/p-{cid}-1", "/alias"], "State": state, "Status": status,
            "Labels": {"com.docker.compose.project": "p"}, **extra}


def _answer(*containers: dict[str, object]) -> list[tuple[str, int, bytes]]:
    return [(LIST, 200, json.dumps(list(containers)).encode())]


def test_the_passing_of_time_in_status_texts_is_not_a_change() -> None:
    now = _answer(_container("a", "running", "Up 3 seconds (healthy)"), _container("b", "exited", "Exited (0) 2 minutes ago"))
    later = _answer(_container("b", "exited", "Exited (0) 2 hours ago"), _container("a", "running", "Up 3 hours (healthy)"))
    assert canonical(now) == canonical(later)  # and the engine's order does not matter either


def test_what_a_status_says_and_every_other_field_are_changes() -> None:
    base = canonical(_answer(_container("a", "running", "Up 3 seconds (healthy)")))
    changed = [
        _answer(_container("a", "running", "Up 3 seconds (unhealthy)")),
        _answer(_container("a", "exited", "Exited (0) 1 second ago")),
        _answer(_container("a", "running", "Up 3 seconds (healthy)", Labels={"x": "1"})),
        _answer(_container("a", "running", "Up 3 seconds (healthy)", Image="other")),
        _answer(_container("a", "running", "Up 3 seconds (healthy)"), _container("b", "created", "Created")),
        [(LIST.replace("v1.41", "v1.44"), 200, json.dumps([_container("a", "running", "Up 3 seconds (healthy)")]).encode())],
    ]
    assert len({base, *(canonical(c) for c in changed)}) == len(changed) + 1
    exited = [canonical(_answer(_container("a", "exited", f"Exited ({code}) 1 second ago"))) for code in (0, 1)]
    assert exited[0] != exited[1]


def test_order_inside_an_object_is_kept_and_volume_lists_are_sorted() -> None:
    names = _container("a", "running", "Up 1 second")
    swapped = {**names, "Names": ["/alias", "/p-a-1"]}
    assert canonical(_answer(names)) != canonical(_answer(swapped))
    volumes = [{"Name": "p_a", "Driver": "local"}, {"Name": "p_b", "Driver": "local"}]
    one = [("/v1.41/volumes", 200, json.dumps({"Volumes": volumes, "Warnings": None}).encode())]
    other = [("/v1.41/volumes", 200, json.dumps({"Volumes": volumes[::-1], "Warnings": None}).encode())]
    assert canonical(one) == canonical(other)


def test_a_missing_resource_is_an_answer_too() -> None:
    found = [("/v1.41/images/x/json", 200, b'{"Id": "sha256:1"}')]
    missing = [("/v1.41/images/x/json", 404, b'{"message": "No such image: x"}')]
    assert canonical(found) != canonical(missing)


def test_mounts_and_ports_in_any_order_are_the_same_answer() -> None:
    """The engine lists a container's mounts and ports from Go maps: a new order on each call (the
    memo of a service with two volumes missed about one replay in three before this)."""
    mounts = [{"Type": "volume", "Name": "p_data", "Destination": "/data"},
              {"Type": "bind", "Source": "/etc/x", "Destination": "/etc/settings"},
              {"Type": "volume", "Name": "66a6", "Destination": "/scratch"}]
    ports = [{"PrivatePort": 80, "Type": "tcp"}, {"PrivatePort": 53, "Type": "udp"}]
    one = _container("a", "running", "Up 1 second", Mounts=mounts, Ports=ports)
    other = _container("a", "running", "Up 2 seconds", Mounts=[mounts[2], mounts[0], mounts[1]], Ports=ports[::-1])
    assert canonical(_answer(one)) == canonical(_answer(other))
    fewer = _container("a", "running", "Up 1 second", Mounts=mounts[:2], Ports=ports)
    assert canonical(_answer(one)) != canonical(_answer(fewer))
