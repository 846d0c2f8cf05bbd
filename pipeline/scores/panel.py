"""The panel of one batch: which entries are scored (and which are left out, why), by which experts, on which
criteria. Kept as ``<out>/评审/评审组.json`` so that filled sheets are checked against what was sent out.

An entry is a recognised record of an entry kind (role ``entry``) that no corrected copy replaced. It is left
out when an open error (not marked 不是问题（忽略）) whose code starts with one of ``scoring.disqualify`` is on
it: on its own file, or a batch finding naming its file or (its unit and) its name.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractors.profile import Profile, ProfileError, ScoringSpec
from pipeline.atomic import write_atomic
from pipeline.outputs.book import SCORES_FOLDER
from pipeline.review import decisions as decisions_mod

_log = logging.getLogger(__name__)

RECORDS = "records.json"
FOLDER = SCORES_FOLDER
PANEL_FILE = "评审组.json"
SHEET_PREFIX = "评分表-"
VERSION = 1


class ScoresError(Exception):
    """What ``huishen scores`` cannot do, in words for the user (Chinese)."""


@dataclass
class Entry:
    no: str  # 编号 on the sheets: "01", "02", … in the order of unit, name, file
    unit: str
    name: str
    path: str


@dataclass
class LeftOut:
    unit: str
    name: str
    path: str
    reasons: list[str]


@dataclass
class Panel:
    profile: str
    campaign: str  # the profile's title
    spec: ScoringSpec
    experts: list[str]
    entries: list[Entry]
    left_out: list[LeftOut] = field(default_factory=list)

    def entry(self, no: str) -> Entry | None:
        return next((e for e in self.entries if e.no == no), None)

    def as_json(self) -> dict[str, Any]:
        return {"version": VERSION, "profile": self.profile, "campaign": self.campaign,
                "scoring": self.spec.model_dump(), "experts": self.experts,
                "entries": [asdict(e) for e in self.entries], "left_out": [asdict(x) for x in self.left_out]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Panel:
        return cls(d["profile"], d["campaign"], ScoringSpec.model_validate(d["scoring"]), list(d["experts"]),
                   [Entry(**e) for e in d["entries"]], [LeftOut(**x) for x in d.get("left_out", [])])


def folder(out_dir: Path) -> Path:
    return Path(out_dir) / FOLDER


def sheet_name(expert: str) -> str:
    return f"{SHEET_PREFIX}{expert}.xlsx"


def read_records(out_dir: Path) -> dict[str, Any]:
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ScoresError(f"找不到输出文件夹：{out_dir}")
    p = out_dir / RECORDS
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ScoresError(f"{out_dir} 中没有 {RECORDS}：请先用 huishen run 审查材料（--out 指向这个文件夹），"
                          "再生成评分表") from e
    except (OSError, ValueError) as e:
        raise ScoresError(f"{p} 无法读取或已损坏，请重新运行 huishen run") from e
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ScoresError(f"{p} 不是汇审生成的审查结果：请重新运行 huishen run")
    return data


def profile_for(records: dict[str, Any], name: str | None = None) -> Profile:
    from pipeline.config import resolve_profile

    name = name or str(records.get("profile") or "")
    if not name:
        raise ScoresError("records.json 没有写明评选配置：请用 --profile 指明")
    try:
        return resolve_profile(name)
    except ProfileError as e:
        raise ScoresError(f"{e}\n（本批审查时如用的是配置文件，请用 --profile 给出该文件的路径）") from e


def scoring_of(profile: Profile) -> ScoringSpec:
    if profile.scoring is None:
        raise ScoresError(f"“{profile.title}”（配置 {profile.name}）的通知没有评审评分表，这项评选没有评分表可以生成；"
                          "如需评审，请在配置文件中加上 [scoring] 一节（评审指标、分值和要点）")
    return profile.scoring


def _subject(doc: dict[str, Any], profile: Profile) -> str:
    spec = profile.kind(doc.get("kind", ""))
    value = (doc.get("fields") or {}).get(spec.subject) if spec and spec.subject else None
    return str(value).strip() if value else ""


def _disqualifying(f: dict[str, Any], spec: ScoringSpec, decisions: decisions_mod.Decisions) -> bool:
    if f.get("severity") != "error":
        return False
    code = str(f.get("code") or "")
    if not any(code == p or (p.endswith(".") and code.startswith(p)) for p in spec.disqualify):
        return False
    d = decisions.get(str(f.get("key") or ""))
    return d is None or not d.ignored


def build_panel(out_dir: Path, profile: Profile, experts: list[str]) -> Panel:
    """The entries of the batch in ``out_dir`` to be scored by ``experts``, and those left out (with why)."""
    spec = scoring_of(profile)
    records = read_records(out_dir)
    try:
        decisions = decisions_mod.load(out_dir)
    except decisions_mod.DecisionError as e:
        raise ScoresError(str(e)) from e
    entry_kinds = {k.key for k in profile.kinds_with_role("entry")}
    docs = [d for d in records["documents"] if isinstance(d, dict) and d.get("kind") in entry_kinds
            and not d.get("superseded_by")]
    batch = [f for f in records.get("findings") or [] if isinstance(f, dict)]
    rows: list[tuple[str, str, str, list[str]]] = []
    linked = _linked(records, profile)
    for d in docs:
        unit, path, name = str(d.get("unit") or ""), str(d.get("path") or ""), _subject(d, profile)
        name = name or Path(path).stem
        # its own findings and those on its write-ups (成效 written as a plan is found on the 申报书)
        own = [f for a in [d, *linked.get((unit, _plain(name)), [])] for f in a.get("findings") or []]
        reasons = [f["message"] for f in own if _disqualifying(f, spec, decisions)]
        for f in batch:
            named = path in (f.get("paths") or []) or (
                name and f.get("subject") == name and (not f.get("units") or unit in f.get("units")))
            if named and _disqualifying(f, spec, decisions):
                reasons.append(str(f.get("message") or ""))
        rows.append((unit, name, path, list(dict.fromkeys(reasons))))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    eligible = [r for r in rows if not r[3]]
    width = max(2, len(str(len(eligible))))
    entries = [Entry(f"{i:0{width}d}", u, n, p) for i, (u, n, p, _) in enumerate(eligible, 1)]
    left = [LeftOut(u, n, p, rs) for u, n, p, rs in rows if rs]
    return Panel(profile.name, profile.title, spec, experts, entries, left)


def save_panel(out_dir: Path, panel: Panel) -> Path:
    p = folder(out_dir) / PANEL_FILE
    p.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(p, (json.dumps(panel.as_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
                 .encode("utf-8"))
    return p


def load_panel(out_dir: Path) -> Panel:
    p = folder(out_dir) / PANEL_FILE
    try:
        return Panel.from_json(json.loads(p.read_text(encoding="utf-8")))
    except FileNotFoundError as e:
        raise ScoresError(f"{folder(out_dir)} 中没有 {PANEL_FILE}：请先用 huishen scores make 生成评分表") from e
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ScoresError(f"{p} 无法读取或已损坏：请重新用 huishen scores make 生成评分表") from e


def expert_names(count: int | None, names: list[str]) -> list[str]:
    """The experts: the names given, else 专家1…专家N. Repeated or unusable names are refused."""
    if names:
        clean = [n.strip() for n in names]
        if any(not n for n in clean):
            raise ScoresError("专家姓名不能为空")
        bad = [n for n in clean if any(ch in n for ch in '\\/:*?"<>|')]
        if bad:
            raise ScoresError(f"专家姓名“{bad[0]}”含有不能用在文件名中的符号（\\ / : * ? \" < > |）")
        twice = [n for n in dict.fromkeys(clean) if clean.count(n) > 1]
        if twice:
            raise ScoresError(f"专家“{'、'.join(twice)}”重复列出")
        return clean
    if not count:
        raise ScoresError("请用 --experts 指明专家人数，或用 --expert 逐个写出专家姓名")
    return [f"专家{i}" for i in range(1, count + 1)]


MATERIALS_DOCX = "评审材料.docx"


def materials(records: dict[str, Any], profile: Profile, panel: Panel) -> list[Any]:
    """Each entry's page of 评审材料.docx: its form, and the write-ups of its unit whose link field names it."""
    from pipeline.outputs.scoredocs import material_of

    by_path = {d.get("path"): d for d in records["documents"] if isinstance(d, dict)
               and profile.kind(d.get("kind", "")) is not None and profile.kind(d["kind"]).role == "entry"}
    linked = _linked(records, profile)
    return [material_of(by_path.get(e.path, {}), sorted(linked.get((e.unit, _plain(e.name)), []),
                                                         key=lambda d: d.get("path", "")),
                        profile, e.no, e.unit, e.name) for e in panel.entries]


def _linked(records: dict[str, Any], profile: Profile) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The attachments (write-ups) of each (unit, entry name): those of the unit whose link field names it."""
    linked: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for d in records["documents"]:
        if not isinstance(d, dict) or d.get("superseded_by"):
            continue
        spec = profile.kind(d.get("kind", ""))
        if spec is None or spec.role != "attachment" or not spec.link_field:
            continue
        name = _plain((d.get("fields") or {}).get(spec.link_field))
        if name:
            linked.setdefault((str(d.get("unit") or ""), name), []).append(d)
    return linked


def _plain(v: Any) -> str:
    return "".join(str(v).split()) if v else ""
