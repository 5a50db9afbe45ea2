"""The CLI shows its work: model loading, reindex without the model, batched piped search,
plain `kb list` when piped, and `kb calibrate` / `kb tune` on a knowledge base too small."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from bot.db import Database
from knowledge import search as search_module
from knowledge.embedder import Embedder
from tests.conftest import FIXTURE_ARTICLES
from tests.unit.test_tuning import seed_tiny

pytestmark = pytest.mark.slow


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_reindex_says_it_loads_the_model_and_does_not_when_nothing_changed(
    settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    loads: list[str] = []

    def load(name: str, location: str | None = None) -> Embedder:
        loads.append(name)
        return embedder  # the session's copy: this process need not load it twice

    monkeypatch.setattr(search_module, "is_loaded", lambda name: False)  # as in a new process
    monkeypatch.setattr(search_module, "shared_embedder", load)
    code, out, err = run("kb", "reindex")
    assert code == 0 and "rebuilt" in out and loads == [settings.search.model]
    assert f"loading model {settings.search.model}…" in err and "loaded model" in err
    code, out, err = run("kb", "reindex")
    assert code == 0 and out.startswith("index up to date:")
    assert "loading model" not in err and loads == [settings.search.model]  # not loaded again


def test_kb_list_piped_is_plain_columns_with_whole_ids(settings: Settings) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    code, out, _ = run("kb", "list", "--as", "agent")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "title", "type", "confidence", "audience", "lang", "reuse"]
    ids = [line.split()[0] for line in lines[1:-1]]
    assert "outlook-error-0x800ccc0e" in ids and "payroll-export-framed" in ids
    assert not any(ch in out for ch in "…┃│")
    assert lines[-1].endswith("visible to agents")


def test_piped_search_in_batches_answers_like_one_query_at_a_time(settings: Settings) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    queries = [
        "my VPN keeps dropping on the office wifi",
        "",
        "j'ai oublié mon mot de passe",
        "Outlook error 0x800CCC0E",
        "what is the capital of Australia",
    ]
    code, out, _ = run("kb", "search", stdin="\n".join(queries).encode() + b"\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(queries) and rows[1]["error"] == "the query is empty"
    for query, row in zip(queries, rows, strict=True):
        if not query:
            continue
        _, single, _ = run("kb", "search", query, "--json")
        assert json.loads(single) == row


def test_calibrate_and_tune_keep_the_defaults_on_a_small_kb_and_say_so(
    settings: Settings,
) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    code, out, _ = run("kb", "calibrate")
    assert code == 0 and out.startswith("not calibrated:") and "shipped thresholds stay" in out
    code, out, _ = run("kb", "tune", "--steps", "1")
    assert code == 0 and out.startswith("not tuned:") and "base model" in out
    code, out, _ = run("kb", "tune", "--off")
    assert code == 0 and "already in service" in out
    _, out, _ = run("kb", "search", "GlobalProtect keeps disconnecting")
    assert "thresholds shipped defaults" in " ".join(out.split())


def test_calibrate_prints_the_curve_and_saves_what_search_then_uses(settings: Settings) -> None:
    db = Database(settings.effective_database_url())
    db.upgrade()
    seed_tiny(db)
    db.dispose()
    code, out, _ = run("kb", "calibrate", "--dry-run", "--json")
    dry = json.loads(out)
    assert code == 0 and dry["saved"] is False and dry["articles"] == 12
    _, out, _ = run("kb", "search", "paper stuck in the printer")
    assert "thresholds shipped defaults" in " ".join(out.split())
    code, out, _ = run("kb", "calibrate", "--target-precision", "0.9")
    assert code == 0
    assert "calibrated all-MiniLM-L6-v2 on 12 articles: 36 in-scope phrasings" in out
    assert "expected precision/coverage" in out and "saved:" in out
    # the learned answer model is fitted too, shown beside the thresholds, and one decides
    assert "learned model" in out and "expected coverage" in out
    assert "learned answer model in use" in out or "plain thresholds" in out
    _, out, _ = run("kb", "search", "paper stuck in the printer")
    assert "calibrated on this knowledge base" in " ".join(out.split())
    code, out, _ = run("kb", "calibrate", "--plain", "--dry-run", "--json")
    plain = json.loads(out)["calibration"]
    assert code == 0 and plain["answer_model"] is None and plain["answer_model_used"] is False
