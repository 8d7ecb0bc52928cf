"""`graphcli neo4j ...`: the managed local Neo4j server."""

from __future__ import annotations

from contextlib import nullcontext, suppress
from dataclasses import asdict

import typer

from graphcli.cli.common import JSON_OPTION, emit_json, new_app, out, say, state
from graphcli.cypher.connect import open_gateway
from graphcli.cypher.queries import QUERY_ROOT
from graphcli.model.errors import GraphcliError
from graphcli.server import ManagedServer, install
from graphcli.server.guide import GuideServer, browser_url
from graphcli.server.install import check_prerequisites

app = new_app("Install, start, stop and inspect the managed local Neo4j (127.0.0.1 only).")


def _server(ctx: typer.Context) -> ManagedServer:
    return ManagedServer(state(ctx).settings())


@app.command("install")
def install_cmd(
    ctx: typer.Context,
    version: str | None = typer.Option(None, "--version", help="Pin a Neo4j 5.26 patch, e.g. 5.26.12."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Download Neo4j Community 5.26, GDS 2.13, APOC core and the Browser with mvn (idempotent)."""
    settings = state(ctx).settings()
    check_prerequisites()
    inst = install(
        settings.home, version or settings.neo4j_version, progress=None if state(ctx).quiet else say
    )
    summary = {
        "root": str(inst.root),
        "neo4j": inst.neo4j,
        "gds": inst.gds,
        "apoc": inst.apoc,
        "browser": inst.browser,
    }
    if json_out:
        emit_json(summary)
    else:
        say(f"Neo4j {inst.neo4j}, GDS {inst.gds}, APOC {inst.apoc} installed in {inst.root}")


@app.command()
def start(
    ctx: typer.Context,
    timeout: float = typer.Option(180.0, help="Seconds to wait for Bolt to answer."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Start the server (installing it first if needed) and wait until Bolt answers."""
    status = _server(ctx).start(timeout=timeout, progress=None if state(ctx).quiet else say)
    if json_out:
        emit_json(asdict(status))
    else:
        say(f"Neo4j is running (pid {status.pid}): {status.bolt_uri}, Browser at {status.http_url}")


@app.command()
def stop(ctx: typer.Context) -> None:
    """Stop the server cleanly."""
    say("Neo4j stopped" if _server(ctx).stop() else "Neo4j was not running")


@app.command()
def status(
    ctx: typer.Context,
    json_out: bool = JSON_OPTION,
) -> None:
    """Whether the server runs, its pid, Bolt URI and the versions of Neo4j, GDS and APOC.

    When it runs, the versions are asked of the live server; otherwise they are the installed ones.
    """
    st = state(ctx)
    server = ManagedServer(st.settings())
    data = asdict(server.status())
    if data["running"]:
        try:
            with open_gateway(st.settings()) as gw:
                live = gw.server_versions()
            data.update({k: live[k] for k in ("neo4j", "gds", "apoc")})
        except GraphcliError as exc:
            data["error"] = str(exc)
    if json_out:
        emit_json(data)
        return
    state_word = f"running (pid {data['pid']})" if data["running"] else "not running"
    out.print(f"Neo4j {data['neo4j'] or '(not installed)'} - {state_word}", highlight=False)
    out.print(
        f"GDS {data['gds']}, APOC {data['apoc']}; heap {data['heap']}, page cache {data['pagecache']}",
        highlight=False,
    )
    out.print(f"Bolt {data['bolt_uri']}  Browser {data['http_url']}  home {data['home']}", highlight=False)
    out.print("Log in to Browser and play the guide: graphcli browser --guide", highlight=False)


@app.command()
def logs(
    ctx: typer.Context,
    lines: int = typer.Option(50, "-n", "--lines", min=1, help="How many lines from the end."),
) -> None:
    """Print the end of the server log."""
    out.print(_server(ctx).log_tail(lines), highlight=False, markup=False)


def browser(
    ctx: typer.Context,
    guide: bool = typer.Option(
        False, "--guide", help="Also serve the graphcli guide and open it in Browser (runs until Ctrl-C)."
    ),
    guide_port: int = typer.Option(
        0, "--guide-port", metavar="PORT", help="Port of the guide server (default: any free port)."
    ),
    show_password: bool = typer.Option(
        False, "--show-password", help="Print the managed server's password too (it is never shown else)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Where Neo4j Browser is, how to log in, and the guide.

    Prints the Browser address (with the connection pre-filled), the user and where its password is.
    With --guide it serves cypher/guide/ with the header Browser needs and prints one address that logs
    you in and plays the guide's first slide; stop it with Ctrl-C.

    Example: graphcli browser --guide
    """
    settings = state(ctx).settings()
    if not settings.managed:
        info = {"bolt_uri": settings.bolt_uri, "username": settings.username, "browser_url": None}
        if json_out:
            emit_json(info)
            return
        out.print(
            f"Your own server: open its Browser and connect to {settings.bolt_uri} as {settings.username} "
            "(password: NEO4J_PASSWORD). Guide: serve cypher/guide/ with `graphcli browser --guide` on the "
            "machine Browser runs on and add its host to browser.remote_content_hostname_allowlist.",
            highlight=False,
        )
        return
    server = ManagedServer(settings)
    server.start(progress=None if state(ctx).quiet else say)
    creds = server.credentials()
    status = server.status()
    with GuideServer(QUERY_ROOT / "guide", guide_port) if guide else nullcontext() as served:
        guide_url = served.url if served is not None else None
        info = {
            "browser_url": browser_url(status.http_url, status.bolt_uri, guide_url, creds.username),
            "bolt_uri": status.bolt_uri,
            "username": creds.username,
            "password_file": str(server.credentials_file),
            "guide_url": guide_url,
        }
        if show_password:
            info["password"] = creds.password
        if json_out:
            emit_json(info)
        else:
            _print_login(info)
        if served is not None:
            if not json_out:
                say("serving the guide; Ctrl-C stops it")
            with suppress(KeyboardInterrupt):
                served.serve_forever()


def _print_login(info: dict[str, str | None]) -> None:
    """The few lines a person needs to get into Browser."""
    password = info.get("password") or (
        f'the "password" value in {info["password_file"]} (or: graphcli browser --show-password)'
    )
    lines = [
        f"Open:      {info['browser_url']}",
        f"Connect:   {info['bolt_uri']}  (Authentication type: Username / Password)",
        f"User:      {info['username']}",
        f"Password:  {password}",
    ]
    if info.get("guide_url"):
        lines.append(f"Guide:     plays after you log in; or type  :play {info['guide_url']}")
    else:
        lines.append("Guide:     graphcli browser --guide  (serves it and plays it in Browser)")
    for line in lines:
        out.print(line, highlight=False)
