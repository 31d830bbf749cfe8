"""API versions held by configuration objects and fallback chains (AOM401, AOM404)."""

import pytest

from conftest import run


def found(source, code):
    return [f for f in run(source) if f.code == code]


def test_argparse_default_snippet_drops_the_default():
    source = (
        "import argparse\nfrom openai import AzureOpenAI\n"
        "parser = argparse.ArgumentParser()\n"
        "group = parser.add_argument_group('azure')\n"
        "group.add_argument('--aoai-version', default='2024-05-01-preview', help='version')\n"
        "args = parser.parse_args()\n"
        "client = AzureOpenAI(azure_endpoint=e, api_key=k, api_version=args.aoai_version)\n"
    )
    (finding,) = found(source, "AOM404")
    assert finding.line == 5
    assert "`aoai_version`" in finding.message and "group.add_argument()" in finding.message
    assert finding.snippet == "group.add_argument('--aoai-version', help='version')"


def test_field_flowing_into_api_version_snippet_makes_it_optional():
    source = (
        "from pydantic import BaseModel, Field\nfrom openai import AzureOpenAI\n"
        "class Settings(BaseModel):\n    chat_version: str = Field(default='2024-06-01')\n"
        "def build(settings: Settings):\n"
        "    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=settings.chat_version)\n"
    )
    (finding,) = found(source, "AOM404")
    assert finding.line == 4
    assert finding.snippet == "chat_version: str | None = None\n"


def test_same_field_name_on_another_class_is_not_followed():
    source = (
        "from dataclasses import dataclass\nfrom azure.storage.blob import BlobServiceClient\n"
        "from openai import AzureOpenAI\n"
        "@dataclass\nclass Storage:\n    version: str = '2021-08-06'\n"
        "@dataclass\nclass Chat:\n    version: str = '2024-06-01'\n"
        "def build(chat: Chat, storage: Storage):\n"
        "    BlobServiceClient(u, api_version=storage.version)\n"
        "    return AzureOpenAI(azure_endpoint=e, api_key=k, api_version=chat.version)\n"
    )
    assert [f.line for f in found(source, "AOM404")] == [9]


@pytest.mark.parametrize(
    "chain, shown",
    [
        ('data.get("api_version") or os.getenv("AZURE_API_VERSION") or "2024-06-01"', '"2024-06-01"'),
        ('os.environ["X"] or "2024-10-21"', '"2024-10-21"'),
    ],
)
def test_fallback_chain_on_the_client(chain, shown):
    source = f"import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=e, api_key=k, api_version={chain})\n"
    (finding,) = found(source, "AOM401")
    assert f"{shown} (the fallback of" in finding.message
    assert "api_version" not in finding.snippet and "OpenAI(" in finding.snippet
