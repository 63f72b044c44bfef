"""Compose files in, one canonical plain dict (Docker Compose v2's `config` shape) plus a SourceMap out.

No Docker and no os.environ in here: the environment is given by the caller.
"""
