param location string = resourceGroup().location

resource openai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {
  name: 'contoso-openai'
  location: location
  kind: 'OpenAI'
  sku: { name: 'S0' }
}

resource app 'Microsoft.Web/sites@2022-09-01' = {
  name: 'contoso-chat'
  location: location
  properties: {
    siteConfig: {
      appSettings: [
        { name: 'AZURE_OPENAI_ENDPOINT', value: openai.properties.endpoint }
        { name: 'AZURE_OPENAI_API_VERSION', value: '2024-06-01' }
      ]
    }
  }
}
