"""The web page's HTTP layer (``huishen serve``), through Starlette's TestClient: uploads and what they refuse,
the token and same-origin guards, a run from upload to results, decisions saved exactly as ``huishen review``
saves them, corrected files, and every download. The real-browser test is tests/test_web_browser.py."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from pipeline.web.app import build_app  # noqa: E402
from pipeline.web.settings import WebSettings  # noqa: E402

ORIGIN = {"origin": "http://testserver"}
UNITS = ("江南大学工会", "无锡市教育工会")
BIG = 1024 * 1024  # the sample's 50 MB file is left out of the small inbox


def client(tmp_path: Path, **kw) -> TestClient:
    settings = WebSettings(data_dir=tmp_path / "web", jobs=0, **kw)
    return TestClient(build_app(settings), headers=ORIGIN)


@pytest.fixture(scope="module")
def small_inbox(banzu_inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two units of the banzu sample (typed Word files and one PDF: no OCR, so a run takes seconds)."""
    dest = tmp_path_factory.mktemp("small") / "收件"
    for unit in UNITS:
        for p in sorted((banzu_inbox / unit).rglob("*")):
            if p.is_file() and p.stat().st_size < BIG:
                target = dest / p.relative_to(banzu_inbox)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(p, target)
    return dest


def files_of(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]


