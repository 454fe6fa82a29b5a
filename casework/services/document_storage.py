"""Where uploaded papers are kept: files under a directory nothing serves statically, named
by the service (random), with their SHA-256; and the checks an upload must pass first: its
size, its name, and its type read from the content (never from the name)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from casework.errors import FieldError, Invalid, NotFound, TooLarge, UnsupportedType

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED_TYPES = (PDF, JPEG, PNG, DOCX, XLSX)
MAX_NAME = 200  # characters of a file name
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check, ready to be stored."""

    content: bytes
    name: str
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def check_upload(name: str, content: bytes, max_bytes: int) -> Checked:
    """Refuse an empty, too large, badly named or unsupported upload; else describe it."""
    if len(content) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise TooLarge(
            f"the file is larger than {megabytes} MB",
            code="file_too_large",
            params={"megabytes": megabytes},
            max_bytes=max_bytes,
        )
    if not content:
        empty = FieldError("the file is empty", code="empty_file")
        raise Invalid("the file is empty", {"file": [empty]}, code="empty_file")
    clean = clean_name(name)
    content_type = sniff(content)
    if content_type is None:
        raise UnsupportedType(
            "the file is not a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) document",
            code="unsupported_file_type",
            allowed=list(ALLOWED_TYPES),
        )
    return Checked(content, clean, content_type, hashlib.sha256(content).hexdigest())


def clean_name(name: str) -> str:
    """The uploader's file name, kept only for display: a name with a path is refused."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise _bad_name("the file has no name", FieldError("the file has no name", code="no_name"))
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name.split("."):
        path = FieldError("a path in the name", code="path_in_name")
        raise _bad_name("the file name must not contain a path", path)
    if any(unicodedata.category(c).startswith("C") for c in name):
        control = FieldError("control characters", code="control_characters_in_name")
        raise _bad_name("the file name has control characters", control)
    if len(name) > MAX_NAME:
        message = f"at most {MAX_NAME} characters"
        long = FieldError(message, code="name_too_long", params={"max": MAX_NAME})
        raise _bad_name("the file name is too long", long)
    return name


def _bad_name(detail: str, problem: FieldError) -> Invalid:
    """A refused file name: the problem on the file field is the refusal's."""
    return Invalid(detail, {"file": [problem]}, code=problem.code, params=problem.params)


def sniff(content: bytes) -> str | None:
    """The content's type by its signature; zip files count only as Word or Excel documents."""
    for magic, content_type in _MAGIC:
        if content.startswith(magic):
            return content_type
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return None


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def store(directory: Path, checked: Checked) -> str:
    """Write the content under a new random name; returns that name."""
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(16)
    partial = directory / f".{storage_name}.part"
    with open(partial, "xb") as out:  # x: never overwrite
        out.write(checked.content)
        out.flush()
        os.fsync(out.fileno())
    partial.rename(directory / storage_name)
    return storage_name


def discard(directory: Path, storage_name: str) -> None:
    """Remove a file whose database rows were not written."""
    (directory / storage_name).unlink(missing_ok=True)


def read(directory: Path, storage_name: str, sha256: str) -> bytes:
    """The stored content, checked against its SHA-256."""
    path = directory / storage_name
    if not path.is_file():
        raise NotFound("the document's file is missing from the store", code="file_missing")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise NotFound("the document's file does not match its checksum", code="file_corrupt")
    return content
