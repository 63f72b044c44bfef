"""The ``com.docker.compose.*`` labels, as Docker Compose v2 writes them (checked on v2.40.3).

Observed with ``docker-compose -p x up -d`` (v2.40.3, Engine API 1.41) and
``docker inspect``:

containers
    ``project``, ``service``, ``version`` (tool version), ``oneoff`` (``"False"``;
    ``"True"`` for ``run``), ``container-number`` (``"1"``), ``config-hash``,
    ``depends_on`` (``"db:service_started:false,..."``: service, condition, restart;
    ``""`` when none), ``image`` (the image ID, ``sha256:...``), ``project.working_dir``,
    ``project.config_files`` (absolute paths joined by ``,``),
    ``project.environment_file`` (only when env files were given explicitly,
    e.g. ``--env-file``; joined by ``,``), ``replace`` (only on a container created to
    replace another: the ``container_name`` or ``<service>-<number>`` it replaces;
    the new container is first created as ``<old id[:12]>_<name>`` then renamed),
    ``slug`` (one-off containers of ``run``).
networks
    ``project``, ``network`` (the key in the file), ``version``, ``config-hash``.
volumes
    ``project``, ``volume`` (the key in the file), ``version``, ``config-hash``.

User labels of the compose file are written next to these; a user label can
never override a ``com.docker.compose.*`` label (the translation writes ours last).
"""

from __future__ import annotations

PREFIX = "com.docker.compose."

PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"
VERSION = "com.docker.compose.version"
ONEOFF = "com.docker.compose.oneoff"
CONTAINER_NUMBER = "com.docker.compose.container-number"
CONFIG_HASH = "com.docker.compose.config-hash"
DEPENDS_ON = "com.docker.compose.depends_on"
IMAGE = "com.docker.compose.image"
WORKING_DIR = "com.docker.compose.project.working_dir"
CONFIG_FILES = "com.docker.compose.project.config_files"
ENVIRONMENT_FILE = "com.docker.compose.project.environment_file"
NETWORK = "com.docker.compose.network"
VOLUME = "com.docker.compose.volume"
REPLACE = "com.docker.compose.replace"
SLUG = "com.docker.compose.slug"
IMAGE_BUILDER = "com.docker.compose.image.builder"

ONEOFF_TRUE = "True"
ONEOFF_FALSE = "False"


def tool_version() -> str:
    """The value of the ``version`` label pycompose writes: its own version number."""
    from compose._version import __version__

    return __version__


def project_filter(project: str) -> str:
    """An engine ``label`` filter selecting everything of ``project``."""
    return f"{PROJECT}={project}"


def service_filter(service: str) -> str:
    return f"{SERVICE}={service}"
