"""The public industry patent database platform: pages, their JSON/CSV/XLSX twins and the admin area.

``create_app(db_path)`` builds the FastAPI app over one store. Each page has one data function in
``data.py``; the handlers here only validate parameters, call it once and hand the result to the
renderer the URL's suffix asks for (none → HTML, ``.json``, ``.csv``, ``.xlsx``).
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

import yaml
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from chainnav import __version__
from chainnav.errors import ChainnavError, NotFoundError
from chainnav.navigator import Navigator
from chainnav.resources import ECHARTS_JS
from chainnav.web import analyses, figures
from chainnav.web import data as pages
from chainnav.web.analyses import BackgroundResults, TooManyPendingError
from chainnav.web.cache import PageCache
from chainnav.web.i18n import LANGS, Translator, pick_lang
from chainnav.web.index import origin_is_fresh, refresh_origin
from chainnav.web.query import QueryRunner, QueryTimeoutError
from chainnav.web.render import EXPORT_LIMIT, csv_response, json_response, xlsx_response
from chainnav.web.summary import refresh_summaries, summaries_are_fresh
from chainnav.web.urls import Urls

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000

# Parameter types shared by the routes: constraints here become both validation and OpenAPI docs.
ChainId = Annotated[str, PathParam(min_length=1, max_length=64, description="Chain id, e.g. uav")]
RegionParam = Annotated[
    str | None,
    Query(pattern=r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$", description="Region of interest: CN, CN-GD, US-CA"),
]
PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")]
SizeParam = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}")]
ChainFilter = Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$", description="Only patents of this chain")]
NameParam = Annotated[str, Query(min_length=1, max_length=300, description="Normalized name or raw name")]
LangParam = Annotated[str | None, Query(pattern=r"^(zh|en)$", description="Interface language")]


class DropEmptyQueryParams:
    """ASGI middleware: an empty query parameter (``year_to=`` from a blank form field) means "not given"."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip() != ""]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)


@dataclass
class WebState:
    """What every handler shares: the store, the bounded query runner, URLs and templates."""

    nav: Navigator
    runner: QueryRunner
    urls: Urls
    templates: Jinja2Templates
    read_only: bool
    region: str
    reports_dir: Path
    chains_dir: Path
    cache: PageCache = field(default_factory=PageCache)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    analyses: BackgroundResults = field(init=False)

    def __post_init__(self) -> None:
        self.analyses = BackgroundResults(self.write_lock)


def refresh_indexes(web: WebState) -> None:
    """Bring the web's summary tables up to date (writable stores) and note whether pages may use them."""
    with web.write_lock:
        refresh_origin(web.nav)
        refresh_summaries(web.nav)
        web.runner.forget_tables()
        web.runner.origin_indexed = origin_is_fresh(web.nav)
        web.runner.summary_indexed = web.runner.origin_indexed and summaries_are_fresh(web.nav)
        web.cache.clear()
        web.analyses.clear()


def state_of(request: Request) -> WebState:
    return request.app.state.web


def format_of(request: Request) -> str | None:
    """The output format the matched route stands for: its path suffix, or None for HTML."""
    route_path = getattr(request.scope.get("route"), "path", "")
    for suffix in ("json", "csv", "xlsx"):
        if route_path.endswith(f".{suffix}"):
            return suffix
    return None


def translator(request: Request) -> Translator:
    return Translator(pick_lang(request.query_params.get("lang"), request.cookies.get("lang")))


