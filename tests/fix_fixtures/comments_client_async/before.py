from azure.ai.inference.aio import ChatCompletionsClient
from azure.identity.aio import DefaultAzureCredential


async def ask(question: str) -> str:
    async with DefaultAzureCredential() as credential:
        async with ChatCompletionsClient(
            endpoint="https://contoso.openai.azure.com/openai/deployments/gpt-4o",  # the deployment URL
            credential=credential,  # Entra ID
            # the scope Azure OpenAI takes
            credential_scopes=["https://cognitiveservices.azure.com/.default"],  # not the default one
            api_version="2024-06-01",  # pinned for structured outputs
        ) as client:
            response = await client.complete(
                messages=[{"role": "user", "content": question}],  # one turn
                temperature=0.2,  # noqa: E501
                # room for more
            )
            return response.choices[0].message.content
