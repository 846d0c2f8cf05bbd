"""Real-world and hostile inputs, every one built by code: legacy formats through LibreOffice, archives
(.zip .7z .rar, nested, encrypted, bombs, path traversal) and broken files. One inbox of all of them
runs through ``pipeline.run.run``; each path must end as the exact record kind and reason below, every
file accounted for, and the inbox unchanged.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from extractors.models import FileFormat, SourceFile
from extractors.readers import ReaderError, ReadOptions, legacy
from extractors.readers.docx import read_docx
from pipeline import discover as disc
from pipeline.config import resolve_profile
from pipeline.run import process, run
from samples import hostile as hb
from samples.hostile import (
    encrypted_member_zip,
    forged_size_zip,
    kids_loop_pdf,
    rar4,
    replace_member,
    self_loop_pdf,
    seven_zip,
    text_pdf,
    word97_encrypted,
    zip_bytes,
)
from tests import docx_fixtures as fx
from tests.e2e_common import tree_hashes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice（libreoffice-writer-nogui）未安装")
PROFILE = resolve_profile("banzu")

BAD, LEGACY, ARCH = "01-损坏与恶意文件", "02-旧版格式", "03-压缩包"
CONVERTED = ("旧版 Word/WPS 文件需要 LibreOffice 才能读取：请安装 libreoffice-writer-nogui"
             "（sudo apt-get install libreoffice-writer-nogui），或把文件另存为 .docx 后重新提交")
SURE = "为安全起见未解压"


# ================================================================================== builders


def case_docx(team: str, title: str) -> bytes:
    return fx.paragraphs_docx(["班组创新案例", title, f"班组名称：{team}", "一、案例背景", "实验室能耗偏高。",
                               "二、主要做法", "建立监测平台。", "三、创新成果", "获授权专利3项。",
                               "四、效益影响", "年节约电费12.5万元，效率提升35%。"])


def form_docx(team: str) -> bytes:
    """A 基本情况表 whose table is followed by a paragraph, as Word always writes it (LibreOffice's .doc
    export drops a table that ends the document)."""
    import docx

    d = docx.Document()
    for line in fx_header():
        d.add_paragraph(line)
    rows = [["班组名称", team, "所在单位", "南京一中"], ["班组总人数", "12人", "党员人数", "8"],
            ["女职工人数", "5", "平均年龄", "38.5"]]
    t = d.add_table(rows=len(rows), cols=4)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def fx_header() -> list[str]:
    return ["创新型班组重点培育对象基本情况表", "推荐单位工会：南京市教育工会（盖章）", "联系人：王芳　　电话：025-83536271"]


def summary_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["重点培育对象和班组创新案例推荐汇总表"])
    ws.append(["推荐单位工会：南京市教育工会（盖章）"])
    ws.append(["联系人：王芳"])
    ws.append(["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"])
    ws.append([1, "表格班组", "南京一中", "智慧能耗平台", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def soffice_convert(sources: dict[str, bytes], target: str, work: Path) -> dict[str, bytes]:
    """{name: bytes} converted by LibreOffice in one call (filter options allowed in ``target``)."""
    return hb.soffice_convert(sources, target, work / "lo-profile")


def entity_bomb_docx() -> bytes:
    return hb.entity_bomb_docx(case_docx("炸弹班组", "实体"))


def jpeg() -> bytes:
    """A blank 32x32 photo."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(buf, "JPEG")
    return buf.getvalue()


# ================================================================================== the inbox


