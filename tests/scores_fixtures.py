"""A checked batch built in code (records.json, no pipeline run) and filled 评分表, for tests/test_scores.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from checks.models import Finding
from extractors.models import Severity
from pipeline.outputs.records import _batch_finding_json, _doc_finding_json
from pipeline.review import decisions as dec

ROOT = Path(__file__).resolve().parent.parent

# The 优质项目 sheet (附件4 of the drafted youzhi forms): what the lead pastes into youzhi.toml.
YOUZHI_SCORING = """
[scoring]
title = "优质项目评审评分表"
experts = 5
trim_from = 5
tie_break = ["实效性", "创新创优性", "可持续性", "可推广性"]
disqualify = ["eligibility.", "registry.already_named", "duplicate.misappropriation"]

[[scoring.criteria]]
key = "实效性"
max = 30
points = "教职工参与度、满意度、受益度，成效有数据"

[[scoring.criteria]]
key = "创新创优性"
max = 30
points = "服务形式、内容、方法的创新"

[[scoring.criteria]]
key = "可持续性"
max = 20
points = "长效机制、经费保障"

[[scoring.criteria]]
key = "可推广性"
max = 20
points = "可在更高层次、更广领域复制"

[[scoring.awards]]
name = "一等奖"
count = 3

[[scoring.awards]]
name = "二等奖"
share = 0.2

[[scoring.awards]]
name = "三等奖"
count = 9
"""

CRITERIA = [("实效性", 30), ("创新创优性", 30), ("可持续性", 20), ("可推广性", 20)]


def scoring_profile(tmp: Path, extra: str = YOUZHI_SCORING) -> Path:
    """banzu.toml with a [scoring] section (youzhi.toml is not on this branch)."""
    p = tmp / "banzu_scoring.toml"
    text = (ROOT / "pipeline" / "profiles" / "banzu.toml").read_text(encoding="utf-8")
    p.write_text(text + "\n" + extra, encoding="utf-8")
    return p


def _doc(unit: str, name: str, findings: list[Finding]) -> dict:
    path = f"{unit}/附件1-基本情况表-{name}.docx"
    for f in findings:
        f.paths = [path]
        f.units = [unit]
        f.unit = unit
        f.subject = name
    return {"path": path, "kind": "banzu_form", "unit": unit, "fields": {"推荐单位": unit, "班组名称": name},
            "findings": [_doc_finding_json(f) | {"decision": None} for f in findings], "superseded_by": ""}


def make_batch(out: Path, profile: Path, n: int = 30) -> Path:
    """30 eligible entries 单位01/班组01 … plus three left out: an eligibility error on the form, a batch
    registry.already_named error, an eligibility error on the entry's write-up (a 班组创新案例 naming it); and an
    eligibility error on a superseded file, which does not count. One
    eligible entry has an eligibility error marked 不是问题（忽略）, one an eligibility warning."""
    out.mkdir(parents=True, exist_ok=True)
    docs = []
    ignored = Finding("eligibility.established", Severity.ERROR, "建立时间", "建立不满3年")
    for i in range(1, n + 1):
        fs = []
        if i == 5:
            fs = [ignored]
        if i == 6:
            fs = [Finding("eligibility.title", Severity.WARNING, "职称", "职称存疑")]
        docs.append(_doc(f"单位{i:02d}", f"班组{i:02d}", fs))
    docs.append(_doc("单位90", "班组90", [Finding("eligibility.established", Severity.ERROR, "建立时间",
                                                "班组建立于2023年，不满3年")]))
    docs.append(_doc("单位91", "班组91", []))
    docs.append(_doc("单位93", "班组93", []))
    case = _doc("单位93", "班组93", [Finding("eligibility.not_implemented", Severity.ERROR, "未实施",
                                             "“创新成果”写的是计划，项目尚未实施")])
    case.update(kind="banzu_case", path="单位93/附件2-创新案例-班组93.docx")
    case["findings"][0]["paths"] = [case["path"]]
    docs.append(case)
    old = _doc("单位92", "班组92", [Finding("eligibility.established", Severity.ERROR, "建立时间", "旧稿")])
    old["superseded_by"] = "单位92/更正稿.docx"
    docs.append(old)
    named = Finding("registry.already_named", Severity.ERROR, "往年已命名", "班组91 已于2023年被命名",
                    units=["单位91"], subject="班组91", paths=["单位91/附件1-基本情况表-班组91.docx"], batch=True)
    data = {"profile": str(profile), "documents": docs, "findings": [_batch_finding_json(named) | {"decision": None}],
            "profile_title": "测试", "inbox": str(out.parent / "inbox")}
    (out / "records.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    ds = dec.Decisions()
    dec.apply(ds, [ignored], dec.Status.IGNORED, "已核实，满3年", who="测试", at="2024-01-01T00:00:00")
    dec.save(out, ds)
    return out


def base_total(k: int) -> float:
    """Entry k's (0-based) true total: 95, 93.5, 92, … Entries 8 and 9 are identical (a full tie across the
    二等奖 boundary); entry 11 equals entry 10 in total but scores higher on 实效性 (the tie-break)."""
    if k == 9:
        k = 8
    return 95 - 1.5 * k


def entry_scores(k: int, expert: int) -> list[float]:
    """The four criteria an honest expert (1-based) gives entry k: the split of the total by the maxima, with
    the expert's own leaning on 实效性 (0, +0.5, -0.5, +1, -1, 0, +0.5)."""
    t = base_total(k)
    if k == 11:
        t = base_total(10)
    s = [round(t * m / 100, 1) for _, m in CRITERIA]
    if k == 11:
        s[0], s[1] = s[0] + 2, s[1] - 2
    lean = [0, 0.5, -0.5, 1, -1, 0, 0.5][(expert - 1) % 7]
    s[0] = min(30, s[0] + lean)
    return s


def fill(src: Path, dst: Path, expert: int, edit=None) -> Path:
    """Fill a 评分表 as expert ``expert`` would; ``edit(ws, row_of)`` then plants errors (row_of: 编号 -> row)."""
    shutil.copy(src, dst)
    wb = openpyxl.load_workbook(dst)
    ws = wb.worksheets[0]
    row_of = {}
    for r in range(6, ws.max_row + 1):
        no = ws.cell(r, 2).value
        if isinstance(no, str) and no.isdigit():
            row_of[no] = r
            k = int(no) - 1
            for j, v in enumerate(entry_scores(k, expert)):
                ws.cell(r, 5 + j).value = v
    if edit:
        edit(ws, row_of)
    wb.save(dst)
    return dst
