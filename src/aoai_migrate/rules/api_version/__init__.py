"""Rules of the ``api-version`` category: every place a dated Azure OpenAI api-version is pinned
(client keywords, module globals, the environment, parameter defaults, URLs, query dicts and
framework wrappers). One module per kind of place; shared helpers in ``common`` and
``url_template``."""

from . import clients, config_files, defaults, environment, frameworks, urls  # noqa: F401