def build_inbox(root: Path, work: Path) -> dict[str, tuple[str, str]]:
    """Write the inbox; returns path -> (kind, reason) expected for every record."""
    files: dict[str, bytes] = {}
    exp: dict[str, tuple[str, str]] = {}

    def add(path: str, data: bytes, kind: str | None = None, reason: str = "") -> None:
        files[path] = data
        if kind is not None:
            exp[path] = (kind, reason)

    # ---- broken and hostile
    whole_case = case_docx("完好班组", "完好案例")
    add(f"{BAD}/空文件.docx", b"", "unreadable", "空文件（0 字节）")
    add(f"{BAD}/截断.docx", whole_case[:1500], "unreadable", "Word 文件已损坏或不完整（不是有效的 .docx 压缩包）")
    truncated_pdf = text_pdf()
    add(f"{BAD}/截断.pdf", truncated_pdf[:len(truncated_pdf) // 3], "unreadable",
        "PDF 文件已损坏或不完整（文件末尾缺失，可能没有传完或下载中断）")
    add(f"{BAD}/照片.docx", jpeg(), "unrecognised",  # read by OCR; file.wrong_extension says what it is
        "文件中没有可提取的文字（可能是扫描件或图片）；图片中没有识别出文字")
    add(f"{BAD}/实体炸弹.docx", entity_bomb_docx(), "unreadable",
        "Word 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交")
    add(f"{BAD}/页面树自环.pdf", self_loop_pdf(), "unrecognised",
        "文件中没有可提取的文字（可能是扫描件或图片）；PDF 中未找到页面（页面目录可能已损坏）；PDF 没有可提取的文字（可能是扫描件）")
    add(f"{BAD}/页面树回环.pdf", kids_loop_pdf(), "unrecognised",
        "未识别出本次评选的表格或案例（没有找到表单栏目、案例小标题或汇总表表头）")
    add(f"{BAD}/超大.docx", hb.padded(case_docx("超大班组", "超大案例"), 51 * 1024 * 1024), "banzu_case")
    add(f"{BAD}/~$案例.docx", hb.owner_file(), "junk", "Word/WPS 打开文件时产生的临时锁文件（~$ 开头）")
    add(f"{BAD}/Thumbs.db", hb.thumbs_db(), "junk", "系统生成的文件（Thumbs.db）")
    add(f"{BAD}/.DS_Store", hb.ds_store(), "junk", "系统生成的文件（.DS_Store）")
    try:
        add(f"{BAD}/加密.docx", hb.encrypted_docx(whole_case), "unreadable", disc.ENCRYPTED_FILE)
    except RuntimeError:
        pass  # msoffcrypto-tool (a dev dependency) missing: the case is covered when it is installed

    # ---- legacy formats, converted here by LibreOffice as a unit's office would have saved them
    if SOFFICE:
        docs = soffice_convert({"form.docx": form_docx("旧版表格班组"), "wps.docx": case_docx("WPS班组", "WPS案例")},
                               "doc:MS Word 97", work)
        add(f"{LEGACY}/基本情况表.doc", docs["form.docx"], "banzu_form")
        add(f"{LEGACY}/案例.wps", docs["wps.docx"], "banzu_case")
        add(f"{LEGACY}/其实是doc.docx", docs["wps.docx"], "banzu_case")  # same bytes: a cache hit
        add(f"{LEGACY}/加密.doc", word97_encrypted(docs["form.docx"]), "unreadable", disc.ENCRYPTED_FILE)
        add(f"{LEGACY}/案例.rtf", soffice_convert({"c.docx": case_docx("RTF班组", "RTF案例")}, "rtf", work)["c.docx"],
            "banzu_case")
        add(f"{LEGACY}/案例.odt", soffice_convert({"c.docx": case_docx("ODT班组", "ODT案例")}, "odt", work)["c.docx"],
            "banzu_case")
        add(f"{LEGACY}/汇总表.xls", soffice_convert({"s.xlsx": summary_xlsx()}, "xls:MS Excel 97", work)["s.xlsx"],
            "banzu_summary")
        enc_pdf = soffice_convert({"p.docx": whole_case}, 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean",'
                                  '"value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}', work)
        add(f"{BAD}/加密.pdf", enc_pdf["p.docx"], "unreadable", "PDF 已加密，需要密码才能打开")
    add(f"{LEGACY}/启用宏.docm", hb.macro_enabled(case_docx("宏班组", "宏案例")), "banzu_case")

    # ---- archives
    level4 = zip_bytes({"第四层.docx": case_docx("第四层班组", "第四层")})
    deep = seven_zip({"案例C.docx": case_docx("C班组", "C案例"), "第四层.zip": level4})
    inner = zip_bytes({"案例B.docx": case_docx("B班组", "B案例"), "更深.7z": deep})
    add(f"{ARCH}/嵌套.zip", zip_bytes({"案例A.docx": case_docx("A班组", "A案例"), "内层.zip": inner}))
    exp[f"{ARCH}/嵌套.zip/案例A.docx"] = ("banzu_case", "")
    exp[f"{ARCH}/嵌套.zip/内层.zip/案例B.docx"] = ("banzu_case", "")
    exp[f"{ARCH}/嵌套.zip/内层.zip/更深.7z/案例C.docx"] = ("banzu_case", "")
    exp[f"{ARCH}/嵌套.zip/内层.zip/更深.7z/第四层.zip"] = ("unreadable", f"压缩包嵌套超过 3 层，{SURE}")

    add(f"{ARCH}/材料.7z", seven_zip({"案例E.docx": case_docx("E班组", "E案例"),
                                      "__MACOSX/._案例E.docx": b"\x00\x05\x16\x07"}))
    exp[f"{ARCH}/材料.7z/案例E.docx"] = ("banzu_case", "")
    exp[f"{ARCH}/材料.7z/__MACOSX/._案例E.docx"] = ("junk", "苹果电脑压缩时附带的系统文件（__MACOSX / ._ 开头）")
    add(f"{ARCH}/加密.7z", seven_zip({"案例F.docx": whole_case}, "secret", header_encryption=True), "unreadable",
        disc.ENCRYPTED_ARCHIVE)
    add(f"{ARCH}/加密内容.7z", seven_zip({"案例F.docx": whole_case}, "secret"))
    exp[f"{ARCH}/加密内容.7z/案例F.docx"] = ("unreadable", disc.ENCRYPTED_MEMBER)
    add(f"{ARCH}/损坏.7z", seven_zip({"案例.docx": whole_case})[:40], "unreadable", disc.DAMAGED_ARCHIVE)

    add(f"{ARCH}/材料.rar", rar4([("案例D.docx", case_docx("D班组", "D案例"), False),
                                 ("加密.docx", os.urandom(64), True), ("../逃逸.docx", whole_case, False)]))
    exp[f"{ARCH}/材料.rar/案例D.docx"] = ("banzu_case", "")
    exp[f"{ARCH}/材料.rar/加密.docx"] = ("unreadable", disc.ENCRYPTED_MEMBER)
    exp[f"{ARCH}/材料.rar/../逃逸.docx"] = ("unreadable", f"压缩包内文件名含有非法路径（../逃逸.docx），{SURE}")

    add(f"{ARCH}/加密.zip", encrypted_member_zip({"推荐表.docx": whole_case, "说明.txt": b"readme"}, {"推荐表.docx"}))
    exp[f"{ARCH}/加密.zip/推荐表.docx"] = ("unreadable", disc.ENCRYPTED_MEMBER)
    exp[f"{ARCH}/加密.zip/说明.txt"] = ("unreadable", "不支持的文件类型（.txt）")

    bomb = zip_bytes({"零.docx": b"\x00" * (20 * 1024 * 1024), "正常.docx": case_docx("正常班组", "正常案例")})
    packed = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("零.docx").compress_size
    add(f"{ARCH}/炸弹.zip", bomb)
    exp[f"{ARCH}/炸弹.zip/零.docx"] = ("unreadable", f"压缩包内文件压缩比异常（{20 * 1024 * 1024 / packed:.0f}:1，"
                                                 f"上限 200:1；解压后 20 MB），可能是恶意文件，{SURE}")
    exp[f"{ARCH}/炸弹.zip/正常.docx"] = ("banzu_case", "")
    add(f"{ARCH}/超大成员.zip", forged_size_zip({"巨大.docx": 300 * 1024 * 1024, "小.txt": 10}))
    exp[f"{ARCH}/超大成员.zip/巨大.docx"] = ("unreadable", f"压缩包内文件解压后过大（300 MB，上限 200 MB），{SURE}")
    exp[f"{ARCH}/超大成员.zip/小.txt"] = ("unreadable", "不支持的文件类型（.txt）")
    add(f"{ARCH}/总量超限.zip", forged_size_zip({f"{i}.docx": 190 * 1024 * 1024 for i in range(6)}), "unreadable",
        f"压缩包解压后总大小过大（1140 MB，上限 1024 MB），可能是恶意文件，{SURE}")
    add(f"{ARCH}/文件过多.zip", zip_bytes({f"f{i:04d}.txt": b"" for i in range(2001)}), "unreadable",
        f"压缩包内文件过多（2001 个，上限 2000 个），可能是恶意文件，{SURE}")

    traversal = ["../../evil.docx", "/etc/passwd", "C:\\Windows\\win.ini", "a/../../b.docx"]
    add(f"{ARCH}/穿越.zip", zip_bytes({**{n: whole_case for n in traversal}, "safe/案例G.docx": case_docx("G班组", "G")}))
    for n in traversal:
        shown = n.replace("\\", "/")
        exp[f"{ARCH}/穿越.zip/{shown}"] = ("unreadable", f"压缩包内文件名含有非法路径（{shown}），{SURE}")
    exp[f"{ARCH}/穿越.zip/safe/案例G.docx"] = ("banzu_case", "")

    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return exp


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inbox, cache = root / "inbox", root / "cache"
    expected = build_inbox(inbox, root / "work")
    before = tree_hashes(inbox)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUISHEN_CACHE_DIR", str(cache))
        t0 = time.perf_counter()
        report = run(inbox, PROFILE)
        seconds = time.perf_counter() - t0
    return {"inbox": inbox, "cache": cache, "expected": expected, "before": before, "report": report,
            "seconds": seconds}


# ================================================================================== end to end


def test_every_path_has_its_exact_kind_and_reason(hostile):
    got = {d.record.path: (d.record.kind, d.record.reason) for d in hostile["report"].documents}
    mismatched = {p: (got.get(p), e) for p, e in hostile["expected"].items() if got.get(p) != e}
    assert not mismatched
    assert set(got) == set(hostile["expected"])  # every file accounted for, nothing else


def test_one_record_per_path(hostile):
    paths = [d.record.path for d in hostile["report"].documents]
    assert len(paths) == len(set(paths))


def test_findings_name_the_reason(hostile):
    photo = f"{BAD}/照片.docx"  # read by OCR, so it is also a wrongly named file and a scan
    for d in hostile["report"].documents:
        codes = [f.code for f in d.findings]
        kind = d.record.kind
        if kind in ("unreadable", "unrecognised", "junk"):
            also = ["file.wrong_extension", "file.scanned"] if d.record.path == photo else []
            assert sorted(codes) == sorted([f"file.{kind}", *also]), d.record.path
            main = next(f for f in d.findings if f.code == f"file.{kind}")
            assert main.message.endswith(d.record.reason) or d.record.reason in main.message
    doc = next(d for d in hostile["report"].documents if d.record.path == photo)
    assert {f.code: f.message for f in doc.findings if f.code != "file.unrecognised"} == {
        "file.wrong_extension": "扩展名是 .docx，但内容是图片（已按实际内容读取，请核对是否提交了正确的文件）",
        "file.scanned": "图片经文字识别（OCR）读取，未识别出文字",
    }
    big = next(d for d in hostile["report"].documents if d.record.path.endswith("超大.docx"))
    assert [(f.code, f.message) for f in big.findings] == [("file.too_large", "文件 51.0 MB，超过通知规定的 50 MB 上限")]


@needs_soffice
def test_legacy_forms_keep_their_fields(hostile):
    recs = {d.record.path: d.record for d in hostile["report"].documents}
    form = recs[f"{LEGACY}/基本情况表.doc"]
    assert (form.value("班组名称"), form.value("所在单位"), form.value("班组总人数")) == ("旧版表格班组", "南京一中", 12)
    assert recs[f"{LEGACY}/案例.rtf"].value("班组名称") == "RTF班组"
    assert recs[f"{LEGACY}/案例.odt"].value("班组名称") == "ODT班组"
    assert recs[f"{LEGACY}/汇总表.xls"].items[0]["班组名称"] == "表格班组"
    assert form.fmt == FileFormat.LEGACY.value and recs[f"{LEGACY}/汇总表.xls"].fmt == FileFormat.LEGACY_SHEET.value


def test_inbox_unchanged(hostile):
    assert tree_hashes(hostile["inbox"]) == hostile["before"]


@needs_soffice
def test_converted_copies_are_cached_by_content_outside_the_inbox(hostile, monkeypatch):
    converted = hostile["cache"] / "converted"
    cached = sorted(p.name for p in converted.iterdir())
    wps = (hostile["inbox"] / LEGACY / "案例.wps").read_bytes()
    xls = (hostile["inbox"] / LEGACY / "汇总表.xls").read_bytes()
    assert f"{hashlib.sha256(wps).hexdigest()}.docx" in cached and f"{hashlib.sha256(xls).hexdigest()}.xlsx" in cached
    assert len(cached) == 5  # .doc, .wps (= 其实是doc.docx), .rtf, .odt, .xls; scratch folders removed
    # a cache hit needs no LibreOffice at all
    monkeypatch.setenv("PATH", str(converted))
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(hostile["cache"]))
    doc = legacy.read_legacy(wps)
    assert "WPS班组" in "".join(doc.lines())


