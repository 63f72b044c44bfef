"""The dependency graph of a project: services, networks and volumes, with every edge.

- ``build.build_graph(project) -> networkx.DiGraph`` (nodes ``service:web``, ``network:front``,
  ``volume:data``; an edge ``a -> b`` means a needs b; raises ``CycleError``).
- ``order``: ``start_order``, ``teardown_order``, ``generations``, ``dependencies``,
  ``dependents`` (``restart_only`` for ``depends_on.restart``), ``select``.
- ``cycles.find_cycle``: the stdlib cycle finder the loader's consistency check uses.

networkx is imported inside the functions that need it, never at import time.
"""
