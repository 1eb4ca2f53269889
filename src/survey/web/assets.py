"""Static files, served under content-hashed URLs with year-long cache lifetimes.

A file's URL changes whenever its bytes do, so browsers and CDNs may keep it
forever. Only files listed at start are served: there is no path to traverse.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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


_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


class Assets:
    def __init__(self, directory: Path):
        self.directory = directory
        self._by_name: dict[str, Asset] = {}
        paths = sorted(p for p in directory.rglob("*") if p.is_file())
        # Stylesheets last: their url(...) references are rewritten to the
        # hashed URLs of the files they name, then hashed themselves.
        for path in sorted(paths, key=lambda p: p.suffix == ".css"):
            name = path.relative_to(directory).as_posix()
            body = path.read_bytes()
            if path.suffix == ".css":
                body = self._link(body.decode("utf-8"), name).encode("utf-8")
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type in {"application/javascript", "image/svg+xml"}:
                media_type += "; charset=utf-8"
            self._by_name[name] = Asset(path, hashlib.sha256(body).hexdigest()[:16], media_type, body)

    def _link(self, css: str, name: str) -> str:
        base = PurePosixPath(name).parent

        def replace(match: re.Match[str]) -> str:
            target = (base / match.group(2)).as_posix()
            return f'url("{self.url(target)}")' if target in self._by_name else match.group(0)

        return _CSS_URL.sub(replace, css)

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
