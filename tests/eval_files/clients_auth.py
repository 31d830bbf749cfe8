"""Client construction and authentication: Azure AI Inference clients, AzureOpenAI clients and the
Azure configuration of the openai module, next to look-alikes that must stay quiet."""

import os

import azure.ai.inference as aii  # expect: AOM101
import openai
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient, load_client  # expect: AOM101
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatClient  # expect: AOM101
from azure.ai.projects import AIProjectClient
from azure.core.credentials import AzureKeyCredential, TokenCredential
from azure.identity import DefaultAzureCredential, ManagedIdentityCredential, get_bearer_token_provider
from azure.search.documents import SearchClient
from azure.storage.blob import BlobServiceClient
from langchain_openai import AzureChatOpenAI
from llama_index.llms.azure_openai import AzureOpenAI as LlamaAzureOpenAI
from openai import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI

ENDPOINT = "https://contoso.services.ai.azure.com/models"
SCOPE = "https://cognitiveservices.azure.com/.default"
API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"

# -- the migration guide's two client blocks ------------------------------------------------------
client = ChatCompletionsClient(  # expect: AOM102
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),  # expect: AOM201
)

entra_client = ChatCompletionsClient(  # expect: AOM102
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=DefaultAzureCredential(),  # expect: AOM202
    credential_scopes=["https://cognitiveservices.azure.com/.default"],
)

# -- endpoints of every shape ---------------------------------------------------------------------
key_credential = AzureKeyCredential(os.environ["AZURE_AI_KEY"])
from_constant = EmbeddingsClient(ENDPOINT, key_credential)  # expect: AOM102 AOM201
aoai_deployment = ChatCompletionsClient(  # expect: AOM102
    "https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini",
    key_credential,  # expect: AOM201
)
github = aii.ChatCompletionsClient("https://models.inference.ai.azure.com", AzureKeyCredential(os.environ["GITHUB_TOKEN"]))  # expect: AOM102 AOM201
serverless = ChatCompletionsClient(  # expect: AOM102
    endpoint="https://llama-3-70b.eastus2.models.ai.azure.com",
    credential=key_credential,  # expect: AOM201
)
from_env = ChatCompletionsClient(  # expect: AOM102
    endpoint=os.environ["AZURE_AI_ENDPOINT"],
    credential=ManagedIdentityCredential(client_id=os.getenv("AZURE_CLIENT_ID")),  # expect: AOM202
    credential_scopes=["https://ml.azure.com/.default"],
    model="DeepSeek-R1",
    temperature=0.3,
    retry_total=3,
)
committed = ChatCompletionsClient(ENDPOINT, AzureKeyCredential("0a1b2c3d4e5f60718293a4b5c6d7e8f9"))  # expect: AOM102 AOM201 AOM207
with EmbeddingsClient(endpoint=ENDPOINT, credential=key_credential) as embeddings:  # expect: AOM102 AOM201
    pass
loaded = load_client("https://llama-3-70b.eastus2.models.ai.azure.com", key_credential)  # expect: AOM201 AOM604


class ChatService:
    def __init__(self, endpoint: str, credential: TokenCredential) -> None:
        self.client = ChatCompletionsClient(endpoint, credential)  # expect: AOM102 AOM202


async def async_chat(endpoint):
    async with AsyncChatClient(endpoint=endpoint, credential=DefaultAzureCredential()) as chat:  # expect: AOM102 AOM202
        return chat


def from_project(conn_str):
    project = AIProjectClient.from_connection_string(conn_str=conn_str, credential=DefaultAzureCredential())
    chat = project.inference.get_chat_completions_client()  # expect: AOM102
    azure_client = project.inference.get_azure_openai_client(connection_name="aoai")  # expect: AOM301
    return chat, azure_client


# -- AzureOpenAI ----------------------------------------------------------------------------------
token_provider = get_bearer_token_provider(DefaultAzureCredential(), SCOPE)
azure_key = AzureOpenAI(  # expect: AOM301
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    azure_deployment="gpt-4o",
    max_retries=5,
)
azure_entra = AzureOpenAI(  # expect: AOM301
    azure_endpoint="https://contoso.openai.azure.com/",
    azure_ad_token_provider=token_provider,  # expect: AOM205
)
azure_static = openai.AzureOpenAI(azure_ad_token=os.environ["AZURE_OPENAI_AD_TOKEN"])  # expect: AOM301 AOM206
azure_async = AsyncAzureOpenAI(  # expect: AOM301
    azure_endpoint="https://contoso.openai.azure.com",
    azure_ad_token_provider=token_provider,  # expect: AOM204 AOM205
)
azure_on_v1 = AzureOpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",  # expect: AOM302
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)
azure_committed = AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com", api_key=API_KEY)  # expect: AOM301 AOM207

# -- OpenAI v1 clients: already migrated, except a sync provider on an async client ---------------
v1 = OpenAI(base_url="https://contoso.openai.azure.com/openai/v1/", api_key=token_provider)
v1_async = AsyncOpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=token_provider,  # expect: AOM203
)
v1_committed = OpenAI(base_url="https://contoso.openai.azure.com/openai/v1/", api_key="sk-proj-4fT9qW2xZ7LmN3bV8cR1")  # expect: AOM207

# -- the openai module client configured for Azure --------------------------------------------------
openai.api_type = "azure"  # expect: AOM303
openai.api_base = "https://contoso.openai.azure.com/"  # expect: AOM304
openai.api_key = os.getenv("AZURE_OPENAI_API_KEY")

# -- look-alikes ----------------------------------------------------------------------------------
search = SearchClient(ENDPOINT, "index", AzureKeyCredential("0a1b2c3d4e5f60718293a4b5c6d7e8f9"))
blobs = BlobServiceClient("https://contoso.blob.core.windows.net", credential=DefaultAzureCredential())
langchain_llm = AzureChatOpenAI(azure_deployment="gpt-4o", azure_ad_token_provider=token_provider)
llama_llm = LlamaAzureOpenAI(engine="gpt-4o", model="gpt-4o", azure_endpoint="https://contoso.openai.azure.com/")
placeholder = OpenAI(base_url="https://contoso.openai.azure.com/openai/v1/", api_key="<your-api-key>")
local_llm = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")


# -- key rotation and the environment switch of the module client --------------------------------
class RotatingChat:
    def __init__(self, endpoint: str, key: str):
        self.credential = AzureKeyCredential(key)
        self.client = ChatCompletionsClient(endpoint=endpoint, credential=self.credential)  # expect: AOM102 AOM201

    def rotate(self, key: str):
        self.credential.update(key)  # expect: AOM208


search_credential = AzureKeyCredential(os.environ["SEARCH_KEY"])
search_client = SearchClient("https://contoso.search.windows.net", "docs", search_credential)
search_credential.update(os.environ["SEARCH_KEY_2"])

os.environ["OPENAI_API_TYPE"] = "azure"  # expect: AOM306
os.environ.setdefault("OPENAI_API_TYPE", "azure_ad")  # expect: AOM306
os.environ["OPENAI_API_TYPE"] = "open_ai"
