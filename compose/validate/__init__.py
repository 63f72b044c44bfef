"""Checking a compose model: our own JSON Schema (schemas/) and cross-reference consistency."""
