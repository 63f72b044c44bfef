"""The stack, declared once for the whole session (the pycompose pytest plugin is on by default)."""

from compose.pytest_plugin import stack_fixture

stack = stack_fixture("../compose.yaml", scope="session", stop_timeout=2)
