"""``python -m compose`` runs the CLI."""

from compose.cli.main import entry

entry()
