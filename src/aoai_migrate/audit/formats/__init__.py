"""The audit's output formats: terminal, markdown, html and json."""
