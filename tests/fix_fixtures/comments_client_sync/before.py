import os

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(  # the chat client
    # the resource's endpoint
    endpoint="https://contoso.services.ai.azure.com/models",  # from the portal
    credential=AzureKeyCredential(os.environ["AZURE_AI_KEY"]),  # rotated monthly
    model="gpt-4o-mini",  # default deployment
    # nothing after this
)  # type: ignore[call-arg]


def ask(question: str) -> str:
    response = client.complete(messages=[{"role": "user", "content": question}])
    return response.choices[0].message.content
