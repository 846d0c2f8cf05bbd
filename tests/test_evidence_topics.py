"""What a 佐证材料 shows (chuangjian's [standards] topics), from code-built documents: captions and headings over the
general title, the title and file name when there are none; the 制度 options it backs; documents no kind claims
known as 佐证材料 by what they show, a photo by its file name (its few OCR'd marks are no text of it)."""

from __future__ import annotations

from pathlib import Path

from extractors.models import Document, Paragraph, Record
from extractors.profile import load_profile
from extractors.topics import evidence_fields, recognise_evidence, shown_topics

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile(ROOT / "pipeline" / "profiles" / "chuangjian.toml")
SPEC = PROFILE.standards
RULES = ["学习研究", "技术攻关", "协同创新", "成果转化", "激励机制", "内部管理"]


def _doc(*lines: str, ocr: bool = False) -> Document:
    doc = Document(blocks=[Paragraph(x, confidence=0.6 if ocr else None) for x in lines], pages=1)
    if ocr:
        doc.ocr_pages, doc.ocr_confidence = 1, 0.6
    return doc


def _fields(doc: Document, path: str) -> dict:
    rec = Record(path=path, kind="chuangjian_evidence", unit="", unit_source="", sha256="")
    evidence_fields(PROFILE, doc, rec)
    return {k: rec.fields[k].value for k in ("佐证", "佐证内容", "制度")}


def test_captions_say_what_the_photos_show_over_the_general_title():
    """"标志及场所照片" over a 门牌 and a 实验室: the captions decide (a 场所 photo backs 有场地经费)."""
    doc = _doc("药物制剂创新工作室标志及场所照片", "图1 工作室门牌", "图2 制剂实验室")
    assert _fields(doc, "a/佐证材料-标志及场所照片.docx") == {"佐证": ["有场地经费"], "佐证内容": ["场所"], "制度": None}
    both = _doc("人体解剖学教学创新工作室佐证材料（照片）", "图1 工作室标志牌", "图2 组织机构和工作职责上墙", "图3 数字解剖实训场所")
    assert _fields(both, "a/照片.pdf") == {"佐证": ["有明显标志", "有场地经费"], "佐证内容": ["标志", "场所"], "制度": None}


def test_a_single_rule_by_its_title_and_a_collection_by_its_headings():
    one = _doc("医学影像智能诊断创新工作室学习研究制度",
               "第一条　工作室每月至少组织一次集中学习研讨，内容包括政策理论、专业前沿和教学科研方法。")
    assert _fields(one, "a/x.doc") == {"佐证": ["有规章制度"], "佐证内容": ["学习研究"], "制度": ["学习研究"]}
    many = _doc("后勤节能服务创新工作室规章制度", *(f"{'一二三四五六'[i]}、{r}制度" for i, r in enumerate(RULES)),
                "第一条　攻关课题立项、中期检查和结题验收均须形成书面记录。")
    assert _fields(many, "a/佐证材料-制度汇编.docx") == {"佐证": ["有规章制度"], "佐证内容": RULES, "制度": RULES}


def test_a_topic_list_backs_the_results_standard_by_its_title():
    doc = _doc("临床技能培训创新工作室在研课题及近三年成果清单", "一、在研课题", "1.基于OSCE的临床技能形成性评价体系研究（省级）",
               "二、近三年创新成果", "以上情况属实。")
    assert _fields(doc, "a/课题及成果清单（盖章）.pdf") == {"佐证": ["有创新成效"], "佐证内容": ["成效"], "制度": None}


def test_a_file_with_no_text_by_its_file_name():
    assert shown_topics(SPEC, [], "工作室标志牌照片.jpg") == ["标志"]
    assert shown_topics(SPEC, [], "工作室标志及制度上墙照片.jpg") == ["标志"]  # 制度上墙 is no 制度 text
    assert shown_topics(SPEC, [], "IMG_0312.jpg") == []


def test_recognised_as_supporting_material_by_what_it_shows():
    kind, doc = recognise_evidence(PROFILE, _doc("医学影像智能诊断创新工作室技术攻关制度", "第一条　……"), "a/b.docx")
    assert kind.key == "chuangjian_evidence" and doc.lines()[0] == "医学影像智能诊断创新工作室技术攻关制度"
    assert recognise_evidence(PROFILE, _doc("关于召开工会代表大会的通知", "各分工会："), "a/通知.docx") is None


def test_a_photo_is_no_scan_its_marks_no_text():
    """A photo whose reading found one mark ("目") is known by its file name and holds no text: no title, no OCR
    pages (so no file.scanned asking for an editable copy)."""
    kind, doc = recognise_evidence(PROFILE, _doc("目", ocr=True), "后勤分工会/工作室标志牌照片.jpg")
    assert kind.key == "chuangjian_evidence"
    assert doc.lines() == [] and doc.ocr_pages == 0 and doc.ocr_confidence is None
    assert recognise_evidence(PROFILE, _doc("目", ocr=True), "后勤分工会/IMG_0312.jpg") is None
    scan = _doc("人体解剖学教学创新工作室在研课题及近三年成果清单", "一、在研课题", ocr=True)
    kind, doc = recognise_evidence(PROFILE, scan, "a/课题及成果清单（盖章）.png")
    assert doc is scan and doc.ocr_pages == 1  # a scan keeps its text and is reported as one
