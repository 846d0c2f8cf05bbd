"""After the report: the staff's decisions on findings (``decisions``), the correction letters to units
(``letters``: which units, which findings, in what words), and what a later run of the same batch changed
(``changes``). Functions with typed results, for the command line and the web page alike; they print
nothing.

May import ``checks`` and ``extractors`` and the pipeline's report and outputs layers; the CLI and the web
layer import it, never the other way round.
"""
