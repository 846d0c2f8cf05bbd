"""Whose a file is (pipeline.run.resolve_units) when a unit's folder holds a form that declares another unit:
a result both units recommend, the other unit's form sent again. Records built in code."""

from __future__ import annotations

from extractors.models import FieldValue, Record
from pipeline.config import resolve_profile
from pipeline.run import resolve_units

WUXIAO = resolve_profile("wuxiao")
KQ, NY = "阳泉市矿区总工会", "阳泉市能源产业工会"


def _rec(path: str, kind: str, declared: str | None, hint: str) -> Record:
    r = Record(path=path, kind=kind, unit=declared or hint, unit_source="表头" if declared else "文件夹", sha256="")
    if declared:
        r.fields["推荐单位"] = FieldValue("推荐单位", declared, declared)
    return r


def _resolve(records: list[Record]) -> dict[str, tuple[str, str]]:
    hints = {r.path: r.path.split("/")[0] if "/" in r.path else "" for r in records}
    resolve_units(WUXIAO, records, hints)
    return {r.path: (r.unit, r.unit_source) for r in records}


def test_a_form_of_a_unit_with_its_own_folder_was_sent_by_the_folders_unit():
    got = _resolve([
        _rec("矿区/推荐汇总表.jpg", "wuxiao_summary", KQ, "矿区"),
        _rec("矿区/导流槽申报表.doc", "wuxiao_form", KQ, "矿区"),
        _rec("矿区/附件1-液压支架快速接头.docx", "wuxiao_form", NY, "矿区"),
        _rec("矿区/表彰决定.docx", "wuxiao_award", None, "矿区"),
        _rec("能源/附件1-液压支架快速接头.docx", "wuxiao_form", NY, "能源"),
        _rec("能源/推荐汇总表.xlsx", "wuxiao_summary", NY, "能源"),
    ])
    assert got == {
        "矿区/推荐汇总表.jpg": (KQ, "表头"),
        "矿区/导流槽申报表.doc": (KQ, "表头"),
        "矿区/附件1-液压支架快速接头.docx": (KQ, "文件夹"),  # sent by 矿区 (the same result from two units)
        "矿区/表彰决定.docx": (KQ, "文件夹"),  # no guess: the folder is 矿区's
        "能源/附件1-液压支架快速接头.docx": (NY, "表头"),
        "能源/推荐汇总表.xlsx": (NY, "表头"),
    }


def test_a_folder_mixing_units_without_folders_of_their_own_is_still_worked_out_file_by_file():
    got = _resolve([
        _rec("收件/甲申报表.docx", "wuxiao_form", KQ, "收件"),
        _rec("收件/乙申报表.docx", "wuxiao_form", NY, "收件"),
        _rec("收件/表彰决定.docx", "wuxiao_award", None, "收件"),
        _rec("郊区/丙申报表.docx", "wuxiao_form", "阳泉市郊区总工会", "郊区"),
    ])
    assert got["收件/甲申报表.docx"] == (KQ, "表头") and got["收件/乙申报表.docx"] == (NY, "表头")
    assert got["收件/表彰决定.docx"][1] == "推测"
