"""pycompose: a multi-container orchestrator that does what Docker Compose does.

The import package is ``compose``; the distribution and the command are
``pycompose``. Heavy modules are imported lazily so that the CLI starts fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
