"""An odd or hostile inbox never stops the batch and is never read outside: names that are not UTF-8, paths
too long for the system, 1,500 nested folders, a folder that cannot be entered, links out of the inbox and to
special files, FIFOs, sockets, devices. Each is built here, at test time, and run through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from pipeline import discover as disc
from pipeline.run import UNEXPECTED_READ
from tests import docx_fixtures as fx
from tests.e2e_common import huishen

GBK_NAME = "附件1-热工实验中心.docx".encode("gbk")  # not valid UTF-8


def _form(team: str) -> bytes:
    return fx.form_docx(["创新型班组重点培育对象基本情况表", "推荐单位工会：河海大学工会"],
                        [["班组名称", team], ["所在单位", "河海大学"], ["班组总人数", "8"], ["党员人数", "3"]])


def _records(out: Path) -> dict[str, dict]:
    return {d["path"]: d for d in json.loads((out / "records.json").read_text(encoding="utf-8"))["documents"]}


@pytest.fixture
def odd_inbox(tmp_path: Path) -> Path:
    """A unit folder with a GBK-named form beside a normal one, and the hostile neighbours."""
    inbox = tmp_path / "inbox"
    unit = inbox / "河海大学工会"
    unit.mkdir(parents=True)
    (unit / "附件1-水文班组.docx").write_bytes(_form("水文班组"))
    with open(os.fsencode(unit) + b"/" + GBK_NAME, "wb") as fh:
        fh.write(_form("热工实验中心"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "别人的推荐表.docx").write_bytes(_form("外部班组"))
    (unit / "链接到外部.docx").symlink_to(outside / "别人的推荐表.docx")
    (unit / "passwd.docx").symlink_to("/etc/passwd")
    (unit / "zero.pdf").symlink_to("/dev/zero")
    (unit / "断开的链接.docx").symlink_to(unit / "已删除.docx")
    (unit / "本单位的链接.docx").symlink_to(unit / "附件1-水文班组.docx")  # inside: followed once
    (unit / "回到上层").symlink_to(inbox)  # a loop: not walked twice
    os.mkfifo(unit / "管道.docx")
    (outside / "fifo").parent.mkdir(exist_ok=True)
    os.mkfifo(outside / "fifo")
    (unit / "链接到管道.pdf").symlink_to(outside / "fifo")
    os.mkfifo(tmp_path / "inner_fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(unit / "套接字"))
    sock.close()
    return inbox


def test_odd_inbox_is_accounted_for_and_never_read_outside(odd_inbox: Path, tmp_path: Path):
    for extra in ([], ["--no-cache"]):
        out = tmp_path / f"out{len(extra)}"
        proc = huishen(["run", str(odd_inbox), "--profile", "banzu", "--out", str(out), "--jobs", "1", *extra],
                       {"HUISHEN_CACHE_DIR": str(tmp_path / "cache")})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        docs = _records(out)
        u = "河海大学工会/"
        # The GBK name survives: shown decoded, the form read and credited to its unit.
        assert docs[u + "附件1-热工实验中心.docx"]["fields"]["班组名称"] == "热工实验中心"
        assert docs[u + "本单位的链接.docx"]["fields"]["班组名称"] == "水文班组"
        refused = {p: d["reason"] for p, d in docs.items() if d["kind"] == "unreadable"}
        assert refused[u + "链接到外部.docx"].startswith("这是指向收件文件夹以外的链接（")
        assert refused[u + "passwd.docx"] == "这是指向收件文件夹以外的链接（/etc/passwd），为安全起见未读取"
        assert refused[u + "zero.pdf"] == "这是指向收件文件夹以外的链接（/dev/zero），为安全起见未读取"
        assert refused[u + "链接到管道.pdf"].startswith("这是指向收件文件夹以外的链接（")
        assert refused[u + "断开的链接.docx"] == disc.LINK_BROKEN
        assert refused[u + "管道.docx"] == disc.NOT_REGULAR
        assert refused[u + "套接字"] == disc.NOT_REGULAR
        # Nothing of the outside file reached any output.
        for name in ("records.json", "异常报告.html"):
            assert "外部班组" not in (out / name).read_text(encoding="utf-8")
        assert not any("root:" in json.dumps(d, ensure_ascii=False) for d in docs.values())
        # The loop back to the inbox is not walked again.
        assert not any(p.startswith(u + "回到上层/") for p in docs)


def test_shown_name_of_undecodable_bytes():
    assert disc.shown_name(os.fsdecode(GBK_NAME)) == "附件1-热工实验中心.docx"
    assert disc.shown_name(os.fsdecode(b"caf\xe9.docx")) == "caf\\xe9.docx"
    assert disc.shown_name("普通名称.docx") == "普通名称.docx"


def _deep(base: Path, names: list[str], leaf: bytes) -> None:
    """Folders nested by name, made through directory file descriptors (a full path may be too long to use)."""
    fd = os.open(base, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        out = os.open("附件1.docx", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, leaf)
        os.close(out)
    finally:
        os.close(fd)


def test_deep_and_too_long_paths_are_findings_and_the_rest_is_read(tmp_path: Path):
    inbox = tmp_path / "inbox"
    (inbox / "河海大学工会").mkdir(parents=True)
    (inbox / "河海大学工会" / "附件1-水文班组.docx").write_bytes(_form("水文班组"))
    _deep(inbox, ["深"] * 1500, _form("深层班组"))  # 1,500 nested folders: 4,500 bytes of path... too long
    _deep(inbox, ["层"] * 600, _form("六百层班组"))  # 600 levels: 2,400 bytes, within the limit
    sources = list(disc.discover(inbox))
    by_path = {s.path: s for s in sources}
    assert by_path["河海大学工会/附件1-水文班组.docx"].problem == ""
    assert by_path["/".join(["层"] * 600) + "/附件1.docx"].problem == ""
    too_long = [s for s in sources if s.path.startswith("深/")]
    assert len(too_long) == 1 and "路径过长" in too_long[0].problem
    out = tmp_path / "out"
    proc = huishen(["run", str(inbox), "--profile", "banzu", "--out", str(out), "--no-cache"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(_records(out)) == 3
    # Python's own rmtree recurses (pytest's clean-up would fail on 1,500 levels); GNU rm does not.
    subprocess.run(["rm", "-rf", str(inbox / "深"), str(inbox / "层")], check=True)


def _discover_as(uid: int, inbox: Path) -> list[tuple[str, str]]:
    """(path, problem) of every source discovery finds, run in a forked child that has given up root: root
    enters every folder, so a permission problem is only real for another user."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to ``uid``, discover, report, exit
        try:
            os.close(read)
            os.setgid(uid)
            os.setuid(uid)
            found = [(s.path, s.problem) for s in disc.discover(inbox)]
            os.write(write, json.dumps(found, ensure_ascii=False).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return [tuple(x) for x in json.loads(data)]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to discover as another user")
def test_a_folder_that_cannot_be_entered_is_a_finding(tmp_path: Path):
    """Listed (r) but not entered (no x) by the user running the check; the other units are read."""
    import tempfile

    inbox = Path(tempfile.mkdtemp(prefix="huishen-perm-", dir="/tmp")) / "inbox"  # pytest's tmp is root's only
    inbox.parent.chmod(0o755)
    for unit in ("甲工会", "乙工会", "丙工会"):
        (inbox / unit).mkdir(parents=True)
        (inbox / unit / "附件1.docx").write_bytes(_form(f"{unit}班组"))
    (inbox / "乙工会").chmod(0o744)  # others may list it, not enter it
    (inbox / "丙工会").chmod(0o700)  # others may not even list it
    found = _discover_as(65534, inbox)
    assert found == [("丙工会/", "文件夹无法打开（没有访问权限），其中的文件未读取"),
                     ("乙工会/附件1.docx", "无法读取（没有访问权限）"), ("甲工会/附件1.docx", "")]
    # Each becomes a record of its own with that reason.
    from pipeline.config import resolve_profile
    from pipeline.run import process

    for path, problem in found[:2]:
        src = disc.SourceFile(path, "乙工会", "文件夹", disc.FileFormat.UNKNOWN, 0, "", b"", problem)
        rec = process(src, resolve_profile("banzu"))
        assert (rec.kind, rec.reason) == ("unreadable", problem)
    shutil.rmtree(inbox.parent)


# ---------------------------------------------------------------- archives that would vanish, names that collide


def _rar_with_encrypted_list() -> bytes:
    """A RAR 4 archive whose headers are encrypted (rar -hp): the main header's password flag, then ciphertext."""
    import struct
    import zlib

    header = struct.pack("<BHH", 0x73, 0x0080, 13) + b"\x00" * 6
    return b"Rar!\x1a\x07\x00" + struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header + b"\x8a\x13" * 40


def _zip(members: dict[str, bytes], dirs: tuple[str, ...] = ()) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for d in dirs:
            z.writestr(zipfile.ZipInfo(d), b"")
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_archives_without_files_and_colliding_names_are_each_accounted_for(tmp_path: Path):
    inbox = tmp_path / "inbox"
    unit = inbox / "河海大学工会"
    unit.mkdir(parents=True)
    (unit / "空压缩包.zip").write_bytes(_zip({}))
    (unit / "只有文件夹.zip").write_bytes(_zip({}, dirs=("材料/", ".隐藏/")))
    (unit / "空表格.xlsx").write_bytes(_zip({}))
    import py7zr

    (tmp_path / "src7z" / ".hidden" / ".deeper").mkdir(parents=True)
    with py7zr.SevenZipFile(unit / "只有隐藏文件夹.7z", "w") as z:
        z.writeall(tmp_path / "src7z" / ".hidden", ".hidden")
    (unit / "加密文件列表.rar").write_bytes(_rar_with_encrypted_list())
    # Two members of one zip with the same name; and a nested zip whose member path equals a plain member's.
    inner = _zip({"附件1.docx": _form("内层班组")})
    (unit / "重名.zip").write_bytes(_zip({"附件1.docx": _form("甲班组"), "内层.zip": inner,
                                          "内层.zip/附件1.docx": _form("平铺班组")}))
    import zipfile

    with zipfile.ZipFile(unit / "重名.zip", "a") as z, pytest.warns(UserWarning, match="Duplicate name"):
        z.writestr("附件1.docx", _form("乙班组"))
    (unit / "演示.pptx").write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}))
    (unit / "二进制.xlsb").write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}))
    sources = list(disc.discover(inbox))
    paths = [s.path for s in sources]
    assert len(paths) == len(set(paths))
    problems = {s.path.removeprefix("河海大学工会/"): s.problem for s in sources}
    assert problems["空压缩包.zip"] == disc.EMPTY_ARCHIVE
    assert problems["只有文件夹.zip"] == disc.EMPTY_ARCHIVE
    assert problems["空表格.xlsx"] == disc.EMPTY_ARCHIVE
    assert problems["只有隐藏文件夹.7z"] == disc.EMPTY_ARCHIVE
    assert problems["加密文件列表.rar"] == disc.ENCRYPTED_LIST
    assert problems["演示.pptx"].startswith("PowerPoint 演示文稿不是可审查的材料格式")
    assert problems["二进制.xlsb"].startswith("Excel 二进制工作簿（.xlsb）不是可审查的材料格式")
    members = sorted(p for p in problems if p.startswith("重名.zip/"))
    assert members == ["重名.zip/内层.zip/附件1.docx", "重名.zip/内层.zip/附件1（同名文件2）.docx",
                       "重名.zip/附件1.docx", "重名.zip/附件1（同名文件2）.docx"]
    out = tmp_path / "out"
    proc = huishen(["run", str(inbox), "--profile", "banzu", "--out", str(out), "--no-cache"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    docs = _records(out)
    assert len(docs) == len(paths)
    teams = sorted(d["fields"]["班组名称"] for p, d in docs.items() if d["kind"] == "banzu_form")
    assert teams == ["乙班组", "内层班组", "平铺班组", "甲班组"]


def test_a_case_of_over_a_million_characters_is_checked_in_pieces(tmp_path: Path):
    """spaCy refuses a text over 1,000,000 characters (E088): the evidence check reads it in pieces, and the
    case gets its findings like any other."""
    inbox = tmp_path / "inbox" / "河海大学工会"
    inbox.mkdir(parents=True)
    body = "班组围绕实验教学改革开展攻关，形成了较好的工作机制。" * 45_000  # 1,125,000 characters, no figures
    (inbox / "附件2.docx").write_bytes(fx.paragraphs_docx(
        ["班组创新案例", "超长案例", "班组名称：热工实验中心", "一、案例背景", "背景。", "二、主要做法", "做法。",
         "三、创新成果", body, "四、效益影响", "节约经费5万元。"]))
    out = tmp_path / "out"
    proc = huishen(["run", str(inbox.parent), "--profile", "banzu", "--out", str(out), "--no-cache"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (doc,) = _records(out).values()
    codes = {(f["code"], f["field"]) for f in doc["findings"]}
    assert {("length.over", "字数"), ("evidence.no_numbers", "成果")} <= codes
    assert not any(c == "check.failed" for c, _ in codes)


# ---------------------------------------------------------------- no network, no writes outside output and cache


def _odt_with_linked_image(url: str) -> bytes:
    """An OpenDocument text whose image is a link to ``url`` (LibreOffice loads such links on opening)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" '
               'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
               '<office:body><office:text><text:p>班组创新案例</text:p><text:p><draw:frame draw:name="i" svg:width="2cm" '
               f'svg:height="2cm"><draw:image xlink:href="{url}" xlink:type="simple" xlink:show="embed" '
               'xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets."""
    import http.server
    import threading

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(f"GET {self.path}")
            self.send_response(404)
            self.end_headers()

        def do_OPTIONS(self):  # noqa: N802
            seen.append(f"OPTIONS {self.path}")
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）")
def test_a_conversion_fetches_nothing_a_file_links_to(listener, tmp_path, monkeypatch):
    """A linked image in a submitted .odt would have LibreOffice request it (a beacon to the author) — with the
    profile's link blocking alone (no network namespace), and with both."""
    from extractors.readers import legacy

    url, seen = listener
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(tmp_path / "cache"))
    for prefix in (legacy.no_network_prefix(), []):  # the namespace where the system allows it; settings alone
        monkeypatch.setattr(legacy, "_NO_NETWORK", prefix)
        data = _odt_with_linked_image(f"{url}/beacon-{len(prefix)}.png")
        doc = legacy.read_legacy(data)
        assert "班组创新案例" in [p.text for p in doc.paragraphs()]
    assert seen == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）")
def test_a_run_writes_only_to_its_output_and_cache(tmp_path, listener):
    """HOME and TMPDIR of a run stay empty: LibreOffice's profile, dconf and temporary files, onnxruntime's
    telemetry, jieba's dictionary cache all go to the cache folder (or nowhere)."""
    from tests.ocr_fixtures import form_png

    url, seen = listener
    inbox = tmp_path / "inbox" / "河海大学工会"
    inbox.mkdir(parents=True)
    (inbox / "附件2-案例.odt").write_bytes(_odt_with_linked_image(f"{url}/run.png"))
    (inbox / "附件1.docx").write_bytes(_form("水文班组"))
    (inbox / "扫描件.png").write_bytes(form_png())
    (inbox / "附件2.docx").write_bytes(fx.paragraphs_docx(
        ["班组创新案例", "智慧水文", "班组名称：水文班组", "一、案例背景", "背景。", "二、主要做法", "做法。",
         "三、创新成果", "获专利3项。", "四、效益影响", "节约经费5万元。"]))
    home, tmp, cache, out = (tmp_path / n for n in ("home", "tmp", "cache", "out"))
    for d in (home, tmp):
        d.mkdir()
    env = {"HOME": str(home), "TMPDIR": str(tmp), "HUISHEN_CACHE_DIR": str(cache), "XDG_CACHE_HOME": "",
           "XDG_CONFIG_HOME": "", "XDG_DATA_HOME": ""}
    proc = huishen(["run", str(inbox.parent), "--profile", "banzu", "--out", str(out)],
                   {k: v for k, v in env.items() if v} | {"XDG_CACHE_HOME": str(home / ".cache")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []
    assert sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*")) == []
    assert seen == []
    assert (cache / "jieba").is_dir() and not list((cache / "libreoffice").glob("*"))  # profiles removed at exit


def test_a_handled_failure_goes_to_the_log_file_not_the_terminal(tmp_path, monkeypatch):
    """A reader that raises (a bug, here made on purpose) costs that file only; its traceback is kept in the
    output folder's huishen.log and the terminal says one line in Chinese."""
    from click.testing import CliRunner

    import extractors.readers.docx as docx_reader
    from pipeline import logs
    from pipeline.cli import main

    inbox = tmp_path / "inbox" / "河海大学工会"
    inbox.mkdir(parents=True)
    (inbox / "附件1.docx").write_bytes(_form("水文班组"))

    def broken(data, options=None):
        raise RuntimeError("reader bug on purpose")

    monkeypatch.setattr(docx_reader, "read_docx", broken)
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(logs.LOG_ENV, "")  # the run sets it for its workers; put back afterwards
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inbox.parent), "--profile", "banzu", "--out", str(out),
                                       "--jobs", "0"], catch_exceptions=False)
    logs.configure(False)  # the CLI configured this process's logging: leave it as tests expect
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "RuntimeError" not in result.output
    assert f"见 {out / 'huishen.log'}" in result.output
    log = (out / "huishen.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "reader bug on purpose" in log
    (doc,) = _records(out).values()
    assert doc["kind"] == "unreadable" and doc["reason"] == UNEXPECTED_READ  # Chinese only, no library words
    assert doc["detail"] == "RuntimeError: reader bug on purpose"  # kept for support, in records.json


def _docx_with_body(body: bytes) -> bytes:
    import io
    import zipfile

    base = fx.paragraphs_docx(["班组创新案例"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, body if info.filename == "word/document.xml" else zin.read(info))
    return out.getvalue()


@pytest.mark.parametrize(("body", "reason"), [
    (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
     + "字".encode() * 4_000_000 + b"</w:t></w:r></w:p></w:body></w:document>",
     "Word 文件正文中有过大的文字段（超过 10 MB），不像是填写的表格或案例，请检查文件后重新提交"),
    (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
     + b"<w:p/>" * 12_000_000 + b"</w:body></w:document>",
     "Word 文件正文过大（69 MB，上限 64 MB），不像是填写的表格或案例，请检查文件后重新提交"),
    (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>',
     "Word 文件内容（XML）已损坏（第 1 行附近）"),
])
def test_a_body_xml_too_big_or_broken_says_so_in_chinese(body, reason):
    from extractors.readers import ReaderError
    from extractors.readers.docx import read_docx

    with pytest.raises(ReaderError) as e:
        read_docx(_docx_with_body(body))
    assert str(e.value) == reason


def _noisy_process(src, profile):
    """A reader that prints, warns and writes from C, as some libraries do (run in a worker)."""
    import ctypes
    import warnings

    from pipeline.run import process

    print("0 is out of range")
    warnings.warn("wmf image format is not supported", UserWarning, stacklevel=1)
    ctypes.CDLL(None).puts(b"from C")
    return process(src, profile)


def test_what_a_library_prints_in_a_worker_goes_to_the_log(tmp_path, capfd, monkeypatch):
    from pipeline import logs
    from pipeline.config import resolve_profile
    from pipeline.workers import process_all

    log = tmp_path / "huishen.log"
    monkeypatch.setenv(logs.LOG_ENV, str(log))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "附件1.docx").write_bytes(_form("水文班组"))
    (src,) = list(disc.discover(inbox))
    (record,) = process_all([src], resolve_profile("banzu"), _noisy_process, jobs=1)
    assert record.kind == "banzu_form"
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    text = log.read_text(encoding="utf-8")
    assert "0 is out of range" in text and "wmf image format is not supported" in text and "from C" in text
