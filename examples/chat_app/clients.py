"""The clients, built once and shared by the service."""

import functools
import os

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from openai import AzureOpenAI

from .settings import API_VERSION, DEPLOYMENT, INFERENCE_ENDPOINT, OPENAI_ENDPOINT

chat_client = ChatCompletionsClient(
    endpoint=INFERENCE_ENDPOINT,
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


@functools.lru_cache(maxsize=None)
def openai_client():
    return AzureOpenAI(
        azure_endpoint=OPENAI_ENDPOINT,
        api_key=os.environ["AZURE_OPENAI_API_KEY"],
        api_version=API_VERSION,
    )


class AssistantBase:
    """Every assistant talks to the model through ``self.client``."""

    def __init__(self):
        self.client = ChatCompletionsClient(
            endpoint=INFERENCE_ENDPOINT,
            credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
        )


class TracedChatClient(ChatCompletionsClient):
    """The Inference client with the service's logging around it."""


class AzureOpenAIClient:
    """The project's own wrapper: each caller picks the API version."""

    def __init__(self, api_version):
        self.client = AzureOpenAI(
            azure_endpoint=OPENAI_ENDPOINT,
            api_key=os.environ["AZURE_OPENAI_API_KEY"],
            api_version=api_version,
        )


# a client with per-call defaults: calls in other modules get them moved into each call
summarizer = ChatCompletionsClient(
    endpoint=INFERENCE_ENDPOINT,
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
    model=DEPLOYMENT,
    temperature=0,
)
