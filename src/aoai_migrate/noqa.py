"""Suppression comments, read exactly as flake8 reads them, for the adapters that flake8 does
not run (the CLI and pylint): ``# noqa``, ``# noqa: AOM101,AOM2`` and the file-level
``# aoai-migrate: noqa``.

Lines are grouped as flake8 groups them (a multi-line string token is one group; lines inside
brackets stay separate), so the three adapters agree on what is suppressed.
"""

from __future__ import annotations

import io
import re
import tokenize

from .model import Finding

#: flake8's own pattern (``flake8.defaults.NOQA_INLINE_REGEXP``)
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.I)
_SEP = re.compile(r"[,\s]+")
#: ``# aoai-migrate: noqa`` (or flake8's ``# flake8: noqa``) anywhere: skip the whole file
_FILE_NOQA = re.compile(r"#\s*(?:aoai-migrate|flake8)[:]\s*noqa\b(?!:)", re.I)


def file_noqa(text: str) -> bool:
    """Whether ``text`` carries a file-level suppression comment."""
    return "noqa" in text and _FILE_NOQA.search(text) is not None


class Suppressions:
    """The suppression comments of one module; call it with a finding."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.any = "noqa" in text.lower()
        self.whole_file = self.any and file_noqa(text)
        self._lines: list[str] | None = None
        self._logical: dict[int, tuple[int, int]] | None = None

    def __call__(self, finding: Finding) -> bool:
        if self.whole_file:
            return True
        if not self.any:
            return False
        match = _NOQA.search(self._logical_text(finding.line))
        if match is None:
            return False
        codes = match.group("codes")
        if not codes:
            return True
        return any(finding.code.startswith(c.upper()) for c in _SEP.split(codes) if c)

    def _logical_text(self, lineno: int) -> str:
        if self._lines is None:
            self._lines = io.StringIO(self.text).readlines()  # the lines tokenize numbers
            self._logical = _logical_ranges(self.text)
        start, end = self._logical.get(lineno, (lineno, lineno))  # type: ignore[union-attr]
        return "".join(self._lines[start - 1 : end])


def _logical_ranges(text: str) -> dict[int, tuple[int, int]]:
    """Physical line -> (first, last) line of the token run holding it, ended by each NL or
    NEWLINE token (flake8's ``FileProcessor._noqa_line_mapping``)."""
    ranges: dict[int, tuple[int, int]] = {}
    low, high = 1 << 30, -1
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            low = min(low, tok.start[0])
            high = max(high, tok.end[0])
            if tok.type in (tokenize.NL, tokenize.NEWLINE):
                for line in range(low, high + 1):
                    ranges[line] = (low, high)
                low, high = 1 << 30, -1
    except (tokenize.TokenError, SyntaxError, RecursionError):
        return {}
    return ranges
