"""Content errors as GitHub workflow commands, so they show on the pull request's lines.

GitHub reads `::error file=PATH,line=N,title=TITLE::MESSAGE` lines of a step's output as
annotations. Values are escaped as the Actions toolkit does (`escapeData`,
`escapeProperty`), so a message with a newline, a colon or a comma stays one annotation.
"""

from __future__ import annotations

from .errors import ContentError


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error_command(error: ContentError) -> str:
    """The `::error` line of one content error."""
    properties = f"file={_escape_property(error.path)},line={error.line},title={_escape_property(error.field)}"
    return f"::error {properties}::{_escape_data(error.message)}"