# ================================================================================== legacy: units


def _legacy_source(data: bytes, name: str) -> SourceFile:
    fmt, problem = disc.sniff(data, name)
    return SourceFile(name, "", "", fmt, len(data), hashlib.sha256(data).hexdigest(), data, problem)


@needs_soffice
def test_without_libreoffice_each_file_says_what_to_install(hostile, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(tmp_path / "empty-cache"))
    rec = process(_legacy_source((hostile["inbox"] / LEGACY / "案例.rtf").read_bytes(), "案例.rtf"), PROFILE)
    assert (rec.kind, rec.reason) == ("unreadable", CONVERTED)
    rec = process(_legacy_source((hostile["inbox"] / LEGACY / "汇总表.xls").read_bytes(), "汇总表.xls"), PROFILE)
    assert (rec.kind, rec.reason) == ("unreadable", legacy.NEEDS_CALC)


def test_missing_libreoffice_message_without_any_office_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReaderError) as e:
        legacy.read_legacy(b"{\\rtf1 hello}", ReadOptions(cache_dir=str(tmp_path / "c")))
    assert str(e.value) == CONVERTED


def test_conversion_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    pidfile = tmp_path / "child.pid"
    fake = bindir / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}:/usr/bin:/bin")
    t0 = time.perf_counter()
    with pytest.raises(ReaderError, match="^读取超时：LibreOffice 转换超过 1 秒"):
        legacy.read_legacy(b"{\\rtf1 hello}", ReadOptions(convert_timeout=1, cache_dir=str(tmp_path / "c")))
    assert time.perf_counter() - t0 < 15
    child = int(pidfile.read_text())
    for _ in range(50):  # the orphaned grandchild is gone too (reaped by init shortly after the kill)
        if not _alive(child):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the soffice child survived the timeout")


