"""Static files, served under content-hashed URLs with year-long cache lifetimes.

A file's URL changes whenever its bytes do, so browsers and CDNs may keep it
forever. Only files listed at start are served: there is no path to traverse.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.exceptions import NotFoundException

YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    path: Path
    digest: str
    media_type: str
    body: bytes


class Assets:
    def __init__(self, directory: Path):
        self.directory = directory
        self._by_name: dict[str, Asset] = {}
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(directory).as_posix()
            body = path.read_bytes()
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type in {"application/javascript", "image/svg+xml"}:
                media_type += "; charset=utf-8"
            self._by_name[name] = Asset(path, hashlib.sha256(body).hexdigest()[:16], media_type, body)

    def url(self, name: str) -> str:
        asset = self._by_name.get(name)
        if asset is None:
            raise KeyError(f"no static file {name!r} in {self.directory}")
        return f"/static/{asset.digest}/{name}"

    def get(self, name: str) -> Asset | None:
        return self._by_name.get(name)


@get("/static/{digest:str}/{name:path}", include_in_schema=False, sync_to_thread=False, name="static")
def serve_static(assets: NamedDependency[Assets], digest: FromPath[str], name: FromPath[str]) -> Response[bytes]:
    asset = assets.get(name.lstrip("/"))
    if asset is None:
        raise NotFoundException()
    # An old digest still gets today's file, but only briefly cached.
    fresh = digest == asset.digest
    return Response(
        asset.body,
        media_type=asset.media_type,
        headers={"Cache-Control": f"public, max-age={YEAR}, immutable" if fresh else "public, max-age=300"},
    )
