"""Plan edges: how they print, how two edges to one node combine, which nodes an exit can be waited on."""

from __future__ import annotations

import pytest

from compose.plan.ops import Dep, Operation, OpKind, PlanBuilder


def stop(name: str) -> Operation:
    return Operation(OpKind.STOP_CONTAINER, f"service:{name}:1", target=name)


def test_edges_print_required_optional_and_exit_only() -> None:
    b = PlanBuilder()
    first, second = b.add(stop("a")), b.add(stop("b"))
    b.add(stop("c"), [Dep(first, exited=True), Dep(second, required=False)])
    b.add(stop("d"), [Dep(first, required=False, exited=True), second])
    assert b.build().render().splitlines()[2:] == [
        "#3 StopContainer service:c:1 (c) after #1:exited,#2?",
        "#4 StopContainer service:d:1 (d) after #1?:exited,#2",
    ]


@pytest.mark.parametrize(("one", "other", "combined"), [
    (Dep(1, exited=True), Dep(1, exited=True), "#1:exited"),
    (Dep(1, exited=True), Dep(1), "#1"),  # waiting for the whole call wins
    (Dep(1), Dep(1, exited=True), "#1"),
    (Dep(1, required=False), Dep(1, exited=True), "#1"),  # required, and the whole call
    (Dep(1, required=False), Dep(1, required=False), "#1?"),
])
def test_an_edge_listed_twice_keeps_the_stronger_wait(one: Dep, other: Dep, combined: str) -> None:
    b = PlanBuilder()
    b.add(stop("a"))
    b.add(stop("b"), [one, other])
    assert b.build().nodes[1].render() == f"#2 StopContainer service:b:1 (b) after {combined}"


def test_only_a_stop_or_kill_can_be_waited_on_to_exit() -> None:
    b = PlanBuilder()
    created = b.add(Operation(OpKind.CREATE_CONTAINER, "service:a:1", name="a"))
    b.add(stop("b"), [Dep(created, exited=True)])
    with pytest.raises(ValueError, match=r"#2 waits for an exit of nodes \[1\], which stop nothing"):
        b.build()
    b = PlanBuilder()
    killed = b.add(Operation(OpKind.KILL_CONTAINER, "service:a:1", target="a"))
    b.add(stop("b"), [Dep(killed, exited=True)])
    assert b.build().nodes[1].depends_on == (Dep(killed, exited=True),)
