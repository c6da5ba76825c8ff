"""Enumerating the app's routes (FastAPI ≥ 0.16x nests included routers), for tests that must cover all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def walk_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """Every concrete route (with ``path`` and ``methods``), looking inside included routers and mounts."""
    for route in routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
            yield from route.effective_route_contexts()
        elif hasattr(route, "routes") and not hasattr(route, "methods"):
            yield from walk_routes(route.routes)
        else:
            yield route
