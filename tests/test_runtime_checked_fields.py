"""Annotations of fields checked at run time (pydantic models), and unions whose members become
the same OpenAI type (AOM110).

A pydantic model validates its fields with ``isinstance`` for arbitrary types: rewriting
``client: ChatCompletionsClient`` to ``AsyncOpenAI`` while the value is still built as an
Inference client makes every construction of the model fail. The fix is unsafe where the
module migrates a client construction of the new type, display-only where none does.
"""

from __future__ import annotations

import subprocess
import sys

from aoai_migrate.engine import analyze_source
from aoai_migrate.model import Applicability
from fixing import fix_file

ASYNC_HEAD = (
    "from azure.ai.inference.aio import ChatCompletionsClient, EmbeddingsClient\n"
    "from azure.core.credentials import AzureKeyCredential\n"
)

#: the client is built through a class mapping no finding migrates
MAPPED = ASYNC_HEAD + """\
from pydantic import BaseModel, ConfigDict

BY_KIND = {"chat": ChatCompletionsClient, "vectors": EmbeddingsClient}


class Connector(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: ChatCompletionsClient | EmbeddingsClient
    label: str = "x"


def connect(kind: str, url: str, secret: str) -> Connector:
    return Connector(client=BY_KIND[kind](endpoint=url, credential=AzureKeyCredential(secret)))


print(type(connect("chat", "https://r.services.ai.azure.com/models", "k").client).__name__)
"""


def _aom110(source: str):
    return [f for f in analyze_source(source, path="svc.py") if f.code == "AOM110"]


def test_field_of_a_pydantic_model_whose_value_is_not_migrated_is_shown_not_fixed(tmp_path):
    (finding,) = _aom110(MAPPED)
    assert finding.snippet.endswith("\n\nAsyncOpenAI")  # one type, not `AsyncOpenAI | AsyncOpenAI`
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "`Connector` is a pydantic model that checks `client` at run time" in finding.message
    assert "no finding in this module migrates a construction of `AsyncOpenAI`" in finding.message
    path = tmp_path / "svc.py"
    path.write_text(MAPPED, encoding="utf-8")
    fix_file(path, unsafe=True)
    fixed = path.read_text(encoding="utf-8")
    assert "client: ChatCompletionsClient | EmbeddingsClient" in fixed
    # the fixed module still runs: pydantic accepts the Inference client it is still given
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ChatCompletionsClient"


def test_field_whose_client_construction_is_migrated_is_an_unsafe_fix():
    source = ASYNC_HEAD + """\
import pydantic

class Connector(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    client: ChatCompletionsClient

def connect(url: str, secret: str) -> Connector:
    return Connector(client=ChatCompletionsClient(endpoint=url, credential=AzureKeyCredential(secret)))
"""
    (finding,) = _aom110(source)
    assert finding.fix.applicability is Applicability.UNSAFE
    assert "the two go together (unsafe fix)" in finding.message


def test_field_of_a_project_base_deriving_from_basemodel():
    source = ASYNC_HEAD + """\
from pydantic import BaseModel

class ServiceBase(BaseModel):
    pass

class Chat(ServiceBase):
    client: ChatCompletionsClient
"""
    (finding,) = _aom110(source)
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "`Chat` is a pydantic model" in finding.message


def test_imported_base_named_like_a_model_in_a_pydantic_module():
    """flake8 sees one module: ``KernelModelBase``-style bases imported from the project count
    when the module imports pydantic and the base is named ``...BaseModel``."""
    source = ASYNC_HEAD + """\
from pydantic import ValidationError
from myproject.base import ProjectBaseModel

class Chat(ProjectBaseModel):
    client: ChatCompletionsClient | EmbeddingsClient | None = None
"""
    (finding,) = _aom110(source)
    assert finding.compact == "AsyncOpenAI | None"
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_union_of_two_clients_is_one_type_on_a_plain_class(tmp_path):
    source = ASYNC_HEAD + """\
from typing import Union

class Holder:
    client: ChatCompletionsClient | EmbeddingsClient
    other: Union[ChatCompletionsClient, EmbeddingsClient]
    either: ChatCompletionsClient | None

def f(c: EmbeddingsClient | ChatCompletionsClient | int) -> None:
    ...
"""
    findings = _aom110(source)
    assert [(f.line, f.compact) for f in findings] == [
        (6, "AsyncOpenAI"), (7, "AsyncOpenAI"), (8, "AsyncOpenAI"), (10, "AsyncOpenAI | int"),
    ]
    assert all(f.fix.applicability is Applicability.SAFE for f in findings)
    path = tmp_path / "holder.py"
    path.write_text(source, encoding="utf-8")
    fix_file(path, unsafe=False)
    fixed = path.read_text(encoding="utf-8")
    assert "    client: AsyncOpenAI\n" in fixed
    assert "    other: AsyncOpenAI\n" in fixed
    assert "    either: AsyncOpenAI | None\n" in fixed
    assert "def f(c: AsyncOpenAI | int) -> None:" in fixed


def test_look_alike_models_are_not_run_time_checked():
    """Tricky negatives: a ``BaseModel`` of another library in a module without pydantic, a
    standard dataclass, a method parameter of a pydantic model: the annotation fix stays safe."""
    source = ASYNC_HEAD + """\
from dataclasses import dataclass
from ormlib import BaseModel

class Row(BaseModel):
    client: ChatCompletionsClient

@dataclass
class Plain:
    client: ChatCompletionsClient
"""
    assert [f.fix.applicability for f in _aom110(source)] == [Applicability.SAFE] * 2
    private = ASYNC_HEAD + """\
from typing import ClassVar
from pydantic import BaseModel, PrivateAttr

class Chat(BaseModel):
    _client: ChatCompletionsClient = PrivateAttr()
    kinds: ClassVar[ChatCompletionsClient | None] = None
"""
    assert [f.fix.applicability for f in _aom110(private)] == [Applicability.SAFE] * 2
    method = ASYNC_HEAD + """\
from pydantic import BaseModel

class Svc(BaseModel):
    def use(self, client: ChatCompletionsClient) -> None:
        ...
"""
    (finding,) = _aom110(method)
    assert finding.fix.applicability is Applicability.SAFE
    assert "pydantic" not in finding.message
