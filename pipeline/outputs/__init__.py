"""The outputs a user receives, one module each over a shared workbook layer:

- ``book``: cell styles, the xlsx workbook streamed by xlsxwriter, value display, the output names;
- ``summary``: 汇总表.xlsx; ``findings``: 异常报告.xlsx; ``html``: 异常报告.html; ``details``: 材料明细.xlsx;
  ``records``: records.json;
- ``files``: writing them, all together or not at all (``write_outputs``);
- ``letters``: the 退改通知 to units, from a Word template, written on request (``huishen letters``), not by a run.

A new output is one module beside these (copy ``records`` for a file, ``summary`` for a workbook) and one entry
in ``files._render``. May import ``checks``, ``extractors`` and ``pipeline.report``; never the CLI or the run.
"""

from pipeline.outputs.book import (
    DETAILS_XLSX,
    FINDINGS_HTML,
    FINDINGS_XLSX,
    OUTPUT_NAMES,
    RECORDS_JSON,
    SUMMARY_XLSX,
)
from pipeline.outputs.files import STATE_FILE, OutputError, write_outputs

__all__ = ["DETAILS_XLSX", "FINDINGS_HTML", "FINDINGS_XLSX", "OUTPUT_NAMES", "RECORDS_JSON", "STATE_FILE",
           "SUMMARY_XLSX", "OutputError", "write_outputs"]
