"""``aoai-migrate fix``: apply the findings' fixes.

- :mod:`.edits`    where an edit lands in the text, which edits win when they overlap, applying them
- :mod:`.imports`  the imports the new code needs and the SDK imports it no longer uses (libcst codemods)
- :mod:`.text`     bytes <-> text keeping BOM, coding cookie and line endings; atomic writes
- :mod:`.passes`   analyse, apply, re-analyse until nothing changes (one run is always enough)
- :mod:`.command`  the command line: ``--diff``, ``--unsafe-fixes``, the summary

libcst is imported only here (never on the flake8 or pylint path).
"""
