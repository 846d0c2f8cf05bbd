"""评审 (``huishen scores``): expert score sheets out of a checked batch, filled sheets back in, ranked results.

``panel`` picks the entries (eligible or left out, with the reason) and keeps the panel beside the batch;
``collect`` reads filled 评分表 back and validates them; ``results`` averages, ranks and proposes awards;
``cli`` is the command. Workbooks are written by ``pipeline.outputs.scoresheets``. May import ``extractors``,
``pipeline.review``, ``pipeline.outputs`` and ``pipeline.atomic``; prints nothing outside ``cli``.
"""