def new_batch(c: TestClient, profile: str = "banzu") -> str:
    r = c.post("/batches", data={"profile": profile}, headers={"accept": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def put(c: TestClient, bid: str, name: str, data: bytes):
    return c.put(f"/b/{bid}/files", params={"path": name}, content=data)


def wait_done(c: TestClient, bid: str, timeout: float = 180) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        p = c.get(f"/b/{bid}/progress").json()
        if not p["active"]:
            return p
        time.sleep(0.2)
    raise AssertionError("the run did not finish")


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=cwd or Path(__file__).resolve().parent.parent, env={**os.environ, **(env or {})},
                          timeout=300)


# ------------------------------------------------------------------------------------------ uploads


ODD_NAMES = ["单位 甲/附件1（定稿） #1.docx", "单位 甲/a&b=c?d%20.pdf", "单位乙/emoji 🎉.docx",
             "单位乙/ＦＵＬＬ　ｗｉｄｔｈ.docx", "单位乙/x..y.docx", "単位/かな.pdf", "d/.hidden.docx"]


def test_upload_keeps_odd_names_exactly(tmp_path):
    with client(tmp_path) as c:
        bid = new_batch(c)
        for i, name in enumerate(ODD_NAMES):
            r = put(c, bid, name, f"file {i}".encode())
            assert r.status_code == 200, r.text
            assert r.json() == {"path": name, "size": len(f"file {i}")}
        inbox = tmp_path / "web" / "batches" / bid / "inbox"
        stored = {p.relative_to(inbox).as_posix(): p.read_bytes() for p in inbox.rglob("*") if p.is_file()}
        assert stored == {name: f"file {i}".encode() for i, name in enumerate(ODD_NAMES)}
        # backslashes (a Windows browser's path) become folders; "./" and doubled slashes are dropped
        assert put(c, bid, "单位丙\\子目录\\表.docx", b"x").json()["path"] == "单位丙/子目录/表.docx"
        assert put(c, bid, "./单位丙//表2.docx", b"x").json()["path"] == "单位丙/表2.docx"


@pytest.mark.parametrize("name, words", [
    ("../x.docx", "“..”"), ("a/../../x.docx", "“..”"), ("单位/../../../etc/passwd", "“..”"),
    ("/etc/passwd", "绝对路径"), ("/tmp/x.docx", "绝对路径"), ("C:\\Windows\\x.docx", "绝对路径"),
    ("c:x.docx", "绝对路径"), ("\\\\server\\share\\x.docx", "绝对路径"), ("a/\x00b.docx", "控制字符"),
    ("a/b\nc.docx", "控制字符"), ("", "文件名为空"), ("./", "文件名为空"), ("x" * 300 + ".docx", "过长"),
])
def test_upload_refuses_names_that_leave_the_inbox(tmp_path, name, words):
    with client(tmp_path) as c:
        bid = new_batch(c)
        r = put(c, bid, name, b"evil")
        assert r.status_code == 400
        assert words in r.json()["error"]
    written = [p for p in (tmp_path).rglob("*") if p.is_file() and p.name != "batch.json"]
    assert written == []  # nothing anywhere: not in the inbox, not beside it, not above it
    assert not Path("/tmp/x.docx").exists() or Path("/tmp/x.docx").read_bytes() != b"evil"


def test_upload_never_follows_a_link_out_of_the_inbox(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    with client(tmp_path) as c:
        bid = new_batch(c)
        inbox = tmp_path / "web" / "batches" / bid / "inbox"
        (inbox / "单位").symlink_to(outside, target_is_directory=True)
        r = put(c, bid, "单位/x.docx", b"evil")
        assert r.status_code == 409 and "冲突" in r.json()["error"]
    assert list(outside.iterdir()) == []


def test_upload_caps_count_and_size(tmp_path):
    with client(tmp_path, max_files=2, max_upload_bytes=1000) as c:
        bid = new_batch(c)
        assert put(c, bid, "a/1.docx", b"x" * 400).status_code == 200
        assert put(c, bid, "a/2.docx", b"x" * 400).status_code == 200
        r = put(c, bid, "a/3.docx", b"x")
        assert r.status_code == 413 and "每批最多 2 个文件" in r.json()["error"]
        r = put(c, bid, "a/2.docx", b"x" * 700)  # replacing a file: 400 + 700 > 1000
        assert r.status_code == 413 and "总大小超过上限" in r.json()["error"]
        # streamed without a length: refused as it passes the cap, and no part of it stays behind
        r = c.put(f"/b/{bid}/files", params={"path": "a/2.docx"}, content=iter([b"y" * 300, b"y" * 400]))
        assert r.status_code == 413
        inbox = tmp_path / "web" / "batches" / bid / "inbox"
        assert sorted(p.name for p in (inbox / "a").iterdir()) == ["1.docx", "2.docx"]
        assert (inbox / "a" / "2.docx").read_bytes() == b"x" * 400


def test_a_symlink_member_of_a_zip_is_only_listed(tmp_path):
    """An archive is opened in memory by discovery, never extracted: a symlink member is a few bytes naming
    its target, read as an unrecognised file; the target is never opened."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("单位甲/link.docx")
        info.external_attr = 0o120777 << 16
        z.writestr(info, "/etc/passwd")
        z.writestr("单位甲/说明.txt", "x")
    with client(tmp_path) as c:
        bid = new_batch(c)
        assert put(c, bid, "单位甲.zip", buf.getvalue()).status_code == 200
        assert c.post(f"/b/{bid}/start").status_code == 200
        assert wait_done(c, bid)["state"] == "done"
        records = json.loads(c.get(f"/b/{bid}/download/records.json").content)
    docs = {d["path"]: d for d in records["documents"]}
    link = docs["单位甲.zip/单位甲/link.docx"]
    assert link["size"] == len("/etc/passwd") and link["kind"] in ("unrecognised", "unreadable")
    assert "root:" not in json.dumps(records, ensure_ascii=False)


# ------------------------------------------------------------------------------------------ the guards


def test_another_host_needs_a_token(tmp_path):
    assert "--token" in WebSettings(host="0.0.0.0").check()
    assert WebSettings(host="0.0.0.0", token="a-long-token").check() == ""
    assert WebSettings(host="127.0.0.1").check() == ""
    r = cli("serve", "--host", "0.0.0.0", "--no-browser", "--data", str(tmp_path))
    assert r.returncode == 2 and "--token" in r.stdout


def test_the_token_is_checked_on_every_request(tmp_path):
    with client(tmp_path, host="0.0.0.0", token="secret-token-1") as c:
        for method, url in (("get", "/"), ("get", "/registry"), ("post", "/batches"), ("get", "/static/app.js")):
            r = getattr(c, method)(url)
            assert r.status_code == 401 and "访问口令" in r.text
        assert c.get("/?token=wrong-token").status_code == 401
        r = c.get("/?token=secret-token-1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert "huishen_token=secret-token-1" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        c.cookies.set("huishen_token", "secret-token-1")
        assert c.get("/").status_code == 200
        c.cookies.clear()
        assert c.get("/", headers={"authorization": "Bearer secret-token-1"}).status_code == 200
        assert c.get("/", headers={"authorization": "Bearer nope"}).status_code == 401


def test_changes_only_from_the_page_itself(tmp_path):
    with client(tmp_path) as c:
        for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                        {"origin": "http://testserver", "sec-fetch-site": "cross-site"},
                        {"origin": "", "referer": "http://evil.example/page"}):
            r = c.post("/batches", data={"profile": "banzu"}, headers=headers)
            assert r.status_code == 403 and "来自汇审网页本身" in r.text
        bare = TestClient(c.app)  # neither Origin nor Referer
        assert bare.post("/batches", data={"profile": "banzu"}).status_code == 403
        assert bare.put("/b/x/files?path=a.docx", content=b"x").status_code == 403
        huge = c.post("/batches", content=b"profile=banzu&name=" + b"x" * (3 * 1024 * 1024),
                      headers={"content-type": "application/x-www-form-urlencoded"})
        assert huge.status_code == 413 and "不能超过 2 MB" in huge.text
        ok = bare.post("/batches", data={"profile": "banzu"}, headers={"referer": "http://testserver/"},
                       follow_redirects=False)
        assert ok.status_code == 303
        assert list((tmp_path / "web" / "batches").iterdir()) != []


def test_host_header_and_security_headers(tmp_path):
    settings = WebSettings(data_dir=tmp_path / "web", jobs=0, allowed_hosts={"127.0.0.1:8765"})
    with TestClient(build_app(settings), base_url="http://127.0.0.1:8765") as c:
        r = c.get("/")
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert c.get("/", headers={"host": "evil.example:8765"}).status_code == 400  # DNS rebinding


def test_no_page_loads_anything_from_elsewhere():
    web = Path(__file__).resolve().parent.parent / "pipeline" / "web"
    for p in list((web / "templates").glob("*.html")) + list((web / "static").glob("*")):
        text = p.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, p.name
        assert "<script>" not in text and " style=" not in text and "onclick" not in text, p.name  # CSP: none inline


# ------------------------------------------------------------------------------------------ a whole batch


@pytest.fixture(scope="module")
def cli_out(small_inbox: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "out"
    r = cli("run", str(small_inbox), "--profile", "banzu", "--out", str(out), "-j", "0")
    assert r.returncode == 0, r.stdout + r.stderr
    return out


@pytest.fixture(scope="module")
def web_batch(small_inbox: Path, tmp_path_factory):
    """The small inbox uploaded through the page and checked; (client, batch id, data dir)."""
    tmp = tmp_path_factory.mktemp("webrun")
    c = client(tmp)
    c.__enter__()
    bid = new_batch(c)
    for name, data in files_of(small_inbox):
        assert put(c, bid, name, data).status_code == 200
    page = c.get(f"/b/{bid}")
    assert "开始审查" in page.text and "附件3-推荐汇总表.docx" in page.text
    r = c.post(f"/b/{bid}/start", follow_redirects=False)
    assert r.status_code == 303
    assert wait_done(c, bid)["state"] == "done"
    yield c, bid, tmp / "web"
    c.__exit__(None, None, None)


def _counts(records: dict) -> dict:
    sev: dict[str, int] = {}
    for f in [f for d in records["documents"] for f in d["findings"]] + records["findings"]:
        if (f.get("decision") or {}).get("status") != "ignored":
            sev[f["severity"]] = sev.get(f["severity"], 0) + 1
    return {"files": len(records["documents"]), "units": len({d["unit"] for d in records["documents"] if d["unit"]}),
            **sev}


def test_a_batch_from_upload_to_results_matches_the_cli(web_batch, cli_out):
    c, bid, data = web_batch
    records = json.loads(c.get(f"/b/{bid}/download/records.json").content)
    expected = json.loads((cli_out / "records.json").read_text(encoding="utf-8"))
    assert _counts(records) == _counts(expected) == {"files": 13, "units": 2, "error": 3, "warning": 2, "info": 3}
    assert ([(d["path"], d["kind"], d["unit"]) for d in records["documents"]]
            == [(d["path"], d["kind"], d["unit"]) for d in expected["documents"]])
    page = c.get(f"/b/{bid}").text
    for ident, n in (("n-units", 2), ("n-files", 13), ("n-error", 3), ("n-warning", 2), ("n-info", 3)):
        assert f'id="{ident}">{n}<' in page
    # 怎么处理: the letters' own wording for each finding (here the 无锡 form missing 党员人数)
    from pipeline.config import resolve_profile
    from pipeline.review.letters import requirement

    profile = resolve_profile("banzu")
    form = next(d for d in expected["documents"] if any(f["code"] == "field.missing" for f in d["findings"]))
    missing = next(f for f in form["findings"] if f["code"] == "field.missing")
    wording = requirement(missing, profile, profile.kind(form["kind"]))
    assert wording == "请补填“党员人数”栏目"
    assert f'<td class="todo">{wording}</td>' in page
    # a note (提示) asks nothing, as in 异常报告: the same 怎么处理 on the page and in the reports
    assert page.count('<td class="todo">无需处理（仅供参考）</td>') == 3
    # filters: one unit, one severity
    only = c.get(f"/b/{bid}", params={"unit": "江南大学工会", "severity": "error"}).text
    shown = only.count('class="sev-error')
    errors_of_unit = sum(1 for d in expected["documents"] if d["unit"] == "江南大学工会"
                         for f in d["findings"] if f["severity"] == "error")
    errors_of_unit += sum(1 for f in expected["findings"] if "江南大学工会" in f["units"] and f["severity"] == "error")
    assert shown == errors_of_unit


def test_unit_and_material_pages(web_batch):
    c, bid, _ = web_batch
    r = c.get(f"/b/{bid}/unit", params={"name": "江南大学工会"})
    assert r.status_code == 200
    assert r.text.count('href="/b/' + bid + '/doc/') >= 5
    records = json.loads(c.get(f"/b/{bid}/download/records.json").content)
    i = next(i for i, d in enumerate(records["documents"]) if d["fmt"] == "pdf" and d["unit"] == "无锡市教育工会")
    doc = c.get(f"/b/{bid}/doc/{i}").text
    assert f'/b/{bid}/doc/{i}/page/0.png' in doc
    png = c.get(f"/b/{bid}/doc/{i}/page/0.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    for key in list(records["documents"][i]["fields"])[:3]:
        assert f"<th>{key}</th>" in doc
    assert c.get(f"/b/{bid}/doc/{i}/page/99.png").status_code == 404
    assert c.get(f"/b/{bid}/doc/9999").status_code == 404
    original = c.get(f"/b/{bid}/doc/{i}/original")
    assert original.content[:5] == b"%PDF-"
    assert c.get(f"/b/{bid}/unit", params={"name": "../../etc"}).status_code == 404


def test_downloads_only_by_known_name(web_batch):
    c, bid, data = web_batch
    out = data / "batches" / bid / "out"
    for name in ("汇总表.xlsx", "异常报告.xlsx", "异常报告.html", "材料明细.xlsx", "records.json"):
        r = c.get(f"/b/{bid}/download/{name}")
        assert r.status_code == 200 and r.content == (out / name).read_bytes(), name
    for name in ("huishen.log", "batch.json", "..%2Fbatch.json", "审核决定.json", "%2Fetc%2Fpasswd"):
        assert c.get(f"/b/{bid}/download/{name}").status_code == 404, name
    assert c.get("/b/..%2F..%2F/download/records.json").status_code == 404
    assert c.get("/b/nosuchbatch/download/records.json").status_code == 404


def test_letters_each_and_all(web_batch):
    c, bid, _ = web_batch
    r = c.post(f"/b/{bid}/letters", follow_redirects=False)
    assert r.status_code == 303
    page = c.get(f"/b/{bid}").text
    z = c.get(f"/b/{bid}/letters/退改通知（全部）.zip")
    assert z.status_code == 200
    members = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert len(members) == 2 and all(m.endswith(".docx") for m in members)
    assert sum(1 for u in UNITS for m in members if u in m) == 2
    for m in members + ["退改通知（全部）.zip"]:
        assert f'/b/{bid}/letters/{quote(m)}"' in page
    one = c.get(f"/b/{bid}/letters/{members[0]}")
    assert one.status_code == 200 and one.content[:2] == b"PK"
    assert c.get(f"/b/{bid}/letters/..%2Frecords.json").status_code == 404


def test_a_decision_is_saved_as_the_cli_saves_it(web_batch, cli_out, tmp_path):
    c, bid, data = web_batch
    out = data / "batches" / bid / "out"
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    f = next(f for f in records["findings"] if f["code"] == "summary.not_listed")
    note = "已电话核实，单位已说明情况"
    r = c.post(f"/b/{bid}/decide", data={"key": f["key"], "status": "ignored", "note": note,
                                         "back": f"/b/{bid}?unit=x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/b/{bid}?unit=x"
    web_saved = json.loads((out / "审核决定.json").read_text(encoding="utf-8"))
    # the same decision through the command line, on a copy of the CLI's own outputs
    cli_copy = tmp_path / "cli_out"
    shutil.copytree(cli_out, cli_copy)
    done = cli("review", str(cli_copy), f["key"], "--ignore", "--note", note, "--no-refresh")
    assert done.returncode == 0, done.stdout + done.stderr
    cli_saved = json.loads((cli_copy / "审核决定.json").read_text(encoding="utf-8"))

    def same(saved):
        return {"version": saved["version"],
                "decisions": {k: {kk: vv for kk, vv in v.items() if kk != "at"} for k, v in saved["decisions"].items()},
                "history": [{kk: vv for kk, vv in h.items() if kk != "at"} for h in saved["history"]]}

    assert same(web_saved) == same(cli_saved)
    assert web_saved["decisions"][f["key"]]["status"] == "ignored"
    assert web_saved["decisions"][f["key"]]["note"] == note
    # the outputs refresh as after huishen review: the finding leaves the counts, records.json holds the decision
    assert wait_done(c, bid)["state"] == "done"
    after = json.loads((out / "records.json").read_text(encoding="utf-8"))
    decided = next(g for g in after["findings"] if g["key"] == f["key"])
    assert decided["decision"]["status"] == "ignored" and decided["decision"]["note"] == note
    page = c.get(f"/b/{bid}").text
    assert 'id="n-warning">1<' in page and 'id="n-ignored">1<' in page
    # a back address elsewhere is never followed
    r = c.post(f"/b/{bid}/decide", data={"key": f["key"], "status": "kept", "back": "https://evil.example/"},
               follow_redirects=False)
    assert r.headers["location"] == f"/b/{bid}"
    assert c.post(f"/b/{bid}/decide", data={"key": "nosuchkey", "status": "kept"}).status_code == 400
    c.post(f"/b/{bid}/decide", data={"key": f["key"], "status": "clear"})
    assert wait_done(c, bid)["state"] == "done"


def test_a_corrected_file_resolves_its_finding(web_batch):
    """无锡市教育工会's case for 工业机器人应用实训班组 is the sample's 53 MB file, left out of the small inbox: the
    班组 has no case (material.missing). The unit then sends it, at a sensible size, on its page; the re-run
    shows material.missing resolved."""
    from samples.banzu import _bz, _unit
    from samples.banzu_docs import case_docx

    c, bid, data = web_batch
    out = data / "batches" / bid / "out"
    unit = "无锡市教育工会"
    before = json.loads((out / "records.json").read_text(encoding="utf-8"))
    missing = next(f for f in before["findings"] if f["code"] == "material.missing" and f["units"] == [unit])
    name = "附件2-创新案例-工业机器人应用实训班组.docx"
    corrected = case_docx(_unit(unit), _bz(unit, "工业机器人应用实训班组"))
    wait_done(c, bid)  # an earlier test's decision may still be refreshing the outputs
    r = c.put(f"/b/{bid}/unit/files", params={"name": unit, "path": name, "stamp": "20261205120000"},
              content=corrected)
    assert r.status_code == 200, r.text
    assert r.json()["path"] == f"{unit}/更正20261205120000/{name}"
    refused = c.put(f"/b/{bid}/unit/files", params={"name": unit, "path": "../../x.docx"}, content=b"x")
    assert refused.status_code == 400
    assert c.put(f"/b/{bid}/unit/files", params={"name": "无此单位", "path": "x.docx"}, content=b"x").status_code == 404
    assert c.post(f"/b/{bid}/rerun", follow_redirects=False).status_code == 303
    assert wait_done(c, bid)["state"] == "done"
    after = json.loads((out / "records.json").read_text(encoding="utf-8"))
    keys = {f["key"] for d in after["documents"] for f in d["findings"]} | {f["key"] for f in after["findings"]}
    assert missing["key"] not in keys
    new_doc = next(d for d in after["documents"] if d["path"] == f"{unit}/更正20261205120000/{name}")
    assert new_doc["kind"] == "banzu_case" and new_doc["unit"] == unit
    page = c.get(f"/b/{bid}/unit", params={"name": unit}).text
    assert "本次更正" in page and 'id="n-resolved">1<' in page
    assert "已解决：" + missing["message"] in page


def test_a_waiting_run_can_be_cancelled(small_inbox, tmp_path):
    """One run at a time: a second batch waits, and is cancelled before it starts; nothing is written for it.
    The first runs on with nobody watching (no page is open while it runs)."""
    with client(tmp_path) as c:
        first, second = new_batch(c), new_batch(c)
        for bid in (first, second):
            for name, data in files_of(small_inbox)[:4]:
                assert put(c, bid, name, data).status_code == 200
        c.post(f"/b/{first}/start")
        c.post(f"/b/{second}/start")
        assert c.get(f"/b/{second}/progress").json()["state"] == "waiting"
        assert "取消审查" in c.get(f"/b/{second}").text
        c.post(f"/b/{second}/cancel")
        assert wait_done(c, second)["state"] == "cancelled"
        assert wait_done(c, first)["state"] == "done"
        data = tmp_path / "web" / "batches"
        assert not (data / second / "out" / "records.json").exists()
        assert json.loads((data / second / "batch.json").read_text(encoding="utf-8"))["status"] == "cancelled"
        assert json.loads((data / first / "batch.json").read_text(encoding="utf-8"))["status"] == "done"
        home = c.get("/").text
        assert home.count("有结果") == 1 and "已取消" in home  # both listed, and can be reopened
        assert c.get(f"/b/{first}").status_code == 200 and 'id="counts"' in c.get(f"/b/{first}").text


def test_a_word_file_is_shown_through_its_pdf_conversion(web_batch):
    from samples.forms import has_soffice

    if not has_soffice():
        pytest.skip("没有 LibreOffice：Word 文件不能转换为页面图片")
    c, bid, _ = web_batch
    records = json.loads(c.get(f"/b/{bid}/download/records.json").content)
    i = next(i for i, d in enumerate(records["documents"]) if d["fmt"] == "docx" and d["kind"] == "banzu_form")
    page = c.get(f"/b/{bid}/doc/{i}").text
    assert f"/b/{bid}/doc/{i}/page/0.png" in page and "LibreOffice 转换" in page
    png = c.get(f"/b/{bid}/doc/{i}/page/0.png")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


def test_a_named_list_is_imported_from_the_page(tmp_path):
    from samples.named_list import named_list, named_list_xlsx

    year, title, rows = named_list("banzu")
    registry = tmp_path / "registry"
    with client(tmp_path, registry_url=str(registry)) as c:
        assert "登记库还是空的" in c.get("/registry").text
        r = c.post("/registry/import", data={"campaign": "banzu", "year": str(year)},
                   files={"file": ("../../2023命名名单.xlsx", named_list_xlsx(title, rows))})
        assert r.status_code == 200
        assert f"已导入 {len(rows)} 条（新增 {len(rows)}，替换上次导入的 0）" in r.text
        page = c.get("/registry").text
        assert f"<td>banzu</td><td>{year}</td><td>{len(rows)}</td>" in page
    assert (tmp_path / "web" / "registry-imports" / "2023命名名单.xlsx").is_file()
    assert not (tmp_path / "2023命名名单.xlsx").exists()


def test_decisions_on_the_filtered_findings_as_the_cli_filters(web_batch, cli_out, tmp_path):
    """The page's 统一处理 on findings filtered by check is ``huishen review OUT --code … --ignore --by …``."""
    c, bid, data = web_batch
    out = data / "batches" / bid / "out"
    page = c.get(f"/b/{bid}", params={"code": "file.junk"}).text
    assert "对筛选出的 2 条问题统一处理" in page
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    junk = [f["key"] for d in records["documents"] for f in d["findings"] if f["code"] == "file.junk"]
    assert len(junk) == 2
    r = c.post(f"/b/{bid}/decide", data={"key": junk, "status": "kept", "note": "临时文件，已核实",
                                         "who": "王老师", "back": f"/b/{bid}?code=file.junk#findings"},
               follow_redirects=False)
    assert r.headers["location"] == f"/b/{bid}?code=file.junk#findings"
    cli_copy = tmp_path / "cli_out"
    shutil.copytree(cli_out, cli_copy)
    done = cli("review", str(cli_copy), "--code", "file.junk", "--keep", "--note", "临时文件，已核实", "--by", "王老师",
               "--no-refresh")
    assert done.returncode == 0, done.stdout + done.stderr
    web = json.loads((out / "审核决定.json").read_text(encoding="utf-8"))["decisions"]
    ref = json.loads((cli_copy / "审核决定.json").read_text(encoding="utf-8"))["decisions"]
    assert {k: {kk: vv for kk, vv in web[k].items() if kk != "at"} for k in junk} == \
           {k: {kk: vv for kk, vv in v.items() if kk != "at"} for k, v in ref.items()}
    assert {web[k]["who"] for k in junk} == {"王老师"}
    assert wait_done(c, bid)["state"] == "done"


def test_a_large_batch_is_paged(tmp_path):
    """A batch of ~1000 documents (bench/web_pages.py scales a real records.json): 200 findings a page."""
    from bench.web_pages import scaled

    out = tmp_path / "out"
    out.mkdir()
    one = {"profile": "banzu", "profile_title": "t", "inbox": "", "findings": [], "documents": [
        {"path": f"单位/表{i}.docx", "kind": "junk", "unit": "单位", "fields": {}, "sha256": "", "fmt": "docx",
         "findings": [{"code": "file.junk", "severity": "info", "message": f"已忽略：{i}", "units": ["单位"],
                       "paths": [f"单位/表{i}.docx"], "key": ""}]} for i in range(5)]}
    big = scaled(one, 100)
    (out / "records.json").write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    with client(tmp_path, folders=[out]) as c:
        bid = c.app.app.state.web.store.all()[0].id
        first = c.get(f"/b/{bid}").text
        assert first.count("<tr id=\"f") == 200 and "第 1 / 3 页" in first
        last = c.get(f"/b/{bid}", params={"page": "3"}).text
        assert last.count("<tr id=\"f") == 100 and 'id="f500"' in last and 'id="f400"' not in last
        assert c.get(f"/b/{bid}", params={"page": "99"}).text.count("<tr id=\"f") == 100


def test_colleagues_see_each_others_batches_only_with_results(small_inbox, tmp_path):
    """Several staff on one server (``--host`` with a token): each names themselves (标注人); a colleague's
    batch appears on the home page only once it has results, never while it is being uploaded."""
    from urllib.parse import quote as q

    with client(tmp_path) as c:
        c.cookies.set("huishen_who", q("张三"))
        zhang = new_batch(c)
        c.cookies.set("huishen_who", q("李四"))
        li = new_batch(c)
        assert put(c, li, "单位/表.docx", b"x").status_code == 200
        home = c.get("/").text
        assert f"/b/{li}" in home and f"/b/{zhang}" not in home and "我的审查（李四）" in home
        c.cookies.set("huishen_who", q("张三"))
        for name, data in files_of(small_inbox)[:3]:
            put(c, zhang, name, data)
        c.post(f"/b/{zhang}/start")
        assert wait_done(c, zhang)["state"] == "done"
        c.cookies.set("huishen_who", q("李四"))
        home = c.get("/").text
        assert "同事的审查" in home and f"/b/{zhang}" in home
        c.cookies.clear()
        home = c.get("/").text  # nobody named: everything, as on one person's own machine
        assert f"/b/{zhang}" in home and f"/b/{li}" in home
    meta = json.loads((tmp_path / "web" / "batches" / zhang / "batch.json").read_text(encoding="utf-8"))
    assert meta["owner"] == "张三"


def test_without_libreoffice_a_word_file_says_why_it_has_no_pages(web_batch, monkeypatch):
    import extractors.readers.legacy as legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    c, bid, _ = web_batch
    records = json.loads(c.get(f"/b/{bid}/download/records.json").content)
    i = next(i for i, d in enumerate(records["documents"]) if d["fmt"] == "docx" and d["kind"] == "banzu_summary")
    page = c.get(f"/b/{bid}/doc/{i}").text
    assert "这台电脑没有安装 LibreOffice，Word 文件不能显示为页面图片" in page
    assert f"/b/{bid}/doc/{i}/page/0.png" not in page
    assert "<th>" in page  # the extracted fields are shown all the same
