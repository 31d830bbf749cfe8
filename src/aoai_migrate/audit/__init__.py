"""``aoai-migrate audit``: a whole repository's migration work, summarised for people and CI."""
