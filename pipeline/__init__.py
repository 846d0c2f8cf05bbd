"""Running a batch: discovery of the inbox (``discover``), reading in guarded worker processes (``workers``),
the run itself (``run``), its cache (``cache``), the registry of earlier years (``registry/``), the outputs
(``outputs/``), the one entry point for runs (``session``), watch mode and the ``huishen`` command line (``cli``).

May import ``checks`` and ``extractors``; nothing imports ``pipeline``.
"""
