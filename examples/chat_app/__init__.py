"""A chat service spread over modules, as applications are: settings in ``settings.py``, clients
built once in ``clients.py``, calls and stream loops in ``service.py``. ``aoai-migrate check`` and
pylint follow the imports between them; flake8 sees one module at a time."""
