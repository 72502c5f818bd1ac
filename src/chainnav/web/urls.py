"""Every URL of the platform is built here, so routes, templates and tests cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

FORMATS = ("json", "csv", "xlsx")


def _query(params: Mapping[str, Any] | None) -> str:
    if not params:
        return ""
    kept = {k: v for k, v in params.items() if v not in (None, "", [])}
    return "?" + urlencode(kept, doseq=True) if kept else ""


def _fmt(path: str, format: str | None) -> str:
    if format is None:
        return path
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    return f"{path}.{format}"


class Urls:
    """URL builder: ``urls.chain("uav", format="json")`` → ``/chain/uav.json``."""

    def __init__(self, base: str = "") -> None:
        self.base = base.rstrip("/")

    def _path(self, path: str) -> str:
        return f"{self.base}{path}"

    def home(self, format: str | None = None) -> str:
        return self._path("/" if format is None else _fmt("/index", format))

    def chain(self, chain_id: str, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt(f"/chain/{quote(chain_id, safe='')}", format) + _query(params))

    def chain_security(self, chain_id: str, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt(f"/chain/{quote(chain_id, safe='')}/security", format) + _query(params))

    def chain_standards(self, chain_id: str, format: str | None = None) -> str:
        return self._path(_fmt(f"/chain/{quote(chain_id, safe='')}/standards", format))

    def node(self, chain_id: str, node_id: str, format: str | None = None, **params: Any) -> str:
        path = f"/chain/{quote(chain_id, safe='')}/node/{quote(node_id, safe='')}"
        return self._path(_fmt(path, format) + _query(params))

    def patent(self, patent_id: str, format: str | None = None) -> str:
        return self._path(_fmt(f"/patent/{quote(patent_id, safe='')}", format))

    def applicant(self, name: str, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt("/applicant", format) + _query({"name": name, **params}))

    def inventor(self, name: str, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt("/inventor", format) + _query({"name": name, **params}))

    def region(self, code: str, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt(f"/region/{quote(code, safe='')}", format) + _query(params))

    def search(self, format: str | None = None, **params: Any) -> str:
        return self._path(_fmt("/search", format) + _query(params))

    def static(self, name: str) -> str:
        return self._path(f"/-/static/{name}")

    def echarts(self) -> str:
        return self._path("/-/vendor/echarts.min.js")

    def swagger_asset(self, name: str) -> str:
        return self._path(f"/-/vendor/swagger/{name}")

    def lang(self, lang: str, next_url: str) -> str:
        return self._path("/-/lang" + _query({"to": lang, "next": next_url}))

    def api_docs(self) -> str:
        return self._path("/-/api")

    def openapi(self) -> str:
        return self._path("/openapi.json")

    def admin(self, page: str = "") -> str:
        return self._path("/-/admin" + (f"/{page}" if page else ""))

    def admin_load(self, load_id: int) -> str:
        return self.admin(f"loads/{load_id}")

    def admin_chain_edit(self, chain_id: str) -> str:
        return self.admin(f"chains/{quote(chain_id, safe='')}/edit")

    def admin_report_file(self, name: str) -> str:
        return self.admin(f"reports/{quote(name, safe='')}")
