"""Documentation pages the rules cite in their References (one place, so they change together)."""

#: Microsoft's migration guide from the Azure AI Inference SDK to the OpenAI v1 SDK
MIGRATION_GUIDE = "https://learn.microsoft.com/azure/ai-foundry/how-to/model-inference-to-openai-migration"
#: Azure OpenAI API version lifecycle: the v1 API needs no api-version
API_VERSION_LIFECYCLE = "https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle"
