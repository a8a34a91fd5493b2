# SPDX-License-Identifier: EUPL-1.2
"""Output helpers shared by all commands: JSON documents, errors, progress."""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from stellwerk.errors import StellwerkError

__all__ = ["emit_json", "handle_errors", "stderr_progress", "json_option", "database_option"]


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=_default, allow_nan=False))


def handle_errors(func: Callable) -> Callable:
    """Turn expected errors into a message on stderr and a non-zero exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StellwerkError as error:
            click.echo(f"Fehler: {error}", err=True)
            candidates = getattr(error, "candidates", None)
            if candidates:
                click.echo("Mögliche Treffer:", err=True)
                for candidate in candidates:
                    click.echo(f"  {candidate.get('code', '')}  {candidate.get('label', candidate.get('name', ''))}", err=True)
            sys.exit(error.exit_code)

    return wrapper


def stderr_progress(done: int, total: int | None, label: str) -> None:
    """Render progress on stderr, one rewritten line; only when stderr is a terminal
    or when the step finishes, so logs of CI runs stay short."""
    if total:
        finished = done >= total
        if sys.stderr.isatty() or finished:
            percent = 100 * done // total
            end = "\n" if finished else "\r"
            sys.stderr.write(f"  {label}: {done:,}/{total:,} ({percent} %){end}".replace(",", "."))
            sys.stderr.flush()
    else:
        sys.stderr.write(f"  {label}\n")


json_option = click.option("--json", "as_json", is_flag=True, help="Ein JSON-Dokument auf stdout ausgeben.")
database_option = click.option(
    "--database",
    "database_url",
    metavar="URL",
    help="Datenbank-URL (überschreibt STELLWERK_DATABASE_URL).",
)
