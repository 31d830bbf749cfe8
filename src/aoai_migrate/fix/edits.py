"""Edits on a module's text: positions, conflicts and application.

Edits arrive in the engine's units (1-based lines, 0-based UTF-8 byte columns, as ``ast`` counts)
and are turned into character offsets of the text. When fixes overlap, the enclosing one wins:
fixes are taken largest span first and a fix any of whose edits overlaps an edit already taken
is dropped whole (the next pass sees the code again and reports what is still left).
"""

from __future__ import annotations

import bisect
import io
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..model import Edit, Finding


@dataclass(frozen=True)
class Span:
    """An edit as character offsets ``[start, end)`` of the text, with its replacement text."""

    start: int
    end: int
    text: str

    def overlaps(self, other: "Span") -> bool:
        if self == other:
            return False  # the same edit reported by two rules is applied once
        if self.start == self.end or other.start == other.end:
            # an insertion conflicts with anything at or around its point
            return self.start <= other.end and other.start <= self.end
        return self.start < other.end and other.start < self.end


class Positions:
    """Maps (line, UTF-8 byte column) to offsets of ``text`` (lines split as the tokenizer does)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = io.StringIO(text, newline="").readlines()
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, byte_col: int) -> int:
        if line < 1:
            return 0
        if line > len(self.lines):
            return len(self.text)
        text = self.lines[line - 1]
        col = byte_col if text.isascii() else len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
        return self.starts[line - 1] + min(col, len(text))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def spans(self, edits: Iterable[Edit], newline: str) -> list[Span]:
        out = []
        for edit in edits:
            # a renderer may splice a multi-line segment of a CRLF file: one line ending throughout
            text = edit.text.replace("\r\n", "\n").replace("\r", "\n")
            text = text if newline == "\n" else text.replace("\n", newline)
            out.append(Span(self.offset(edit.line, edit.col), self.offset(edit.end_line, edit.end_col), text))
        return out


@dataclass
class Candidate:
    finding: Finding
    spans: list[Span]

    @property
    def extent(self) -> int:
        return max(s.end for s in self.spans) - min(s.start for s in self.spans)


def select(candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """``(taken, dropped)``: enclosing fixes first; a fix overlapping a taken one is dropped."""
    order = sorted(candidates, key=lambda c: (-c.extent, min(s.start for s in c.spans), c.finding.code))
    taken: list[Candidate] = []
    dropped: list[Candidate] = []
    used: list[Span] = []
    for candidate in order:
        if any(span.overlaps(other) for span in candidate.spans for other in used):
            dropped.append(candidate)
            continue
        taken.append(candidate)
        used.extend(s for s in candidate.spans if s not in used)
    return taken, dropped


def apply(text: str, spans: Iterable[Span]) -> str:
    """``text`` with non-overlapping ``spans`` applied (identical duplicates once)."""
    unique = sorted(set(spans), key=lambda s: (s.start, s.end))
    out = []
    at = 0
    for span in unique:
        out.append(text[at:span.start])
        out.append(span.text)
        at = span.end
    out.append(text[at:])
    return "".join(out)


def newline_of(text: str) -> str:
    """The file's line ending (of its first line), ``\\n`` when it has none."""
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"
