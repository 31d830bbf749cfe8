"""Loaded by every program that tests/test_fix_proof.py runs (``PYTHONPATH`` points here).

* No address other than 127.0.0.1 is reachable (name lookups and connections fail).
* ``azure.identity``'s and ``azure.identity.aio``'s ``DefaultAzureCredential`` are replaced by
  fakes that return the token ``fake-entra-token`` and record the scopes they were asked for
  (one JSON line per request in ``$AOAI_PROOF_LOG``); everything else of azure-identity is real,
  ``get_bearer_token_provider`` included.
* azure-core's bearer-token policy accepts the stub's plain-http address (it refuses non-TLS
  URLs, which only a local stub uses).
* With ``AOAI_PROOF_NO_INFERENCE=1``, ``import azure.ai.inference`` fails: a migrated program
  must not need the old SDK any more.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import socket
import sys
import time

TOKEN = "fake-entra-token"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_LOG = os.environ.get("AOAI_PROOF_LOG")


def _log(**record: object) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


# -- loopback only -------------------------------------------------------------------------------
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect


def _getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name not in _LOOPBACK:
        _log(event="blocked", target=name)
        raise socket.gaierror(socket.EAI_NONAME, f"blocked by the test: {name}")
    return _real_getaddrinfo(host, *args, **kwargs)


def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        if str(address[0]) not in _LOOPBACK:
            _log(event="blocked", target=str(address[0]))
            raise ConnectionRefusedError(f"blocked by the test: {address!r}")
    return _real_connect(self, address)


socket.getaddrinfo = _getaddrinfo
socket.socket.connect = _connect


# -- fakes at the azure-identity boundary ----------------------------------------------------------
def _token(scopes: tuple[str, ...], kind: str):
    from azure.core.credentials import AccessToken

    _log(event="token", kind=kind, scopes=list(scopes))
    return AccessToken(TOKEN, int(time.time()) + 3600)


class FakeDefaultAzureCredential:
    def __init__(self, *args, **kwargs) -> None:
        _log(event="credential", kind="sync")

    def get_token(self, *scopes, **kwargs):
        return _token(scopes, "sync")

    def get_token_info(self, *scopes, options=None):
        return _token(scopes, "sync")

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class FakeAsyncDefaultAzureCredential:
    def __init__(self, *args, **kwargs) -> None:
        _log(event="credential", kind="async")

    async def get_token(self, *scopes, **kwargs):
        return _token(scopes, "async")

    async def get_token_info(self, *scopes, options=None):
        return _token(scopes, "async")

    async def close(self) -> None:
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc) -> None:
        pass


def _patch_identity(module) -> None:
    module.DefaultAzureCredential = FakeDefaultAzureCredential


def _patch_identity_aio(module) -> None:
    module.DefaultAzureCredential = FakeAsyncDefaultAzureCredential


def _patch_authentication(module) -> None:
    real = module._enforce_https

    def enforce_https(request):
        if request.http_request.url.startswith("http://127.0.0.1:"):
            request.context.options.pop("enforce_https", None)
            return
        real(request)

    module._enforce_https = enforce_https


_PATCHES = {
    "azure.identity": _patch_identity,
    "azure.identity.aio": _patch_identity_aio,
    "azure.core.pipeline.policies._authentication": _patch_authentication,
}


class _Blocked(importlib.abc.MetaPathFinder):
    """``azure.ai.inference`` cannot be imported."""

    def find_spec(self, name, path=None, target=None):
        if name == "azure.ai.inference" or name.startswith("azure.ai.inference."):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: the program was migrated)", name=name)
        return None


class _Patcher(importlib.abc.MetaPathFinder):
    """Patch the modules of :data:`_PATCHES` right after they are executed."""

    def find_spec(self, name, path=None, target=None):
        if name not in _PATCHES:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        real_exec = loader.exec_module

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                real_exec(module)
                _PATCHES[name](module)

        spec.loader = Loader()
        return spec


if os.environ.get("AOAI_PROOF_NO_INFERENCE") == "1":
    sys.meta_path.insert(0, _Blocked())
sys.meta_path.insert(0, _Patcher())
