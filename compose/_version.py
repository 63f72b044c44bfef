"""pycompose's own version number, and the Docker Compose feature level it claims (a module of its
own, so that any layer can read them).

``COMPOSE_VERSION`` is the Docker Compose v2 release whose commands, flags, outputs, labels and
config hashes pycompose follows, and that its tests compare against (scripts/ensure-oracle
installs that release). ``version --short`` prints it: tools that drive ``docker compose`` (the
Dev Containers CLI, for one) decide from it which behaviour to expect. pycompose's own number
stays visible in ``version`` and ``version --format json``.
"""

__version__ = "0.1.0"
COMPOSE_VERSION = "2.40.3"
