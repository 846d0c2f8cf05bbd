"""Reading submissions: a file's bytes -> a ``Document`` (``readers/``, one module per format) -> a ``Record``
mapped onto a campaign profile (``mapping``, ``profile``), with the language facts of Chinese forms (``text``:
字数, numbers, dates, checkboxes; ``names``: when two written names are the same 班组/工作室).

Imports nothing of ``checks`` or ``pipeline``: extractors know nothing about rules or runs.
"""
