"""A prompt template's model name may be None (Inference then left `model` out): the migrated
call puts the placeholder after it. The template itself has no OpenAI counterpart, and a call
given its untyped messages is left for a person (still reported on the migrated client)."""

import os

from azure.ai.inference.prompts import PromptTemplate
from openai import OpenAI

client = OpenAI(
    base_url="https://contoso.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)
template = PromptTemplate.from_string(api="chat", prompt_template="system:\nBe brief.\nuser:\n{{input}}")


def from_template(question: str) -> str | None:
    messages = template.create_messages(input=question)
    response = client.complete(messages=messages, model="gpt-4o-mini")
    return response.choices[0].message.content


def with_template_model(question: str) -> str | None:
    response = client.chat.completions.create(
        model=template.model_name or "<deployment-name>",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": question}],
    )
    return response.choices[0].message.content
