"""A service that pins Azure OpenAI api-versions in every way seen in the wild (eval file for the
api-version rules). Lines ending in `# expect:` must be flagged with exactly those codes."""

import dataclasses
import logging
import os
from os import getenv

import httpx
import openai
import requests
from azure.ai.inference import ChatCompletionsClient  # expect: AOM101
from azure.core.credentials import AzureKeyCredential
from azure.core.rest import HttpRequest
from azure.keyvault.secrets import SecretClient
from langchain_openai import AzureChatOpenAI, AzureOpenAIEmbeddings
from llama_index.llms.azure_openai import AzureOpenAI as LlamaAzureOpenAI
from openai import AsyncAzureOpenAI, AzureOpenAI, OpenAI
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion

log = logging.getLogger(__name__)

ENDPOINT = os.environ["AZURE_OPENAI_ENDPOINT"]
API_KEY = os.environ["AZURE_OPENAI_API_KEY"]
API_VERSION = "2024-10-21"
DEPLOYMENT = "gpt-4o-mini"

# -- environment ------------------------------------------------------------------------------------

os.environ["OPENAI_API_VERSION"] = "2024-06-01"  # expect: AOM403
os.environ.setdefault("AZURE_OPENAI_API_VERSION", "2024-08-01-preview")  # expect: AOM403
CHAT_VERSION = getenv("AZURE_OPENAI_CHAT_API_VERSION", "2024-12-01-preview")  # expect: AOM403
EMBED_VERSION = os.environ.get("AZURE_OPENAI_VERSION") or "2023-05-15"  # expect: AOM403
# not Azure OpenAI: other APIs' versions, a model version, no default
STRIPE_VERSION = os.getenv("STRIPE_API_VERSION", "2023-10-16")
GRAPH_VERSION = os.getenv("GRAPH_API_VERSION", "2024-01-01")
MODEL_VERSION = os.getenv("AZURE_OPENAI_MODEL_VERSION", "2024-07-18")
FROM_ENV = os.environ["OPENAI_API_VERSION"]

# -- module globals ----------------------------------------------------------------------------------

openai.api_version = "2023-05-15"  # expect: AOM402


class Settings:
    """Runtime settings; api_version="2024-02-01" in this docstring is not a finding."""

    api_version = "2024-02-01"  # expect: AOM404

    def __init__(self):
        self.api_version = getenv("OPENAI_API_VERSION")


@dataclasses.dataclass
class EmbeddingSettings:
    deployment: str = "text-embedding-3-small"
    openai_api_version: str = "2024-02-01"  # expect: AOM404
    model_version: str = "2024-05-13"


# -- clients -------------------------------------------------------------------------------------------


def make_client(endpoint=ENDPOINT, key=API_KEY, api_version="2024-06-01"):  # expect: AOM404
    return AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version=api_version)  # expect: AOM301


def make_async_client():
    return AsyncAzureOpenAI(  # expect: AOM301
        azure_endpoint=ENDPOINT,
        api_key=API_KEY,
        api_version=API_VERSION,  # expect: AOM401
    )


def make_env_client():
    return AzureOpenAI(azure_endpoint=ENDPOINT, api_key=API_KEY, api_version=FROM_ENV)  # expect: AOM301


def inference_client():
    return ChatCompletionsClient(  # expect: AOM102
        endpoint=f"{ENDPOINT}/openai/deployments/{DEPLOYMENT}",
        credential=AzureKeyCredential(API_KEY),  # expect: AOM201
        api_version="2024-06-01",  # expect: AOM401
    )


def tuned(client: AzureOpenAI):  # expect: AOM307
    fast = client.with_options(api_version="2025-01-01-preview", timeout=5)  # expect: AOM401
    return fast.with_options(max_retries=1)


def v1_preview_client():
    return OpenAI(
        base_url=f"{ENDPOINT.rstrip('/')}/openai/v1/",
        api_key=API_KEY,
        default_query={"api-version": "preview"},  # expect: AOM406
    )


def call_with_query(client: OpenAI, messages):
    return client.chat.completions.create(
        model=DEPLOYMENT,
        messages=messages,
        extra_query={"api-version": "2024-10-21"},  # expect: AOM406
    )


def key_vault_secret(vault_url, credential):
    # another Azure SDK's api_version is not a finding
    return SecretClient(vault_url=vault_url, credential=credential, api_version="7.4")


# -- REST -----------------------------------------------------------------------------------------------

CHAT_URL = f"{ENDPOINT}/openai/deployments/{DEPLOYMENT}/chat/completions?api-version=2024-10-21"  # expect: AOM405
MODELS_URL = "https://my-resource.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"  # expect: AOM405
V1_URL = f"{ENDPOINT}/openai/v1/responses?api-version=preview"  # expect: AOM405
ARM_URL = f"https://management.azure.com/subscriptions/{os.getenv('SUB')}/providers/Microsoft.CognitiveServices/accounts?api-version=2023-05-01"
VAULT_URL = "https://my-vault.vault.azure.net/secrets/openai-key?api-version=7.4"
TEMPLATE_URL = f"{ENDPOINT}/openai/deployments/{DEPLOYMENT}/chat/completions?api-version={FROM_ENV}"
PLACEHOLDER_URL = "https://<resource>.openai.azure.com/openai/deployments/<deployment>/chat/completions?api-version=<api-version>"


def rest_chat(messages):
    response = requests.post(
        f"{ENDPOINT}/openai/deployments/{DEPLOYMENT}/chat/completions",
        params={"api-version": "2024-06-01"},  # expect: AOM406
        headers={"api-key": API_KEY},
        json={"messages": messages},
    )
    if response.status_code != 200:
        raise RuntimeError(
            f"POST {ENDPOINT}/openai/deployments/{DEPLOYMENT}/chat/completions?api-version=2024-06-01 failed"
        )
    log.info("called %s/openai/deployments/x/chat/completions?api-version=2024-06-01", ENDPOINT)
    return response.json()


async def rest_embed(texts):
    url = ENDPOINT + "/openai/deployments/" + "ada" + "/embeddings?api-version=2023-05-15"  # expect: AOM405
    async with httpx.AsyncClient() as http:
        return await http.post(url, json={"input": texts})


def raw_request():
    return HttpRequest(
        "POST",
        "https://my-resource.services.ai.azure.com/models/chat/completions",
        params={"api-version": "2024-05-01-preview"},  # expect: AOM406
        json={},
    )


def arm_deployments(token):
    return requests.get(
        "https://management.azure.com/subscriptions/sub/providers/Microsoft.CognitiveServices/accounts",
        params={"api-version": "2023-05-01"},
        headers={"Authorization": f"Bearer {token}"},
    )


# -- frameworks -----------------------------------------------------------------------------------------

chat_model = AzureChatOpenAI(
    azure_endpoint=ENDPOINT,
    azure_deployment=DEPLOYMENT,
    openai_api_version="2024-06-01",  # expect: AOM407
    temperature=0,
)
embeddings = AzureOpenAIEmbeddings(deployment="text-embedding-3-small", api_version=API_VERSION)  # expect: AOM407
llama = LlamaAzureOpenAI(
    engine=DEPLOYMENT,
    api_key=API_KEY,
    azure_endpoint=ENDPOINT,
    api_version="2023-07-01-preview",  # expect: AOM407
)
kernel_chat = AzureChatCompletion(
    deployment_name=DEPLOYMENT,
    endpoint=ENDPOINT,
    api_key=API_KEY,
    api_version="2024-10-21",  # expect: AOM407
)
env_chat = AzureChatOpenAI(azure_deployment=DEPLOYMENT, api_version=FROM_ENV)
