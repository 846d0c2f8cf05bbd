"""The pages and their routes (Starlette, server-rendered Jinja2). Every route names a batch by its id and a
material by its index in the batch's records.json; a file is served only by a name the batch's own folder
lists. Nothing here reads or checks a submission itself: runs go through ``pipeline.session`` (``jobs``),
decisions through ``pipeline.review.decisions``, letters through ``pipeline.review.letters`` and
``pipeline.outputs.letters``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.outputs.book import OUTPUT_NAMES
from pipeline.review import decisions as dec
from pipeline.web import preview, uploads, views
from pipeline.web.batches import BatchInfo, BatchStore
from pipeline.web.jobs import Runner
from pipeline.web.security import Guard
from pipeline.web.settings import MAX_NAMED_LIST_BYTES, WebSettings

_log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ARCHIVE_EXT = (".zip", ".7z", ".rar")
DOWNLOADS = {  # what each output is, for the download list
    "汇总表.xlsx": "汇总表（按通知格式，可直接打印上报）",
    "异常报告.xlsx": "异常报告（表格，可填写处理决定）",
    "异常报告.html": "异常报告（网页，可打印）",
    "材料明细.xlsx": "材料明细（每份材料的全部栏目）",
    "records.json": "records.json（供其他系统读取）",
}
WHO_COOKIE = "huishen_who"
PAGE_ROWS = 200  # findings per page of the results (a batch of thousands stays quick to open and to read)
DECISION_CHOICES = [("ignored", "不是问题（忽略）"), ("kept", "已核实（保留）"), ("notified", "已通知"),
                    ("clear", "撤销决定")]


class Web:
    """The state the routes share: settings, the batches, the background runner, the templates."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = BatchStore(settings.data_dir, settings.folders)
        self.runner = Runner(self.store, jobs=settings.jobs, registry_url=settings.registry_url)
        self.quota = uploads.Quota(settings.max_upload_bytes, settings.max_files)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters["size"] = _size
        self.templates.env.globals["DECISION_CHOICES"] = DECISION_CHOICES

    def page(self, request: Request, name: str, status: int = 200, **context) -> Response:
        context.setdefault("settings", self.settings)
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def error(self, request: Request, status: int, text: str) -> Response:
        return self.page(request, "error.html", status=status, text=text)

    def batch(self, request: Request) -> BatchInfo | None:
        return self.store.get(request.path_params.get("bid", ""))


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"


