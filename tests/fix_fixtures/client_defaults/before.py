from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(
    endpoint="https://contoso.services.ai.azure.com/models",
    credential=AzureKeyCredential(KEY),
    model="gpt-4o-mini",
    temperature=0.1,
)


def ask(question: str) -> str:
    response = client.complete(messages=[UserMessage(content=question)])
    return response.choices[0].message.content
