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


def json_bytes(data: Any) -> bytes:
    """Serialise JSON with sorted keys, two-space indentation and a final newline."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, separators=(",", ": "))
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
