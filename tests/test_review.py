"""After the report: staff decisions on findings, end to end on the banzu sample inbox (issue: the review loop).

One run of the sample inbox; then decisions from the terminal (by a filter and by 序号) and from the 处理决定
column of 异常报告.xlsx, and what every output makes of them; then a re-run that keeps them on the same findings.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from tests.e2e_common import huishen, run_cli


def _records(out: Path) -> dict:
    return json.loads((out / "records.json").read_text(encoding="utf-8"))


def _findings(records: dict) -> list[dict]:
    return [f for d in records["documents"] for f in d["findings"]] + records["findings"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, banzu_inbox) -> dict:
    base = tmp_path_factory.mktemp("review")
    inbox = base / "inbox"
    shutil.copytree(banzu_inbox, inbox)
    out = base / "out"
    first = run_cli(inbox, "banzu", out)
    assert first["proc"].returncode == 0, first["proc"].stderr
    return {"base": base, "inbox": inbox, "out": out, "records": first["records"]}


def _review(out: Path, *args: str) -> tuple[int, str]:
    proc = huishen(["review", str(out), *args], env={"HUISHEN_USER": "测试员"})
    return proc.returncode, proc.stdout + proc.stderr


def test_every_finding_has_its_own_key(batch):
    keys = [f["key"] for f in _findings(batch["records"])]
    assert len(keys) == len(set(keys)) == 37


def test_decisions_from_the_terminal_and_from_the_workbook(batch):
    out = batch["out"]
    before = _findings(batch["records"])
    scanned_nju = [f for d in batch["records"]["documents"] for f in d["findings"]
                   if f["code"] == "file.scanned" and d["unit"] == "南京大学工会"]
    assert len(scanned_nju) == 2

    # 1. A filter: both scans of 南京大学工会 are fine, the clerk looked at them.
    code, text = _review(out, "--code", "file.scanned", "--unit", "南京大学", "--ignore", "--note", "扫描件清晰，已核对")
    assert code == 0, text
    assert "已保存 2 条处理决定" in text and "另有 2 项经核实不是问题（已忽略）" in text

    # 2. By 序号, as the list (and 异常报告's 序号 column) numbers them.
    code, listing = _review(out)
    over = next(line for line in listing.splitlines() if "超出 1000 字上限" in line)
    number = over.split(".")[0].strip()
    code, text = _review(out, number, "--keep", "--note", "已通知单位压缩")
    assert code == 0, text

    # 3. The clerk types a decision into 异常报告.xlsx, plus one word the import does not know.
    wb = openpyxl.load_workbook(out / "异常报告.xlsx")
    ws = wb["异常清单"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("处理决定", "处理说明", "问题编号", "代码")}
    rows = list(range(2, ws.max_row + 1))
    target = next(r for r in rows if ws.cell(r, col["代码"]).value == "evidence.no_numbers")
    other = next(r for r in rows if r != target and not ws.cell(r, col["处理决定"]).value)
    ws.cell(target, col["处理决定"], "忽略")
    ws.cell(target, col["处理说明"], "单位来电说明：数据在附件中")
    ws.cell(other, col["处理决定"], "待定")
    typed_key = ws.cell(target, col["问题编号"]).value
    edited = batch["base"] / "标注后的异常报告.xlsx"
    wb.save(edited)
    code, text = _review(out, "--import", str(edited))
    assert code == 0, text
    assert f"未采用：“异常清单”第 {other} 行“待定”" in text

    records = _records(out)
    decided = {f["key"]: f["decision"] for f in _findings(records) if f["decision"]}
    assert {k: (d["status"], d["note"], d["who"]) for k, d in decided.items()} == {
        **{f["key"]: ("ignored", "扫描件清晰，已核对", "测试员") for f in scanned_nju},
        next(f["key"] for f in before if "超出 1000 字上限" in f["message"]): ("kept", "已通知单位压缩", "测试员"),
        typed_key: ("ignored", "单位来电说明：数据在附件中", "测试员"),
    }

    # Every output shows them: ignored findings leave the counts and are listed apart with their note.
    wb = openpyxl.load_workbook(out / "异常报告.xlsx")
    assert wb.sheetnames[:2] == ["异常清单", "已忽略"]
    ignored_rows = list(wb["已忽略"].iter_rows(min_row=2, values_only=True))
    assert len(ignored_rows) == 3 and {r[14] for r in ignored_rows} == {"扫描件清晰，已核对", "单位来电说明：数据在附件中"}
    open_rows = list(wb["异常清单"].iter_rows(min_row=2, values_only=True))
    assert len({r[-1] for r in open_rows}) == len(before) - 3  # one 问题编号 per open finding
    # a finding about two units is listed under each of them
    assert len(open_rows) == sum(max(1, len(f.get("units") or [])) for f in _findings(records) if not (
        f["decision"] and f["decision"]["status"] == "ignored"))
    html = (out / "异常报告.html").read_text(encoding="utf-8")
    assert "经核实不是问题（已忽略）" in html and "单位来电说明：数据在附件中" in html
    assert f"发现问题 <strong>{len(before) - 3}</strong> 项" in html
    history = json.loads((out / "审核决定.json").read_text(encoding="utf-8"))["history"]
    assert Counter(h["status"] for h in history) == {"ignored": 3, "kept": 1}

    # A re-run of the batch keeps every decision on its finding.
    again = run_cli(batch["inbox"], "banzu", out)
    assert {f["key"]: f["decision"]["status"] for f in _findings(again["records"]) if f["decision"]} == {
        k: d["status"] for k, d in decided.items()}
    assert "另有 3 项经核实不是问题（已忽略）" in again["proc"].stdout

    # Letters: one per unit with an error or warning still open (notes to staff apart), none for the others;
    # the ignored findings are in no letter, the kept one is.
    from docx import Document

    from pipeline.review.letters import STAFF_ONLY

    proc = huishen(["letters", str(out), "--deadline", "2024-10-15", "--mark-notified"],
                   env={"HUISHEN_USER": "测试员"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    records = _records(out)
    expected = {u for d in records["documents"] for f in d["findings"] for u in (f["units"] or [d["unit"]])
                if f["severity"] in ("error", "warning") and f["code"] not in STAFF_ONLY
                and (f["decision"] or {}).get("status") != "ignored"}
    expected |= {u for f in records["findings"] for u in f["units"]
                 if f["severity"] in ("error", "warning") and f["code"] not in STAFF_ONLY
                 and (f["decision"] or {}).get("status") != "ignored"}
    letters = {p.stem: p for p in (out / "退改通知").glob("*.docx")}
    assert set(letters) == expected and len(expected) >= 5
    texts = {u: "\n".join([p.text for p in Document(path).paragraphs]
                            + [c.text for t in Document(path).tables for r in t.rows for c in r.cells])
             for u, path in letters.items()}
    ignored_msgs = [f["message"] for f in _findings(records) if (f["decision"] or {}).get("status") == "ignored"]
    assert not any(m[:30] in t for m in ignored_msgs for t in texts.values())
    assert "超出 1000 字上限 91 字" in texts["南京大学工会"] and "2024年10月15日" in texts["南京大学工会"]
    # --mark-notified: every problem in a letter that had no decision is now 已通知; the others keep theirs.
    statuses = Counter((f["decision"] or {}).get("status") for f in _findings(_records(out)))
    # (a finding between two units is a row in each unit's letter, and one finding)
    in_letters = {f["key"]: len(f["units"]) for f in _findings(records) if f["severity"] in ("error", "warning")
                  and f["code"] not in STAFF_ONLY and (f["decision"] or {}).get("status") != "ignored"}
    assert sum(len(Document(path).tables[0].rows) - 1 for path in letters.values()) == sum(in_letters.values())
    assert statuses["kept"] == 1 and statuses["ignored"] == 3
    assert statuses["notified"] == len(in_letters) - 1 > 10  # all but the kept one, which was in a letter too

    # Withdrawn: the finding is back in the counts.
    code, text = _review(out, "--code", "evidence.no_numbers", "--clear")
    assert code == 0 and "撤销决定" in text and "另有 2 项经核实不是问题（已忽略）" in text


def test_bad_review_input_gets_a_clear_message(batch, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(batch["out"], out)
    code, text = _review(out, "9999", "--ignore")
    assert code == 2 and "没有序号为 9999 的问题" in text
    code, text = _review(out, "--code", "no.such_check", "--ignore")
    assert code == 2 and "没有符合条件的问题" in text
    code, text = _review(tmp_path, "--ignore")
    assert code == 2 and "不是汇审的输出文件夹" in text
    (out / "审核决定.json").write_text("{ 不是 json", encoding="utf-8")
    code, text = _review(out, "1", "--ignore")
    assert code == 2 and "审核决定文件" in text and "已损坏" in text and "Traceback" not in text
    code, text = _review(batch["out"], "--import", str(tmp_path / "没有这个文件.xlsx"))
    assert code == 2 and "找不到" in text


def test_a_corrected_file_resolves_its_finding_and_the_old_results_are_kept(batch, tmp_path):
    """Two units send a form again: 南京大学工会 with 竞赛情况 cut to 800 字, 东南大学工会 with its 6 荣誉 cut to 5.
    The re-run says what changed, per unit: exactly those two findings resolved, nothing new."""
    import copy

    from samples.banzu import BANZU_UNITS
    from samples.banzu_docs import form_docx

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(batch["inbox"], inbox)
    first = run_cli(inbox, "banzu", out)
    before = {f["key"]: f for f in _findings(first["records"])}
    unit = next(u for u in BANZU_UNITS if u["推荐单位"] == "南京大学工会")
    bz = copy.deepcopy(next(b for b in unit["banzu"] if b["fields"]["班组名称"] == "校园网络运维保障班组"))
    bz["fields"]["竞赛情况"] = bz["fields"]["竞赛情况"][:800]
    form = inbox / "03-南京大学" / "附件1-基本情况表-校园网络运维保障班组.docx"
    form.write_bytes(form_docx(unit, bz, 7))
    seu = next(u for u in BANZU_UNITS if u["推荐单位"] == "东南大学工会")
    micro = copy.deepcopy(next(b for b in seu["banzu"] if b["fields"]["班组名称"] == "微纳加工工艺实验室班组"))
    micro["fields"]["荣誉"] = micro["fields"]["荣誉"][:5]
    (inbox / micro["form_path"]).write_bytes(form_docx(seu, micro, 8))

    again = run_cli(inbox, "banzu", out)
    assert again["proc"].returncode == 0, again["proc"].stderr
    after = {f["key"]: f for f in _findings(again["records"])}
    assert sorted(f["message"] for k, f in before.items() if k not in after) == [
        "市级以上集体或个人荣誉 6 项，超过 5 项上限", "班组竞赛情况 1091 字，超出 1000 字上限 91 字"]
    assert [k for k in after if k not in before] == []
    assert "南京大学工会：替换 1 个文件；已解决 1 项，仍存在 2 项，新出现 0 项" in again["proc"].stdout
    assert "东南大学工会：替换 1 个文件；已解决 1 项，仍存在 5 项，新出现 0 项" in again["proc"].stdout

    rows = list(openpyxl.load_workbook(out / "异常报告.xlsx")["本次更正"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows if r[1] in ("替换文件", "已解决")] == [
        ("南京大学工会", "替换文件", "03-南京大学/附件1-基本情况表-校园网络运维保障班组.docx"),
        ("南京大学工会", "已解决", "03-南京大学/附件1-基本情况表-校园网络运维保障班组.docx"),
        ("东南大学工会", "替换文件", micro["form_path"]),
        ("东南大学工会", "已解决", micro["form_path"])]
    assert {r[0] for r in rows} == {"南京大学工会", "东南大学工会"}
    # The results before the correction stay in 历史/, as they were.
    (kept,) = (out / "历史").glob("*-records.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == first["records"]
    status = {r[2]: r[3] for r in openpyxl.load_workbook(out / "汇总表.xlsx")["审查状态"].iter_rows(
        min_row=2, values_only=True)}
    # (the other 班组's only findings are two 提示 that its forms are scans: nothing to correct)
    assert status["校园网络运维保障班组"] == "已更正" and status["大型仪器共享技术服务班组"] == "材料齐全"
    assert status["工程训练中心智能制造实训班组"] == "待更正"

    # Running again on the same files keeps 本次更正 as the correction made it, and keeps no second copy.
    third = run_cli(inbox, "banzu", out)
    assert "南京大学工会：替换 1 个文件；已解决 1 项，仍存在 2 项" in third["proc"].stdout
    assert "东南大学工会：替换 1 个文件；已解决 1 项，仍存在 5 项" in third["proc"].stdout
    assert len(list((out / "历史").glob("*-records.json"))) == 1


def test_a_decision_refreshes_the_outputs_from_another_folder(tmp_path):
    """The run was started inside the office's folder with a relative inbox; the decision is taken from
    elsewhere: the outputs are still re-written (records.json keeps the inbox's absolute path too)."""
    import os
    import subprocess
    import sys

    from tests import docx_fixtures as fx
    from tests.e2e_common import ROOT

    work = tmp_path / "办公室"
    (work / "收件" / "甲工会").mkdir(parents=True)
    (work / "收件" / "甲工会" / "表.docx").write_bytes(fx.form_docx(["推荐单位工会：甲市教育工会"],
                                                                    [["班组名称", "一班组"]]))
    exe = Path(sys.executable).parent / "huishen"
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT), "HUISHEN_USER": "测试员"}
    run = subprocess.run([str(exe), "run", "收件", "--profile", "banzu", "--out", "输出"], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    records = _records(work / "输出")
    assert (records["inbox"], records["inbox_path"]) == ("收件", str((work / "收件").resolve()))
    proc = subprocess.run([str(exe), "review", str(work / "输出"), "1", "--ignore", "--note", "已核实"], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "正在按处理决定更新输出文件" in proc.stdout and "已不存在" not in proc.stdout
    assert "已核实" in (work / "输出" / "异常报告.html").read_text(encoding="utf-8")
