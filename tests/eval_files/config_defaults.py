"""API versions held by configuration objects (pydantic settings, dataclasses, argparse and
click options, fallback chains, annotated constants) that flow into a client's api_version;
other services' versions held the same way stay silent."""

import argparse
import os
from dataclasses import dataclass, field

import click
from azure.ai.documentintelligence import DocumentIntelligenceClient
from azure.core.credentials import AzureKeyCredential
from azure.search.documents import SearchClient
from azure.storage.blob import BlobServiceClient
from openai import AzureOpenAI, OpenAI
from pydantic import Field
from pydantic_settings import BaseSettings

DEFAULT_AZURE_API_VERSION: str = "2024-10-21"


class Settings(BaseSettings):
    azure_openai_endpoint: str = ""
    azure_openai_key: str = ""
    chat_version: str = Field(default="2024-06-01")  # expect: AOM404
    search_api_version: str = "2023-11-01"
    search_version: str = "2024-07-01"
    document_version: str = "2024-11-30"


settings = Settings()
chat = AzureOpenAI(  # expect: AOM301
    azure_endpoint=settings.azure_openai_endpoint,
    api_key=settings.azure_openai_key,
    api_version=settings.chat_version,
)
search = SearchClient(settings.azure_openai_endpoint, "docs", AzureKeyCredential("x"), api_version=settings.search_version)
documents = DocumentIntelligenceClient(settings.azure_openai_endpoint, AzureKeyCredential("x"), api_version=settings.document_version)


@dataclass
class ClientConfig:
    endpoint: str
    key: str
    version: str = field(default="2024-08-01-preview")  # expect: AOM404
    deployment: str = "gpt-4o"


@dataclass
class StorageConfig:
    account_url: str
    version: str = "2021-08-06"


def build(config: ClientConfig, storage: StorageConfig):
    blobs = BlobServiceClient(storage.account_url, api_version=storage.version)
    client = AzureOpenAI(azure_endpoint=config.endpoint, api_key=config.key, api_version=config.version)  # expect: AOM301
    return blobs, client


def cli():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--openai-version", dest="aoai_version", default="2024-05-01-preview")  # expect: AOM404
    parser.add_argument("--search-api-version", default="2023-11-01")
    args = parser.parse_args()
    return AzureOpenAI(azure_endpoint=args.endpoint, api_key=os.environ["KEY"], api_version=args.aoai_version)  # expect: AOM301


@click.command()
@click.option("--endpoint")
@click.option("--api-version", default="2024-02-15-preview", show_default=True)  # expect: AOM404
@click.option("--storage-version", default="2021-08-06")
def main(endpoint, api_version, storage_version):
    client = AzureOpenAI(azure_endpoint=endpoint, api_key=os.environ["KEY"], api_version=api_version)  # expect: AOM301
    blobs = BlobServiceClient(endpoint, api_version=storage_version)
    return client, blobs


def from_request(data: dict):
    return AzureOpenAI(  # expect: AOM301
        azure_endpoint=data["endpoint"],
        api_key=data["key"],
        api_version=data.get("api_version") or os.getenv("AZURE_API_VERSION") or "2024-06-01",  # expect: AOM401
    )


def from_mapping(config: dict, options):
    first = AzureOpenAI(azure_endpoint=config["endpoint"], api_key=config["key"], api_version=config.get("api_version", "2024-06-01"))  # expect: AOM301 AOM401
    second = AzureOpenAI(azure_endpoint=config["endpoint"], api_key=config["key"], api_version=getattr(options, "api_version", "2024-02-01"))  # expect: AOM301 AOM401
    search = SearchClient(config["endpoint"], "docs", AzureKeyCredential("x"), api_version=config.get("search_version", "2023-11-01"))
    return first, second, search


def from_environment():
    return AzureOpenAI(azure_endpoint=os.environ["E"], api_key=os.environ["K"], api_version=os.environ["V"] or "2024-10-21")  # expect: AOM301 AOM401


API_VERSION = os.getenv("AZURE_OPENAI_API_VERSION") or DEFAULT_AZURE_API_VERSION  # expect: AOM403
FALLBACK_VERSION = os.getenv("APP_SETTING_V") or DEFAULT_AZURE_API_VERSION


def with_constant():
    # the environment rule flags the fallback of API_VERSION; FALLBACK_VERSION's variable is not
    # an api-version variable, so the client's api_version is the finding
    first = AzureOpenAI(azure_endpoint=os.environ["E"], api_key=os.environ["K"], api_version=API_VERSION)  # expect: AOM301
    second = AzureOpenAI(azure_endpoint=os.environ["E"], api_key=os.environ["K"], api_version=FALLBACK_VERSION)  # expect: AOM301 AOM401
    return first, second


def make(endpoint, key, api_version=DEFAULT_AZURE_API_VERSION):  # expect: AOM404
    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=api_version)  # expect: AOM301


def not_a_version(name=os.getenv("DEPLOYMENT") or "gpt-4o"):
    return name


QUERY = {"api-version": API_VERSION}  # expect: AOM406
v1_client = OpenAI(base_url=os.environ["AZURE_OPENAI_BASE_URL"], api_key=os.environ["K"], default_query=QUERY)


def from_options(options, endpoint: str):
    version = getattr(options, "openai_api_version", "2023-11-01")
    return AzureOpenAI(azure_endpoint=endpoint, api_key=os.environ["K"], api_version=version)  # expect: AOM301 AOM401
