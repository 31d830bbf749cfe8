from openai import OpenAI, omit


class VectorStore:
    def __init__(self, endpoint: str, key: str) -> None:
        self.client = OpenAI(base_url=f"{endpoint.rstrip('/')}/openai/v1/", api_key=key)

    def vectors(self, chunks, options=None):
        return self.client.embeddings.create(
            model="text-embedding-3-small",
            input=chunks,
            dimensions=options.width if options else omit,
            extra_body={"input_type": options.purpose} if options else {},
        )
