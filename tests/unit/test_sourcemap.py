from __future__ import annotations

from compose.errors import Location
from compose.load.sourcemap import SourceMap, format_path


def test_format_path_mixes_keys_and_indices() -> None:
    assert format_path(("services", "web", "ports", 0, "target")) == "services.web.ports[0].target"
    assert format_path(()) == ""


def test_locate_falls_back_to_nearest_ancestor() -> None:
    web = Location("compose.yaml", 2, 3)
    ports = Location("compose.yaml", 4, 5)
    sm = SourceMap({("services", "web"): web, ("services", "web", "ports"): ports})
    assert sm.locate(("services", "web", "ports", 0, "target")) == ports
    assert sm.locate(("services", "web", "image")) == web
    assert sm.locate(("volumes",)) is None


def test_overlay_and_rebase_make_new_maps() -> None:
    a = SourceMap({("services", "base", "image"): Location("a.yaml", 1, 1)})
    b = a.rebase(("services", "base"), ("services", "web"))
    assert b.locate(("services", "web", "image")) == Location("a.yaml", 1, 1)
    assert ("services", "base", "image") not in b
    c = a.overlay({("services", "base", "image"): Location("b.yaml", 9, 9)})
    assert c[("services", "base", "image")].file == "b.yaml"
    assert a[("services", "base", "image")].file == "a.yaml"
