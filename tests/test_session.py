"""The one entry point for runs (pipeline.session): typed progress events, a cancel token, the Report back,
and writing as a step of its own — what the CLI and a web page both drive."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.session import (
    Cancelled,
    CancelToken,
    FileRead,
    FilesFound,
    Session,
    SessionOptions,
    UsageError,
    check_folders,
    load_profile,
)
from tests import docx_fixtures as fx


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    for i in range(4):
        unit = tmp_path / "inbox" / "河海大学工会"
        unit.mkdir(parents=True, exist_ok=True)
        (unit / f"附件1-{i}.docx").write_bytes(fx.form_docx(
            ["推荐单位工会：河海大学工会"], [["班组名称", f"第{i}班组"], ["所在单位", "河海大学"], ["班组总人数", "8"], ["党员人数", "3"]]))
    return tmp_path / "inbox"


@pytest.mark.parametrize("jobs", [0, 1])
def test_events_report_and_outputs_apart(inbox, tmp_path, monkeypatch, jobs):
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(tmp_path / "cache"))
    events = []
    with Session(load_profile("banzu"), SessionOptions(jobs=jobs), on_event=events.append) as session:
        report = session.run(inbox)
        assert not (tmp_path / "out").exists()  # running writes nothing
        written = session.write(report, tmp_path / "out")
    assert [type(e) for e in events] == [FilesFound] + [FileRead] * 4
    assert events[0].total == 4 and [e.done for e in events[1:]] == [1, 2, 3, 4]
    assert sorted(d.record.value("班组名称") for d in report.documents) == ["第0班组", "第1班组", "第2班组", "第3班组"]
    assert [p.name for p in written][0] == "汇总表.xlsx"


@pytest.mark.parametrize("jobs", [0, 1])
def test_a_run_can_be_cancelled(inbox, tmp_path, monkeypatch, jobs):
    monkeypatch.setenv("HUISHEN_CACHE_DIR", str(tmp_path / "cache"))
    token = CancelToken()
    seen = []

    def on_event(e):
        seen.append(e)
        if isinstance(e, FileRead):
            token.cancel()

    with Session(load_profile("banzu"), SessionOptions(jobs=jobs, use_cache=False), on_event=on_event) as session:
        with pytest.raises(Cancelled):
            session.run(inbox, cancel=token)
    assert sum(isinstance(e, FileRead) for e in seen) == 1


def test_unusable_arguments_say_why(tmp_path):
    with pytest.raises(UsageError, match="找不到收件文件夹"):
        check_folders(tmp_path / "nope", None)
    (tmp_path / "in").mkdir()
    with pytest.raises(UsageError, match="输出文件夹不能放在收件文件夹里面"):
        check_folders(tmp_path / "in", tmp_path / "in" / "out")
    with pytest.raises(UsageError, match="找不到配置“no-such-campaign”"):
        load_profile("no-such-campaign")
