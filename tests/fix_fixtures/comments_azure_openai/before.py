from openai import AzureOpenAI, AsyncAzureOpenAI

# gets the API Key from environment variable AZURE_OPENAI_API_KEY
client = AzureOpenAI(
    api_version="2024-02-01",  # pinned for the JSON mode
    # https://learn.microsoft.com/en-us/azure/ai-services/openai/how-to/create-resource
    azure_endpoint="https://example-resource.openai.azure.com/",
    # Navigate to the Azure OpenAI Studio to deploy a model.
    azure_deployment="deployment-name",  # e.g. gpt-35-instant
)

async_client = AsyncAzureOpenAI(
    azure_endpoint="https://example-resource.openai.azure.com/",  # the resource
    api_version="2024-02-01",  # type: ignore[arg-type]
    api_key="not-a-secret",  # noqa: S106
)

completion = client.chat.completions.create(
    model="deployment-name",  # e.g. gpt-35-instant
    messages=[{"role": "user", "content": "Hello"}],
)
print(completion.to_json())
