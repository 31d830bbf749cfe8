"""The service: every client and setting comes from the other modules of the package."""

from .clients import AssistantBase, AzureOpenAIClient, TracedChatClient, chat_client, openai_client, summarizer
from .settings import DEPLOYMENT, INFERENCE_ENDPOINT


class SupportAssistant(AssistantBase):
    def answer(self, question):
        response = self.client.complete(messages=[{"role": "user", "content": question}])
        return response.choices[0].message.content


def ask(question):
    response = chat_client.complete(messages=[{"role": "user", "content": question}], model=DEPLOYMENT)
    return response.choices[0].message.content


def stream(question):
    for update in chat_client.complete(messages=[{"role": "user", "content": question}], model=DEPLOYMENT, stream=True):
        print(update.choices[0].delta.content or "", end="")


def stream_openai(question):
    response = openai_client().chat.completions.create(
        model=DEPLOYMENT, messages=[{"role": "user", "content": question}], stream=True
    )
    for chunk in response:
        print(chunk.choices[0].delta.content or "", end="")


def traced(question, credential):
    client = TracedChatClient(endpoint=INFERENCE_ENDPOINT, credential=credential)
    return client.complete(messages=[{"role": "user", "content": question}], model=DEPLOYMENT)


batch_client = AzureOpenAIClient(api_version="2024-02-01")


def summarize(text):
    return summarizer.complete(messages=[{"role": "user", "content": f"Summarize: {text}"}])
