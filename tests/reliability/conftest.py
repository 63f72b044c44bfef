"""Reliability campaigns (issue 20): each counts the cases it tried and the failures it found, and the
run ends with one line per campaign::

    reliability: loader-fuzz cases=1234 failures=0

``PYCOMPOSE_RELIABILITY=full`` (``scripts/reliability``) raises the counts: thousands of generated
documents per property, a 50 MB compose file, 100 data-safety cycles. The default (CI) counts stay
within about 90 s.

The data-safety loop needs the engine: it uses the integration tests' fixtures (``stack`` and what it
needs), loaded from tests/integration/conftest.py under another module name, and is marked ``engine``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from reliability_figures import FULL, Campaigns

HERE = Path(__file__).parent

# Hypothesis: no example database (a campaign writes nothing in the checkout); CI runs are derandomized
# (the same examples every run, so CI never fails on a case it did not fail on before), full runs are not.
settings.register_profile(
    "reliability-ci", max_examples=60, deadline=5000, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "reliability-full", max_examples=3000, deadline=5000, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile("reliability-full" if FULL else "reliability-ci")


_CAMPAIGNS = pytest.StashKey[Campaigns]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_CAMPAIGNS] = Campaigns()


@pytest.fixture(scope="session")
def campaigns(request: pytest.FixtureRequest) -> Campaigns:
    return request.config.stash[_CAMPAIGNS]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    marker = item.get_closest_marker("reliability")
    if marker is not None and report.failed:  # type: ignore[attr-defined]
        item.config.stash[_CAMPAIGNS](marker.args[0]).failed.add(item.nodeid)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    found = config.stash[_CAMPAIGNS].by_name
    if not found:
        return
    terminalreporter.section("reliability campaigns")
    for name in sorted(found):
        c = found[name]
        terminalreporter.write_line(f"reliability: {name} cases={c.cases} failures={len(c.failed)}"
                                    f" ({'full' if FULL else 'ci'})")


# -- the engine fixtures of tests/integration, for the data-safety loop ------------------------------

def _integration_conftest() -> object:
    here = HERE.parent / "integration"
    if str(here) not in sys.path:
        sys.path.insert(0, str(here))  # stack_support, as tests/integration's own tests import it
    spec = importlib.util.spec_from_file_location("_reliability_integration_fixtures", here / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_fixtures = _integration_conftest()
docker_client = _fixtures.docker_client  # type: ignore[attr-defined]
base_image = _fixtures.base_image  # type: ignore[attr-defined]
project_name = _fixtures.project_name  # type: ignore[attr-defined]
stack = _fixtures.stack  # type: ignore[attr-defined]
