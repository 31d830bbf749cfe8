"""Chat completion with Microsoft Entra ID (keyless) authentication through the Azure AI
Inference SDK: DefaultAzureCredential plus the token scope for Azure OpenAI.

The second function relies on a single-model endpoint and passes no model at all.
"""

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.identity import DefaultAzureCredential

client = ChatCompletionsClient(
    endpoint="https://<resource>.services.ai.azure.com/models",
    credential=DefaultAzureCredential(),
    credential_scopes=["https://cognitiveservices.azure.com/.default"],
)


def ask(question: str) -> str:
    response = client.complete(
        messages=[
            SystemMessage(content="You are a helpful assistant."),
            UserMessage(content=question),
        ],
        model="gpt-4o-mini",
    )
    return response.choices[0].message.content


def ask_default_model(question: str) -> str:
    # A single-model endpoint answers without a model name.
    response = client.complete(messages=[UserMessage(content=question)])
    return response.choices[0].message.content


if __name__ == "__main__":
    print(ask("What is Azure AI?"))
    print(ask_default_model("What is Azure AI Foundry?"))
