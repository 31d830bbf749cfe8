"""aoai-migrate: move code off the Azure AI Inference SDK and version-pinned AzureOpenAI clients
onto the OpenAI v1 SDK talking to Azure's ``/openai/v1/`` endpoint."""

__version__ = "0.1.0"
