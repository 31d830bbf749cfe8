"""Streaming chat over Azure: loops that index `choices[0]` of every chunk, tool-call deltas
taken by position, `aclose()`, usage without `stream_options`; and their safe look-alikes."""

import os

from azure.ai.inference import ChatCompletionsClient  # expect: AOM101
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient  # expect: AOM101
from azure.core.credentials import AzureKeyCredential
from openai import AsyncOpenAI, OpenAI

ENDPOINT = os.environ["AZURE_INFERENCE_ENDPOINT"]
DEPLOYMENT = "gpt-4o-mini"

key = AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"])
client = ChatCompletionsClient(endpoint=ENDPOINT, credential=key)  # expect: AOM102 AOM201
oai = OpenAI(
    base_url="https://contoso.openai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)
local = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")


def print_reply(messages):
    response = client.complete(stream=True, messages=messages, model=DEPLOYMENT)  # expect: AOM103
    for update in response:  # expect: AOM801
        print(update.choices[0].delta.content or "", end="")


def print_reply_guarded_choices_only(messages):
    response = client.complete(stream=True, messages=messages, model=DEPLOYMENT)  # expect: AOM103
    for update in response:  # expect: AOM804
        if update.choices:
            print(update.choices[0].delta.content or "", end="")


def print_reply_guarded(messages):
    response = client.complete(stream=True, messages=messages, model=DEPLOYMENT)  # expect: AOM103
    for update in response:
        if update.choices and update.choices[0].delta:
            print(update.choices[0].delta.content or "", end="")


def stream_tool_call(messages, tools):
    name, arguments = "", ""
    response = client.complete(stream=True, messages=messages, tools=tools, model=DEPLOYMENT)  # expect: AOM103
    for update in response:  # expect: AOM801
        if update.choices[0].delta.tool_calls:
            tool_call = update.choices[0].delta.tool_calls[0]  # expect: AOM802
            name = tool_call.function.name or name
            arguments += tool_call.function.arguments or ""
    return name, arguments


def stream_usage(messages):
    total = 0
    for update in client.complete(stream=True, messages=messages, model=DEPLOYMENT):  # expect: AOM103
        if update.usage:  # expect: AOM805
            total = update.usage.total_tokens
    return total


class Conversation:
    def __init__(self, messages):
        self.stream = client.complete(stream=True, messages=messages, model=DEPLOYMENT)  # expect: AOM103

    def text(self):
        return "".join(u.choices[0].delta.content or "" for u in self.stream)  # expect: AOM801


async def async_reply(messages):
    aclient = AsyncChatCompletionsClient(endpoint=ENDPOINT, credential=key)  # expect: AOM102 AOM201
    response = await aclient.complete(stream=True, messages=messages, model=DEPLOYMENT)  # expect: AOM103
    try:
        async for update in response:  # expect: AOM801
            yield update.choices[0].delta.content
    finally:
        await response.aclose()  # expect: AOM803


def openai_stream(messages):
    stream = oai.chat.completions.create(model=DEPLOYMENT, messages=messages, stream=True)
    for chunk in stream:  # expect: AOM801
        if chunk.choices[0].delta.content:
            print(chunk.choices[0].delta.content, end="")


def openai_stream_safe(messages):
    stream = oai.chat.completions.create(
        model=DEPLOYMENT,
        messages=messages,
        stream=True,
        stream_options={"include_usage": True},
    )
    for chunk in stream:
        if chunk.usage:
            print(chunk.usage.total_tokens)
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        if delta is None:
            continue
        print(delta.content or "", end="")


def openai_with_block(messages):
    with oai.chat.completions.create(model=DEPLOYMENT, messages=messages, stream=True) as stream:
        for index, chunk in enumerate(stream):  # expect: AOM801
            print(index, chunk.choices[0].delta.content)


def local_model(messages):
    # not Azure: a local OpenAI-compatible server sends no chunk without choices
    for chunk in local.chat.completions.create(model="llama3", messages=messages, stream=True):
        print(chunk.choices[0].delta.content)


def completions_not_streamed(messages):
    completion = oai.chat.completions.create(model=DEPLOYMENT, messages=messages)
    for choice in completion.choices:
        print(completion.choices[0].message.content, choice.index)


def plain_iterable(rows):
    # not a stream: anything with `.choices`
    for row in rows:
        print(row.choices[0].delta.content)


async def async_openai(messages):
    aoai = AsyncOpenAI(base_url="https://contoso.openai.azure.com/openai/v1/", api_key="k")
    stream = await aoai.chat.completions.create(model=DEPLOYMENT, messages=messages, stream=True)
    async for chunk in stream:
        try:
            print(chunk.choices[0].delta.content)
        except (IndexError, AttributeError):
            continue
    await stream.aclose()
