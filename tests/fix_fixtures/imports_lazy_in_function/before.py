"""openai is an optional dependency: imported where it is needed."""
import os


def chat_client():
    try:
        from openai import AzureOpenAI
    except ImportError:
        raise ImportError("install the `openai` extra") from None

    return AzureOpenAI(
        api_key=os.environ["AZURE_OPENAI_API_KEY"],
        api_version="2024-06-01",
        azure_endpoint="https://contoso.openai.azure.com",
    )
