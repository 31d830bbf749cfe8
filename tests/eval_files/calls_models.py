"""Chat and embeddings calls, request model classes, enums, tracing and prompts of the Azure AI
Inference SDK, plus calls that will lack a model on Azure's v1 endpoint."""

import json
import os

import openai
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient, load_client  # expect: AOM101
from azure.ai.inference import aio  # expect: AOM101
from azure.ai.inference.models import (  # expect: AOM101
    AssistantMessage,
    ChatCompletionsNamedToolChoice,
    ChatCompletionsNamedToolChoiceFunction,
    ChatCompletionsToolDefinition,
    CompletionsFinishReason,
    EmbeddingInputType,
    FunctionDefinition,
    ImageContentItem,
    ImageDetailLevel,
    ImageUrl,
    JsonSchemaFormat,
    SystemMessage,
    TextContentItem,
    ToolMessage,
    UserMessage,
)
from azure.ai.inference.prompts import PromptTemplate  # expect: AOM101
from azure.ai.inference.tracing import AIInferenceInstrumentor  # expect: AOM101
from azure.core.credentials import AzureKeyCredential
from fastembed import TextEmbedding
from langchain_core.messages import HumanMessage
from langchain_core.messages import SystemMessage as LCSystemMessage
from mistralai import Mistral
from openai import AsyncOpenAI

WEATHER_TOOL = ChatCompletionsToolDefinition(  # expect: AOM106
    function=FunctionDefinition(
        name="get_weather",
        description="Returns the weather in the given city",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}},
    )
)
FORCE_WEATHER = ChatCompletionsNamedToolChoice(  # expect: AOM106
    function=ChatCompletionsNamedToolChoiceFunction(name="get_weather")
)
RECIPE_FORMAT = JsonSchemaFormat(name="Recipe", schema={"type": "object"}, strict=True)  # expect: AOM106


def ask(client: ChatCompletionsClient, question: str) -> str:  # expect: AOM110
    response = client.complete(  # expect: AOM103
        messages=[
            SystemMessage(content="You are a helpful assistant."),
            UserMessage(content=question),
        ],
        model="gpt-4o-mini",
        tools=[WEATHER_TOOL],
        tool_choice=FORCE_WEATHER,
    )
    choice = response.choices[0]
    print(response["usage"]["total_tokens"], response.created.isoformat())  # expect: AOM115 AOM117
    if choice.finish_reason == CompletionsFinishReason.TOOL_CALLS:  # expect: AOM107
        history = [SystemMessage("You are a helpful assistant.")]  # expect: AOM105
        history.append(AssistantMessage(tool_calls=choice.message.tool_calls))  # expect: AOM105
        for call in choice.message.tool_calls:
            result = json.dumps({"city": json.loads(call.function.arguments)["city"]})
            history.append(ToolMessage(result, tool_call_id=call.id))  # expect: AOM105
        follow_up = client.complete(messages=history, model="gpt-4o-mini")  # expect: AOM103
        return follow_up.choices[0].message.content
    return choice.message.content


def describe_image(client: ChatCompletionsClient, path: str):  # expect: AOM110
    content = [
        TextContentItem(text="What is in this image?"),  # expect: AOM106
        ImageContentItem(  # expect: AOM106
            image_url=ImageUrl.load(image_file=path, image_format="png", detail=ImageDetailLevel.HIGH)
        ),
    ]
    return client.complete(messages=[UserMessage(content=content)], response_format="text")  # expect: AOM103 AOM501


def structured(client: ChatCompletionsClient, prompt: str):  # expect: AOM110
    return client.complete(  # expect: AOM103
        messages=[{"role": "user", "content": prompt}],
        model="gpt-4o",
        response_format=RECIPE_FORMAT,
        model_extras={"logprobs": True, "safe_prompt": True},
        headers={"x-ms-client-request-id": "42"},
    )


class Assistant:
    def __init__(self, client: aio.ChatCompletionsClient, deployment: str) -> None:  # expect: AOM110
        self.client = client
        self.deployment = deployment

    async def stream(self, prompt: str):
        response = await self.client.complete(  # expect: AOM103
            stream=True,
            messages=[UserMessage(prompt)],
            model=self.deployment,
        )
        async for update in response:  # expect: AOM804
            if update.choices:
                print(update.choices[0].delta.content or "", end="")


def embed_queries(embeddings: EmbeddingsClient, queries: list[str]):  # expect: AOM110
    response = embeddings.embed(input=queries, input_type=EmbeddingInputType.QUERY, model="cohere-embed-v3")  # expect: AOM104
    print(response.as_dict())  # expect: AOM115
    return [item.embedding for item in response.data]


def generic(endpoint: str, credential):
    loaded = load_client(endpoint, credential)  # expect: AOM604
    return loaded.complete(messages=[{"role": "user", "content": "hi"}], model="phi-4")  # expect: AOM103


def with_client_defaults(endpoint: str, key: str):
    client = ChatCompletionsClient(endpoint=endpoint, credential=AzureKeyCredential(key), model="gpt-4o-mini", temperature=0.2)  # expect: AOM102 AOM201
    return client.complete(messages=[UserMessage("Summarise the release notes.")])  # expect: AOM103


def without_any_model(endpoint: str, key: str, texts: list[str]):
    embeddings = EmbeddingsClient(endpoint, AzureKeyCredential(key))  # expect: AOM102 AOM201
    return embeddings.embed(input=texts)  # expect: AOM104 AOM501


def azure_deployment_routing(endpoint: str, key: str, prompt: str):
    client = openai.AzureOpenAI(azure_endpoint=endpoint, api_key=key, azure_deployment="gpt-4o", api_version="2024-10-21")  # expect: AOM301 AOM401
    chat = client.chat.completions.create(messages=[{"role": "user", "content": prompt}])  # expect: AOM502
    image = client.images.generate(prompt=prompt)  # expect: AOM504
    return chat, image


def tracing():
    AIInferenceInstrumentor().instrument(enable_content_recording=True)  # expect: AOM108
    os.environ["AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED"] = "true"  # expect: AOM116


def prompts(client: ChatCompletionsClient, question: str):  # expect: AOM110
    template = PromptTemplate.from_prompty(file_path="chat.prompty")  # expect: AOM109
    messages = template.create_messages(input=question)
    return client.complete(messages=messages, model=template.model_name, **template.parameters)  # expect: AOM103


async def responses_without_model(client: AsyncOpenAI):
    completion = await client.chat.completions.create(messages=[{"role": "user", "content": "hi"}])  # expect: AOM502
    return completion.choices[0].message.content


def legacy(messages):
    return openai.ChatCompletion.create(engine="gpt-35-turbo", messages=messages, temperature=0)  # expect: AOM503


# ---- look-alikes that must stay quiet -------------------------------------------------------


def not_inference(job, mistral: Mistral, embedder: TextEmbedding, question: str):
    job.complete()
    mistral.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": question}])
    vectors = list(embedder.embed([question]))
    messages = [LCSystemMessage(content="You are terse."), HumanMessage(content=question)]
    done = {"finish_reason": "stop"}["finish_reason"] == "stop"
    return vectors, messages, done


def already_migrated(client: AsyncOpenAI):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
