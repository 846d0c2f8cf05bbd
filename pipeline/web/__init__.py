"""The local web page (``huishen serve``): the whole review workflow in a browser, over the same pipeline.

- ``settings``: what the server was started with (work area, caps, host and token);
- ``batches``: the batches the page knows (its own, in the work area, and output folders named at start);
- ``uploads``: files sent by the browser, sanitised into a batch's inbox (never a path of the browser's);
- ``jobs``: runs in a background thread through ``pipeline.session.Session``, with their progress;
- ``views``: what a page shows, read from an output folder's records.json and 审核决定.json;
- ``preview``: a material's original as page images (pypdfium2; Word through a cached PDF conversion);
- ``security``: loopback or token, same-origin checks on every change, a strict Content-Security-Policy;
- ``app``: the Starlette routes and Jinja2 pages; ``server``: uvicorn, and opening the browser.

Only the CLI imports this package; it imports ``pipeline``, ``checks`` and ``extractors``.
"""
