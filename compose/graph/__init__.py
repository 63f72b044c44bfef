"""The dependency graph of a project: services, networks and volumes, with every edge."""
