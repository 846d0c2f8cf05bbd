"""The web page in a real browser: Debian's chromium, headless, driven through chromium-driver by Selenium (no
browser is downloaded). One walk through the whole workflow, as staff would do it: choose the campaign, pick
the inbox folder, wait for the run, check the counts against the command line's records.json for the same
inbox, open a material and see its fields beside its page image, ignore a finding with a note, drop a
corrected file on its unit's page and see it resolved, download the 汇总表 and the letters and read them.

With ``HUISHEN_SCREENSHOTS=<folder>`` the main pages are also saved there at 1366 px (and one at 390 px):
the README's pictures in docs/ are made this way.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.test_web import UNITS, cli, small_inbox  # noqa: F401 — the shared small inbox fixture

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
selenium = pytest.importorskip("selenium", reason="没有安装 selenium（pip install selenium），跳过真实浏览器测试")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="没有找到 chromium 或 chromedriver（Debian：apt-get install chromium chromium-driver），跳过真实浏览器测试")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WIDTH = 1366


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from pipeline.web.app import build_app
    from pipeline.web.server import allowed_hosts
    from pipeline.web.settings import WebSettings

    port = _free_port()
    settings = WebSettings(data_dir=tmp_path / "web", port=port, jobs=1)
    settings.allowed_hosts = allowed_hosts(settings)
    srv = uvicorn.Server(uvicorn.Config(build_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", settings.data_dir
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={WIDTH},900", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    drv = webdriver.Chrome(service=Service(DRIVER), options=options)
    drv.downloads = downloads
    yield drv
    drv.quit()


def _wait(drv, condition, timeout: float = 120):
    return WebDriverWait(drv, timeout, poll_frequency=0.2).until(condition)


def _text(drv, css: str) -> str:
    return drv.find_element(By.CSS_SELECTOR, css).text


def _shot(drv, name: str, width: int = WIDTH) -> None:
    folder = os.environ.get("HUISHEN_SCREENSHOTS")
    if not folder:
        return
    height = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(width, min(max(height + 160, 700), 4000))
    time.sleep(0.3)
    drv.save_screenshot(str(Path(folder) / f"web-{name}.png"))
    drv.set_window_size(WIDTH, 900)


def _downloaded(drv, name: str, timeout: float = 30) -> bytes:
    path = drv.downloads / name
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.is_file() and not list(drv.downloads.glob("*.crdownload")):
            return path.read_bytes()
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded: {sorted(p.name for p in drv.downloads.iterdir())}")


def _counts(records: dict) -> dict[str, int]:
    findings = [f for d in records["documents"] for f in d["findings"]] + records["findings"]
    out = {"files": len(records["documents"]), "units": len({d["unit"] for d in records["documents"] if d["unit"]})}
    for sev in ("error", "warning", "info"):
        out[sev] = sum(1 for f in findings if f["severity"] == sev and (f.get("decision") or {}).get("status") != "ignored")
    return out


def test_the_whole_review_in_a_browser(server, browser, small_inbox, tmp_path):  # noqa: F811
    base, data = server
    drv = browser
    expected = tmp_path / "cli_out"
    done = cli("run", str(small_inbox), "--profile", "banzu", "--out", str(expected), "-j", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    want = _counts(json.loads((expected / "records.json").read_text(encoding="utf-8")))
    assert want == {"files": 13, "units": 2, "error": 3, "warning": 2, "info": 3}

    # 1. choose the campaign, then pick the inbox folder
    drv.get(base + "/")
    assert "创新型班组对标竞赛" in drv.page_source
    drv.find_element(By.CSS_SELECTOR, "input[name=profile][value=banzu]").click()
    drv.find_element(By.ID, "new-batch").click()
    _wait(drv, ec.presence_of_element_located((By.ID, "pick-folder")))
    drv.find_element(By.ID, "pick-folder").send_keys(str(small_inbox))
    _wait(drv, lambda d: _text(d, "#file-count") == "13" and d.find_element(By.ID, "start").is_enabled())
    uploaded = sorted(li.text for li in drv.find_elements(By.CSS_SELECTOR, "#files li"))
    assert uploaded == sorted(p.relative_to(small_inbox).as_posix() for p in small_inbox.rglob("*") if p.is_file())
    _shot(drv, "upload")
    drv.find_element(By.ID, "start").click()

    # 2. progress, then 3. the results: the counts are the command line's
    _wait(drv, lambda d: d.find_elements(By.ID, "progress") or d.find_elements(By.ID, "counts"))
    if drv.find_elements(By.ID, "progress"):
        _wait(drv, lambda d: d.find_elements(By.ID, "counts") or int(_text(d, "#done") or 0) > 0)
        if drv.find_elements(By.ID, "progress"):
            _shot(drv, "progress")
    _wait(drv, ec.presence_of_element_located((By.ID, "counts")))
    got = {k: int(_text(drv, f"#n-{k}")) for k in ("files", "units", "error", "warning", "info")}
    assert got == want
    bid = drv.current_url.rstrip("/").split("/b/")[1].split("?")[0]
    out = data / "batches" / bid / "out"
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    rows = drv.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
    assert len(rows) == sum(want[s] for s in ("error", "warning", "info"))

    # one unit's findings, filtered on the page, are that unit's in records.json
    Select(drv.find_element(By.CSS_SELECTOR, "select[name=unit]")).select_by_value("江南大学工会")
    _wait(drv, lambda d: "unit=" in d.current_url)
    shown = {r.get_attribute("data-key") for r in drv.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")}
    of_unit = {f["key"] for d in records["documents"] if d["unit"] == "江南大学工会" for f in d["findings"]}
    of_unit |= {f["key"] for f in records["findings"] if "江南大学工会" in f["units"]}
    assert shown == of_unit

    # a material: its page image beside its fields, the OCR'd ones marked
    i = next(i for i, d in enumerate(records["documents"]) if d["fmt"] == "pdf")
    drv.get(f"{base}/b/{bid}/doc/{i}")
    img = _wait(drv, ec.presence_of_element_located((By.CSS_SELECTOR, "img.page")))
    _wait(drv, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 500)
    fields = {th.text for th in drv.find_elements(By.CSS_SELECTOR, "table.fields th")}
    assert set(records["documents"][i]["fields"]) == fields
    if records["documents"][i]["ocr"]:
        assert len(drv.find_elements(By.CSS_SELECTOR, "table.fields tr.m-ocr, table.fields tr.m-doubtful")) == len(fields)
    _shot(drv, "material")

    # 4. ignore a finding with a note
    f = next(f for f in records["findings"] if f["code"] == "summary.not_listed")
    drv.get(f"{base}/b/{bid}")
    drv.find_element(By.ID, "who").send_keys("王老师")
    drv.find_element(By.ID, "who").send_keys("\t")  # kept in this browser for every decision
    row = drv.find_element(By.CSS_SELECTOR, f'tr[data-key="{f["key"]}"]')
    row.find_element(By.TAG_NAME, "summary").click()
    Select(row.find_element(By.NAME, "status")).select_by_value("ignored")
    row.find_element(By.NAME, "note").send_keys("汇总表漏列，已电话核实")
    row.find_element(By.CSS_SELECTOR, "form button").click()
    _wait(drv, lambda d: not d.find_elements(By.ID, "running") and _text(d, "#n-ignored") == "1")
    assert int(_text(drv, "#n-warning")) == want["warning"] - 1
    saved = json.loads((out / "审核决定.json").read_text(encoding="utf-8"))["decisions"][f["key"]]
    assert ((saved["status"], saved["note"], saved["code"], saved["who"])
            == ("ignored", "汇总表漏列，已电话核实", "summary.not_listed", "王老师"))
    assert "不是问题（忽略）：汇总表漏列，已电话核实" in drv.find_element(By.CSS_SELECTOR, f'tr[data-key="{f["key"]}"]').text
    _shot(drv, "results")
    _shot(drv, "results-narrow", width=390)

    # 5. a corrected file dropped on its unit's page resolves the finding it answers
    from samples.banzu import _bz, _unit
    from samples.banzu_docs import case_docx

    unit = "无锡市教育工会"  # its 工业机器人应用实训班组 case (53 MB in the sample) is not in the small inbox
    name = "附件2-创新案例-工业机器人应用实训班组.docx"
    fixed = tmp_path / "更正" / name
    fixed.parent.mkdir()
    fixed.write_bytes(case_docx(_unit(unit), _bz(unit, "工业机器人应用实训班组")))
    missing = next(f for f in records["findings"] if f["code"] == "material.missing" and f["units"] == [unit])
    drv.get(f"{base}/b/{bid}/unit?name={unit}")
    drv.find_element(By.ID, "pick-files").send_keys(str(fixed))
    _wait(drv, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#files li")) == 1)
    assert drv.find_element(By.CSS_SELECTOR, "#files li").text.endswith(f"/{name}")
    drv.find_element(By.ID, "rerun").click()
    _wait(drv, lambda d: d.find_elements(By.ID, "counts") and not d.find_elements(By.ID, "running"))
    drv.get(f"{base}/b/{bid}/unit?name={unit}")
    assert _text(drv, "#n-resolved") == "1"
    assert "已解决：" + missing["message"] in _text(drv, "#changes")
    _shot(drv, "unit")

    # 6. downloads: the 汇总表 and the letters, read back
    drv.get(f"{base}/b/{bid}")
    drv.find_element(By.LINK_TEXT, "汇总表.xlsx").click()
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_downloaded(drv, "汇总表.xlsx")), read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    assert {"工业机器人应用实训班组", "食品学院发酵工程实验教学班组", "生物学科创新实验班组"} <= cells
    drv.find_element(By.ID, "make-letters").click()
    _wait(drv, lambda d: d.find_elements(By.LINK_TEXT, "退改通知（全部）.zip"))
    drv.find_element(By.LINK_TEXT, "退改通知（全部）.zip").click()
    letters = zipfile.ZipFile(io.BytesIO(_downloaded(drv, "退改通知（全部）.zip")))
    assert sorted(letters.namelist()) == sorted(n for n in letters.namelist() if n.endswith(".docx"))
    assert sum(1 for u in UNITS for n in letters.namelist() if u in n) == len(letters.namelist()) >= 1
    import docx

    def all_text(data: bytes) -> str:
        d = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in d.paragraphs]
                         + [c.text for t in d.tables for r in t.rows for c in r.cells])

    text = "\n".join(all_text(letters.read(n)) for n in letters.namelist())
    assert "请补填“党员人数”栏目" in text  # an open error, with what to do
    assert f["message"] not in text  # the ignored finding is in no letter
    drv.get(base + "/registry")
    assert "导入命名名单" in drv.page_source
    _shot(drv, "registry")
    drv.get(base + "/")
    assert "有结果" in _text(drv, "#batches")  # the batch is listed, to be reopened
    _shot(drv, "home")
