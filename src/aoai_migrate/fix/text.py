"""A source file as bytes and as text, so that what the fix does not edit stays byte for byte:
the encoding (PEP 263 cookie or UTF-8), a UTF-8 BOM and the line endings are kept; writes are
atomic (a temporary file in the same directory, then ``os.replace``) and keep the permissions."""

from __future__ import annotations

import codecs
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


class Unreadable(Exception):
    """The file cannot be decoded; ``str()`` says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        """``text`` in the file's encoding (``UnicodeEncodeError`` when it cannot hold it)."""
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data


def decode(data: bytes) -> Decoded:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except (SyntaxError, LookupError) as exc:
        raise Unreadable(f"cannot decode: {exc}") from None
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    try:
        return Decoded(data.decode(encoding), encoding, bom)
    except (UnicodeDecodeError, LookupError) as exc:
        raise Unreadable(f"cannot decode: {exc}") from None


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step, keeping its permission bits."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".aoai-migrate-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
