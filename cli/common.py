"""What every command shares: the run state, consoles, JSON output, progress, error translation."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from graphcli.model.errors import GraphcliError
from graphcli.model.settings import Settings

if TYPE_CHECKING:  # the gateway imports the Neo4j driver and pandas: only commands that connect load it
    from graphcli.cypher.gateway import Gateway

# Options several commands share, declared once.
JSON_OPTION = typer.Option(False, "--json", help="Print a JSON summary on stdout (messages stay on stderr).")
WEBHOOK_OPTION = typer.Option(
    None,
    "--notify-webhook",
    metavar="URL",
    show_default=False,
    help="Post each new alert to this Slack-compatible webhook (default: GRAPHCLI_WEBHOOK_URL or "
    "[alerts] webhook_url). Never posts an alert id twice. Prefer the env var: URLs are secrets.",
)

# Markup off: data and paths may hold "[/x]", which Rich would read as a closing tag and fail on.
out = Console(soft_wrap=True, markup=False)  # tables and results
err = Console(stderr=True, soft_wrap=True, markup=False)  # messages, progress


class GraphcliGroup(TyperGroup):
    """Turns :class:`GraphcliError` from any command into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GraphcliError as exc:
            err.print(f"Error: {exc}", highlight=False, markup=False)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:
            if type(exc).__module__.startswith(("click", "typer")):  # usage errors: click prints them
                raise
            err.print(f"Error: {one_line(exc)}", highlight=False, markup=False)
            raise typer.Exit(1) from None


def one_line(exc: BaseException) -> str:
    """An unexpected error as one line: its type and message, with the first cause's message when the
    message alone says little (driver errors wrap the socket error that names the host)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    if cause is not None and str(cause) and str(cause) not in text:
        text += f" ({' '.join(str(cause).split())})"
    return f"{type(exc).__name__}: {text}"


def quiet_driver_logs(quiet: bool) -> None:
    """With --quiet, the Neo4j driver's own warnings (e.g. "Transaction failed and will be retried")
    are not printed either; errors still are. The logger is named without importing the driver."""
    logging.getLogger("neo4j").setLevel(logging.ERROR if quiet else logging.NOTSET)


def new_app(help_text: str, cls: type[TyperGroup] = GraphcliGroup) -> typer.Typer:
    """A Typer (sub)app with graphcli's error handling and plain, scriptable output."""
    return typer.Typer(
        help=help_text,
        cls=cls,
        rich_markup_mode=None,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


@dataclass
class State:
    """Options given before the command (``graphcli --uri ... COMMAND``)."""

    overrides: dict[str, Any]
    quiet: bool = False

    def settings(self) -> Settings:
        return Settings.load(self.overrides)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State({})


@contextmanager
def gateway(ctx: typer.Context) -> Iterator[Gateway]:
    """Open the gateway for this command's settings; closed when the block ends."""
    from graphcli.cypher.connect import open_gateway

    st = state(ctx)
    with open_gateway(st.settings(), progress=None if st.quiet else say) as gw:
        yield gw


def say(message: str) -> None:
    """A progress or status message on stderr."""
    err.print(message, highlight=False)


def emit_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, sort_keys=False) + "\n")
