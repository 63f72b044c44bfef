"""The example's integration tests: the app, reached through its dynamically published port."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from compose import Stack


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_app_serves_an_item_from_the_store(stack: Stack) -> None:
    status, body = get(stack.url("app", 8080, path="/cgi-bin/item?1"))
    assert status == 200
    assert json.loads(body) == {"greeting": "hello", "item": {"id": 1, "name": "apple"}}


def test_unknown_item_is_404_and_logged(stack: Stack) -> None:
    status, _ = get(stack.url("app", 8080, path="/cgi-bin/item?99"))
    assert status == 404
    assert "item '99' not found" in stack.logs("app", tail=20)


def test_port_is_dynamic_and_on_loopback(stack: Stack) -> None:
    host, port = stack.port("app", 8080)
    assert host == "127.0.0.1"
    assert port != 8080 and port > 1024


def test_the_migration_ran_once_and_succeeded(stack: Stack) -> None:
    (migrate,) = stack.ps(["migrate"])
    assert (migrate.state, migrate.exit_code) == ("exited", 0)
    assert "seeded 2 items" in stack.logs("migrate")


def test_exec_in_the_store(stack: Stack) -> None:
    code, output = stack.exec("store", ["ls", "/data/items"])
    assert code == 0
    assert output.split() == ["1.json", "2.json"]


def test_run_a_one_off_client_on_the_back_network(stack: Stack) -> None:
    code, output = stack.run("store", ["wget", "-q", "-O", "-", "http://store/items/2.json"], deps=False)
    assert code == 0
    assert json.loads(output) == {"id": 2, "name": "pear"}


@pytest.mark.parametrize("service", ["store", "app"])
def test_services_are_healthy(stack: Stack, service: str) -> None:
    (container,) = stack.ps([service])
    assert container.health == "healthy"
