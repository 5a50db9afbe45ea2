"""The `relais` command line as a user drives it: config, db, kb list/show/search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from tests.conftest import FIXTURE_ARTICLES


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_config_show_masks_secrets_and_applies_env_overrides(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret-value")
    monkeypatch.setenv("RELAIS_SEARCH__TOP_K", "3")
    monkeypatch.setenv("RELAIS_DATABASE_URL", "postgresql+psycopg://relais:hunter2@db:5432/relais")
    hook = "https://itsm.example.com/hooks/relais?token=tok-s3cret&v=2"
    monkeypatch.setenv("RELAIS_WEBHOOKS__ENDPOINTS", json.dumps({"itsm": {"url": hook}}))
    code, out, _ = run("config", "show")
    assert code == 0
    assert "xoxb-very-secret-token" not in out and "signing-secret-value" not in out
    assert "hunter2" not in out and "tok-s3cret" not in out
    data = json.loads(out)
    assert data["search"]["top_k"] == 3
    assert data["slack_bot_token"] == "********"
    assert data["database_url"] == "postgresql+psycopg://relais:***@db:5432/relais"
    assert data["webhooks"]["endpoints"]["itsm"]["url"] == (
        "https://itsm.example.com/hooks/relais?token=********&v=********"
    )
    # defaults come from config/relais.toml
    assert data["search"]["model"] == "all-MiniLM-L6-v2"


def test_invalid_configuration_is_one_clear_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAIS_SEARCH__TOP_K", "many")
    result = CliRunner().invoke(main, ["config", "show"])
    assert result.exit_code == 1
    assert "invalid configuration: search.top_k" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_a_clear_error_without_its_password(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "RELAIS_DATABASE_URL", "postgresql+psycopg://relais:hunter2@127.0.0.1:1/relais"
    )
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "cannot migrate postgresql+psycopg://relais:***@127.0.0.1:1/relais" in result.stderr
    assert "hunter2" not in result.output


def test_db_upgrade_is_idempotent(settings: Settings) -> None:
    for _ in range(2):
        code, out, _ = run("db", "upgrade")
        assert code == 0 and "is at revision" in out


def test_kb_list_and_show(settings: Settings) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES), "--by", "alice")
    code, out, _ = run("kb", "list", "--json")
    assert code == 0
    ids = {json.loads(line)["id"] for line in out.splitlines()}
    assert ids == {"vpn-disconnects-wifi", "outlook-error-0x800ccc0e", "mot-de-passe-oublie"}
    code, out, _ = run("kb", "list", "--as", "agent", "--json")
    assert len(out.splitlines()) == 6
    code, out, _ = run("kb", "show", "mot-de-passe-oublie", "--json")
    data = json.loads(out)
    assert data["title"] == "Réinitialiser son mot de passe oublié"
    assert data["revisions"][0]["by"] == "alice" and data["reuse_count"] == 0
    code, out, _ = run("kb", "show", "mot-de-passe-oublie")
    assert out.startswith("---\nid: mot-de-passe-oublie\n")
    result = CliRunner().invoke(main, ["kb", "show", "nope"])
    assert result.exit_code == 1 and "no article with id 'nope'" in result.stderr


@pytest.mark.slow
def test_kb_search_json_and_agent_visibility(settings: Settings) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    _, out, _ = run("kb", "search", "GlobalProtect keeps disconnecting", "--json")
    data = json.loads(out)
    assert data["decision"] == "answer" and data["results"][0]["id"] == "vpn-disconnects-wifi"
    assert set(data["results"][0]) == {"id", "title", "score"}
    _code, out, _ = run(
        "kb",
        "search",
        "unlock a locked okta account in the admin console",
        "--json",
        "--as",
        "agent",
    )
    assert json.loads(out)["results"][0]["id"] == "unlock-account-admin"
    _, out, _ = run("kb", "search", "GlobalProtect keeps disconnecting")
    assert "vpn-disconnects-wifi" in out and "decision: answer" in out


@pytest.mark.slow
def test_kb_search_streams_one_json_line_per_input_line_whatever_the_input(
    settings: Settings,
) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    lines = [
        b"my VPN keeps dropping on the office wifi",
        b"",
        b"   \t ",
        b"VPN keeps dropping " * 6000,  # ~114k characters
        b"\x00\x01\x02\xff\xfe binary",
        b"Outlook \x1b[2J error 0x800CCC0E\x07",
        b"caf\xe9 latin-1",
        b"what is the capital of Australia",
    ]
    code, out, _ = run("kb", "search", stdin=b"\n".join(lines) + b"\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines)
    assert rows[0]["results"][0]["id"] == "vpn-disconnects-wifi"
    assert rows[1]["error"] == "the query is empty" and rows[2]["error"] == "the query is empty"
    assert rows[3]["truncated"] is True and rows[3]["results"][0]["id"] == "vpn-disconnects-wifi"
    assert "binary" in rows[4]["error"] or "UTF-8" in rows[4]["error"]
    assert rows[5]["results"][0]["id"] == "outlook-error-0x800ccc0e"
    assert "\x1b" not in rows[5]["query"]
    assert rows[6]["error"] == "the query is not UTF-8 text"
    assert rows[7]["decision"] == "none"
    for row in rows:
        assert set(row) <= {"query", "decision", "results", "offered", "truncated", "error"}


@pytest.mark.slow
# SQLite only (two processes that load the model, ~12 s): this adds the console script and the
# pipe; kb import and the streamed kb search run on PostgreSQL in the two tests above.
@pytest.mark.sqlite_only
def test_the_installed_command_streams_stdin(settings: Settings, tmp_path: Path) -> None:
    """The real console script, as a script or an agent would pipe to it."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    relais = Path(sys.executable).parent / "relais"
    subprocess.run(
        [relais, "kb", "import", str(FIXTURE_ARTICLES)], env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [relais, "kb", "search"],
        input=b"GlobalProtect disconnects\n\nreset mon mot de passe\n",
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r.get("decision", r.get("error")) for r in rows][1] == "the query is empty"
    assert rows[0]["results"][0]["id"] == "vpn-disconnects-wifi"
    assert rows[2]["results"][0]["id"] == "mot-de-passe-oublie"
