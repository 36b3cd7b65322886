"""Pure rules for attachments: what a file is by its content, how large and how many, a safe name."""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 10 * 1024 * 1024
MAX_COUNT = 5

# Content type → (magic bytes at the start of the file, the extension the name must end with).
KINDS = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
}
EXTENSIONS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
SNIFF_BYTES = 8

# Path separators, and what a shell, a header or HTML would read specially.
_UNSAFE = re.compile(r"""[/\\<>:"'|?*;&$`%]+""")


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes: PDF, PNG or JPEG, else None."""
    for content_type, (magic, _extension) in KINDS.items():
        if head.startswith(magic):
            return content_type
    return None


def safe_filename(name: str | None, content_type: str) -> str:
    """A display name for the download: no path, no control or shell characters, the right extension.

    The name is only ever shown and sent in Content-Disposition; it never names a file on disk.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in "CZ" or c == " ")  # control, separators
    name = _UNSAFE.sub("_", name).strip(" ._") or "attachment"
    stem, dot, extension = name.rpartition(".")
    if dot and EXTENSIONS.get("." + extension.lower()) == content_type:
        stem, extension = stem.strip(" ._") or "attachment", "." + extension.lower()
    else:
        stem, extension = name, KINDS[content_type][1]
    return stem[: 255 - len(extension)] + extension


def describe_size(size: int) -> str:
    """A size for people: 512 KB, 2.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
