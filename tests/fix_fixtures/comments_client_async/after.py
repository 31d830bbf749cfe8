from azure.identity.aio import DefaultAzureCredential
import azure.identity.aio
from openai import AsyncOpenAI


async def ask(question: str) -> str:
    async with DefaultAzureCredential() as credential:
        async with AsyncOpenAI(
            base_url="https://contoso.openai.azure.com/openai/v1/",  # the deployment URL
            # the scope Azure OpenAI takes
            api_key=azure.identity.aio.get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default"),  # Entra ID
            # not the default one
            # pinned for structured outputs
        ) as client:
            response = await client.chat.completions.create(
                model="gpt-4o",
                messages=[{"role": "user", "content": question}],  # one turn
                temperature=0.2,  # noqa: E501
                # room for more
            )
            return response.choices[0].message.content
