"""``pycompose events``: the project's container events as they happen (``--json``: one object a line).

One-off (``run``) containers are left out, as in v2; ``--since``/``--until`` take RFC 3339
dates, unix timestamps or durations (``10m``); with ``--until`` the engine ends the stream.
"""

from __future__ import annotations

import argparse
import sys
import time

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class EventsOptions:
    """``events``'s flags."""

    services: tuple[str, ...] = ()
    json: bool = False
    since: str | None = None
    until: str | None = None


Options = EventsOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Only events of these services")
    parser.add_argument("--json", action="store_true", help="Output events as a stream of json objects")
    parser.add_argument("--since", metavar="TIME", help="Show all events created since timestamp")
    parser.add_argument("--until", metavar="TIME", help="Stream events until this timestamp")


def run(o: EventsOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load_or_name
    from compose.cli.shared.plans import connect_engine
    from compose.cli.shared.times import timestamp
    from compose.model.labels import ONEOFF, SERVICE, project_filter
    from compose.present.listing import event_json, event_line

    now = time.time()
    since = int(timestamp(o.since, now)) if o.since else None
    until = int(timestamp(o.until, now)) if o.until else None
    _, name = load_or_name(g, o.services)
    stream = connect_engine(g).events(filters={"type": ["container"], "label": [project_filter(name)]},
                                     since=since, until=until)
    wanted = set(o.services)
    out = sys.stdout
    try:
        for event in stream:
            attributes = event.attributes
            if attributes.get(ONEOFF, "") == "True":
                continue
            service = attributes.get(SERVICE, "")
            if wanted and service not in wanted:
                continue
            if o.json:
                out.write(event_json(event.time_nano, event.action, event.id, service, attributes))
            else:
                out.write(event_line(event.time_nano, event.action, event.id, attributes))
            out.flush()
    finally:
        stream.close()
    return 0
