"""``pycompose images``: the images the project's containers were created from."""

from __future__ import annotations

import argparse
import sys
import time

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class ImagesOptions:
    """``images``'s flags."""

    services: tuple[str, ...] = ()
    format: str = "table"
    quiet: bool = False


Options = ImagesOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Only the images of these services")
    parser.add_argument("--format", default="table", choices=("table", "json"),
                        help="Format the output. Values: [table | json]")
    parser.add_argument("-q", "--quiet", action="store_true", help="Only display IDs")


def run(o: ImagesOptions, g: GlobalOptions) -> int:
    from functools import partial

    from compose.cli.shared.target import containers_of, resolve
    from compose.engine._parallel import run_all
    from compose.engine.port import ImageInfo
    from compose.present.listing import image_ids, image_row, images_json, images_table

    target = resolve(g, o.services)
    containers = containers_of(target.observed, o.services, oneoff=True)
    refs = sorted({c.image_id or c.image for c in containers})

    def inspect(ref: str) -> ImageInfo | None:
        return target.engine.inspect_image(ref)

    images = dict(zip(refs, run_all([partial(inspect, r) for r in refs], workers=8), strict=True))
    rows = []
    for c in containers:
        image = images.get(c.image_id or c.image)
        if image is not None:
            rows.append(image_row(c, image))
    if o.quiet:
        sys.stdout.write("".join(i + "\n" for i in image_ids(rows)))
    elif o.format == "json":
        sys.stdout.write(images_json(rows))
    else:
        sys.stdout.write(images_table(rows, now=time.time()))
    return 0
