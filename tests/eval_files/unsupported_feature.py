"""Features that the Azure AI Inference SDK or a version-pinned AzureOpenAI client cannot serve
(eval file for the unsupported-feature rules). Lines ending in `# expect:` must be flagged with
exactly those codes."""

import os

from azure.ai.inference import ChatCompletionsClient, ImageEmbeddingsClient, load_client  # expect: AOM101
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatClient  # expect: AOM101
from azure.ai.inference.models import ImageEmbeddingInput  # expect: AOM101
from azure.core.credentials import AzureKeyCredential
from azure.core.rest import HttpRequest
from openai import AsyncAzureOpenAI, AzureOpenAI, OpenAI

ENDPOINT = "https://my-resource.openai.azure.com/openai/deployments/gpt-4o-mini"
KEY = os.environ["AZURE_OPENAI_API_KEY"]
AOAI_VERSION = "2024-06-01"


class Job:
    """Look-alike methods on unrelated objects are not findings."""

    def complete(self):
        return None

    def get_model_info(self):
        return {"name": "job"}


# -- what Azure AI Inference cannot do ---------------------------------------------------------------

chat = ChatCompletionsClient(endpoint=ENDPOINT, credential=AzureKeyCredential(KEY))  # expect: AOM102 AOM201


def ask_responses():
    request = HttpRequest("POST", "/responses", json={"input": "This is a test."})
    return chat.send_request(request)  # expect: AOM601


def draw():
    return chat.images.generate(  # expect: AOM601
        prompt="a happy monkey eating a banana, in watercolor",
        size="1024x1024",
        quality="standard",
        n=1,
    )


async def transcribe(client: AsyncChatClient, audio):  # expect: AOM110
    return await client.audio.transcriptions.create(file=audio)  # expect: AOM601


def chat_is_supported():
    # chat completions through send_request are served by Inference: not this rule's business
    return chat.send_request(HttpRequest("POST", "/chat/completions", json={"messages": []}))


def info():
    return chat.get_model_info()  # expect: AOM605


def job_info(job: Job):
    job.complete()
    return job.get_model_info()


# -- no v1 equivalent ----------------------------------------------------------------------------------

images = ImageEmbeddingsClient(  # expect: AOM603
    endpoint="https://my-resource.services.ai.azure.com/models",
    credential=AzureKeyCredential(KEY),  # expect: AOM201
    model="Cohere-embed-v3-english",
)


def embed_picture(data_url):
    item = ImageEmbeddingInput(image=data_url, text="a cat")  # expect: AOM603
    return images.embed(input=[item])  # expect: AOM603


def embed_file(path):
    return images.embed(input=[ImageEmbeddingInput.load(image_file=path, image_format="png")])  # expect: AOM603


def discover(endpoint):
    return load_client(endpoint, AzureKeyCredential(KEY))  # expect: AOM604 AOM201


# -- version-pinned AzureOpenAI clients --------------------------------------------------------------

aoai = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=KEY, api_version=AOAI_VERSION)  # expect: AOM301 AOM401
fresh = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=KEY, api_version="2025-04-01-preview")  # expect: AOM301 AOM401


def respond(text):
    return aoai.responses.create(model="gpt-4o-mini", input=text)  # expect: AOM602


def respond_fresh(text):
    return fresh.responses.create(model="gpt-4o-mini", input=text)


def stream_with_usage(messages):
    return aoai.chat.completions.create(  # expect: AOM602
        model="gpt-4o-mini",
        messages=messages,
        stream=True,
        stream_options={"include_usage": True},
    )


def plain_chat(messages):
    return aoai.chat.completions.create(model="gpt-4o-mini", messages=messages)


class Assistant:
    def __init__(self):
        self.client = AsyncAzureOpenAI(  # expect: AOM301
            azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
            api_key=KEY,
            api_version="2024-02-15-preview",  # expect: AOM401
        )

    async def create(self):
        return await self.client.beta.assistants.create(model="gpt-4o-mini", name="helper")  # expect: AOM602

    async def batch(self, file_id):
        return await self.client.batches.create(  # expect: AOM602
            input_file_id=file_id, endpoint="/chat/completions", completion_window="24h"
        )


def v1_client():
    client = OpenAI(base_url="https://my-resource.openai.azure.com/openai/v1/", api_key=KEY)
    return client.responses.create(model="gpt-4o-mini", input="hi")
