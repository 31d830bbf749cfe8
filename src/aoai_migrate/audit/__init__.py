"""``aoai-migrate audit``: a whole repository's migration work, summarised for people and CI.

What it sees: discovery (:mod:`.discover`), kinds of files (:mod:`.kinds`) and the scan of a
whole repository (:mod:`.scan`); what it reports: :mod:`.summary`, :mod:`.report`, :mod:`.formats`.
"""
