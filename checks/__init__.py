"""Judging records: one rule per class with a stable code (``record_rules`` for one document, ``batch_rules``
for the whole batch, ``history_rules`` against earlier years), registered by ``base``; ``evidence`` and
``similarity`` are the language tools the rules use (figures in a text; near copies between texts, one text's
words and fingerprint in ``similarity_text``).

May import ``extractors`` (the models and the profile); never ``pipeline``: checks never touch files.
"""
