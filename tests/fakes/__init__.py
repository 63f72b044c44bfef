"""Test doubles of the product's ports (importable as ``fakes``: tests/ is on sys.path through tests/conftest.py)."""
