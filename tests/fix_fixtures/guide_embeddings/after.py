import os
from openai import OpenAI

client = OpenAI(
    base_url="https://<resource>.services.ai.azure.com/openai/v1/",
    api_key=os.environ["AZURE_INFERENCE_CREDENTIAL"],
)

response = client.embeddings.create(
    model="text-embedding-3-small",
    input=["Your text string goes here"],
)

embedding = response.data[0].embedding
