import os

from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError, ServiceRequestError

client = ChatCompletionsClient(
    endpoint="https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini",
    credential=AzureKeyCredential(os.environ["AZURE_OPENAI_KEY"]),
    api_version="2024-10-21",
)


def ask(messages):
    try:
        return client.complete(messages=messages, model="gpt-4o-mini")
    except Exception as error:  # one broad handler, branches by class
        if isinstance(error, HttpResponseError) and error.status_code == 429:
            print("throttled, retry later:", error.reason)
            return None
        if isinstance(error, (ServiceRequestError, KeyError)):
            print("could not reach the service")
            return None
        raise
