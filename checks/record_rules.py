"""Per-record checks: each looks at one document's record and its kind in the profile."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from checks.base import Check
from checks.evidence import has_numbers
from checks.models import Finding
from extractors.choices import read_choice
from extractors.models import Record, Severity
from extractors.profile import KindSpec
from extractors.text import cn_to_int, nfkc, squash, word_count

UNREADABLE, JUNK, UNRECOGNISED = "unreadable", "junk", "unrecognised"


def _label(kind: KindSpec, key: str) -> str:
    f = kind.field(key)
    return f.labels[0] if f and f.labels else key


class FileUnreadable(Check):
    """文件无法读取：损坏、加密、格式不支持或不是它声称的格式。

    每个无法读取的文件都单独列出原因，批次照常完成。

    不通过：``班组案例.docx`` 只有前 1500 字节（传输中断） -> “Word 文件已损坏或不完整”。
    通过：能正常打开的 .docx / .pdf / .xlsx。
    """

    code = "file.unreadable"
    name = "file.unreadable"
    title = "文件无法读取"
    severity = Severity.ERROR
    groups = ("file",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.kind == UNREADABLE:
            yield self.finding(record, f"文件无法读取：{record.reason}", evidence=record.reason)


class FileJunk(Check):
    """系统临时文件或无关文件（Word 锁文件 ``~$*.docx``、Thumbs.db、.DS_Store、__MACOSX），只列出，不处理。

    不通过（提示）：``~$基本情况表.docx``。
    通过：正常材料。
    """

    code = "file.junk"
    name = "file.junk"
    title = "临时文件已忽略"
    severity = Severity.INFO
    groups = ("file",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.kind == JUNK:
            yield self.finding(record, f"已忽略：{record.reason}", evidence=record.reason)


class FileSuperseded(Check):
    """同一单位对同一对象的同一种材料交了不止一份（更正稿放在原稿旁边、Word 和 PDF 各交一份、或者后来又寄了
    一次）：只算最新的一份，其余的列出来说明已被更正稿取代，不算重复推荐、不占名额、不进汇总表，也不再逐份检查。

    哪份最新：文件名（或所在文件夹名）带“修改稿、修改版、修订稿、修订版、更正、更新、终稿、最终版、定稿、新版、
    重新提交”的胜过不带的，版本号（v2、第2版、（2）、-2）大的胜过小的或没有的；分不出时看文件修改时间，晚的
    为准；时间也相同时 Word 版胜过 PDF 版（栏目是键入的文字），PDF 胜过扫描件；再分不出按文件名顺序取后一份。
    不同单位推荐同一对象仍是“重复推荐”。

    不通过（提示）：南京市教育工会交了“附件1-基本情况表-物理创新实验教研组.docx”和
    “附件1-基本情况表-物理创新实验教研组（修改稿）.docx” -> 原稿“已被更正稿取代”，只有修改稿计入。
    通过：每个对象每种材料只交了一份。
    """

    code = "file.superseded"
    name = "file.superseded"
    title = "已被更正稿取代"
    severity = Severity.INFO
    groups = ("file",)
    on_superseded = True

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if not record.superseded_by:
            return
        winner, own = record.superseded_by.rsplit("/", 1)[-1], record.path.rsplit("/", 1)[-1]
        if winner == own:  # the same name in two folders: the paths tell them apart
            winner, own = record.superseded_by, record.path
        noun = kind.subject.removesuffix("名称") if kind and kind.subject.endswith("名称") else "对象"
        why = f"（{record.superseded_why}）" if record.superseded_why else ""
        yield self.finding(record, f"“{winner}”是同一{noun}的更正稿，原稿“{own}”不再计入{why}",
                           evidence=f"以“{record.superseded_by}”为准")


class FileUnrecognised(Check):
    """文件能打开，但不是本次评选的任何一种材料（基本情况表、案例、推荐汇总表……）。

    判断依据是文件内容（表格栏目、案例小标题、汇总表表头），不是文件名。

    不通过：一份会议通知 .docx。
    通过：按附件模板填写的材料。
    """

    code = "file.unrecognised"
    name = "file.unrecognised"
    title = "未识别的材料"
    severity = Severity.WARNING
    groups = ("file",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.kind == UNRECOGNISED:
            yield self.finding(record, f"未识别为本次评选的材料：{record.reason}", evidence=record.reason)


class FileTooLarge(Check):
    """文件超过通知规定的上传大小（配置项 ``max_file_mb``）。文件仍会被处理。

    不通过：通知限 50M，文件 63.2 MB。
    通过：文件小于上限。
    """

    code = "file.too_large"
    name = "file.too_large"
    title = "文件超过大小限制"
    severity = Severity.WARNING
    groups = ("file",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.part_of:
            return  # a second material read from a file: the file's own record reports the file
        limit = self.profile.max_file_mb
        if limit and record.size > limit * 1024 * 1024:
            mb = round(record.size / 1024 / 1024, 1)
            yield self.finding(record, f"文件 {mb} MB，超过通知规定的 {limit:g} MB 上限", actual=mb, limit=limit)


# What each format's files are called; a file whose content is another format gets file.wrong_extension.
_EXTENSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "docx": ("Word 文档（.docx）", frozenset({".docx", ".docm", ".dotx", ".dotm"})),
    "pdf": ("PDF 文件", frozenset({".pdf"})),
    "xlsx": ("Excel 表格（.xlsx）", frozenset({".xlsx", ".xlsm", ".xltx"})),
    "legacy": (
        "旧版 Word/WPS/RTF/OpenDocument 文档",
        frozenset({".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt", ".ott"}),
    ),
    "legacy_sheet": ("旧版 Excel/WPS 表格", frozenset({".xls", ".xlt", ".et", ".ett", ".ods"})),
    "image": ("图片", frozenset({".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".bmp", ".gif"})),
}


class FileWrongExtension(Check):
    """扩展名与文件内容不符：按内容识别格式并照常读取，同时提示核对是否提交了正确的文件。

    不通过：``基本情况表.docx`` 的内容其实是一张 JPEG 照片 -> “扩展名是 .docx，但内容是图片”。
    通过：``基本情况表.docx`` 是 Word 文档；``.wps`` 文件是旧版 Word 格式（WPS 的正常保存方式）。
    """

    code = "file.wrong_extension"
    name = "file.wrong_extension"
    title = "扩展名与内容不符"
    severity = Severity.WARNING
    groups = ("file",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.part_of:
            return  # a second material read from a file: the file's own record reports the file
        known = _EXTENSIONS.get(record.fmt)
        ext = PurePosixPath(record.path).suffix.lower()
        if known is None or not ext or ext in known[1]:
            return
        yield self.finding(
            record,
            f"扩展名是 {ext}，但内容是{known[0]}（已按实际内容读取，请核对是否提交了正确的文件）",
            actual=ext,
            evidence=known[0],
        )


class FileScanned(Check):
    """扫描件或照片：文字由 OCR 识别得到，附平均识别清晰度，提示对关键栏目人工核对。

    不通过（提示）：一张拍照的基本情况表 ``基本情况表.jpg`` -> “图片经文字识别（OCR）读取，平均识别清晰度 96.2%”。
    通过：Word 文档或带文字层的 PDF。
    """

    code = "file.scanned"
    name = "file.scanned"
    title = "扫描件（文字识别）"
    severity = Severity.INFO
    groups = ("file", "ocr")

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.part_of:
            return  # a second material read from a file: the file's own record reports the file
        if not record.ocr_pages:
            return
        if record.fmt == "image":
            what = "图片" if record.pages <= 1 else f"图片（共 {record.pages} 页）"
        elif record.ocr_pages >= record.pages:
            what = "扫描件" if record.pages <= 1 else f"扫描件（共 {record.pages} 页）"
        else:
            what = f"部分页面为扫描件（{record.pages} 页中 {record.ocr_pages} 页）"
        conf = record.ocr_confidence
        tail = f"平均识别清晰度 {conf:.1%}" if conf is not None else "未识别出文字"
        yield self.finding(
            record,
            f"{what}经文字识别（OCR）读取，{tail}",
            actual=round(conf, 3) if conf is not None else None,
            evidence=f"识别页数 {record.ocr_pages}",
        )


class FieldLowConfidence(Check):
    """扫描件中识别清晰度偏低的栏目（低于配置项 ``ocr_min_confidence``），请对照原件核对。

    这些栏目在材料明细中以橙色标出。识别结果恰好是表格规定的选项之一（如政治面貌“中共党员”）的栏目不报：
    看错的字不会恰好组成一个选项；勾选题每个方框都读到、恰好勾了一项的也不报。

    不通过：照片中“班组总人数”一栏字迹模糊，识别清晰度 62%（低于 85%）。
    通过：Word 文档（没有识别环节），或识别清晰的扫描件。
    """

    code = "field.low_confidence"
    name = "ocr.field_low_confidence"
    title = "识别结果待核对"
    severity = Severity.WARNING
    groups = ("field", "ocr")

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if not record.ocr_pages or kind is None:
            return
        limit = self.profile.ocr_min_confidence
        for key, fv in record.fields.items():
            if fv.confidence is None or fv.confidence >= limit or not fv.raw.strip():
                continue
            spec = kind.field(key)
            if spec and spec.choices and squash(fv.raw) in {squash(c) for c in spec.choices}:
                continue  # one of the form's own answers: a misreading would not land on one
            if spec and spec.choice and _one_box_ticked(fv.raw, spec.choices):
                continue  # boxes read in full, exactly one ticked: a misread box would not leave one ticked
            shown = fv.raw if len(fv.raw) <= 40 else fv.raw[:40] + "……"
            yield self.finding(
                record,
                f"“{_label(kind, key)}”识别清晰度 {fv.confidence:.1%}，低于 {limit:.0%}，请对照原件核对：{shown}",
                field=key,
                actual=round(fv.confidence, 3),
                limit=limit,
                evidence=fv.raw,
            )


def _one_box_ticked(raw: str, options: list[str]) -> bool:
    got = read_choice(raw, options)
    return got.boxed and len(got.ticked) == 1 and not got.guessed


class FieldMissing(Check):
    """必填项未填写：配置中 ``required = true`` 的栏目为空（只有模板提示语也算空）。

    不通过：基本情况表“党员人数”一栏空白 -> “必填项‘党员人数’未填写”。
    通过：所有必填栏目都有内容。
    """

    code = "field.missing"
    name = "field.missing"
    title = "必填项缺失"
    severity = Severity.ERROR
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            if f.required and record.value(f.key) is None:
                fv = record.fields.get(f.key)
                if fv is not None and fv.raw and fv.problem:
                    continue  # written but unreadable: field.invalid reports it
                if f.choice and fv is not None and fv.where:
                    continue  # its options found but none chosen: choice.invalid reports it
                message, evidence = f"必填项“{_label(kind, f.key)}”未填写", _looked_for(kind, f, fv)
                if f.date_of:
                    message = f"“{_label(kind, f.date_of)}”没有填写日期"
                if f.key == kind.subject and record.name_hint:
                    evidence = (f"按{record.name_hint_source}推断为“{record.name_hint}”，"
                                f"已据此与推荐汇总表和配套材料对应")
                    message += f"（{evidence}）"
                yield self.finding(record, message, field=f.key, evidence=evidence)


def _looked_for(kind: KindSpec, spec, fv) -> str:
    """Where a missing field was looked for: the empty cell found under its label, or the labels searched."""
    label = _label(kind, spec.key)
    if fv is not None and fv.where:
        return f"找到“{fv.label or label}”一栏（{fv.where}），但没有填写内容"
    names = "、".join(dict.fromkeys(spec.labels or [label]))
    return f"{kind.title}中没有找到这一栏（按栏目名查找：{names}）"


PROGRAM_ERROR = "程序出错，经过已记入运行日志 huishen.log"


class CheckFailed(Check):
    """某项检查在这份材料（或整批材料）上出错，没能完成；其余检查照常进行。请人工核对这一项。

    不会因为一份材料让整批中断：出错的检查变成这份材料上的一条问题，写明是哪项检查、出了什么错。

    不通过：一份一百多万字的案例让文字检查出错 -> “‘缺少数据支撑’检查未能完成（……），请人工核对”。
    通过：所有检查都正常完成。
    """

    code = "check.failed"
    name = "pipeline.check_failed"
    title = "检查未能完成"
    severity = Severity.WARNING
    groups = ("pipeline",)

    def about(self, chk: Check, error: Exception, record: Record | None) -> Finding:
        # The error's own words are English (a library's, or Python's): they go to huishen.log, where the
        # catalogue logs the traceback; the clerk reads what happened and what to do.
        where = "这份材料" if record is not None else "整批材料"
        return self.finding(record, f"“{chk.title}”检查在{where}上未能完成（{PROGRAM_ERROR}），请人工核对这一项",
                            evidence=chk.code, batch=record is None)


class UnitGuessed(Check):
    """无法确定材料属于哪个推荐单位，只能推测。

    各单位的材料放在各自的文件夹或压缩包里时，单位由表头和文件夹确定；所有单位的材料混在一个文件夹里时
    （从邮箱或 OA 系统统一下载），逐个文件判断：表头写明的推荐单位、汇总表里列出它的单位、它所对应的推荐表
    的单位、文件名里的单位名。都判断不出时，暂归入该文件夹里材料最多的单位，并报告本项，请人工核对。

    不通过：混放的文件夹里，一份案例既没写班组名称，文件名里也没有班组或单位名。
    通过：每份材料都能从内容或对应关系判断出单位。
    """

    code = "unit.guessed"
    name = "unit.guessed"
    title = "所属单位为推测"
    severity = Severity.WARNING
    groups = ("unit",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if record.unit_source == "推测" and record.kind not in (JUNK, UNRECOGNISED):
            yield self.finding(record, f"无法从材料内容、汇总表或文件名确定所属推荐单位，暂归入“{record.unit}”，"
                               "请核对", evidence="文件夹中混有多个单位的材料")


class FieldInvalid(Check):
    """栏目有内容，但不是要求的格式（数字、日期、勾选），原文照录以便人工核对。

    不通过：“班组总人数”填“若干”。
    通过：“8人”“约50万元”“三”“2019年3月”“☑”。
    """

    code = "field.invalid"
    name = "field.invalid"
    title = "栏目格式无法识别"
    severity = Severity.WARNING
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            fv = record.fields.get(f.key)
            if fv is not None and fv.problem:
                yield self.finding(record, f"“{_label(kind, f.key)}”{fv.problem}", field=f.key, evidence=fv.raw)


class LengthOver(Check):
    """字数超过上限。按 Word“字数统计”的规则计数：每个汉字和全角标点计 1，
    连续的字母、数字、半角符号计 1（“35%”=1，“2024年”=2，“AI技术”=3）；标题、小标题不计入。

    上限来自配置：栏目的 ``max_chars``（如竞赛情况 1000 字），正文类材料的 ``max_chars``（如案例 600 字）。

    不通过：案例正文 687 字 -> “案例正文 687 字，超出 600 字上限 87 字”。
    通过：案例正文 598 字。
    """

    code = "length.over"
    name = "text.length_over"
    title = "字数超限"
    severity = Severity.ERROR
    groups = ("text",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            if not f.max_chars:
                continue
            value = record.value(f.key)
            if not isinstance(value, str):
                continue
            n = word_count(value)
            if n > f.max_chars:
                yield self.finding(
                    record, f"{_label(kind, f.key)} {n} 字，超出 {f.max_chars} 字上限 {n - f.max_chars} 字",
                    field=f.key, actual=n, limit=f.max_chars,
                )
        if kind.layout == "sections" and kind.max_chars and kind.count_field:
            n = record.value(kind.count_field)
            if isinstance(n, int) and n > kind.max_chars:
                yield self.finding(
                    record, f"{kind.title}正文 {n} 字，超出 {kind.max_chars} 字上限 {n - kind.max_chars} 字",
                    field=kind.count_field, actual=n, limit=kind.max_chars,
                )


class SectionMissing(Check):
    """正文缺少必需的部分（如案例的 案例背景 / 主要做法 / 创新成果 / 效益影响），或该部分只有标题没有内容。

    小标题可以写成“一、案例背景”“1.案例背景”“【案例背景】”“案例背景：……”，也可以写在表格里。

    不通过：案例没有“效益影响”部分 -> “缺少‘效益影响’部分”。
    通过：四个部分都有小标题和内容。
    """

    code = "section.missing"
    name = "structure.section_missing"
    title = "缺少必需部分"
    severity = Severity.ERROR
    groups = ("structure",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None or kind.layout != "sections":
            return
        for s in kind.sections:
            sec = record.sections.get(s.key)
            if not s.required:
                continue
            if sec is None or not sec.heading:
                yield self.finding(record, f"缺少“{s.title}”部分", field=s.key)
            elif not sec.body.strip():
                yield self.finding(record, f"“{s.title}”部分只有标题，没有内容", field=s.key, evidence=sec.heading)


class EvidenceNoNumbers(Check):
    """成果、效益要以数据体现：该部分找不到任何量化表述（数字加单位、百分比、中文数字加量词）。

    年份、日期、“一是”“一项制度”这类说法不算数据。需要的部分由配置中的 ``evidence = true`` 指定。

    不通过：“创新成果：形成了较好的工作机制，得到师生广泛好评。”
    通过：“创新成果：获授权发明专利3项，节约经费12.5万元，效率提升35%。”
    """

    code = "evidence.no_numbers"
    name = "content.evidence_no_numbers"
    title = "缺少数据支撑"
    severity = Severity.WARNING
    groups = ("content",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        units = self.profile.evidence.units
        for s in kind.sections:
            sec = record.sections.get(s.key)
            if s.evidence and sec is not None and sec.body.strip() and not has_numbers(sec.body, units).found:
                yield self.finding(
                    record, f"“{s.title}”部分没有用数据说明（未发现数字、百分比或数量）",
                    field=s.key, evidence=sec.body[:60],
                )
        for f in kind.fields:
            value = record.value(f.key)
            if f.evidence and isinstance(value, str) and not has_numbers(value, units).found:
                yield self.finding(
                    record, f"“{_label(kind, f.key)}”没有用数据说明（未发现数字、百分比或数量）",
                    field=f.key, evidence=value[:60],
                )


class HonorsTooMany(Check):
    """列表栏目的项数超过上限（如“市级以上集体或个人荣誉（不超过5项）”），上限为配置中的 ``max_items``。

    每行一项，或用“；”分隔；编号会被去掉。

    不通过：荣誉填了 6 项 -> “荣誉 6 项，超过 5 项上限”。
    通过：5 项及以下。
    """

    code = "honors.too_many"
    name = "field.list_too_long"
    title = "荣誉项数超限"
    severity = Severity.ERROR
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            items = record.value(f.key)
            if f.max_items and isinstance(items, list) and len(items) > f.max_items:
                yield self.finding(
                    record, f"{_label(kind, f.key)} {len(items)} 项，超过 {f.max_items} 项上限",
                    field=f.key, actual=len(items), limit=f.max_items, evidence="；".join(items),
                )


def earliest_day(value: str) -> dt.date | None:
    """The earliest day a date written as "YYYY", "YYYY-MM" or "YYYY-MM-DD" can mean."""
    parts = [int(x) for x in str(value).split("-")]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class EligibilityEstablished(Check):
    """运行年限不足：日期栏目（如 建立日期）晚于“通知日期往前推 N 年”。规则来自配置 ``[[eligibility.established]]``
    （栏目、年数、参照日期，默认为通知日期）。只写到月或年的日期按该月（年）第一天算，对申报单位有利。

    不通过：通知日期 2024-11-05 要求运行 3 年以上，建立日期 2022-03 -> 晚于 2021-11-05。
    通过：建立日期 2019-03。
    """

    code = "eligibility.established"
    name = "eligibility.established_too_late"
    title = "运行年限不足"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.eligibility.established:
            if kind.field(rule.field) is None:
                continue
            value = record.value(rule.field)
            day = earliest_day(value) if value else None
            if day is None:
                continue
            reference = rule.reference or self.profile.notice_date
            cutoff = years_before(reference, rule.years)
            if day > cutoff:
                need = rule.description or f"满 {rule.years} 年"
                yield self.finding(
                    record, f"{_label(kind, rule.field)} {value}，晚于 {cutoff.isoformat()}："
                    f"截至 {reference.isoformat()} 不满 {rule.years} 年（要求{need}）",
                    field=rule.field, actual=value, limit=cutoff.isoformat(),
                )


class EligibilityTitle(Check):
    """资格不符：栏目的值不在认可范围内，如领衔人技术等级不是“高级以上职称”。认可的写法是配置
    ``[[eligibility.titles]]`` 中的一组正则表达式（正高级、副高级、高级工程师、教授、研究员、主任医师、
    高级技师……；“高级工”是技能等级，不算）。栏目为空时由“必填项缺失”报告。

    不通过：技术等级“工程师”。
    通过：技术等级“高级工程师”“副教授”“主任医师”。
    """

    code = "eligibility.title"
    name = "eligibility.value_not_accepted"
    title = "职称不符合条件"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.eligibility.titles:
            if kind.field(rule.field) is None:
                continue
            value = record.value(rule.field)
            if value is None:
                continue
            text = squash(nfkc(str(value)))
            if not any(re.search(p, text) for p in rule.accepted):
                need = rule.description or "符合条件的职称"
                yield self.finding(record, f"{_label(kind, rule.field)}为“{value}”，不符合要求：{need}",
                                   field=rule.field, actual=str(value))


_SCALE_TO = {("万元", "元"): 1e-4, ("万元", "亿元"): 1e4, ("元", "万元"): 1e4, ("元", "亿元"): 1e8,
             ("亿元", "万元"): 1e-4, ("亿元", "元"): 1e-8}
_NUM_TEXT = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_CLAUSE = r"[^，。；！？,;\n]"


def stated_figures(text: str, cues: list[str], units: list[str]) -> list[tuple[float, bool, str, str]]:
    """Figures stated with a cue word in the same clause: (number, approximate, unit, quote).

    "获授权专利12项" and "12项专利" both state 12 for cue 专利 and unit 项; "300余万元" is approximate.
    """
    cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    figure = rf"(?P<num>{_NUM_TEXT})\s*(?P<approx>余|多)?\s*(?P<unit>{unit})"
    patterns = [re.compile(rf"(?:{cue}){_CLAUSE}{{0,15}}?{figure}"), re.compile(rf"{figure}{_CLAUSE}{{0,6}}?(?:{cue})")]
    out = []
    norm = nfkc(text)
    for pat in patterns:
        for m in pat.finditer(norm):
            raw = m.group("num")
            num = float(raw) if raw[0].isdigit() else cn_to_int(raw)
            if num is None:
                continue
            out.append((num, bool(m.group("approx")), m.group("unit"), m.group().strip()))
    return out


def disagreement(text: str, value: float, unit: str, cues: list[str], units: list[str]) -> tuple[float, str] | None:
    """(the figure stated, its quote) when ``text`` states figures near ``cues`` and none of them agrees with
    ``value`` (in ``unit``); None when one agrees or none is stated."""
    # (number in the field's own unit, approximate, quote)
    figures = [(num * _SCALE_TO.get((unit, said), 1.0), approx, quote)
               for num, approx, said, quote in stated_figures(text, cues, units)]
    if not figures or any(num <= value <= num * 1.5 if approx else abs(num - value) < 1e-6
                          for num, approx, _ in figures):
        return None
    num, _, quote = max(figures)
    return (int(num) if float(num).is_integer() else round(num, 4)), quote


class NumbersInconsistent(Check):
    """正文中的数字与表内栏目矛盾：长文本（如主要业绩）在提到某个提示词（如“专利”）的同一分句里写了一个数，
    与对应栏目（如 取得专利数量）不符。规则来自配置 ``[[consistency]]``：文本栏目、表内栏目、提示词、单位。
    文本也可以是配套材料正文的一部分（如申报书的“取得成效”），与它所对应的申报表的栏目比较（整批检查时）。
    单位会换算（“300万元”与以万元计的 300 相同）；“300余万元”允许表内数在 300 到 450 之间。正文有多处
    相关数字时，只要有一处与表内一致就不报。

    不通过：主要业绩写“获授权国家专利12项”，取得专利数量填 8；申报书“取得成效”写“受益教职工180人”，申报表
    “受益教职工（人）”填 800。
    通过：主要业绩写“获授权专利8项，其中发明专利3项”，取得专利数量填 8。
    """

    code = "numbers.inconsistent"
    name = "content.numbers_inconsistent"
    title = "正文数字与表内不一致"
    severity = Severity.WARNING
    groups = ("content",)
    phase = "both"  # a text of the same record, and a section of an attachment against its entry's field

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.consistency:
            spec = kind.field(rule.field)
            text = record.value(rule.text_field)
            value = record.value(rule.field)
            if spec is None or not isinstance(text, str) or not isinstance(value, int | float):
                continue
            if (found := disagreement(text, value, spec.unit, rule.cues, rule.units)) is not None:
                stated, quote = found
                yield self.finding(
                    record, f"{_label(kind, rule.text_field)}中写“{quote}”，与“{_label(kind, rule.field)}”"
                    f"填写的 {value:g}{spec.unit} 不一致",
                    field=rule.field, actual=stated, limit=value, evidence=quote, batch=False,
                )

    def check_batch(self, batch) -> Iterable[Finding]:
        by_path = batch.by_path()
        for att_path, entry_path in sorted(batch.links.items()):
            att, entry = by_path.get(att_path), by_path.get(entry_path)
            if att is None or entry is None:
                continue
            att_kind, entry_kind = self.profile.kind(att.kind), self.profile.kind(entry.kind)
            if att_kind is None or entry_kind is None:
                continue
            for rule in self.profile.consistency:
                section = next((s for s in att_kind.sections if s.key == rule.text_field), None)
                spec = entry_kind.field(rule.field)
                sec = att.sections.get(rule.text_field)
                value = entry.value(rule.field)
                if section is None or spec is None or sec is None or not isinstance(value, int | float):
                    continue
                if (found := disagreement(sec.body, value, spec.unit, rule.cues, rule.units)) is not None:
                    stated, quote = found
                    yield self.finding(
                        att, f"{att_kind.title}“{section.title}”中写“{quote}”，与{entry_kind.title}“"
                        f"{_label(entry_kind, rule.field)}”填写的 {value:g}{spec.unit} 不一致",
                        field=rule.field, actual=stated, limit=value, evidence=quote, batch=True,
                    )
