"""Blind test fixtures for 汇审: inboxes written like real, varied, careless office staff write them.

This package writes award submissions (forms, case write-ups, summaries, supporting material) for the
``banzu``, ``studio``, ``youzhi``, ``wuxiao`` and ``chuangjian`` campaigns from the real-world variation list in ``VARIATIONS.md``, together with
the TRUE answer for every field of every document and every finding the product should report.

The one hard rule: this generator was written, and must be maintained, WITHOUT looking at how the product
reads submissions. Nothing here may be derived from ``extractors/``, ``checks/``, ``pipeline/`` (code or
profiles), ``samples/``, the other tests or ``bench/``. The truth comes from the data written here and the
written rules (the notices, PRODUCT.md, README.md), never from the product's output: do not change the
truth to agree with the product.

Build an inbox::

    python -m tests.blind.build {banzu|studio|banzu_flat|youzhi|wuxiao|chuangjian} DEST --seed N --truth TRUTH.json
"""