@pytest.mark.skipif(shutil.which("timeout") is None, reason="coreutils timeout 未找到")
def test_conversion_dies_with_its_deadline_even_when_the_caller_is_killed(tmp_path):
    """A worker stopped by the per-file fence cannot clean up: the watchdog still ends LibreOffice."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    pidfile = tmp_path / "child.pid"
    (bindir / "soffice").write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nsleep 60\n")
    (bindir / "soffice").chmod(0o755)
    code = ("from extractors.readers import ReadOptions, legacy\n"
            f"legacy.read_legacy(b'{{\\\\rtf1 x}}', ReadOptions(convert_timeout=2, cache_dir={str(tmp_path / 'c')!r}))")
    caller = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[1],
                              env={**os.environ, "PATH": f"{bindir}:/usr/bin:/bin"})
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    caller.kill()
    caller.wait()
    child = int(pidfile.read_text())
    for _ in range(100):
        if not _alive(child):
            break
        time.sleep(0.1)
    else:
        pytest.fail("LibreOffice (here: its stand-in) outlived its deadline after the caller was killed")


def _alive(pid: int) -> bool:
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False


def test_one_libreoffice_profile_per_process():
    path = legacy._profile_dir()
    assert path == legacy._profile_dir() and str(os.getpid()) in path.name


def test_sniff_legacy_and_ole_variants():
    assert disc.sniff(b"{\\rtf1\\ansi hello}", "x.rtf") == (FileFormat.LEGACY, "")
    assert disc.sniff(b"{\\rtf1\\ansi hello}", "x.doc") == (FileFormat.LEGACY, "")  # content decides
    odt = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
                    zipfile.ZIP_STORED)
    assert disc.sniff(odt, "x.odt") == (FileFormat.LEGACY, "")
    ods = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert disc.sniff(ods, "x.ods") == (FileFormat.LEGACY_SHEET, "")
    odp = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"})
    assert disc.sniff(odp, "x.odp")[0] == FileFormat.UNKNOWN
    assert disc.sniff(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 24, "x.doc")[1].startswith("旧版 Office 文件已损坏")


# ================================================================================== hostile: units


def test_reader_never_expands_entities_even_without_the_discovery_check():
    t0 = time.perf_counter()
    try:
        doc = read_docx(entity_bomb_docx())
        text = "".join(doc.lines())
        assert len(text) < 10_000 and "lollollol" not in text
    except ReaderError:
        pass
    assert time.perf_counter() - t0 < 5


def test_utf16_xml_part_with_a_dtd_is_caught():
    """A DTD in a UTF-16 part is found too: by the .docx reader in the parts it parses, and, for other
    packages, by the check the worker runs before reading (discovery no longer opens XML parts)."""
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16")
    docx = replace_member(case_docx("甲", "乙"), "word/document.xml", xml)
    rec = process(_legacy_source(docx, "x.docx"), PROFILE)
    assert (rec.kind, rec.reason) == ("unreadable", "Word 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交")
    xlsx = replace_member(summary_xlsx(), "xl/styles.xml", xml)
    assert disc.unsafe_package(xlsx, FileFormat.XLSX) == "Excel 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交"


@pytest.mark.parametrize("name", ["../a.docx", "a/../../b", "/abs.docx", "C:/x.docx", "c:x", "..\\x.docx"])
def test_unsafe_names(name):
    assert disc.unsafe_name(name)


@pytest.mark.parametrize("name", ["a.docx", "a/b/c.docx", "..a.docx", "a..b/c", "./a.docx", "第一/案例.docx"])
def test_safe_names(name):
    assert not disc.unsafe_name(name)


def test_discovery_writes_nothing_anywhere(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.zip").write_bytes(zip_bytes({"../../x.docx": b"x", "b.7z": seven_zip({"c.docx": b"c"}),
                                             "d.rar": rar4([("e.docx", b"e", False)])}))
    scratch, cwd = tmp_path / "tmp", tmp_path / "cwd"
    scratch.mkdir()
    cwd.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    monkeypatch.chdir(cwd)
    got = [(s.path, s.data, s.problem) for s in disc.discover(inbox)]
    assert got == [("a.zip/../../x.docx", b"", f"压缩包内文件名含有非法路径（../../x.docx），{SURE}"),
                   ("a.zip/b.7z/c.docx", b"c", "扩展名是 .docx，但内容不是 Word 文件（文件已损坏或扩展名有误）"),
                   ("a.zip/d.rar/e.docx", b"e", "扩展名是 .docx，但内容不是 Word 文件（文件已损坏或扩展名有误）")]
    assert list(scratch.iterdir()) == [] and list(cwd.iterdir()) == []
    assert not (tmp_path / "x.docx").exists()


def test_nested_budget_counts_what_outer_archives_inflated(monkeypatch):
    monkeypatch.setattr(disc, "MAX_ARCHIVE_TOTAL", 3 * 1024 * 1024)
    monkeypatch.setattr(disc, "RATIO_MIN_BYTES", 10**12)  # the zeros below are not a ratio case here
    inner = zip_bytes({"x.bin": b"\x00" * (2 * 1024 * 1024)})
    outer = zip_bytes({"a.bin": b"\x00" * (2 * 1024 * 1024 - len(inner)), "inner.zip": inner})
    got = {s.path: s.problem for s in disc._archive_members("o.zip", outer, FileFormat.ZIP, "", "", 1,
                                                             disc._Budget(3 * 1024 * 1024))}
    assert got["o.zip/inner.zip"] == ("压缩包解压后总大小过大（2 MB，外层压缩包已解压 2 MB，上限 3 MB），"
                                      f"可能是恶意文件，{SURE}")


# ================================================================================== rar tools


RAR_CASE = [("案例.docx", b"hello rar", False)]


@pytest.fixture
def rar_via_tool(monkeypatch):
    """rarfile reads stored members itself; here they go through the external tool, as compressed
    members do (there is no free RAR writer to make a compressed fixture)."""
    import rarfile

    monkeypatch.setattr(rarfile.CommonParser, "_open_clear",
                        lambda self, inf: self._open_unrar_membuf(self._rarfile, inf, None))
    monkeypatch.setattr(rarfile, "CURRENT_SETUP", None)
    yield rarfile
    rarfile.CURRENT_SETUP = None


def _rar_members(data: bytes) -> list[tuple[str, bytes, str]]:
    return [(s.path, s.data, s.problem) for s in disc._archive_members(
        "r.rar", data, FileFormat.RAR, "", "", 1, disc._Budget())]


@pytest.mark.skipif(shutil.which("unar") is None, reason="unar 未安装")
def test_rar_member_through_unar(rar_via_tool, monkeypatch):
    monkeypatch.setattr(rar_via_tool, "UNRAR_TOOL", "no-such-unrar")  # a real unrar would be preferred
    assert _rar_members(rar4(RAR_CASE)) == [("r.rar/案例.docx", b"hello rar", disc._source(
        "案例.docx", b"hello rar", "", "").problem)]


@pytest.mark.skipif(shutil.which("unrar-free") is None, reason="unrar-free 未安装")
def test_rar_member_through_unrar_free_when_unar_is_missing(rar_via_tool, monkeypatch):
    for tool in ("UNRAR_TOOL", "UNAR_TOOL", "BSDTAR_TOOL", "SEVENZIP_TOOL", "SEVENZIP2_TOOL"):
        monkeypatch.setattr(rar_via_tool, tool, "no-such-tool")
    # unrar-free 0.1.3 cannot convert non-ASCII member names to the locale: an ASCII name here
    assert [m[:2] for m in _rar_members(rar4([("case.docx", b"hello rar", False)]))] == [
        ("r.rar/case.docx", b"hello rar")]


def test_rar_without_any_tool_says_what_to_install(rar_via_tool, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert _rar_members(rar4(RAR_CASE)) == [("r.rar/案例.docx", b"", disc.RAR_NEEDS_TOOL)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice")
def test_samples_render_with_their_own_fonts_only():
    """A sample PDF names only DejaVu and Noto CJK fonts, whatever else the machine has installed.

    Word's "Times New Roman" would otherwise become Liberation Serif where fonts-liberation is installed
    (chromium brings it) and DejaVu Serif where not, and the scans the OCR tests read would change."""
    import re

    from samples.forms import new_doc, para

    doc = new_doc("测试")
    para(doc, "Times New Roman 2024年 工会 ABC 123")
    buf = io.BytesIO()
    doc.save(buf)
    pdf = hb.soffice_convert({"t.docx": buf.getvalue()}, "pdf")["t.docx"]
    fonts = {name.decode() for name in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+#_-]+)", pdf)}
    families = {name.split("+", 1)[-1].split("-", 1)[0] for name in fonts}
    assert "DejaVuSerif" in families, fonts  # the Latin text
    assert all(f.startswith(("DejaVu", "NotoSansCJK", "NotoSerifCJK")) for f in families), fonts
