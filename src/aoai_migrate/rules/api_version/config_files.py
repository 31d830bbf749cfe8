"""Azure OpenAI API versions in configuration files (``.env``, JSON/YAML settings, ARM and
Bicep templates, Prompty front matter): ``audit`` reports them; the parsers are in
:mod:`aoai_migrate.artefacts.settings`."""

from __future__ import annotations

from ...model import Category
from ...registry import ArtefactRule, register
from ..references import API_VERSION_LIFECYCLE, MIGRATION_GUIDE

_WHAT = {
    "dotenv": "an environment file", "json": "JSON settings", "yaml": "YAML settings",
    "prompty": "a Prompty model configuration", "bicep": "a Bicep template",
}
_FORMAT = {"dotenv": "dotenv", "json": "json", "yaml": "yaml", "prompty": "yaml", "bicep": "bicep"}


@register
class ApiVersionInConfiguration(ArtefactRule):
    code = "AOM408"
    symbol = "api-version-in-configuration"
    category = Category.API_VERSION
    message = "`{key}` pins Azure OpenAI API version {value} in {what}; the v1 endpoint takes none: {action}"
    summary = (
        "Flags an Azure OpenAI API version set in configuration: `.env` files, JSON and YAML settings "
        "(`appsettings.json`, `local.settings.json`, compose files, ARM templates), Bicep templates and "
        "Prompty model configurations."
    )
    why = (
        "Code migrated to `OpenAI(base_url=\".../openai/v1/\")` sends no `api-version`; a version left in "
        "configuration is dead weight that misleads readers, and code still reading it keeps the old "
        "pinned client alive. Set the v1 base URL instead. Other services' versions (Stripe, Azure AI "
        "Search, Storage) and ARM resource `apiVersion`s are not flagged."
    )
    example = (
        "AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\n"
        "OPENAI_API_VERSION=2024-02-15-preview\n"
    )
    use_instead = (
        "AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\n"
        "AZURE_OPENAI_BASE_URL=https://contoso.openai.azure.com/openai/v1/\n"
    )
    references = (API_VERSION_LIFECYCLE, MIGRATION_GUIDE)
    artefact = ".env"
    item = "setting"
    invalid = (
        "export AZURE_OPENAI_API_VERSION='2024-10-21'\n",
        ("local.settings.json", '{"Values": {"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com/",\n'
                                '  "AZURE_OPENAI_API_VERSION": "2024-06-01"}}\n'),
        ("appsettings.json", '{"AzureOpenAI": {"Endpoint": "https://x.openai.azure.com/", "ApiVersion": "2024-06-01"}}\n'),
        ("config.yaml", "llm:\n  endpoint: https://x.openai.azure.com/\n  api_version: 2024-02-01\n"),
        ("chat.prompty", "---\nname: chat\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n"
                         "    azure_deployment: gpt-4o\n    api_version: 2024-07-01-preview\n---\nsystem:\nHi\n"),
        ("main.bicep", "param openAiApiVersion string = '2024-02-15-preview'\n"),
        ("app.bicep", "resource app 'Microsoft.Web/sites@2022-09-01' = {\n  properties: {\n    siteConfig: {\n"
                      "      appSettings: [\n        { name: 'AZURE_OPENAI_API_VERSION', value: '2024-06-01' }\n"
                      "      ]\n    }\n  }\n}\n"),
        ("azuredeploy.json", '{"resources": [{"type": "Microsoft.Web/sites", "apiVersion": "2022-09-01",\n'
                             ' "properties": {"siteConfig": {"appSettings": [\n'
                             '  {"name": "OPENAI_API_VERSION", "value": "2024-02-01"}]}}}]}\n'),
    )
    valid = (
        "AZURE_OPENAI_BASE_URL=https://x.openai.azure.com/openai/v1/\n",
        "STRIPE_API_VERSION=2022-11-15\nSEARCH_API_VERSION=2023-11-01\n",  # other services
        "OPENAI_API_VERSION=${VERSION}\n",
        ("settings.json", '{"stripe": {"api_version": "2022-11-15"}, "search": {"api-version": "2023-11-01"}}\n'),
        ("azuredeploy.json", '{"resources": [{"type": "Microsoft.CognitiveServices/accounts",\n'
                             ' "apiVersion": "2023-05-01", "kind": "OpenAI", "name": "openai"}]}\n'),
        ("main.bicep", "resource openai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {\n"
                       "  name: 'openai'\n  kind: 'OpenAI'\n}\n"),
        ("storage.yaml", "storage:\n  api_version: '2021-08-06'\n  account: x\n"),
    )

    def check(self, setting, ctx) -> None:
        from ...artefacts.settings import base_url

        if setting.endpoint:
            action = f"remove it and use the base URL {base_url(setting.endpoint)}"
        else:
            action = "remove it and use your resource's base URL `https://<resource>.openai.azure.com/openai/v1/`"
        ctx.report(self, setting, snippet=setting.migrated, snippet_format=_FORMAT[setting.fmt],
                   key=setting.key, value=setting.value, what=_WHAT[setting.fmt], action=action)
