"""Work the page templates would redo at every rebuild or on every page, done once.

`invoke livereload` rebuilds in one long-lived process, and each Pelican run builds new
Jinja environments that compile every template again (a tenth of a second on the real
content). `CompiledTemplates` keeps the compiled code in the process: Jinja's bytecode
cache checks each template's source against the code it keeps, and the key here also
holds every environment option that changes the compiled code, so an edited template
or an edited `JINJA_ENVIRONMENT` is compiled again.

`freeze_urls`: Pelican computes an article's `url` anew at every access (a copy of its
metadata and a relative path), and the cards of the index pages and of the related
initiatives read it thousands of times. Once the articles are read, their URL cannot
change: each gets its own URL as `override_url`, which Pelican returns as is.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from typing import TYPE_CHECKING, Any, cast

from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg

if TYPE_CHECKING:
    from jinja2 import Environment
    from pelican.generators import ArticlesGenerator, Generator

# Options of a Jinja environment that the compiled code depends on (the intercepted
# operators exist only in a sandboxed environment).
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
    "is_async",
    "finalize",
    "sandboxed",
    "intercepted_binops",
    "intercepted_unops",
    "code_generator_class",
)


def compile_options(environment: Environment) -> str:
    """Everything of an environment that can change the code a template compiles to."""
    options = [f"{name}={getattr(environment, name, None)!r}" for name in _COMPILE_OPTIONS]
    options.append("extensions=" + ",".join(sorted(environment.extensions)))
    # The code calls filters and tests by name, passing the context to those that ask
    # for it (an unknown one stops the compilation): each name with what it asks for.
    for kind, functions in (("filters", environment.filters), ("tests", environment.tests)):
        asks = [f"{name}:{_PassArg.from_obj(cast(Callable[..., Any], functions[name]))}" for name in sorted(functions)]
        options.append(f"{kind}=" + ",".join(asks))
    return "\n".join(options)


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, for every environment of this process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.sha256(f"{compile_options(environment)}\n{name}\n{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)  # a source that changed resets the bucket: compiled again
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


COMPILED = CompiledTemplates()


def share_compiled_templates(generator: Generator) -> None:
    """Give each generator's Jinja environment the process's compiled templates.

    Each build has environments of its own: within a build, a template is loaded once
    and not checked again (`auto_reload`), which saves a `stat` per included template
    on every page.
    """
    generator.env.bytecode_cache = COMPILED
    generator.env.auto_reload = False


def freeze_urls(generator: ArticlesGenerator) -> None:
    """Give every article its URL once, as Pelican's `override_url`."""
    for article in (*generator.articles, *generator.translations):
        if not hasattr(article, "override_url"):
            article.override_url = article.url
