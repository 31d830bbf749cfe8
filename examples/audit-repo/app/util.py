"""Nothing to migrate here."""


def words(text: str) -> int:
    return len(text.split())
