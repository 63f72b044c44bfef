"""The old name of the engine's entry point: ``engine_for`` now lives in compose/engine/engine.py.

Kept for the callers (compose/api, compose/cli) that import ``compose.engine.fast.engine_for``.
"""

from __future__ import annotations

from compose.engine.engine import ApiEngine, engine_for

FastEngine = ApiEngine

__all__ = ["ApiEngine", "FastEngine", "engine_for"]
