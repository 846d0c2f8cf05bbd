"""Near copies across units and the registry of earlier years, through the CLI as a user runs it:
``huishen registry import`` a named list, ``huishen run --remember`` one year, run the next year."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests import docx_fixtures as fx
from tests.e2e_common import run_cli

# A case write-up of unit 甲; 乙 paraphrases it lightly; 丙 writes about something else with the same
# stock phrases (a hard negative). 甲's own form repeats a sentence of its case (not a copy).
BACKGROUND = ("学校分析测试中心的大型仪器分散在十二个学院，预约靠电话和纸质登记，设备空置与排队并存，"
              "平均机时利用率只有百分之四十一，校外企业送样检测周期长达两周。")
METHODS = ("班组牵头搭建全校统一的仪器共享预约平台，把八十六台套大型仪器全部接入，实行线上预约、刷卡计时、"
           "按机时收费，并组建由十名骨干组成的技术服务团队，开展送样检测和上机培训。")
RESULTS = ("平台运行一年，仪器平均机时利用率提高到百分之七十六，对外服务企业一百三十家，完成检测样品一万二千余份，"
           "取得实用新型专利三项，编写仪器操作规程二十四份。")
BENEFITS = "年节约重复购置经费约三百万元，检测周期由两周缩短到三天，服务收入四十五万元，培训研究生一千二百人次。"

PARAPHRASE = {
    "背景": BACKGROUND.replace("分散在", "分布于").replace("预约靠电话和纸质登记", "预约依靠电话和纸质登记"),
    "做法": METHODS.replace("牵头搭建", "负责建设").replace("全部接入", "全部纳入平台"),
    "成果": RESULTS.replace("平台运行一年", "平台运行满一年"),
    "效益": BENEFITS.replace("年节约", "每年节约"),
}
STOCK = "坚持以习近平新时代中国特色社会主义思想为指导，充分发挥劳模示范引领作用，取得了显著成效。"
OTHER = {
    "背景": STOCK + "食堂后厨能耗高，燃气灶具老化，油烟排放屡次超标，周边居民多次投诉。",
    "做法": STOCK + "班组更换二十台节能灶具，加装油烟在线监测，制定后厨节能操作十条，每周公示能耗数据。",
    "成果": STOCK + "燃气用量下降百分之十八，油烟排放连续十个月达标，获评市级绿色食堂。",
    "效益": STOCK + "每年节省燃气费二十六万元，投诉清零，职工满意度提高到百分之九十五。",
}
OWN = {"背景": BACKGROUND, "做法": METHODS, "成果": RESULTS, "效益": BENEFITS}
TITLES = {"背景": "一、案例背景", "做法": "二、主要做法", "成果": "三、创新成果", "效益": "四、效益影响"}


def _case(team: str, body: dict[str, str]) -> bytes:
    lines = ["班组创新案例", f"{team}的创新实践", f"班组名称：{team}"]
    for key, title in TITLES.items():
        lines += [title, body[key]]
    return fx.paragraphs_docx(lines)


def _form(union: str, team: str, org: str, leader: str, competition: str = "开展岗位练兵活动12场。") -> bytes:
    return fx.form_docx([f"推荐单位工会：{union}（盖章）", "联系人：王芳　电话：025-83592000"], [
        ["班组名称", team, "所在单位", org],
        ["班组总人数", "12人", "党员人数", "6"],
        ["班组负责人姓名", leader, "班组负责人政治面貌", "中共党员"],
        ["班组竞赛情况", competition],
    ])


def _unit(inbox: Path, union: str, team: str, org: str, leader: str, case: dict[str, str], competition: str = "") -> None:
    d = inbox / union
    d.mkdir(parents=True)
    (d / f"附件1-基本情况表-{team}.docx").write_bytes(_form(union, team, org, leader, competition or "开展岗位练兵12场。"))
    (d / f"附件2-创新案例-{team}.docx").write_bytes(_case(team, case))


def _findings(result: dict, code: str) -> list[dict]:
    rec = result["records"]
    out = [f for f in rec["findings"] if f["code"] == code]
    out += [dict(f, paths=[d["path"]], unit=d["unit"]) for d in rec["documents"] for f in d["findings"]
            if f["code"] == code]
    return out


@pytest.fixture()
def registry(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "registry"
    monkeypatch.setenv("HUISHEN_REGISTRY", str(path))
    return path


def _named_list(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年度创新型班组命名名单"])
    ws.append(["序号", "班组名称", "所在单位", "班组长"])
    ws.append([1, "东南大学后勤食堂节能班组", "东南大学", "陈静"])
    ws.append([2, "苏州大学数控加工班组", "苏州大学", "刘强"])
    wb.save(path)
    return path


def test_near_copies_and_earlier_years(tmp_path, registry):
    inbox = tmp_path / "2024"
    _unit(inbox, "南京大学工会", "仪器共享服务班组", "南京大学", "张伟", OWN,
          competition=f"班组开展技能比武。{METHODS}")  # its own case's sentence: not a copy
    _unit(inbox, "河海大学工会", "测试中心服务班组", "河海大学", "李娜", PARAPHRASE)
    _unit(inbox, "东南大学工会", "后勤食堂节能班组", "东南大学", "陈静", OTHER)

    imported = run_cli_args(["registry", "import", str(_named_list(tmp_path / "名单.xlsx")), "--campaign", "banzu",
                             "--year", "2023"])
    assert imported.returncode == 0, imported.stderr
    first = run_cli(inbox, "banzu", tmp_path / "out2024", ["--remember"])
    assert first["proc"].returncode == 0, first["proc"].stderr
    assert "已把本批 3 项记入登记库" in first["proc"].stdout

    (near,) = _findings(first, "duplicate.near_copy")
    assert near["unit"] == "南京大学工会、河海大学工会"
    assert near["paths"] == ["南京大学工会/附件2-创新案例-仪器共享服务班组.docx",
                             "河海大学工会/附件2-创新案例-测试中心服务班组.docx"]
    assert 0.5 <= near["actual"] <= 1.0 and near["limit"] == 0.3
    pair = near["pair"]
    texts = {"a": "".join(OWN.values()), "b": "".join(PARAPHRASE.values())}
    for side in ("a", "b"):  # every quoted span is really in that side's text
        for start, end in pair[side]["spans"]:
            assert end - start >= 15
    assert pair["passages"] and all(p.replace("\n", "") in texts["a"] for p in pair["passages"])

    (named,) = _findings(first, "registry.already_named")
    assert (named["paths"], named["actual"], named["subject"]) == (
        ["东南大学工会/附件1-基本情况表-后勤食堂节能班组.docx"], 2023, "后勤食堂节能班组")
    assert _findings(first, "registry.resubmitted") == []

    html = (tmp_path / "out2024" / "异常报告.html").read_text(encoding="utf-8")
    assert html.count("<mark>") >= 2 and "相似文本对照" in html
    wb = openpyxl.load_workbook(tmp_path / "out2024" / "异常报告.xlsx")
    rows = list(wb["相似文本"].iter_rows(values_only=True))
    assert rows[0][:3] == ("相似度", "单位甲", "文件甲") and len(rows) == 2

    # The next year: 南京大学 resubmits its 班组 with a new case; 扬州大学 copies 河海's 2024 case.
    inbox25 = tmp_path / "2025"
    _unit(inbox25, "南京大学工会", "仪器共享服务班组", "南京大学", "张伟", OTHER | {"背景": "全新的案例背景，与去年不同。"})
    _unit(inbox25, "扬州大学工会", "分析测试班组", "扬州大学", "赵敏", PARAPHRASE)
    second = run_cli(inbox25, "banzu", tmp_path / "out2025", ["--year", "2025"])
    assert second["proc"].returncode == 0, second["proc"].stderr
    (again,) = _findings(second, "registry.resubmitted")
    assert (again["paths"], again["actual"]) == (["南京大学工会/附件1-基本情况表-仪器共享服务班组.docx"], 2024)
    earlier = sorted((f["paths"][0], f["pair"]["b"]["unit"], f["pair"]["b"]["year"])
                     for f in _findings(second, "duplicate.near_copy"))
    assert ("扬州大学工会/附件2-创新案例-分析测试班组.docx", "河海大学", 2024) in earlier


def run_cli_args(args: list[str]):
    import os
    import subprocess
    import sys

    huishen = Path(sys.executable).parent / "huishen"
    return subprocess.run([str(huishen), *args], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})


def test_no_registry_means_no_registry_checks_and_nothing_created(tmp_path, registry):
    inbox = tmp_path / "in"
    _unit(inbox, "南京大学工会", "仪器共享服务班组", "南京大学", "张伟", OWN)
    result = run_cli(inbox, "banzu", tmp_path / "out")
    assert result["proc"].returncode == 0
    assert not registry.exists() and "登记库" not in result["proc"].stdout
    assert json.dumps(result["records"]).count("registry.") == 0
