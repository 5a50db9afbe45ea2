"""The read API: its committed OpenAPI document checked by schemathesis, the bearer token over
real HTTP on loopback, and what a receiver reads back; on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import falcon
import falcon.testing
import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from bot.api.app import make_api, openapi
from bot.api.server import api_server
from bot.app import Relais
from bot.cli import main
from bot.config import Settings
from knowledge.embedder import Embedder
from knowledge.transfer import import_path
from tests.conftest import FIXTURE_ARTICLES
from tests.unit.test_webhooks import ticket_story

TOKEN = "api-token-0123456789abcdef"
DOC = Path(__file__).resolve().parents[2] / "bot" / "api" / "openapi.json"


@pytest.fixture
def relais(settings: Settings, embedder: Embedder) -> Iterator[Relais]:
    app = Relais(settings)
    with app.db.session() as session:
        import_path(session, FIXTURE_ARTICLES, max_bytes=200_000, by="seed")
    ticket_story(app.db, "c1")
    ticket_story(app.db, "c2")
    yield app
    app.close()


@pytest.fixture
def api(relais: Relais) -> falcon.App[Any, Any]:
    return make_api(relais, TOKEN)


def test_the_api_keeps_to_its_openapi_document(api: falcon.App[Any, Any]) -> None:
    """Schemathesis draws requests from the committed document (valid and invalid ones, with
    and without the token) and checks every answer against it: status codes, content types,
    response schemas, no server error, bad input refused."""
    doc = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api)
    operations = [result.ok() for result in doc.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 6  # tickets, ticket, articles, search, article, metrics
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def conforms(case: Any) -> None:
            # A metrics period must run forwards and stay under three years, which a schema
            # cannot say: its 400 for such a request is expected, not a rejection of valid data.
            skip = [positive_data_acceptance] if case.operation.path == "/api/v1/metrics" else []
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=skip
            )

        conforms()


def get(url: str, token: str | None = TOKEN) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_over_http_the_token_is_required_and_bad_parameters_get_400(
    api: falcon.App[Any, Any],
) -> None:
    server = api_server(api, "127.0.0.1", 0, threads=2)

    def run() -> None:
        with contextlib.suppress(OSError):  # closed at the end of the test
            server.run()

    threading.Thread(target=run, daemon=True).start()
    base = f"http://127.0.0.1:{server.getsockname()[1]}/api/v1"
    try:
        for token in (None, "wrong-token-0123456789", TOKEN[:-1]):
            status, body = get(f"{base}/tickets", token)
            assert status == 401 and body["error"] == "unauthorized"
            assert TOKEN not in json.dumps(body)
        status, page = get(f"{base}/tickets?status=resolved&limit=1")
        assert status == 200 and page["total"] == 2 and len(page["tickets"]) == 1
        ref = page["tickets"][0]["id"]
        status, ticket = get(f"{base}/tickets/{ref}")
        assert status == 200
        assert ticket["problem_statement"]["object"] == "payroll export"
        assert [e["what"] for e in ticket["audit"]][:2] == ["opened", "claimed"]
        assert "transcript" in ticket and ticket["sla"]["paused_at"] is None
        for bad in ("tickets?limit=0", "tickets?status=lost", "tickets?since=yesterday"):
            status, body = get(f"{base}/{bad}")
            assert status == 400 and body["error"], bad
        assert get(f"{base}/tickets/T-99999")[0] == 404
        status, arts = get(f"{base}/articles")
        assert status == 200 and all(a["confidence"] == "validated" for a in arts["articles"])
        status, agent = get(f"{base}/articles?view=agent")
        assert agent["total"] > arts["total"]
        assert get(f"{base}/articles/printer-jam-draft")[0] == 404  # not for employees
        assert get(f"{base}/articles/printer-jam-draft?view=agent")[0] == 200
        status, found = get(f"{base}/articles/search?q=vpn%20keeps%20dropping%20on%20wifi")
        assert status == 200 and found["results"][0]["id"] == "vpn-disconnects-wifi"
        status, report = get(f"{base}/metrics?since=2026-12-01&until=2026-12-31")
        assert status == 200 and report["since"].startswith("2026-12-01")
        assert get(f"{base}/metrics?since=2026-12-31&until=2026-12-01")[0] == 400
        status, doc = get(f"{base}/openapi.json", token=None)
        assert status == 200 and doc == openapi() == json.loads(DOC.read_text())
    finally:
        server.close()


def test_a_short_token_stops_serve_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_API_TOKEN", "short-secret")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "RELAIS_API_TOKEN must be at least 16 characters" in line
    assert "short-secret" not in result.output


def test_control_characters_are_refused_not_sent_to_the_database(api: falcon.App[Any, Any]) -> None:
    client = falcon.testing.TestClient(api, headers={"Authorization": f"Bearer {TOKEN}"})
    assert client.simulate_get("/api/v1/tickets", params={"requester": "U\x001"}).status_code == 400
    assert client.simulate_get("/api/v1/articles/a%00b").status_code == 400
    assert client.simulate_get("/api/v1/articles", params={"owner": "  "}).status_code == 400
