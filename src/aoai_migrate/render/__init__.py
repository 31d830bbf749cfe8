"""The migrated OpenAI v1 code: primitives that render valid Python from the user's own source
text, and the renderers of clients, endpoints, credentials, calls, blocks and stream loops."""
