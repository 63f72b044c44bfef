"""The dependency graph of a project: services, networks and volumes, with every edge.

- ``structure.DependencyGraph``: the immutable graph and every traversal (start/stop
  order, dependencies, dependents, selection, cycles), in pure Python;
- ``build.build_graph(project)`` / ``build.graph_of_dependencies(deps)``: building it;
- ``cycles.find_cycle``: the stdlib cycle finder the graph uses;
- ``loading.load_model``: load + validate + model + cycle check, for the commands;
- ``critical``: the networkx view and the longest chain of health waits (``pycompose graph``
  only: networkx is imported there and nowhere on the hot path).
"""
