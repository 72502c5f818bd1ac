"""The admin area: login, import an export with its load report, reclassify, build reports, edit chains.

Every admin page needs a logged-in administrator (signed session cookie); every form carries a
CSRF token kept in the session. Writes to the store go through one lock, since DuckDB allows one
writer per connection and a second import must wait for the first.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from chainnav.errors import ChainnavError, ConfigError, NotFoundError
from chainnav.web.accounts import has_users, verify_user

MAX_UPLOAD_BYTES = 500 * 1024 * 1024
REPORT_FORMATS = ("html", "docx", "pdf")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class AdminRequired(Exception):
    """Raised inside admin handlers when no administrator is logged in."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, token: str) -> None:
    expected = request.session.get("csrf")
    if not expected or not secrets.compare_digest(str(expected), token or ""):
        raise ChainnavError("the form expired or did not come from this site", hint="Reload the page and submit again.")


def require_admin(request: Request) -> str:
    user = request.session.get("user")
    if not user:
        raise AdminRequired()
    return str(user)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], {"kind": kind, "message": message}]


def _render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    from chainnav.web.app import render_html

    messages = request.session.pop("flash", [])
    return render_html(
        request, template, {"csrf": csrf_token(request), "messages": messages, **context}, status_code=status_code
    )


def _safe_filename(name: str | None) -> str:
    base = Path(name or "upload").name
    return _SAFE_NAME.sub("_", base).strip("._") or "upload"


def _save_upload(upload: UploadFile, folder: Path) -> Path:
    """Copy an uploaded file to ``folder`` under its own (sanitized) name, refusing huge files."""
    target = folder / _safe_filename(upload.filename)
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1024 * 1024):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise ChainnavError(
                    f"the upload is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                    hint="Import large exports with `chainnav ingest FILE` on the server.",
                )
            out.write(chunk)
    return target


def _chain_yaml(request: Request, chain_id: str) -> str:
    """The chain text to edit: the saved edit, else the definition last classified, else the shipped file."""
    from chainnav.web.app import state_of

    web = state_of(request)
    saved = web.chains_dir / f"{chain_id}.yaml"
    if saved.exists():
        return saved.read_text(encoding="utf-8")
    chain = web.runner.table("chain")
    rows = web.runner.rows(chain.filter(chain.chain_id == chain_id).select("definition"))
    if rows and rows[0]["definition"]:
        return str(rows[0]["definition"])
    from chainnav.chains.registry import chain_text

    return chain_text(chain_id)


def _writable(request: Request) -> None:
    from chainnav.web.app import state_of

    if state_of(request).read_only:
        raise ChainnavError(
            "the server runs read-only", hint="Restart with `chainnav serve --db PATH` (without --read-only) to change data."
        )


