"""The one settings object.

Precedence, highest first: explicit overrides (CLI options), environment variables, the config file,
defaults. This module is the only place in graphcli that reads ``os.environ``.

Environment variables use the names Neo4j's own tools use (``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) plus ``GRAPHCLI_*`` for the managed local server.

The config file is TOML, found at ``$GRAPHCLI_CONFIG``, else ``./graphcli.toml``, else
``~/.config/graphcli/graphcli.toml``::

    [neo4j]
    uri = "neo4j+s://xxxx.databases.neo4j.io"
    username = "neo4j"
    password = "..."
    database = "neo4j"

    [server]            # the managed local server, used when no uri is set
    home = "~/.local/share/graphcli"
    bolt_port = 7687
    http_port = 7474
    heap = "2g"
    pagecache = "1g"
    bulk_rows = 4000000  # `load` into an empty managed database imports offline from this many input rows
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from graphcli.model.errors import ConfigError

DEFAULT_HOME = Path("~/.local/share/graphcli").expanduser()
# From how many input rows `load` into an empty managed database uses the offline importer
# (neo4j-admin) instead of Bolt. The crossover measured on the development machine was about 0.5M rows
# (docs/benchmarks.md, "Issue 16 on a quieter machine"); the default stays higher until the `small`
# world's end-to-end test has run through the bulk path. 0 turns the automatic switch off.
DEFAULT_BULK_ROWS = 4_000_000

# setting name -> (environment variable, config-file section, key)
_SOURCES: dict[str, tuple[str, str, str]] = {
    "uri": ("NEO4J_URI", "neo4j", "uri"),
    "username": ("NEO4J_USERNAME", "neo4j", "username"),
    "password": ("NEO4J_PASSWORD", "neo4j", "password"),
    "database": ("NEO4J_DATABASE", "neo4j", "database"),
    "home": ("GRAPHCLI_HOME", "server", "home"),
    "bolt_port": ("GRAPHCLI_BOLT_PORT", "server", "bolt_port"),
    "http_port": ("GRAPHCLI_HTTP_PORT", "server", "http_port"),
    "heap": ("GRAPHCLI_HEAP", "server", "heap"),
    "pagecache": ("GRAPHCLI_PAGECACHE", "server", "pagecache"),
    "neo4j_version": ("GRAPHCLI_NEO4J_VERSION", "server", "neo4j_version"),
    "bulk_rows": ("GRAPHCLI_BULK_ROWS", "server", "bulk_rows"),
    "webhook_url": ("GRAPHCLI_WEBHOOK_URL", "alerts", "webhook_url"),
}


@dataclass(frozen=True)
class Settings:
    """Where graphcli finds Neo4j, and how it runs the managed local server."""

    uri: str | None = None
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    home: Path = DEFAULT_HOME
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str | None = None
    pagecache: str | None = None
    neo4j_version: str | None = None
    bulk_rows: int = DEFAULT_BULK_ROWS
    webhook_url: str | None = field(default=None, repr=False)
    config_file: Path | None = None

    @property
    def managed(self) -> bool:
        """True when graphcli runs the server itself (no URI configured)."""
        return self.uri is None

    @property
    def bolt_uri(self) -> str:
        """The URI the driver connects to."""
        return self.uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
    ) -> Settings:
        """Build settings from overrides, the environment and the config file.

        ``None`` values in ``overrides`` mean "not given" and fall through to the next source.
        """
        env = os.environ if environ is None else environ
        path = config_file or _find_config_file(env)
        file_values = _read_config_file(path) if path else {}
        values: dict[str, Any] = {}
        for name, (var, section, key) in _SOURCES.items():
            given = (overrides or {}).get(name)
            if given is not None:
                values[name] = given
            elif env.get(var):
                values[name] = env[var]
            elif key in file_values.get(section, {}):
                values[name] = file_values[section][key]
        unknown = set(overrides or {}) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(cls(config_file=path), **_coerce(values, path))


def _find_config_file(env: Mapping[str, str]) -> Path | None:
    if env.get("GRAPHCLI_CONFIG"):
        path = Path(env["GRAPHCLI_CONFIG"]).expanduser()
        if not path.is_file():
            raise ConfigError(f"GRAPHCLI_CONFIG points at {path}, which does not exist")
        return path
    for candidate in (Path("graphcli.toml"), Path("~/.config/graphcli/graphcli.toml").expanduser()):
        if candidate.is_file():
            return candidate
    return None


def _read_config_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from exc
    for section, body in data.items():
        if section not in {"neo4j", "server", "alerts"} or not isinstance(body, dict):
            raise ConfigError(f"{path}: unknown section [{section}] (expected [neo4j], [server], [alerts])")
    return data


def _coerce(values: dict[str, Any], path: Path | None) -> dict[str, Any]:
    out = dict(values)
    for port in ("bolt_port", "http_port"):
        if port in out:
            try:
                out[port] = int(out[port])
            except (TypeError, ValueError):
                raise ConfigError(f"{port} must be a whole number, got {out[port]!r}") from None
            if not 1 <= out[port] <= 65535:
                raise ConfigError(f"{port} must be between 1 and 65535, got {out[port]}")
    if "bulk_rows" in out:
        try:
            out["bulk_rows"] = int(out["bulk_rows"])
        except (TypeError, ValueError):
            raise ConfigError(f"bulk_rows must be a whole number, got {out['bulk_rows']!r}") from None
        if out["bulk_rows"] < 0:
            raise ConfigError(f"bulk_rows must be 0 (never) or more, got {out['bulk_rows']}")
    if "home" in out:
        out["home"] = Path(out["home"]).expanduser()
    if out.get("uri") == "":
        out["uri"] = None
    return out
