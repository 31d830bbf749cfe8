from openai import AsyncOpenAI, OpenAI
import os

# gets the API Key from environment variable AZURE_OPENAI_API_KEY
client = OpenAI(
    # pinned for the JSON mode
    # https://learn.microsoft.com/en-us/azure/ai-services/openai/how-to/create-resource
    base_url="https://example-resource.openai.azure.com/openai/v1/",
    # Navigate to the Azure OpenAI Studio to deploy a model.
    # e.g. gpt-35-instant
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)

async_client = AsyncOpenAI(
    base_url="https://example-resource.openai.azure.com/openai/v1/",  # the resource
    # type: ignore[arg-type]
    api_key="not-a-secret",  # noqa: S106
)

completion = client.chat.completions.create(
    model="deployment-name",  # e.g. gpt-35-instant
    messages=[{"role": "user", "content": "Hello"}],
)
print(completion.to_json())