def _profiles() -> list[dict]:
    from extractors.profile import ProfileError, load_profile
    from pipeline.config import bundled_profiles

    out = []
    for name, path in bundled_profiles().items():
        try:
            p = load_profile(path)
        except ProfileError:
            continue
        out.append({"name": name, "title": p.title, "notice": p.notice,
                    "date": f"{p.notice_date.year}年{p.notice_date.month}月{p.notice_date.day}日"})
    return out


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def _body(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        if chunk:
            yield chunk


def _declared(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


# ------------------------------------------------------------------------------------------ pages


def build_app(settings: WebSettings) -> Starlette:
    web = Web(settings)

    async def home(request: Request) -> Response:
        me = _who(request)
        everyone = web.store.all()
        jobs = {b.id: web.runner.job(b.id) for b in everyone}
        # Several staff on one server: each sees their own batches; a colleague's only once it has results
        # (never a half-uploaded one, nor one still running).
        mine = [b for b in everyone if not me or b.owner in ("", me)]
        others = [b for b in everyone if me and b.owner not in ("", me) and b.has_results
                  and not (jobs.get(b.id) and jobs[b.id].active)]
        return web.page(request, "home.html", profiles=_profiles(), batches=mine, others=others, jobs=jobs, me=me,
                        max_mb=settings.max_upload_bytes // 1024 // 1024, max_files=settings.max_files)

    async def create(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("profile", ""))
        chosen = next((p for p in _profiles() if p["name"] == name), None)
        if chosen is None:
            text = "请选择评选（评选配置不存在）"
            return (JSONResponse({"error": text}, 400) if _wants_json(request) else web.error(request, 400, text))
        info = await run_in_threadpool(web.store.create, name, chosen["title"], str(form.get("name", "")),
                                       _who(request))
        url = f"/b/{info.id}"
        if _wants_json(request):
            return JSONResponse({"id": info.id, "url": url, "upload": f"{url}/files", "start": f"{url}/start"})
        return RedirectResponse(url, 303)

    async def upload(request: Request) -> Response:
        info = web.batch(request)
        if info is None:
            return JSONResponse({"error": "没有这一批材料"}, 404)
        if info.external:
            return JSONResponse({"error": "命令行审查的批次不能在网页中上传文件"}, 400)
        job = web.runner.job(info.id)
        if job is not None and job.active:
            return JSONResponse({"error": "这一批正在审查，请等审查结束后再上传"}, 409)
        try:
            rel, size = await uploads.save(info.inbox, request.query_params.get("path", ""), _body(request),
                                           web.quota, _declared(request))
        except uploads.UploadRefused as e:
            return JSONResponse({"error": str(e)}, e.status)
        return JSONResponse({"path": rel, "size": size})

    async def start(request: Request) -> Response:
        info = web.batch(request)
        if info is None:
            return web.error(request, 404, "没有这一批材料")
        if not info.external and not any(info.inbox.iterdir()):
            return web.error(request, 400, "还没有上传任何文件：请先选择或拖入材料文件夹或压缩包")
        web.runner.submit(info, "审查" if not info.has_results else "重新审查")
        return RedirectResponse(f"/b/{info.id}", 303)

    async def batch_page(request: Request) -> Response:
        info = web.batch(request)
        if info is None:
            return web.error(request, 404, "没有这一批材料（可能已被删除）")
        job = web.runner.job(info.id)
        if job is not None and job.active:
            return web.page(request, "progress.html", info=info, job=job)
        if not info.has_results:
            if info.status == "running":  # the server stopped while it ran
                info.message = "上次审查没有完成（汇审网页在审查中途被关闭），请重新开始审查"
            return web.page(request, "upload.html", info=info, job=job,
                            files=_inbox_files(info.inbox) if not info.external else [],
                            max_mb=settings.max_upload_bytes // 1024 // 1024, max_files=settings.max_files)
        try:
            view, _ = await run_in_threadpool(views.load, info.out)
        except views.ViewError as e:
            return web.error(request, 500, str(e))
        q = request.query_params
        chosen = {k: q.get(k, "") for k in ("unit", "code", "severity", "decided")}
        findings = view.filtered(**chosen)
        pages = max(1, -(-len(findings) // PAGE_ROWS))
        page = min(max(int(q["page"]) if q.get("page", "").isdigit() else 1, 1), pages)
        return web.page(request, "results.html", info=info, job=job, view=view, counts=view.counts(),
                        findings=findings, shown=findings[(page - 1) * PAGE_ROWS: page * PAGE_ROWS], page=page,
                        pages=pages, chosen=chosen, query=query, downloads=_downloads(info),
                        letters=_letters(info), back=_back(request))

    async def progress(request: Request) -> Response:
        info = web.batch(request)
        job = web.runner.job(info.id) if info else None
        if job is None:
            return JSONResponse({"state": "none", "active": False, "has_results": bool(info and info.has_results)})
        return JSONResponse(job.as_json())

    async def cancel(request: Request) -> Response:
        info = web.batch(request)
        if info is None:
            return web.error(request, 404, "没有这一批材料")
        web.runner.cancel(info.id)
        return RedirectResponse(f"/b/{info.id}", 303)

    async def unit_page(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return web.error(request, 404, "没有这一批材料的审查结果")
        view, _ = await run_in_threadpool(views.load, info.out)
        unit = view.unit(request.query_params.get("name", ""))
        if unit is None:
            return web.error(request, 404, "这一批材料中没有这个单位")
        return web.page(request, "unit.html", info=info, view=view, unit=unit, job=web.runner.job(info.id),
                        changes=_unit_changes(info, unit.name), back=_back(request))

    async def unit_upload(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return JSONResponse({"error": "没有这一批材料的审查结果"}, 404)
        if info.external:
            return JSONResponse({"error": f"这是命令行审查的批次：请把更正的文件放进收件文件夹 {info.inbox}，"
                                          "再点“重新审查”"}, 400)
        view, _ = await run_in_threadpool(views.load, info.out)
        unit = view.unit(request.query_params.get("name", ""))
        if unit is None:
            return JSONResponse({"error": "这一批材料中没有这个单位"}, 404)
        job = web.runner.job(info.id)
        if job is not None and job.active:
            return JSONResponse({"error": "这一批正在审查，请等审查结束后再上传"}, 409)
        stamp = request.query_params.get("stamp", "")
        stamp = stamp if stamp.isdigit() and len(stamp) == 14 else f"{dt.datetime.now():%Y%m%d%H%M%S}"
        try:
            name = uploads.corrected_name(_unit_folder(unit), request.query_params.get("path", ""), stamp)
            rel, size = await uploads.save(info.inbox, name, _body(request), web.quota, _declared(request))
        except uploads.UploadRefused as e:
            return JSONResponse({"error": str(e)}, e.status)
        return JSONResponse({"path": rel, "size": size})

    async def rerun(request: Request) -> Response:
        info = web.batch(request)
        if info is None:
            return web.error(request, 404, "没有这一批材料")
        if not Path(info.inbox).is_dir():
            return web.error(request, 400, f"收件文件夹 {info.inbox} 已不存在，无法重新审查")
        web.runner.submit(info, "更正后重新审查")
        return RedirectResponse(f"/b/{info.id}", 303)

    async def doc_page(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return web.error(request, 404, "没有这一批材料的审查结果")
        view, records = await run_in_threadpool(views.load, info.out)
        d = view.doc(request.path_params["index"])
        if d is None:
            return web.error(request, 404, "没有这份材料")
        raw = records["documents"][d.index]
        pages, problem = 0, ""
        try:
            pages = await run_in_threadpool(preview.page_count, Path(info.inbox), d.file, raw.get("sha256", ""),
                                            d.fmt)
        except preview.PreviewError as e:
            problem = str(e)
        return web.page(request, "doc.html", info=info, view=view, d=d, rows=views.field_rows(view.profile, raw, d),
                        sections=raw.get("sections") or {}, pages=pages, problem=problem,
                        word=preview.kind_of(d.fmt) == "word", back=_back(request))

    async def doc_image(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return Response(status_code=404)
        view, records = await run_in_threadpool(views.load, info.out)
        d = view.doc(request.path_params["index"])
        if d is None:
            return Response(status_code=404)
        try:
            png = await run_in_threadpool(preview.page_png, Path(info.inbox), d.file,
                                          records["documents"][d.index].get("sha256", ""), d.fmt,
                                          request.path_params["page"])
        except preview.PreviewError as e:
            return Response(str(e), 404, media_type="text/plain; charset=utf-8")
        return Response(png, media_type="image/png")

    async def doc_original(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return web.error(request, 404, "没有这一批材料的审查结果")
        view, records = await run_in_threadpool(views.load, info.out)
        d = view.doc(request.path_params["index"])
        if d is None:
            return web.error(request, 404, "没有这份材料")
        try:
            data = await run_in_threadpool(preview.original_bytes, Path(info.inbox), d.file,
                                           records["documents"][d.index].get("sha256", ""))
        except preview.PreviewError as e:
            return web.error(request, 404, str(e))
        return Response(data, media_type="application/octet-stream",
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(d.file.rsplit('/', 1)[-1])}"})

    async def decide(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return web.error(request, 404, "没有这一批材料的审查结果")
        form = await request.form()
        keys = [str(k) for k in form.getlist("key") if str(k).strip()]
        status = str(form.get("status", ""))
        note = str(form.get("note", "")).strip()[:500]
        who = str(form.get("who", "")).strip()[:40] or None  # none given: the CLI's default (HUISHEN_USER, login)
        back = _safe_back(str(form.get("back", "")), info)
        if status not in {s for s, _ in DECISION_CHOICES}:
            return web.error(request, 400, "请选择处理决定")
        if not keys:
            return web.error(request, 400, "请选择要处理的问题")
        try:
            changed = await run_in_threadpool(_decide, info, keys, status, note, who)
        except (dec.DecisionError, ValueError) as e:
            return web.error(request, 400, str(e))
        if changed and Path(info.inbox).is_dir():
            web.runner.submit(info, "按处理决定更新")
        return RedirectResponse(back, 303)

    async def download(request: Request) -> Response:
        info = web.batch(request)
        name = request.path_params["name"]
        if info is None or name not in OUTPUT_NAMES:
            return web.error(request, 404, "没有这个文件")
        path = info.out / name
        if not path.is_file():
            return web.error(request, 404, f"{name} 还没有生成")
        return FileResponse(path, filename=name)

    async def make_letters(request: Request) -> Response:
        info = web.batch(request)
        if info is None or not info.has_results:
            return web.error(request, 404, "没有这一批材料的审查结果")
        from pipeline.outputs.letters import LetterError, LetterTemplate, write_letters
        from pipeline.review.letters import LetterOptions, letters_for

        def work():
            plan = letters_for(info.out, LetterOptions())
            return plan, write_letters(info.out, plan.letters, LetterTemplate.load(None))

        try:
            await run_in_threadpool(work)
        except LetterError as e:
            return web.error(request, 400, str(e))
        return RedirectResponse(f"/b/{info.id}#letters", 303)

    async def letter_file(request: Request) -> Response:
        info = web.batch(request)
        name = request.path_params["name"]
        if info is None:
            return web.error(request, 404, "没有这一批材料")
        listed = {n for n, _ in _letters(info)}
        if name not in listed:
            return web.error(request, 404, "没有这份通知")
        from pipeline.outputs.letters import LETTERS_DIR

        return FileResponse(info.out / LETTERS_DIR / name, filename=name)

    async def registry_page(request: Request) -> Response:
        return web.page(request, "registry.html", info=await run_in_threadpool(_registry_info, settings),
                        profiles=_profiles(), result=None, year=dt.date.today().year - 1)

    async def registry_import(request: Request) -> Response:
        if (_declared(request) or 0) > MAX_NAMED_LIST_BYTES + 64 * 1024:
            return web.error(request, 413, f"名单文件过大（最多 {MAX_NAMED_LIST_BYTES // 1024} KB）")
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        campaign = str(form.get("campaign", "")).strip()
        year_text = str(form.get("year", "")).strip()
        if upload is None or not hasattr(upload, "read") or not campaign:
            return web.error(request, 400, "请选择名单文件和评选")
        year = int(year_text) if year_text.isdigit() and 1949 <= int(year_text) <= 2100 else None
        data = await upload.read()
        if len(data) > MAX_NAMED_LIST_BYTES:
            return web.error(request, 413, f"名单文件过大（最多 {MAX_NAMED_LIST_BYTES // 1024} KB）")
        try:
            # only the file's own name counts (a browser sends no folder; one that does is not followed)
            fname = uploads.clean_name((upload.filename or "名单.xlsx").replace("\\", "/").rsplit("/", 1)[-1])
        except uploads.UploadRefused as e:
            return web.error(request, 400, str(e))
        result = await run_in_threadpool(_import_named, settings, data, fname, campaign, year)
        return web.page(request, "registry.html", info=await run_in_threadpool(_registry_info, settings),
                        profiles=_profiles(), result=result, year=year or dt.date.today().year - 1)

    routes = [
        Route("/", home),
        Route("/batches", create, methods=["POST"]),
        Route("/registry", registry_page),
        Route("/registry/import", registry_import, methods=["POST"]),
        Route("/b/{bid}", batch_page),
        Route("/b/{bid}/files", upload, methods=["PUT"]),
        Route("/b/{bid}/start", start, methods=["POST"]),
        Route("/b/{bid}/progress", progress),
        Route("/b/{bid}/cancel", cancel, methods=["POST"]),
        Route("/b/{bid}/unit", unit_page),
        Route("/b/{bid}/unit/files", unit_upload, methods=["PUT"]),
        Route("/b/{bid}/rerun", rerun, methods=["POST"]),
        Route("/b/{bid}/doc/{index:int}", doc_page),
        Route("/b/{bid}/doc/{index:int}/page/{page:int}.png", doc_image),
        Route("/b/{bid}/doc/{index:int}/original", doc_original),
        Route("/b/{bid}/decide", decide, methods=["POST"]),
        Route("/b/{bid}/download/{name}", download),
        Route("/b/{bid}/letters", make_letters, methods=["POST"]),
        Route("/b/{bid}/letters/{name}", letter_file),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await run_in_threadpool(web.runner.close)  # cancel what runs, stop the worker processes

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.web = web
    return Guard(app, settings)


# ------------------------------------------------------------------------------------------ helpers


def _who(request: Request) -> str:
    """The 标注人 this browser gave (a cookie the page's script sets); "" when none."""
    from urllib.parse import unquote

    return unquote(request.cookies.get(WHO_COOKIE, "")).strip()[:40]


def _decide(info: BatchInfo, keys: list[str], status: str, note: str, who: str | None = None) -> list:
    """What ``huishen review OUT KEY… --ignore --note … [--by WHO]`` does, by finding key: the decision applied
    and saved."""
    from pipeline.review import batch as rb

    b = rb.load_batch(info.out)
    chosen = dec.select(b.findings, keys)
    if chosen.problem:
        raise ValueError(chosen.problem)
    decisions = dec.load(info.out)
    changes = dec.apply(decisions, chosen.findings, None if status == "clear" else dec.Status(status), note,
                        who=who)
    if changes:
        dec.save(info.out, decisions)
    return changes


def _inbox_files(inbox: Path, limit: int = 200) -> list[tuple[str, int]]:
    out = []
    for dirpath, dirnames, names in os.walk(inbox):
        dirnames.sort()
        for n in sorted(names):
            p = Path(dirpath) / n
            out.append((p.relative_to(inbox).as_posix(), p.stat().st_size))
            if len(out) >= limit:
                return out
    return out


def _downloads(info: BatchInfo) -> list[tuple[str, str]]:
    return [(name, what) for name, what in DOWNLOADS.items() if (info.out / name).is_file()]


def _letters(info: BatchInfo) -> list[tuple[str, int]]:
    from pipeline.outputs.letters import LETTERS_DIR, ZIP_NAME

    folder = info.out / LETTERS_DIR
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    names.sort(key=lambda n: n == ZIP_NAME)  # the zip of all last
    return [(n, (folder / n).stat().st_size) for n in names]


def _unit_folder(unit: views.UnitView) -> str:
    """The unit's own top folder in the inbox (an archive's stem when it sent one), else its name."""
    from collections import Counter

    from pipeline.outputs.letters import safe_file_name

    tops = Counter()
    for d in unit.docs:
        parts = d.path.split("/")
        if len(parts) > 1:
            top = parts[0]
            stem = next((top[: -len(e)] for e in ARCHIVE_EXT if top.lower().endswith(e)), top)
            tops[stem] += 1
    if tops:
        return tops.most_common(1)[0][0]
    return safe_file_name(unit.name) or "未知单位"


def _unit_changes(info: BatchInfo, unit: str):
    """本次更正 for one unit: the last run's comparison with the run before the files changed."""
    import json

    from pipeline.review.changes import HISTORY_DIR, RECORDS

    kept = sorted((info.out / HISTORY_DIR).glob(f"*-{RECORDS}")) if (info.out / HISTORY_DIR).is_dir() else []
    if not kept:
        return None
    try:
        then = json.loads(kept[-1].read_text(encoding="utf-8"))
        now = json.loads((info.out / RECORDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

    def open_keys(records) -> dict[str, str]:
        out = {}
        for d in records.get("documents", []):
            for f in d.get("findings", []):
                if (f.get("units") or [d.get("unit")]) and unit in (f.get("units") or [d.get("unit")]):
                    if (f.get("decision") or {}).get("status") != "ignored":
                        out[f["key"]] = f.get("message", "")
        for f in records.get("findings", []):
            if unit in (f.get("units") or []) and (f.get("decision") or {}).get("status") != "ignored":
                out[f["key"]] = f.get("message", "")
        return out

    before, after = open_keys(then), open_keys(now)
    when = kept[-1].name.split("-" + RECORDS)[0]
    return {"since": f"{when[:4]}-{when[4:6]}-{when[6:8]} {when[9:11]}:{when[11:13]}",
            "resolved": [before[k] for k in before if k not in after],
            "remaining": [after[k] for k in after if k in before],
            "new": [after[k] for k in after if k not in before]}


def _back(request: Request) -> str:
    q = request.url.query
    return request.url.path + (f"?{q}" if q else "")


def _safe_back(back: str, info: BatchInfo) -> str:
    """Where to return after a decision: a page of this batch only (never another site)."""
    base = f"/b/{info.id}"
    if back == base or back.startswith(base + "?") or back.startswith(base + "/") or back.startswith(base + "#"):
        if "//" not in back and "\\" not in back:
            return back
    return base


def _registry_info(settings: WebSettings):
    from pipeline.registry.history import registry_exists
    from pipeline.registry.store import Registry, RegistryError

    if settings.registry_url is None and not registry_exists(None):
        return {"empty": True, "location": "", "counts": [], "error": ""}
    try:
        with Registry.open(settings.registry_url) as reg:
            data = reg.info()
    except RegistryError as e:
        return {"empty": True, "location": "", "counts": [], "error": str(e)}
    return {"empty": not data.counts, "location": data.location, "counts": data.counts, "error": ""}


def _import_named(settings: WebSettings, data: bytes, fname: str, campaign: str, year: int | None) -> dict:
    """``huishen registry import``: the list kept in the work area (its name sanitised), read, then stored."""
    from pipeline.atomic import write_atomic
    from pipeline.registry.named_list import PREVIEW_HEADER, NamedListError, preview, read_named_list
    from pipeline.registry.store import Registry, RegistryError

    folder = settings.data_dir / "registry-imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / fname
    write_atomic(path, data)
    try:
        named = read_named_list(path, year)
    except NamedListError as e:
        return {"ok": False, "text": str(e)}
    if not named.rows:
        return {"ok": False, "text": "名单中没有可以导入的行", "skipped": named.skipped}
    try:
        with Registry.open(settings.registry_url) as reg:
            stored = reg.add_named(named.rows, campaign, year, source=fname)
            location = reg.location
    except RegistryError as e:
        return {"ok": False, "text": str(e)}
    return {"ok": True, "text": f"已导入 {len(named.rows)} 条（新增 {stored.added}，替换上次导入的 {stored.replaced}），"
                                f"评选 {campaign}，登记库：{location}",
            "header": PREVIEW_HEADER, "preview": preview(named.rows, 10), "skipped": named.skipped}


def query(**kw: str) -> str:
    return urlencode({k: v for k, v in kw.items() if v})
