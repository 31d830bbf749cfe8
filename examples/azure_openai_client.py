"""Version-pinned ``AzureOpenAI`` clients (openai>=1.0 with dated api-versions).

The OpenAI SDK reaches Azure's ``/openai/v1/`` endpoint with the plain ``OpenAI`` client:
no ``api_version``, no ``azure_deployment`` in the URL, the deployment name as ``model``.
"""

import os

from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from openai import AzureOpenAI

# Key auth, pinned to a dated GA version, the deployment baked into the URL.
client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    api_version="2024-06-01",
    azure_deployment="gpt-4o-mini",
)

# Entra ID; the version defaults to OPENAI_API_VERSION from the environment.
token_provider = get_bearer_token_provider(
    DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"
)
responses_client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    azure_ad_token_provider=token_provider,
    api_version=os.getenv("OPENAI_API_VERSION", "2024-06-01"),
)


def summarize(text: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Summarize the user's text in one sentence."},
            {"role": "user", "content": text},
        ],
    )
    return completion.choices[0].message.content


def first_response() -> str:
    # The Responses API needs api-version 2025-03-01-preview or later.
    response = responses_client.responses.create(
        model="gpt-4o-mini",
        input="This is a test.",
    )
    return response.output_text


if __name__ == "__main__":
    print(summarize("Azure OpenAI serves OpenAI models from Azure data centers."))
    print(first_response())
