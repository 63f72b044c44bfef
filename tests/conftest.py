"""Shared test configuration.

Unit tests (tests/unit) never need Docker. Integration tests (tests/integration)
are marked ``engine`` and use the ``docker_client`` fixture: without an engine
they are skipped, unless PYCOMPOSE_REQUIRE_ENGINE=1 (set by scripts/test and
.ci/run), which turns a missing engine into a failure.
"""
