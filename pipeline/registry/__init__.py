"""The registry of earlier campaigns (``huishen registry``, ``run --remember``): what was named and submitted in
earlier years, kept across runs.

- ``store``: the database (SQLite or PostgreSQL through SQLAlchemy) and its look-ups;
- ``migrations``: its schema, as Alembic scripts run in code on every open;
- ``named_list``: reading a 命名名单 workbook or CSV;
- ``history``: what a run needs from it (earlier names and texts) and what ``--remember`` stores;
- ``cli``: the ``huishen registry`` commands.

May import ``extractors`` and ``checks`` (the registry feeds their history checks), never the CLI of
``pipeline`` or the outputs.
"""
