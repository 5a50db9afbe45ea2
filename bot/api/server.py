"""Serving the read API: beside the Slack endpoints in HTTP mode, on its own in Socket Mode."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from waitress.server import TcpWSGIServer


def api_only(api: Any) -> Any:
    """A WSGI app that answers /api/ and 404s the rest (no Slack endpoint without its
    signature check: in Socket Mode, Slack never comes over HTTP)."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith("/api/"):
            return cast("Iterable[bytes]", api(environ, start_response))
        body = b'{"error": "not found", "detail": "the API is under /api/v1/"}'
        start_response(
            "404 Not Found",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return application


def api_server(api: Any, host: str, port: int, threads: int) -> TcpWSGIServer:
    """A waitress server for the API alone; `OSError` when the address is taken."""
    from waitress.server import TcpWSGIServer, create_server

    server = create_server(api_only(api), host=host, port=port, threads=threads)
    if not isinstance(server, TcpWSGIServer):
        server.close()
        raise OSError(f"{host!r} names several interfaces; give one address")
    return server
