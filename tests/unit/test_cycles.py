from __future__ import annotations

from compose.graph.cycles import find_cycle


def test_no_cycle() -> None:
    assert find_cycle({"web": ["db"], "db": [], "worker": ["db", "web"]}) is None


def test_two_node_cycle_follows_edge_direction() -> None:
    assert find_cycle({"a": ["b"], "b": ["a"]}) == ["a", "b", "a"]


def test_longer_cycle_starts_at_smallest_name() -> None:
    cycle = find_cycle({"web": ["api"], "api": ["db"], "db": ["web"], "x": []})
    assert cycle == ["api", "db", "web", "api"]


def test_self_dependency() -> None:
    assert find_cycle({"a": ["a"]}) == ["a", "a"]
