"""Bytes to text: whether an upload is text at all, and in which encoding.

What people upload: UTF-8 with or without BOM (LibreOffice, Google Sheets, most trackers),
Windows-1252 (older German Excel), UTF-16 with BOM (Excel's "Unicode text"), and now and
then a file pasted together from both of the first two. Such a mixed file is read line by
line, each line in the encoding it is valid in, and the lines read as Windows-1252 are
reported (``Decoded.foreign_lines``) so the preview can name their rows instead of
importing mojibake silently. Anything else (images, workbooks, archives, UTF-16 without a
byte order mark, NUL bytes) is a ``FileProblem`` with a specific reason.

No Django here: the functions take bytes and return text, so they are easy to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leitstern.core.imports.problems import FileProblem

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# File signatures of what people upload by mistake instead of a CSV export.
_SIGNATURES = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"\xfd7zXZ\x00", "archive"),
    (b"BZh91AY&SY", "archive"),
    (b"SQLite format 3\x00", "database"),
)
# Characters a text table never holds in any number (C0 controls but tab, line breaks,
# vertical tab and form feed); many of them mean the bytes are no text.
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")
_SAMPLE = 65_536


@dataclass(frozen=True)
class Decoded:
    """The file's text, the encoding it was read in, and (for a file that mixes UTF-8 and
    Windows-1252) the numbers of the lines read as Windows-1252, counting from 1."""

    text: str
    encoding: str
    foreign_lines: tuple[int, ...] = ()


def decode(data: bytes) -> Decoded:
    """The text of an uploaded file, or ``FileProblem`` saying why it has none."""
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise FileProblem("empty", "The file is empty.")
    kind = binary_kind(data)
    if kind:
        raise FileProblem("binary", f"The file is not text but {kind} data.", kind=kind)
    utf8 = "UTF-8"
    if data.startswith(b"\xef\xbb\xbf"):
        # Excel's "CSV UTF-8": what follows the BOM is read like any file without one, so
        # rows pasted in from an older Windows-1252 file get the mixed-encoding warning too.
        data, utf8 = data[3:], "UTF-8 (BOM)"
        if not data.strip(b" \t\r\n\x0b\x0c"):
            raise FileProblem("empty", "The file is empty.")
    for bom, codec, label in _BOMS:
        if data.startswith(bom) and label != "UTF-8":
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    "bad_encoding",
                    f"The file starts like {label} but is not valid {label} ({exc.reason}).",
                    encoding=label,
                ) from None
            return _checked(Decoded(text, label))
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise FileProblem(
                "utf16_without_bom", "The file looks like UTF-16 without a byte order mark."
            )
        line = line_of(data, data.index(b"\x00"))
        raise FileProblem("nul", f"Line {line} holds a NUL byte.", line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and _valid_utf8(data[: exc.start]):
            line = line_of(data, exc.start)
            raise FileProblem(
                "truncated_character",
                f"The file ends in the middle of a character (line {line}).",
                line=line,
            ) from None
        return _checked(_mixed_or_windows(data, utf8))
    return _checked(Decoded(text, utf8))


def binary_kind(data: bytes) -> str:
    """``"png"``, ``"xlsx"``, ``"zip"`` … when ``data`` starts with a known file signature,
    else ``""``."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            if kind == "zip" and (b"xl/" in data or b"[Content_Types].xml" in data[:_SAMPLE]):
                return "xlsx"
            if kind == "zip" and b"opendocument.spreadsheet" in data[:_SAMPLE]:
                return "ods"
            return kind
    return ""


def line_of(data: bytes | str, offset: int) -> int:
    """The number of the line (from 1; ``\\n``, ``\\r\\n`` and a bare ``\\r`` end lines) that
    holds position ``offset``."""
    head = data[:offset].encode("utf-8") if isinstance(data, str) else data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _windows(data: bytes) -> tuple[str, str]:
    # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _mixed_or_windows(data: bytes, utf8: str = "UTF-8") -> Decoded:
    """A file that is not UTF-8 as a whole: Windows-1252 if no line is UTF-8 with a
    non-ASCII character, else UTF-8 with the lines that are not read as Windows-1252."""
    parts: list[str] = []
    foreign: list[int] = []
    utf8_seen = False
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(_windows(line)[0])
            foreign.append(number)
        else:
            utf8_seen = utf8_seen or not line.isascii()
    if not utf8_seen:
        text, encoding = _windows(data)
        return Decoded(text, encoding)
    return Decoded("".join(parts), f"{utf8} + Windows-1252", tuple(foreign))


def _looks_like_utf16(data: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte where it is ASCII."""
    sample = data[:4096]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return (odd > 0.3 * half and even < 0.05 * half) or (even > 0.3 * half and odd < 0.05 * half)


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    if not text.strip():
        raise FileProblem("empty", "The file is empty.")
    if "\x00" in text:
        line = line_of(text, text.index("\x00"))
        raise FileProblem("nul", f"Line {line} holds a NUL character.", line=line)
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise FileProblem("binary", "The file is not text but binary data.", kind="data")
    return decoded
