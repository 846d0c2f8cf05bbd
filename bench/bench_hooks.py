"""Worker-side hook for bench/run.py: per-record CPU time (time.process_time) around pipeline.run.process.

The pipeline's own Record.read_seconds/map_seconds are wall-clock (perf_counter) inside the worker,
which on a busy machine also counts the time the worker waited for a CPU. This wrapper adds
``bench_cpu`` (CPU seconds of read + map) to each record. It is pickled by reference into the
spawned workers, which import this module from bench/ (on sys.path in the scenario process).
"""

from __future__ import annotations

import time

ORIG = None  # set in the scenario process (used when jobs=0); None in a worker: use the module's


def cpu_process(src, profile):
    orig = ORIG
    if orig is None:
        from pipeline.run import process as orig
    t = time.process_time()
    rec = orig(src, profile)
    rec.bench_cpu = time.process_time() - t
    return rec
