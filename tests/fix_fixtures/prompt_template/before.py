"""A prompt template's model name may be None (Inference then left `model` out): the migrated
call puts the placeholder after it. The template itself has no OpenAI counterpart, and a call
given its untyped messages is left for a person (still reported on the migrated client)."""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.ai.inference.prompts import PromptTemplate
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)
template = PromptTemplate.from_string(api="chat", prompt_template="system:\nBe brief.\nuser:\n{{input}}")


def from_template(question: str) -> str | None:
    messages = template.create_messages(input=question)
    response = client.complete(messages=messages, model="gpt-4o-mini")
    return response.choices[0].message.content


def with_template_model(question: str) -> str | None:
    response = client.complete(
        messages=[SystemMessage("Be brief."), UserMessage(question)],
        model=template.model_name,
    )
    return response.choices[0].message.content
