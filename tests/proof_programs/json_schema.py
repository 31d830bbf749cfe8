"""Structured output: a JSON schema response format (Azure AI Inference SDK)."""

import json
import os

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import JsonSchemaFormat, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(os.environ["AZURE_INFERENCE_CREDENTIAL"]),
)

REPLY_SCHEMA = {
    "type": "object",
    "properties": {"reply": {"type": "string"}},
    "required": ["reply"],
    "additionalProperties": False,
}


def main() -> None:
    response = client.complete(
        messages=[UserMessage(content="Greet me, in JSON.")],
        response_format=JsonSchemaFormat(
            name="greeting",
            schema=REPLY_SCHEMA,
            description="A greeting",
            strict=True,
        ),
        model="gpt-4o-mini",
    )
    data = json.loads(response.choices[0].message.content)
    print(data["reply"])


if __name__ == "__main__":
    main()
