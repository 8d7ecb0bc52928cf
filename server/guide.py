"""Serve the Neo4j Browser guide over HTTP with the CORS header Browser needs to fetch it.

Neo4j Browser fetches a `:play URL` guide with a cross-origin request from its own page, so the server
that holds the guide must answer with ``Access-Control-Allow-Origin``; `python -m http.server` does not,
and Browser then says "No guide by that name". The host must also be on Browser's
``browser.remote_content_hostname_allowlist``, whose default is ``guides.neo4j.com,localhost``: the guide
is therefore served as ``http://localhost:PORT/``. (The managed server cannot list more hosts: the setting
is declared by the packaged server's Browser module, which graphcli's Maven-assembled server does not
have, and strict config validation rejects it.)
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

GUIDE_FILE = "graphcli.html"


class _GuideHandler(SimpleHTTPRequestHandler):
    """Static files from one folder, readable cross-origin, without a request log on stderr."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")  # an edited guide shows on the next :play
        super().end_headers()

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


class GuideServer:
    """An HTTP server on 127.0.0.1 for the files in ``folder``; a context manager that stops it."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        handler = partial(_GuideHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = int(self.httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The guide's address as Browser should fetch it (``localhost`` is on Browser's default list)."""
        return f"http://localhost:{self.port}/{GUIDE_FILE}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> GuideServer:
        """Serve in a background thread (for tests and callers that go on working)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> GuideServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def browser_url(
    http_url: str, bolt_uri: str, guide_url: str | None = None, username: str | None = None
) -> str:
    """The Browser address that pre-fills the connection (address and, given, the user: Browser reads
    ``scheme://user@host:port``, never a password) and, with a guide, plays it."""
    if username:
        scheme, sep, rest = bolt_uri.partition("://")
        bolt_uri = f"{scheme}{sep}{quote(username, safe='')}@{rest}" if sep else bolt_uri
    url = f"{http_url}?connectURL={bolt_uri}"
    return f"{url}&cmd=play&arg={guide_url}" if guide_url else url
