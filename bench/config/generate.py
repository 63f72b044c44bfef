"""Generate the `config` benchmark project: 200 services, a .env, interpolation, extends, two -f files.

Usage: python bench/config/generate.py DIR [--services N]

DIR/compose.yaml          N services: every one extends a base (x- anchors for shared parts),
                          interpolated images, ports, environment, healthchecks, volumes, networks
DIR/compose.override.yaml an override for every fourth service (ports, environment, labels, command)
DIR/common.yaml           the base services, extended from another file by half of the services
DIR/.env                  the variables the files use
DIR/app.env               a service env_file
"""

from __future__ import annotations

import argparse
import os
import textwrap


def compose_yaml(n: int) -> str:
    out = [textwrap.dedent("""\
        name: ${PROJECT:-bench}
        x-logging: &logging
          driver: json-file
          options:
            max-size: "${LOG_SIZE:-10m}"
            max-file: "3"
        x-health: &health
          interval: 30s
          timeout: 5s
          retries: 3
          start_period: 10s
        services:
          base:
            image: "${REGISTRY:-docker.io}/library/busybox:${BUSYBOX_TAG:-1.36}"
            restart: unless-stopped
            logging: *logging
            environment:
              TZ: ${TZ:-UTC}
              LOG_LEVEL: ${LOG_LEVEL:-info}
        """)]
    for i in range(n):
        net = f"net{i % 10}"
        extends = ("      extends: {file: common.yaml, service: worker}\n" if i % 2
                   else "      extends: base\n")
        deps = f"      depends_on:\n        svc{i - 1}:\n          condition: service_started\n" if i % 5 and i else ""
        out.append(
            f"  svc{i}:\n"
            f"{extends}"
            f"      image: \"${{REGISTRY:-docker.io}}/app/svc{i}:${{APP_TAG:-latest}}\"\n"
            f"      command: [\"sh\", \"-c\", \"echo svc{i} && sleep ${{SLEEP:-3600}}\"]\n"
            f"      ports:\n"
            f"        - \"${{BIND_IP:-127.0.0.1}}:{20000 + i}:80\"\n"
            f"        - target: 443\n"
            f"          published: \"{30000 + i}\"\n"
            f"      environment:\n"
            f"        - SERVICE=svc{i}\n"
            f"        - INDEX={i}\n"
            f"        - DB_URL=postgres://${{DB_USER:-app}}:${{DB_PASSWORD:?set DB_PASSWORD}}@db/svc{i}\n"
            f"      env_file: app.env\n"
            f"      labels:\n"
            f"        com.example.service: svc{i}\n"
            f"        com.example.team: team{i % 7}\n"
            f"      healthcheck:\n"
            f"        <<: *health\n"
            f"        test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://localhost:80/health\"]\n"
            f"      volumes:\n"
            f"        - data{i % 20}:/data\n"
            f"        - ./config/svc{i}:/etc/svc:ro\n"
            f"      networks: [{net}, default]\n"
            f"      deploy:\n"
            f"        resources:\n"
            f"          limits: {{cpus: \"0.5\", memory: 256M}}\n"
            f"{deps}"
        )
    out.append("volumes:\n")
    out.extend(f"  data{i}: {{}}\n" for i in range(20))
    out.append("networks:\n")
    out.extend(f"  net{i}:\n    driver: bridge\n" for i in range(10))
    return "".join(out)


def override_yaml(n: int) -> str:
    out = ["services:\n"]
    for i in range(0, n, 4):
        out.append(
            f"  svc{i}:\n"
            f"    environment:\n"
            f"      OVERRIDDEN: \"true\"\n"
            f"      INDEX: \"{i}-override\"\n"
            f"    ports:\n"
            f"      - \"{40000 + i}:8080\"\n"
            f"    labels:\n"
            f"      - com.example.override=${{OVERRIDE_LABEL:-yes}}\n"
            f"    command: [\"sh\", \"-c\", \"echo override {i}\"]\n"
        )
    return "".join(out)


COMMON = """\
services:
  worker:
    image: busybox
    restart: on-failure
    working_dir: /app
    user: "1000:1000"
    environment:
      WORKER: "1"
    ulimits:
      nofile: {soft: 1024, hard: 2048}
    stop_grace_period: 30s
"""

DOTENV = """\
PROJECT=bench
REGISTRY=registry.example.com
APP_TAG=1.2.3
DB_USER=bench
DB_PASSWORD=s3cret
LOG_LEVEL=debug
# a comment
OVERRIDE_LABEL="from .env"
"""

APP_ENV = """\
APP_MODE=production
FEATURE_FLAGS="a,b,c"
"""


def generate(root: str, n: int) -> None:
    os.makedirs(root, exist_ok=True)
    files = {"compose.yaml": compose_yaml(n), "compose.override.yaml": override_yaml(n),
             "common.yaml": COMMON, ".env": DOTENV, "app.env": APP_ENV}
    for name, text in files.items():
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--services", type=int, default=200)
    args = parser.parse_args()
    generate(args.dir, args.services)
    print(f"generated {args.services} services in {args.dir}")


if __name__ == "__main__":
    main()