def render_html(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    web = state_of(request)
    t = translator(request)
    base = {
        "request": request,
        "t": t,
        "lang": t.lang,
        "langs": LANGS,
        "urls": web.urls,
        "version": __version__,
        "read_only": web.read_only,
        "user": request.session.get("user") if "session" in request.scope else None,
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return web.templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


def respond(
    request: Request,
    data: dict[str, Any],
    *,
    template: str,
    filename: str,
    figures_fn: Callable[[dict[str, Any], Translator], dict[str, Any]] | None = None,
) -> Response:
    """Render one page's data in the format its URL asks for."""
    response = _render(request, data, template=template, filename=filename, figures_fn=figures_fn)
    found = getattr(request.state, "page_cache", None)
    if found:
        response.headers["X-Page-Cache"] = found
    return response


def _render(
    request: Request,
    data: dict[str, Any],
    *,
    template: str,
    filename: str,
    figures_fn: Callable[[dict[str, Any], Translator], dict[str, Any]] | None,
) -> Response:
    fmt = format_of(request)
    if fmt == "json":
        return json_response(data)
    if fmt in ("csv", "xlsx"):
        columns = list(pages.PATENT_LIST_COLUMNS)
        rows = data.get("rows", [])
        return (csv_response if fmt == "csv" else xlsx_response)(rows, columns, filename)
    context: dict[str, Any] = {"data": data}
    if figures_fn is not None:
        context["figures"] = figures_fn(data, translator(request))
    return render_html(request, template, context)


def page_data(request: Request, name: str, compute: Callable[[], dict[str, Any]], *key: Any) -> dict[str, Any]:
    """A page's data, computed once per distinct parameters until the store changes.

    How the cache found it (hit, coalesced, miss) goes out as the ``X-Page-Cache`` header."""
    data, found = state_of(request).cache.lookup((name, *key), compute)
    request.state.page_cache = found
    return data


def respond_analysis(
    request: Request, status: str, data: dict[str, Any] | None, *, template: str, filename: str,
    figures_fn: Callable[[dict[str, Any], Translator], dict[str, Any]] | None = None,
) -> Response:
    """A background analysis: the result when ready, else 202 "computing" (the HTML page refreshes itself)."""
    if status == "ready" and data is not None:
        return respond(request, data, template=template, filename=filename, figures_fn=figures_fn)
    if format_of(request) == "json":
        return json_response({"status": "computing", "retry_after": 5}, status_code=202)
    return render_html(request, "computing.html", {}, status_code=202)


def paging_for(request: Request, page: int, size: int) -> pages.Paging:
    """Exports take up to ``EXPORT_LIMIT`` rows from the first page; pages take ``size`` rows."""
    if format_of(request) in ("csv", "xlsx"):
        return pages.Paging(1, EXPORT_LIMIT)
    return pages.Paging(page, size)


def _error(request: Request, status: int, message: str, hint: str | None = None, details: Any = None) -> Response:
    wants_html = format_of(request) is None and not request.url.path.startswith("/openapi")
    body: dict[str, Any] = {"error": message, "status": status}
    if hint:
        body["hint"] = hint
    if details:
        body["details"] = details
    if wants_html and hasattr(request.app.state, "web"):
        return render_html(request, "error.html", {"error": body}, status_code=status)
    return json_response(body, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, exc.args[0], exc.hint)

    @app.exception_handler(TooManyPendingError)
    async def busy(request: Request, exc: TooManyPendingError) -> Response:
        return _error(request, 429, exc.args[0], exc.hint)

    @app.exception_handler(QueryTimeoutError)
    async def timeout(request: Request, exc: QueryTimeoutError) -> Response:
        # 400, as Datasette does: the request asked for more work than the server allows.
        return _error(request, 400, exc.args[0], exc.hint)

    @app.exception_handler(ChainnavError)
    async def chainnav_error(request: Request, exc: ChainnavError) -> Response:
        return _error(request, 400, exc.args[0], exc.hint)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"parameter": ".".join(str(p) for p in err.get("loc", ())[1:]) or "request", "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        summary = "; ".join(f"{d['parameter']}: {d['message']}" for d in details)
        return _error(request, 422, f"invalid parameters: {summary}", "Fix the parameters named above.", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, f"no page at {request.url.path}", "Start from the home page.")
        return _error(request, exc.status_code, str(exc.detail))


def _install_public_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    @app.get("/index.json", tags=["chains"], summary="The chains with their sizes and the store's totals")
    def home(request: Request) -> Response:
        data = page_data(request, "home", lambda: pages.home_data(state_of(request).runner))
        return respond(request, data, template="home.html", filename="chains")

    @app.get("/chain/{chain_id}", include_in_schema=False)
    @app.get("/chain/{chain_id}.json", tags=["chains"], summary="A chain: nodes with filings and local share, key indicators")
    def chain(request: Request, chain_id: ChainId, region: RegionParam = None) -> Response:
        web = state_of(request)
        area = (region or web.region).upper()
        data = page_data(request, "chain", lambda: pages.chain_data(web.runner, chain_id, area), chain_id, area)
        return respond(request, data, template="chain.html", filename=f"chain-{chain_id}", figures_fn=figures.chain_figures)

    @app.get("/chain/{chain_id}/security", include_in_schema=False)
    @app.get("/chain/{chain_id}/security.json", tags=["chains"], summary="Chain security: chokepoints, 强链/补链/延链, leaders, targets, risks (202 while computing)")
    def security(request: Request, chain_id: ChainId, region: RegionParam = None) -> Response:
        web = state_of(request)
        area = (region or web.region).upper()
        pages.find_chain(web.runner, chain_id)  # unknown chains answer 404 before any work is queued
        status, data = web.analyses.get(("security", chain_id, area), lambda: analyses.security_data(web.nav, chain_id, area))
        return respond_analysis(
            request, status, data, template="security.html", filename=f"security-{chain_id}", figures_fn=figures.security_figures
        )

    @app.get("/chain/{chain_id}/standards", include_in_schema=False)
    @app.get("/chain/{chain_id}/standards.json", tags=["chains"], summary="Chain standards: per-node statistics, gaps, patent candidates (202 while computing)")
    def standards(request: Request, chain_id: ChainId) -> Response:
        web = state_of(request)
        pages.find_chain(web.runner, chain_id)
        status, data = web.analyses.get(("standards", chain_id), lambda: analyses.standards_data(web.nav, chain_id))
        return respond_analysis(request, status, data, template="standards.html", filename=f"standards-{chain_id}")

    @app.get("/chain/{chain_id}/node/{node_id}", include_in_schema=False)
    @app.get("/chain/{chain_id}/node/{node_id}.xlsx", tags=["chains"], summary="A node's patents as Excel")
    @app.get("/chain/{chain_id}/node/{node_id}.csv", tags=["chains"], summary="A node's patents as CSV")
    @app.get("/chain/{chain_id}/node/{node_id}.json", tags=["chains"], summary="A node: trends, players, talent, risk, rules, patents")
    def node(
        request: Request, chain_id: ChainId, node_id: str, region: RegionParam = None, page: PageParam = 1, size: SizeParam = 20
    ) -> Response:
        web = state_of(request)
        area, paging = (region or web.region).upper(), paging_for(request, page, size)
        data = page_data(
            request, "node", lambda: pages.node_data(web.runner, chain_id, node_id, area, paging), chain_id, node_id, area, paging
        )
        return respond(request, data, template="node.html", filename=f"{chain_id}-{node_id}", figures_fn=figures.node_figures)

    @app.get("/patent/{patent_id}", include_in_schema=False)
    @app.get("/patent/{patent_id}.json", tags=["patents"], summary="A patent: bibliographic data, codes, nodes with rules, citations")
    def patent(request: Request, patent_id: str) -> Response:
        data = page_data(request, "patent", lambda: pages.patent_data(state_of(request).runner, patent_id), patent_id)
        return respond(request, data, template="patent.html", filename=patent_id)

    @app.get("/applicant", include_in_schema=False)
    @app.get("/applicant.xlsx", tags=["parties"], summary="An applicant's patents as Excel")
    @app.get("/applicant.csv", tags=["parties"], summary="An applicant's patents as CSV")
    @app.get("/applicant.json", tags=["parties"], summary="An applicant: places, filings per year, nodes, co-applicants, patents")
    def applicant(
        request: Request, name: NameParam, chain: ChainFilter = None, page: PageParam = 1, size: SizeParam = 20
    ) -> Response:
        paging = paging_for(request, page, size)
        data = page_data(
            request, "applicant", lambda: pages.applicant_data(state_of(request).runner, name, chain, paging), name, chain, paging
        )
        return respond(request, data, template="party.html", filename="applicant", figures_fn=figures.party_figures)

    @app.get("/inventor", include_in_schema=False)
    @app.get("/inventor.xlsx", tags=["parties"], summary="An inventor's patents as Excel")
    @app.get("/inventor.csv", tags=["parties"], summary="An inventor's patents as CSV")
    @app.get("/inventor.json", tags=["parties"], summary="An inventor: places, filings per year, nodes, co-inventors, patents")
    def inventor(
        request: Request, name: NameParam, chain: ChainFilter = None, page: PageParam = 1, size: SizeParam = 20
    ) -> Response:
        paging = paging_for(request, page, size)
        data = page_data(
            request, "inventor", lambda: pages.inventor_data(state_of(request).runner, name, chain, paging), name, chain, paging
        )
        return respond(request, data, template="party.html", filename="inventor", figures_fn=figures.party_figures)

    @app.get("/region/{code}", include_in_schema=False)
    @app.get("/region/{code}.xlsx", tags=["regions"], summary="Patents of applicants in a region, as Excel")
    @app.get("/region/{code}.csv", tags=["regions"], summary="Patents of applicants in a region, as CSV")
    @app.get("/region/{code}.json", tags=["regions"], summary="A country or ISO 3166-2 region: players, talent, nodes, patents")
    def region(
        request: Request, code: str, chain: ChainFilter = None, page: PageParam = 1, size: SizeParam = 20
    ) -> Response:
        code = code.upper()
        if not pages.REGION_RE.match(code):
            raise ChainnavError(
                f"region {code!r} is neither an ISO 3166-1 country nor an ISO 3166-2 region",
                hint="Write a country like CN or a region like CN-GD.",
            )
        paging = paging_for(request, page, size)
        data = page_data(
            request, "region", lambda: pages.region_data(state_of(request).runner, code, chain, paging), code, chain, paging
        )
        return respond(request, data, template="region.html", filename=f"region-{code}", figures_fn=figures.region_figures)

    @app.get("/search", include_in_schema=False)
    @app.get("/search.xlsx", tags=["search"], summary=f"Search results as Excel (at most {EXPORT_LIMIT:,} rows)")
    @app.get("/search.csv", tags=["search"], summary=f"Search results as CSV (at most {EXPORT_LIMIT:,} rows)")
    @app.get("/search.json", tags=["search"], summary="Full-text search over titles and abstracts, with filters")
    def search(
        request: Request,
        q: Annotated[str | None, Query(max_length=200, description="Words that must all occur in title or abstract")] = None,
        chain: ChainFilter = None,
        node: Annotated[str | None, Query(max_length=64, description="Node id (with chain)")] = None,
        year_from: Annotated[int | None, Query(ge=1800, le=2100, description="First filing year")] = None,
        year_to: Annotated[int | None, Query(ge=1800, le=2100, description="Last filing year")] = None,
        region: RegionParam = None,
        office: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="Publishing office, e.g. CN, US, EP")] = None,
        applicant: Annotated[str | None, Query(max_length=200, description="Part of an applicant's name")] = None,
        code: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9/ ]+$", description="IPC/CPC code prefix, e.g. B64U or G05D1/")] = None,
        status: Annotated[str | None, Query(pattern="^(" + "|".join(pages.LEGAL_STATUSES) + ")$", description="Legal status")] = None,
        sort: Annotated[str, Query(pattern="^(" + "|".join(pages.SORTS) + ")$", description="Sort order")] = "newest",
        page: PageParam = 1,
        size: SizeParam = 20,
    ) -> Response:
        if year_from is not None and year_to is not None and year_from > year_to:
            raise ChainnavError(f"year range {year_from}-{year_to} is empty", hint="Put the earlier year in year_from.")
        if node and not chain:
            raise ChainnavError("a node filter needs its chain", hint="Add chain=… to the query.")
        params = pages.SearchParams(
            q=(q or "").strip() or None, chain=chain, node=node, year_from=year_from, year_to=year_to, region=region,
            office=office, applicant=(applicant or "").strip() or None, code=(code or "").strip() or None,
            status=status, sort=sort,
        )
        paging = paging_for(request, page, size)
        data = page_data(request, "search", lambda: pages.search_data(state_of(request).runner, params, paging), params, paging)
        return respond(request, data, template="search.html", filename="search")

    @app.get("/-/lang", include_in_schema=False)
    def set_lang(to: LangParam = None, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:  # noqa: A002
        # only same-site paths, so the switch cannot be used as an open redirect
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        response = RedirectResponse(target, status_code=303)
        if to in LANGS:
            response.set_cookie("lang", to, max_age=365 * 24 * 3600, samesite="lax")
        return response

    @app.get("/-/vendor/echarts.min.js", include_in_schema=False)
    def echarts() -> Response:
        if not ECHARTS_JS.exists():
            raise NotFoundError(f"ECharts is missing at {ECHARTS_JS}", hint="Run `make assets` to copy it from node_modules.")
        return FileResponse(ECHARTS_JS, media_type="text/javascript")

    @app.get("/-/api", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        urls = state_of(request).urls
        return get_swagger_ui_html(
            openapi_url=urls.openapi(),
            title="chainnav API",
            swagger_js_url=urls.swagger_asset("swagger-ui-bundle.js"),
            swagger_css_url=urls.swagger_asset("swagger-ui.css"),
            swagger_favicon_url=urls.swagger_asset("favicon-32x32.png"),
        )


def _page_link(request: Request, page: int) -> str:
    """The current page's URL with another page number (path and query only)."""
    url = request.url.include_query_params(page=page)
    return f"{url.path}?{url.query}"


def _secret_key(given: str | None) -> str:
    """The session signing key: given, else ``CHAINNAV_SECRET_KEY``, else a fresh one per process."""
    return given or os.environ.get("CHAINNAV_SECRET_KEY") or secrets.token_urlsafe(32)


def create_app(
    db_path: str | Path,
    *,
    read_only: bool = True,
    region: str = "CN",
    query_timeout: float = 5.0,
    secret_key: str | None = None,
    reports_dir: str | Path | None = None,
    chains_dir: str | Path | None = None,
    cache_size: int = 256,
) -> FastAPI:
    """The platform over the store at ``db_path``.

    ``read_only`` opens the store read-only: the public pages and report builds work, imports,
    classification and chain edits do not. ``query_timeout`` bounds every query (seconds).
    ``reports_dir`` keeps built reports (default: ``<store>-reports`` beside the store);
    ``chains_dir`` is where edited chain YAML files are saved (default: ``<store>-chains``).
    ``cache_size`` is how many page results are kept until the store changes (0 disables it).
    """
    nav = Navigator(Path(db_path), read_only=read_only)
    return app_for_navigator(
        nav, region=region, query_timeout=query_timeout, secret_key=secret_key,
        reports_dir=reports_dir, chains_dir=chains_dir, cache_size=cache_size,
    )


def app_for_navigator(
    nav: Navigator,
    *,
    region: str = "CN",
    query_timeout: float = 5.0,
    secret_key: str | None = None,
    reports_dir: str | Path | None = None,
    chains_dir: str | Path | None = None,
    cache_size: int = 256,
) -> FastAPI:
    """The platform over an already open store (the demo shares its connection).

    The store stays open for the app's lifetime (``app.state.web.nav``): ASGI test clients run the
    lifespan once per client, so closing it at shutdown would break the next client.
    """
    from swagger_ui_bundle import swagger_ui_path

    from chainnav.web.admin import install_admin_routes

    store = Path(nav.path if nav.path != ":memory:" else "chainnav.duckdb")
    web = WebState(
        nav=nav,
        runner=QueryRunner(nav, timeout=query_timeout),
        urls=Urls(),
        templates=Jinja2Templates(directory=str(TEMPLATES_DIR)),
        read_only=nav.read_only,
        region=region,
        reports_dir=Path(reports_dir) if reports_dir else store.with_name(store.stem + "-reports"),
        chains_dir=Path(chains_dir) if chains_dir else store.with_name(store.stem + "-chains"),
        cache=PageCache(cache_size),
    )
    web.templates.env.globals["fmt_share"] = lambda v: "–" if v is None else f"{100 * v:.1f}%"
    web.templates.env.globals["page_link"] = _page_link
    web.templates.env.tests["endingwith"] = lambda value, suffix: str(value).endswith(suffix)
    web.templates.env.filters["yaml"] = lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False).strip()
    web.templates.env.globals["fmt_int"] = lambda v: "–" if v is None else f"{int(v):,}"

    app = FastAPI(
        title="chainnav industry patent database",
        version=__version__,
        description="Read-only JSON API over a chainnav store. Pages have `.json` twins; lists have `.csv` and `.xlsx`.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = web
    refresh_indexes(web)
    app.add_middleware(
        SessionMiddleware, secret_key=_secret_key(secret_key), session_cookie="chainnav_session", same_site="strict",
        max_age=8 * 3600,
    )
    app.add_middleware(DropEmptyQueryParams)
    app.mount("/-/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.mount("/-/vendor/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
    _install_error_handlers(app)
    install_admin_routes(app)
    _install_public_routes(app)
    return app
