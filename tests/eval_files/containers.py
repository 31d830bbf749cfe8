"""Clients held in containers and on other objects: dict registries, attributes of
module-level objects, ``functools.partial`` of a client class, dataclass and pydantic fields."""

import functools
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass

from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient  # expect: AOM101
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient  # expect: AOM101
from azure.core.credentials import AzureKeyCredential
from fastapi import FastAPI, Request
from flask import Blueprint
from pydantic import BaseModel

ENDPOINT = os.environ["AZURE_INFERENCE_ENDPOINT"]
KEY = os.environ["AZURE_INFERENCE_KEY"]

CLIENTS = {
    "chat": ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY), model="gpt-4o"),  # expect: AOM102 AOM201
}
CLIENTS["embed"] = EmbeddingsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))  # expect: AOM102 AOM201
REGISTRY: dict[str, ChatCompletionsClient] = {}  # expect: AOM110
JOBS = {"nightly": object()}


def ask(question: str):
    return CLIENTS["chat"].complete(messages=[{"role": "user", "content": question}])  # expect: AOM103


def vectors(texts: list[str]):
    return CLIENTS["embed"].embed(input=texts)  # expect: AOM104 AOM501


def from_registry(name: str, question: str):
    return REGISTRY[name].complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


def from_get(question: str):
    client = CLIENTS.get("chat")
    return client.complete(messages=[{"role": "user", "content": question}], model="gpt-4o-mini")  # expect: AOM103


def close_all():
    for client in CLIENTS.values():
        client.close()


def ask_all(question: str):
    answers = []
    for client in CLIENTS.values():
        answers.append(client.complete(messages=[{"role": "user", "content": question}]))  # expect: AOM103
    return answers


def not_a_client():
    return JOBS["nightly"].complete(messages=[])


class _State:
    pass


class Application:
    state = _State()


app = Application()
app.state.chat = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))  # expect: AOM102 AOM201
bp = Blueprint("chat", __name__)
bp.client = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY), model="phi-4")  # expect: AOM102 AOM201


def handler(question: str):
    return app.state.chat.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


def blueprint_handler(question: str):
    return bp.client.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103


make_client = functools.partial(ChatCompletionsClient, endpoint=ENDPOINT)
make_deployment_client = functools.partial(ChatCompletionsClient, "https://contoso.openai.azure.com/openai/deployments/gpt-4o")


def with_partial(question: str):
    client = make_client(credential=AzureKeyCredential(KEY))
    return client.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


def with_deployment_partial(question: str):
    client = make_deployment_client(credential=AzureKeyCredential(KEY))
    return client.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


@dataclass
class Dependencies:
    chat: ChatCompletionsClient  # expect: AOM110
    embeddings: "EmbeddingsClient | None" = None


class Services(BaseModel):
    chat: ChatCompletionsClient  # expect: AOM110


def with_dataclass(deps: Dependencies, question: str):
    return deps.chat.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


def with_pydantic(services: Services, question: str):
    return services.chat.complete(messages=[{"role": "user", "content": question}], model="gpt-4o")  # expect: AOM103


def whole_request(client: ChatCompletionsClient, question: str):  # expect: AOM110
    return client.complete({"messages": [{"role": "user", "content": question}]})  # expect: AOM103 AOM501


def whole_request_with_model(client: ChatCompletionsClient, question: str):  # expect: AOM110
    return client.complete({"model": "gpt-4o", "messages": [{"role": "user", "content": question}]})  # expect: AOM103


def forwarded(client: ChatCompletionsClient, **kwargs):  # expect: AOM110
    return client.complete(**kwargs)  # expect: AOM103


@asynccontextmanager
async def lifespan(api: FastAPI):
    api.state.chat = AsyncChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))  # expect: AOM102 AOM201
    yield
    await api.state.chat.close()


api = FastAPI(lifespan=lifespan)


@api.post("/chat")
async def chat_endpoint(request: Request, question: str):
    return await request.app.state.chat.complete(messages=[{"role": "user", "content": question}])  # expect: AOM103 AOM501


@api.post("/jobs")
async def jobs_endpoint(request: Request):
    return await request.app.state.jobs.complete(messages=[])
