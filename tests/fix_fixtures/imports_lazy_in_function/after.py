"""openai is an optional dependency: imported where it is needed."""
import os


def chat_client():
    try:
        from openai import OpenAI
    except ImportError:
        raise ImportError("install the `openai` extra") from None

    return OpenAI(
        base_url="https://contoso.openai.azure.com/openai/v1/",
        api_key=os.environ["AZURE_OPENAI_API_KEY"],
    )
