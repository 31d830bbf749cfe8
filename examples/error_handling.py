"""Error handling with azure-core exceptions (the migration guide's error handling block).

The OpenAI SDK raises its own exceptions (``openai.RateLimitError``, ``openai.NotFoundError``,
``openai.APIStatusError``, ...), so these ``except`` clauses stop matching after the migration.
"""

import os

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)


def main() -> None:
    try:
        response = client.complete(
            messages=[{"role": "user", "content": "Hello"}],
            model="gpt-4o-mini"
        )
        print(response.choices[0].message.content)
    except HttpResponseError as error:
        print(f"Request failed: {error.status_code}")
        print(f"Error message: {error.message}")


def ask_deployment(deployment: str) -> str | None:
    try:
        response = client.complete(
            messages=[{"role": "user", "content": "Hello"}],
            model=deployment,
        )
    except ResourceNotFoundError:
        print(f"No deployment named {deployment!r}")
        return None
    return response.choices[0].message.content


if __name__ == "__main__":
    main()
    ask_deployment("gpt-4o-mini")
