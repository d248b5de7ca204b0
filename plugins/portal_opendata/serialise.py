"""Deterministic bytes for the exports: same data, byte-identical files.

Sorted keys, fixed separators and indentation, '\n' line endings, UTF-8 without BOM,
and no timestamp: nothing depends on the machine, the clock or the hash seed.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .exports import ExportError

INDENT = 2


def json_text(data: Any, depth: int = 0) -> str:
    """`data` as json_bytes writes it `depth` levels deep in a document (no final newline)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=INDENT, separators=(",", ": "))
    # A JSON string holds no raw newline: each newline starts a line of the structure.
    return text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text


def json_bytes(data: Any, encoded: dict[str, list[str]] | None = None) -> bytes:
    """Serialise JSON with sorted keys, two-space indentation and a final newline.

    `encoded` gives lists of the top-level object already encoded, item by item
    (`json_text(item, depth=2)`, possibly by other processes): the same bytes as the
    whole document encoded at once, whose Python encoder is slow with indentation.
    """
    if not encoded:
        return (json_text(data) + "\n").encode("utf-8")
    placeholders = {key: f"\0{key}\0" for key in encoded}
    text = json_text({**data, **placeholders})
    for key, items in encoded.items():
        token = json.dumps(placeholders[key])
        if text.count(token) != 1:
            raise ValueError(f"{key} : la liste ne peut être insérée dans le document JSON")
        line = "\n" + " " * (2 * INDENT)
        text = text.replace(token, "[" + line + ("," + line).join(items) + "\n" + " " * INDENT + "]" if items else "[]")
    return (text + "\n").encode("utf-8")


def csv_bytes(fields: list[str], rows: list[dict[str, str]]) -> bytes:
    """Serialise rows as RFC 4180 CSV (comma, minimal quoting) with '\n' line endings."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fields)
    for row in rows:
        if set(row) != set(fields):
            raise ExportError(f"colonnes {sorted(set(row) ^ set(fields))} : la ligne ne suit pas le schéma")
        writer.writerow([row[name] for name in fields])
    return buffer.getvalue().encode("utf-8")
