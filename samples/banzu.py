"""The banzu campaign: its sample inbox, with planted defects, and the truth the tests compare against.

``build_banzu_inbox(dest)`` writes the inbox for the ``banzu`` profile (2024 江苏 创新型班组对标竞赛):
seven units, one subfolder or archive each (.zip from Windows with GBK names and a nested .zip, .7z,
a .rar inside a folder), holding 附件1 基本情况表 / 附件2 班组创新案例 per 班组 and the unit's 附件3
推荐汇总表, laid out like the notice's templates and varied the way real submissions vary: spaced
labels, values typed into label cells, ☑/□ and Wingdings check boxes, content controls,
"8人"/"38.5岁"/"三", four heading styles, a write-up inside a table; delivered as .docx, .docm, .doc,
.wps, .rtf, .odt, PDF exports, scanned PDFs, a mixed PDF, a PDF with a garbage text layer, phone
photos and scans (.jpg .png .tif), plus junk (owner files, Thumbs.db, __MACOSX) and a folder of
broken and hostile files (zero bytes, truncated, a photo named .docx, password-protected, an XML
entity bomb, a looping PDF, path traversal, a zip bomb, encrypted archives) and one file over 50 MB.

The campaign is three modules: samples/banzu_content.py (what the units sent, as raw specs),
samples/banzu_docs.py (the three templates as docx/xlsx) and this one (the normalised data, the planted
findings, the 补充材料 folder and the builder). The writing itself is samples/forms.py's, with
samples/hostile.py and samples/scans.py.

Module-level data is the single source of truth for tests:

* ``BANZU_UNITS``  – every unit, its files and, per 班组, the NORMALISED field values an extractor
  should produce from its 附件1 and the title and four section bodies of its 附件2.
* ``EXPECTED_BANZU`` – the planted findings (code, unit, paths, field, actual, limit, subject).
* ``NEAR_COPY_PLANTS`` – the texts planted for duplicate.near_copy: a light paraphrase across units (a
  finding), a 班组 repeating its own case in its form and a hard negative sharing set phrases (not findings).
* ``NAMED_LIST_BANZU`` / ``EXPECTED_BANZU_REGISTRY`` – the registry fixture (last year's 命名名单, written by
  samples/named_list.py) and the finding it adds to a run.

Everything is fixed text and seeded noise; zip/7z/rar timestamps, core properties, ODF revision IDs,
encryption salts and the PDF CreationDate/ID are pinned, so repeated runs give the same bytes (as far
as the installed LibreOffice renders identically) except the password-protected PDF, whose key
LibreOffice draws at random.

May import: samples.forms, samples.banzu_content, samples.banzu_docs, samples.hostile (never another
campaign, nor samples.generate).
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from samples import hostile
from samples.banzu_content import FIXED_DT, LONG_CASE, LONG_COMPETITION, SECTION_KEYS, UNIT_SPECS
from samples.banzu_docs import case_docx, form_docx, summary_docx, summary_xlsx
from samples.forms import (
    ENCRYPTED_PDF,
    FORMAT_EXT,
    NEAR_COPY_SIMILARITY,
    NEAR_COPY_THRESHOLD,
    OCR_FORMATS,
    PDF_EXPORT,
    STOCK_PHRASES,
    deliver,
    empty_dest,
    event_photo,
    finding,
    has_soffice,
    junk_bytes,
    note_docx,
    word_count,
    write_inbox,
)

__all__ = [
    "BANZU_UNITS",
    "EXPECTED_BANZU",
    "EXPECTED_BANZU_REGISTRY",
    "NAMED_LIST_BANZU",
    "NAMED_YEAR",
    "NEAR_COPY_PLANTS",
    "OCR_DOUBT",
    "SCAN_CONFIDENCE",
    "SUPPLEMENT_FILES",
    "build_banzu_inbox",
]

# --------------------------------------------------------------------------------------------------
# Fixed constants

THEME = "“科教报国 创新有我”岗位建功竞赛"

CASE_LIMIT = 600
COMPETITION_LIMIT = 1000
HONOURS_LIMIT = 5
QUOTA_CITY_MAX = 4  # 设区市教育工会 3–4

UPLOAD_LIMIT_MB = 50  # 上传文件不超过 50M
# file.scanned's actual is the mean OCR confidence the reader measured: expected in (low, high].
SCAN_CONFIDENCE = (0.8, 1.0)
# duplicate.near_copy's actual is the similarity the check measured: expected in NEAR_COPY_SIMILARITY
# (samples.forms: [threshold, 1]).
NEAR_COPY_LABEL = "班组创新案例正文"  # the near-copy finding's field: the compared text's label
# field.low_confidence's actual is the field's measured OCR confidence: below the profile's ocr_min_confidence.
OCR_MIN_CONFIDENCE = 0.85
OCR_DOUBT = (0.0, OCR_MIN_CONFIDENCE)

# The exact 字数 of the two planted over-limit texts (asserted against word_count below).
LONG_CASE_CHARS = 683
LONG_COMPETITION_CHARS = 1091

FORM_FIELD_KEYS = (
    "推荐单位", "联系人", "电话", "班组名称", "所在单位", "班组总人数", "党员人数", "女职工人数",
    "研究生及以上学历人数", "高技能人才人数", "平均年龄", "班组负责人姓名", "班组负责人政治面貌",
    "师徒结对", "劳模工匠创新工作室", "名师工作室", "党支部", "党小组", "分工会", "工会小组", "荣誉",
    "竞赛情况",
)  # fmt: skip

# --------------------------------------------------------------------------------------------------
# Normalised data (BANZU_UNITS) built from the specs above


def _competition_text(spec: dict[str, Any]) -> str:
    """竞赛情况: an opening (one of three stock openings, picked by name) with what the 班组 did, its own
    paragraph about the team (``team``: its people, figures and activities, so no two 班组 of different units
    read alike), and its plans."""
    if "competition" in spec:
        return spec["competition"]
    variant = sum(map(ord, spec["name"])) % 3  # stable, so a 班组 submitted twice reads the same
    openings = (
        f"{spec['start']}以来，班组以{THEME}为抓手，",
        f"班组自{spec['start']}起组织开展{THEME}，",
        f"{spec['start']}，班组全员参与{THEME}，",
    )
    return "\n".join([
        openings[variant] + spec["did"],
        spec["team"],
        "下一步，班组将对标“工人先锋号”和“五好”创新型班组要求，" + spec["next"],
    ])


def _file_names(bz_name: str) -> tuple[str, str]:
    return f"附件1-基本情况表-{bz_name}", f"附件2-创新案例-{bz_name}"


# How each 附件 is delivered (``form_as``/``case_as``): see samples.forms.FORMAT_EXT. docx-padded grows the
# file to this size.
PADDED_BYTES = 51 * 1024 * 1024

# 南京市教育工会/补充材料/: one file of every broken or hostile kind. (name, how it is made, codes of the
# findings it must get). The archive members are listed as "<archive>/<member>".
SUPPLEMENT_FILES: list[tuple[str, str, tuple[str, ...]]] = [
    ("补充说明.docx", "0 字节（上传中断）", ("file.unreadable",)),
    ("获奖证书.pdf", "LibreOffice 导出的 PDF 只剩前一半（传输中断）", ("file.unreadable",)),
    ("活动照片.docx", "一张拍有横幅标语的 JPEG 照片，扩展名却是 .docx",
     ("file.unrecognised", "file.wrong_extension", "file.scanned")),
    ("成果清单.docx", "设置了打开密码的 Word 文档（msoffcrypto-tool 加密，密码 secret）", ("file.unreadable",)),
    ("专利证书.pdf", "设置了打开密码的 PDF（LibreOffice 导出时加密，密码 secret）", ("file.unreadable",)),
    ("班组简介.docx", "document.xml 中含 XML 实体炸弹（“billion laughs”）", ("file.unreadable",)),
    ("工作总结.pdf", "PDF 的页面树自己引用自己（对象图成环）", ("file.unrecognised",)),
    (".DS_Store", "苹果电脑的文件夹显示设置文件", ("file.junk",)),
    ("压缩包.zip/../../推荐表.docx", "成员名含 ../，解压会写到文件夹之外（路径穿越）", ("file.unreadable",)),
    ("压缩包.zip/附件材料.docx", "20 MB 的 0 字节压成约 20 KB（压缩炸弹）", ("file.unreadable",)),
    ("压缩包.zip/推荐表（加密）.docx", "加了密码的压缩包成员", ("file.unreadable",)),
    ("证明材料.7z", "7z 压缩包连文件列表一起加密（密码 secret）", ("file.unreadable",)),
]  # fmt: skip


def _build_units() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for us in UNIT_SPECS:
        root = f"{us['container']}/{us['name']}" if us["kind"] == "zip" else us["container"]
        case_root = f"{root}/{us['case_dir']}" if us.get("case_dir") else root
        unit: dict[str, Any] = {
            "推荐单位": us["name"],
            "联系人": us["contact"],
            "电话": us["phone"],
            "container": us["container"],  # folder name, or archive file name
            "kind": us["kind"],  # "folder" | "zip" | "7z"
            "root": root,  # inbox-relative prefix of the unit's files
            "banzu": [],
            "not_received": [],
            "junk": [],
            "supplement": [],
        }
        for s in us["banzu"]:
            s = copy.deepcopy(s)
            if s.get("long_case"):
                s.update(bg=LONG_CASE["背景"], do=LONG_CASE["做法"], res=LONG_CASE["成果"], ben=LONG_CASE["效益"])
            total, party, women, grad, skilled = s["counts"]
            p_branch, p_group, u_branch, u_group = s["flags"]
            fields = {
                "推荐单位": us["name"],
                "联系人": us["contact"],
                "电话": us["phone"],
                "班组名称": s["name"],
                "所在单位": s["org"],
                "班组总人数": total,
                "党员人数": party,
                "女职工人数": women,
                "研究生及以上学历人数": grad,
                "高技能人才人数": skilled,
                "平均年龄": s["age"],
                "班组负责人姓名": s["leader"][0],
                "班组负责人政治面貌": s["leader"][1],
                "师徒结对": s["mentor"],
                "劳模工匠创新工作室": s["studio"],
                "名师工作室": s["master"],
                "党支部": p_branch,
                "党小组": p_group,
                "分工会": u_branch,
                "工会小组": u_group,
                "荣誉": list(s["honours"]),
                "竞赛情况": _competition_text(s),
            }
            assert tuple(fields) == FORM_FIELD_KEYS
            case = {"案例名称": s["case_title"], "背景": s["bg"], "做法": s["do"], "成果": s["res"], "效益": s["ben"]}
            appendix = s.get("case_appendix", "")
            if appendix:  # the appended page's text reads as the end of the last section
                last = [k for k in SECTION_KEYS if case[k]][-1]
                case[last] += "\n" + appendix
            form_name, case_name = _file_names(s["name"])
            form_as, case_as = s.get("form_as", "docx"), s.get("case_as", "docx")
            unit["banzu"].append({
                "fields": fields,
                "case": case,
                "form_path": f"{root}/{form_name}{FORMAT_EXT[form_as]}",
                "case_path": f"{case_root}/{case_name}{FORMAT_EXT[case_as]}",
                "form_format": form_as,
                "case_format": case_as,
                "case_appendix": appendix,
                "case_readable": not s.get("truncated_case"),
                "case_chars": sum(word_count(case[k]) for k in SECTION_KEYS if case[k]),
                "competition_chars": word_count(fields["竞赛情况"]),
                "form_style": dict(s["form_style"]),
                "case_style": dict(s["case_style"]),
            })
        for nr in us.get("not_received", []):
            unit["not_received"].append({"班组名称": nr["name"], "所在单位": nr["org"], "案例名称": nr["case_title"]})
        sm = us["summary"]
        ext = ".xlsx" if sm["fmt"] == "xlsx" else ".docx"
        listed = [b["fields"]["班组名称"] for b in unit["banzu"] if b["fields"]["班组名称"] not in sm["omit"]]
        listed += [nr["班组名称"] for nr in unit["not_received"]]
        unit["summary"] = {
            "path": f"{root}/附件3-推荐汇总表{ext}",
            "format": sm["fmt"],
            "listed": listed,
            "style": {k: v for k, v in sm.items() if k not in ("fmt", "omit")},
        }
        if us.get("junk"):
            unit["junk"] = [f"{root}/~$基本情况表.docx", f"{root}/Thumbs.db"]
        if us.get("macosx"):
            unit["junk"].append(f"{us['container']}/__MACOSX/{us['name']}/._附件3-推荐汇总表.docx")
        if us.get("supplement"):
            folder = f"{root}/{us['supplement']}"
            unit["supplement"] = [
                {"path": f"{folder}/{name}", "说明": what, "codes": list(codes)} for name, what, codes in SUPPLEMENT_FILES
            ]
        unit["_spec"] = {k: us[k] for k in ("author", "form_header", "fujian")}
        units.append(unit)
    return units


BANZU_UNITS: list[dict[str, Any]] = _build_units()


def _unit(name: str) -> dict[str, Any]:
    return next(u for u in BANZU_UNITS if u["推荐单位"] == name)


def _bz(unit: str, name: str) -> dict[str, Any]:
    return next(b for b in _unit(unit)["banzu"] if b["fields"]["班组名称"] == name)


def _case_text(bz: dict[str, Any]) -> str:
    """A case write-up as the near-copy check compares it: its section bodies, one per line."""
    return "\n".join(bz["case"][k] for k in SECTION_KEYS if bz["case"][k])


def _near_copy_plants() -> list[dict[str, Any]]:
    """The texts planted for duplicate.near_copy: one light paraphrase across units (a finding) and two pairs
    that must not be one although, compared on their own, they are as similar as a copy: a 班组 repeating its
    own case in its form (one unit), and two cases of the same field written with the same set phrases
    (which occur in the texts of six of the seven units, so the check discounts them)."""
    copy_src, copy = _bz("南京市教育工会", "智能制造实训班组"), _bz("苏州市教育工会", "数控加工技术实训班组")
    repeat = _bz("江苏省农业科学院工会", "设施园艺智能装备研发班组")
    neg_a, neg_b = _bz("南京市教育工会", "校园能源与设施运维班组"), _bz("东南大学工会", "九龙湖校区能源管理班组")
    return [
        {"plant": "light_paraphrase", "flagged": True, "units": ("南京市教育工会", "苏州市教育工会"),
         "paths": (copy_src["case_path"], copy["case_path"]), "texts": (_case_text(copy_src), _case_text(copy))},
        {"plant": "same_unit", "flagged": False, "units": ("江苏省农业科学院工会",) * 2,
         "paths": (repeat["form_path"], repeat["case_path"]),
         "texts": (repeat["fields"]["竞赛情况"], _case_text(repeat))},
        {"plant": "hard_negative", "flagged": False, "units": ("南京市教育工会", "东南大学工会"),
         "paths": (neg_a["case_path"], neg_b["case_path"]), "texts": (_case_text(neg_a), _case_text(neg_b))},
    ]


NEAR_COPY_PLANTS: list[dict[str, Any]] = _near_copy_plants()


def _build_expected() -> list[dict[str, Any]]:
    nj_long = _bz("南京市教育工会", "物理创新实验教研组")
    sz = _unit("苏州市教育工会")
    nju_b = _bz("南京大学工会", "校园网络运维保障班组")
    seu_x = _bz("东南大学工会", "工程训练中心智能制造实训班组")
    seu_y = _bz("东南大学工会", "九龙湖校区能源管理班组")
    seu_z = _bz("东南大学工会", "微纳加工工艺实验室班组")
    jaas = _unit("江苏省农业科学院工会")
    wx = _unit("无锡市教育工会")
    wx_bio = _bz("无锡市教育工会", "生物学科创新实验班组")
    wx_robot = _bz("无锡市教育工会", "工业机器人应用实训班组")
    wx_ferm = _bz("无锡市教育工会", "食品学院发酵工程实验教学班组")
    jn_ferm = _bz("江南大学工会", "食品学院发酵工程实验教学班组")
    jn_iot = _bz("江南大学工会", "物联网工程学院智能感知实验班组")
    return [
        finding("length.over", "南京市教育工会", [nj_long["case_path"]], "字数",
                 nj_long["case_chars"], CASE_LIMIT, "物理创新实验教研组"),
        finding("quota.exceeded", "苏州市教育工会", [b["form_path"] for b in sz["banzu"]], "",
                 len(sz["banzu"]), QUOTA_CITY_MAX),
        finding("length.over", "南京大学工会", [nju_b["form_path"]], "竞赛情况",
                 nju_b["competition_chars"], COMPETITION_LIMIT, "校园网络运维保障班组"),
        finding("section.missing", "东南大学工会", [seu_x["case_path"]], "效益",
                 subject="工程训练中心智能制造实训班组"),
        finding("evidence.no_numbers", "东南大学工会", [seu_y["case_path"]], "成果",
                 subject="九龙湖校区能源管理班组"),
        finding("honors.too_many", "东南大学工会", [seu_z["form_path"]], "荣誉",
                 len(seu_z["fields"]["荣誉"]), HONOURS_LIMIT, "微纳加工工艺实验室班组"),
        finding("summary.not_received", "江苏省农业科学院工会", [jaas["summary"]["path"]], "班组名称",
                 subject=jaas["not_received"][0]["班组名称"]),
        finding("field.missing", "无锡市教育工会", [wx_bio["form_path"]], "党员人数",
                 subject="生物学科创新实验班组"),
        finding("summary.not_listed", "无锡市教育工会", [wx_robot["form_path"]], "班组名称",
                 subject="工业机器人应用实训班组"),
        finding("file.junk", "无锡市教育工会", [wx["junk"][0]]),
        finding("file.junk", "无锡市教育工会", [wx["junk"][1]]),
        # A cross-unit finding names every unit involved, in path order.
        finding("duplicate.submission", "无锡市教育工会、江南大学工会", [wx_ferm["form_path"], jn_ferm["form_path"]],
                 "班组名称", 2, subject="食品学院发酵工程实验教学班组"),
        # The case was sent but is damaged: "无法读取" alone, not also "未提交" (its name names the 班组).
        finding("file.unreadable", "江南大学工会", [jn_iot["case_path"]]),
        # Real-world deliveries: the unit's office re-zipped on a Mac, a case over the upload limit.
        finding("file.junk", "苏州市教育工会", [sz["junk"][0]]),
        # 51 MB of padding plus a docx of some tens of KB: 51.0 MB to one decimal
        finding("file.too_large", "无锡市教育工会", [wx_robot["case_path"]], "",
                 round(PADDED_BYTES / 1024 / 1024, 1), UPLOAD_LIMIT_MB, "工业机器人应用实训班组"),
        # A case lightly reworded from another unit's: reported once, on both files and both units (in path
        # order); the measured similarity is a number in NEAR_COPY_SIMILARITY.
        _near_copy_finding(next(p for p in NEAR_COPY_PLANTS if p["flagged"])),
        # Not a defect of the submission: the detector passes over a line of this clean scan's 竞赛情况 and reads a
        # smudge of punctuation where it is (score 0.57); the line is read on a second look, but the field keeps the
        # doubt, so the OCR reader marks it for checking.
        finding("field.low_confidence", "东南大学工会", [seu_x["form_path"]], "竞赛情况", OCR_DOUBT,
                 OCR_MIN_CONFIDENCE, "工程训练中心智能制造实训班组"),
        *_scan_findings(),
        *_supplement_findings(),
    ]


def _near_copy_finding(plant: dict[str, Any]) -> dict[str, Any]:
    (path_a, unit_a), (path_b, unit_b) = sorted(zip(plant["paths"], plant["units"], strict=True))
    subject = next(b["fields"]["班组名称"] for u in BANZU_UNITS for b in u["banzu"] if path_a == b["case_path"])
    return finding("duplicate.near_copy", f"{unit_a}、{unit_b}", [path_a, path_b], NEAR_COPY_LABEL,
                    NEAR_COPY_SIMILARITY, NEAR_COPY_THRESHOLD, subject)


def _scan_findings() -> list[dict[str, Any]]:
    """Every scanned or photographed 附件 is read by OCR and gets file.scanned (info) with its measured
    mean confidence; the data cannot know the number, so ``actual`` is the range it must fall in."""
    out = []
    for u in BANZU_UNITS:
        for b in u["banzu"]:
            for fmt, path in ((b["form_format"], b["form_path"]), (b["case_format"], b["case_path"])):
                if fmt in OCR_FORMATS:
                    out.append(finding("file.scanned", u["推荐单位"], [path], "", SCAN_CONFIDENCE,
                                        subject=b["fields"]["班组名称"]))
    return out


def _supplement_findings() -> list[dict[str, Any]]:
    out = []
    for u in BANZU_UNITS:
        for f in u["supplement"]:
            for code in f["codes"]:
                actual = {"file.wrong_extension": PurePosixPath(f["path"]).suffix,
                          "file.scanned": SCAN_CONFIDENCE}.get(code)  # fmt: skip
                out.append(finding(code, u["推荐单位"], [f["path"]], "", actual))
    return out


EXPECTED_BANZU: list[dict[str, Any]] = _build_expected()

# --------------------------------------------------------------------------------------------------
# The registry fixture: last year's 命名名单 (samples/named_list.py writes it as .xlsx)

NAMED_YEAR = 2023
NAMED_LIST_TITLE = "2023年度江苏省教育科技系统创新型班组命名名单"
# (名称, 所在单位, 负责人). One row is a 班组 of the inbox, written with its unit in front of the name; two
# near misses carry the name of an inbox 班组 but belong to another school; the rest are unrelated.
NAMED_LIST_BANZU: list[tuple[str, str, str]] = [
    ("后勤保障服务班组", "扬州大学", "陈静"),
    ("南京市金陵中学信息科技教研组", "南京市金陵中学", "李卫东"),  # = 南京市教育工会's 信息科技教研组
    ("电气自动化实训班组", "常州机电职业技术学院", "刘强"),
    ("信息科技教研组", "南京市第十三中学", "王海涛"),  # near miss: the same name, another school
    ("分析测试中心仪器共享班组", "河海大学", "张伟"),
    ("数控加工技术实训班组", "苏州高级技工学校", "吴建华"),  # near miss: the same name, another school
    ("园林绿化养护班组", "南京林业大学", "孙丽"),
]


def _build_expected_registry() -> list[dict[str, Any]]:
    """What a run adds once the 命名名单 is in the registry (``huishen registry import``)."""
    named = _bz("南京市教育工会", "信息科技教研组")
    return [finding("registry.already_named", "南京市教育工会", [named["form_path"]], "班组名称", NAMED_YEAR,
                     subject="信息科技教研组")]


EXPECTED_BANZU_REGISTRY: list[dict[str, Any]] = _build_expected_registry()

_NUMERAL_RE = re.compile(r"[0-9０-９%％一二三四五六七八九十百千万亿两零〇]")


def _self_check() -> None:
    """The data must plant exactly the defects listed in EXPECTED_BANZU and nothing else."""
    long_case = _bz("南京市教育工会", "物理创新实验教研组")
    assert long_case["case_chars"] == LONG_CASE_CHARS, long_case["case_chars"]
    assert 650 <= LONG_CASE_CHARS <= 720
    nju_b = _bz("南京大学工会", "校园网络运维保障班组")
    assert nju_b["competition_chars"] == LONG_COMPETITION_CHARS, nju_b["competition_chars"]
    assert 1050 <= LONG_COMPETITION_CHARS <= 1120
    # The planted counts do not depend on how “”—… are classified.
    for text in [*(LONG_CASE[k] for k in SECTION_KEYS), LONG_COMPETITION]:
        assert word_count(text) == word_count(text, broad=False)
    seen: set[tuple[str, str]] = set()
    for u in BANZU_UNITS:
        for b in u["banzu"]:
            f, c, name = b["fields"], b["case"], b["fields"]["班组名称"]
            if (u["推荐单位"], name) != ("南京市教育工会", "物理创新实验教研组"):
                assert b["case_chars"] <= 580, (name, b["case_chars"])
            if name != "校园网络运维保障班组":
                assert b["competition_chars"] <= 950, (name, b["competition_chars"])
            if name != "微纳加工工艺实验室班组":
                assert len(f["荣誉"]) <= HONOURS_LIMIT
            for h in f["荣誉"]:
                assert "；" not in h and "\n" not in h
            for k in FORM_FIELD_KEYS:
                if (name, k) != ("生物学科创新实验班组", "党员人数"):
                    assert f[k] not in (None, ""), (name, k)
            if f["党员人数"] is not None:
                assert f["党员人数"] <= f["班组总人数"] and f["女职工人数"] <= f["班组总人数"]
            for k in SECTION_KEYS:
                if (name, k) == ("工程训练中心智能制造实训班组", "效益"):
                    assert c[k] is None
                    continue
                assert c[k], (name, k)
                if k in ("成果", "效益"):
                    if (name, k) == ("九龙湖校区能源管理班组", "成果"):
                        assert not _NUMERAL_RE.search(c[k]), c[k]
                    else:
                        assert re.search(r"\d", c[k]), (name, k)
            seen.add((name, f["所在单位"]))
        expected_rows = [b["fields"]["班组名称"] for b in u["banzu"]] + [n["班组名称"] for n in u["not_received"]]
        assert set(u["summary"]["listed"]) <= set(expected_rows)
    assert len(EXPECTED_BANZU) == 37
    # The near-copy plants: the copy keeps most of its source, the other two pairs share whole sentences.
    paraphrase, repeat, negative = NEAR_COPY_PLANTS
    assert paraphrase["texts"][0] != paraphrase["texts"][1]
    assert "装备在全省推广应用1.8万亩" in repeat["texts"][0] and "装备在全省推广应用1.8万亩" in repeat["texts"][1]
    for phrase in STOCK_PHRASES:
        assert phrase in negative["texts"][0] and phrase in negative["texts"][1], phrase
        users = {u["推荐单位"] for u in BANZU_UNITS for b in u["banzu"]
                 if phrase in b["fields"]["竞赛情况"] or b["case_readable"] and phrase in _case_text(b)}
        assert len(users) >= 6, (phrase, users)  # stock for the check: in the texts of ≥ 5 units


_self_check()


# --------------------------------------------------------------------------------------------------
# 补充材料: one file of every broken or hostile kind

PHOTO_BANNER = "创新型班组对标竞赛成果展示交流会"  # on the event photo saved as 活动照片.docx


def _supplement_sources(author: str) -> dict[str, bytes]:
    """The typed documents the broken files of 补充材料 are made from (keys: supplement file names)."""
    return {
        "获奖证书.pdf": note_docx(author, FIXED_DT, "获奖证书", [
            "南京市第一中学物理创新实验教研组：",
            "在2023年南京市中小学自制教具评比中，你组研制的数字化力学实验器材荣获一等奖。特发此证，以资鼓励。",
            "南京市教育局　2023年12月",
        ]),
        "专利证书.pdf": note_docx(author, FIXED_DT, "实用新型专利证书", [
            "实用新型名称：一种基于智能手机传感器的简易数据采集装置",
            "专利权人：南京市第一中学　授权公告日：2023年6月16日",
        ]),
        "成果清单.docx": note_docx(author, FIXED_DT, "班组创新成果清单", [
            "1.数字化实验器材42套；2.国家实用新型专利5项；3.省级以上期刊论文11篇。",
        ]),
        "班组简介.docx": note_docx(author, FIXED_DT, "班组简介", ["物理创新实验教研组现有成员12人。"]),
        "证明材料.docx": note_docx(author, FIXED_DT, "证明材料", ["以上成果真实有效，特此证明。"]),
    }  # fmt: skip


def _supplement_files(folder: str, converted: dict[str, bytes], sources: dict[str, bytes]) -> dict[str, bytes]:
    """补充材料/ as the unit sent it: {inbox path: bytes}, archives already packed."""
    award = converted[f"{folder}/获奖证书.pdf"]
    zipped = hostile.encrypted_member_zip(
        {"../../推荐表.docx": sources["成果清单.docx"],  # extracted naively, it lands two folders up
         "附件材料.docx": b"\x00" * (20 * 1024 * 1024),  # 20 MB that deflate to some 20 KB
         "推荐表（加密）.docx": sources["成果清单.docx"]},
        {"推荐表（加密）.docx"}, zipfile.ZIP_DEFLATED)  # fmt: skip
    files = {
        "补充说明.docx": b"",
        "获奖证书.pdf": award[: len(award) // 2],
        "活动照片.docx": event_photo(PHOTO_BANNER),
        "成果清单.docx": hostile.encrypted_docx(sources["成果清单.docx"]),
        "专利证书.pdf": converted[f"{folder}/专利证书.pdf"],
        "班组简介.docx": hostile.entity_bomb_docx(sources["班组简介.docx"]),
        "工作总结.pdf": hostile.self_loop_pdf(),
        ".DS_Store": hostile.ds_store(),
        "压缩包.zip": zipped,
        "证明材料.7z": hostile.seven_zip({"证明材料.docx": sources["证明材料.docx"]}, "secret", header_encryption=True),
    }
    return {f"{folder}/{name}": data for name, data in files.items()}


# --------------------------------------------------------------------------------------------------
# The inbox


def build_banzu_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``banzu`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = empty_dest(dest)
    if not has_soffice():
        raise RuntimeError("生成样例需要 LibreOffice（找不到 soffice 命令）：sudo apt-get install libreoffice-writer-nogui")

    files: dict[str, bytes] = {}  # inbox path -> bytes; archive members as "<archive>/<member>", packed last
    typed: dict[str, tuple[bytes, str, str]] = {}  # inbox path -> (docx, how it is delivered, a scanned appendix)
    sdt_id = 1_473_920_000
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            sdt_id += 1
            typed[bz["form_path"]] = (form_docx(unit, bz, sdt_id), bz["form_format"], "")
            typed[bz["case_path"]] = (case_docx(unit, bz), bz["case_format"], bz["case_appendix"])
        sm = unit["summary"]
        files[sm["path"]] = summary_xlsx(unit) if sm["format"] == "xlsx" else summary_docx(unit)
        for path in unit["junk"]:
            files[path] = junk_bytes(path)
    sup = next(u for u in BANZU_UNITS if u["supplement"])
    folder = PurePosixPath(sup["supplement"][0]["path"]).parent.as_posix()
    sources = _supplement_sources(sup["_spec"]["author"])
    more = {PDF_EXPORT: {f"{folder}/获奖证书.pdf": sources["获奖证书.pdf"]},
            ENCRYPTED_PDF: {f"{folder}/专利证书.pdf": sources["专利证书.pdf"]}}
    delivered = deliver(typed, FIXED_DT, more, PADDED_BYTES)
    for bz in (b for u in BANZU_UNITS for b in u["banzu"] if not b["case_readable"]):
        delivered[bz["case_path"]] = delivered[bz["case_path"]][:1500]  # an interrupted upload / copy
    files.update(delivered)
    files.update(_supplement_files(folder, delivered, sources))
    return write_inbox(dest, files, FIXED_DT)