def install_admin_routes(app: FastAPI) -> None:
    """Add the admin pages to the app (none of them is part of the public API schema)."""
    from chainnav.web.app import refresh_indexes, state_of

    @app.exception_handler(AdminRequired)
    async def to_login(request: Request, exc: AdminRequired) -> Response:
        return RedirectResponse(state_of(request).urls.admin("login"), status_code=303)

    @app.get("/-/admin/login", include_in_schema=False)
    def login_form(request: Request) -> Response:
        web = state_of(request)
        return _render(request, "admin/login.html", {"has_users": has_users(web.nav)})

    @app.post("/-/admin/login", include_in_schema=False)
    def login(
        request: Request,
        username: Annotated[str, Form(max_length=64)],
        password: Annotated[str, Form(max_length=1024)],
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        web = state_of(request)
        check_csrf(request, csrf)
        if not verify_user(web.nav, username, password):
            flash(request, "wrong user name or password", "error")
            return RedirectResponse(web.urls.admin("login"), status_code=303)
        request.session.clear()
        request.session["user"] = username
        request.session["csrf"] = secrets.token_urlsafe(24)
        return RedirectResponse(web.urls.admin(), status_code=303)

    @app.post("/-/admin/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        check_csrf(request, csrf)
        request.session.clear()
        return RedirectResponse(state_of(request).urls.home(), status_code=303)

    @app.get("/-/admin", include_in_schema=False)
    def dashboard(request: Request) -> Response:
        require_admin(request)
        web = state_of(request)
        load, chain = web.runner.table("load"), web.runner.table("chain")
        loads = web.runner.rows(load.order_by(load.load_id.desc()).limit(20))
        chains = web.runner.rows(chain.select("chain_id", "name_zh", "name_en", "version", "classified_at").order_by("chain_id"))
        reports = sorted(
            (p.relative_to(web.reports_dir).as_posix() for p in web.reports_dir.rglob("*") if p.is_file()),
            reverse=True,
        ) if web.reports_dir.exists() else []
        return _render(
            request,
            "admin/index.html",
            {"loads": loads, "chains": chains, "reports": reports, "formats": REPORT_FORMATS, "region": web.region},
        )

    @app.post("/-/admin/upload", include_in_schema=False)
    def upload(request: Request, file: UploadFile, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        require_admin(request)
        check_csrf(request, csrf)
        _writable(request)
        web = state_of(request)
        folder = Path(tempfile.mkdtemp(prefix="chainnav-upload-"))
        try:
            path = _save_upload(file, folder)
            with web.write_lock:
                reports = web.nav.ingest(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        refresh_indexes(web)
        load_id = getattr(reports[-1], "load_id", None) if reports else None
        if load_id is None:
            flash(request, "the import produced no load record", "error")
            return RedirectResponse(web.urls.admin(), status_code=303)
        return RedirectResponse(web.urls.admin_load(int(load_id)), status_code=303)

    @app.get("/-/admin/loads/{load_id}", include_in_schema=False)
    def load_report(request: Request, load_id: int) -> Response:
        require_admin(request)
        web = state_of(request)
        load, reject = web.runner.table("load"), web.runner.table("reject")
        rows = web.runner.rows(load.filter(load.load_id == load_id))
        if not rows:
            raise NotFoundError(f"no load {load_id}", hint="The admin page lists the imports.")
        rejects = web.runner.rows(reject.filter(reject.load_id == load_id).order_by("row_number").limit(500))
        total = int(web.runner.scalar(reject.filter(reject.load_id == load_id).count()) or 0)
        return _render(request, "admin/load.html", {"load": rows[0], "rejects": rejects, "reject_total": total})

    @app.post("/-/admin/classify", include_in_schema=False)
    def classify(request: Request, chain_id: Annotated[str, Form(max_length=64)], csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        require_admin(request)
        check_csrf(request, csrf)
        _writable(request)
        web = state_of(request)
        saved = web.chains_dir / f"{chain_id}.yaml"
        target: Any = chain_id
        if saved.exists():
            from chainnav.chains.registry import load_chain_file

            target = load_chain_file(saved)
        with web.write_lock:
            result = web.nav.classify([target])
        refresh_indexes(web)
        summary = result.to_dict() if hasattr(result, "to_dict") else {}
        per_chain = summary.get("chains", [{}])
        first = per_chain[0] if per_chain else {}
        flash(
            request,
            f"{chain_id}: {first.get('patents', '?')} patents on {first.get('nodes', '?')} nodes "
            f"({summary.get('seconds', '?')} s)",
        )
        return RedirectResponse(web.urls.admin(), status_code=303)

    @app.post("/-/admin/report", include_in_schema=False)
    def build(
        request: Request,
        chain_id: Annotated[str, Form(max_length=64)],
        region: Annotated[str, Form(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")] = "CN",
        lang: Annotated[str, Form(pattern="^(zh|en)$")] = "zh",
        formats: Annotated[list[str] | None, Form()] = None,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        require_admin(request)
        check_csrf(request, csrf)
        web = state_of(request)
        chosen = [f for f in (formats or ["html"]) if f in REPORT_FORMATS] or ["html"]
        from chainnav.report import build_report

        name = f"{_safe_filename(chain_id)}-{region}-{lang}-{time.strftime('%Y%m%d-%H%M%S')}"
        out = web.reports_dir / name
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with web.write_lock:  # the report reads through the store's main connection, like imports
            files = build_report(web.nav, chain_id, region=region, lang=lang, formats=chosen, out=out)
        names = ", ".join(Path(f).name for f in files)
        flash(request, f"report {name}: {names} ({time.perf_counter() - started:.1f} s)")
        return RedirectResponse(web.urls.admin() + "#reports", status_code=303)

    @app.get("/-/admin/reports/{name:path}", include_in_schema=False)
    def report_file(request: Request, name: str) -> Response:
        require_admin(request)
        web = state_of(request)
        root = web.reports_dir.resolve()
        target = (root / name).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise NotFoundError(f"no report file {name!r}", hint="The admin page lists the built reports.")
        return FileResponse(target, filename=target.name)

    @app.get("/-/admin/chains/{chain_id}/edit", include_in_schema=False)
    def edit_form(request: Request, chain_id: str) -> Response:
        require_admin(request)
        return _render(request, "admin/chain_edit.html", {"chain_id": chain_id, "text": _chain_yaml(request, chain_id), "problems": []})

    @app.post("/-/admin/chains/{chain_id}/edit", include_in_schema=False)
    def edit_save(
        request: Request,
        chain_id: str,
        text: Annotated[str, Form(max_length=2_000_000)],
        action: Annotated[str, Form(pattern="^(validate|save|save_classify)$")] = "validate",
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        require_admin(request)
        check_csrf(request, csrf)
        web = state_of(request)
        from chainnav.chains.registry import parse_chain

        problems: list[dict[str, Any]] = []
        definition = None
        try:
            definition = parse_chain(text, file=f"{chain_id}.yaml")
            if definition.id != chain_id:
                problems.append({"node": None, "field": "id", "message": f"{definition.id!r} differs from the chain being edited ({chain_id!r})"})
        except ConfigError as exc:
            found = getattr(exc, "problems", None)
            if found:
                problems = [{"node": p.node, "field": p.field, "message": p.message} for p in found]
            else:
                problems = [{"node": None, "field": "(file)", "message": str(exc)}]
        if problems or action == "validate" or definition is None:
            if not problems:
                flash(request, f"{chain_id}.yaml is valid ({len(definition.nodes) if definition else 0} nodes)")
            return _render(
                request, "admin/chain_edit.html", {"chain_id": chain_id, "text": text, "problems": problems},
                status_code=422 if problems else 200,
            )
        _writable(request)
        web.chains_dir.mkdir(parents=True, exist_ok=True)
        (web.chains_dir / f"{chain_id}.yaml").write_text(text, encoding="utf-8")
        message = f"saved {web.chains_dir / (chain_id + '.yaml')}"
        if action == "save_classify":
            with web.write_lock:
                result = web.nav.classify([definition])
            refresh_indexes(web)
            chains = result.to_dict().get("chains", []) if hasattr(result, "to_dict") else []
            if chains:
                message += f"; classified {chains[0].get('patents')} patents"
        flash(request, message)
        return RedirectResponse(web.urls.admin_chain_edit(chain_id), status_code=303)
