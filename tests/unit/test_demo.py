"""`relais demo seed`: a newcomer gets a month that the metrics report can show at once.

The seed talks to the real engine and the real search over the sample knowledge base.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot import demo
from bot.cli import main
from bot.config import Settings, load_settings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.desk import Desk
from bot.engine import Engine
from bot.paths import PROJECT_ROOT
from bot.reports import metrics
from handoff.tables import TicketRow
from knowledge.embedder import Embedder
from knowledge.search import KnowledgeSearch
from knowledge.transfer import import_path

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def test_a_seeded_week_fills_every_part_of_the_report(
    db: Database, embedder: Embedder, tmp_path: Path
) -> None:
    settings = load_settings()
    with db.session() as session:
        import_path(session, PROJECT_ROOT / "config" / "articles", max_bytes=200_000, by="t")
    search = KnowledgeSearch(db, settings.search, tmp_path / "index", embedder=embedder)
    search.load()
    sla = settings.handoff.sla_targets()
    engine = Engine(db, search, sla=sla, authoring=settings.authoring)
    summary = demo.seed(db, engine, Desk(db), sla, days=7, seed_value=3, now=NOW)

    assert summary.conversations >= 20
    assert summary.by_language["en"] > 0 and summary.by_language["fr"] > 0
    assert summary.tickets > 0 and summary.ratings > 0
    with db.session() as session:
        first, last = session.execute(
            select(func.min(ConversationRow.created_at), func.max(ConversationRow.created_at))
        ).one()
        assert NOW - timedelta(days=8) <= first and last < NOW  # spread over the week
        unsent = session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(MessageRow.direction == "out", MessageRow.delivered_at.is_(None))
        )
        assert unsent == 0  # a later `relais serve` never posts the demo to Slack
        assert session.scalar(select(func.count()).select_from(TicketRow)) == summary.tickets
        built = metrics.build(session, metrics.Period(NOW - timedelta(days=8), NOW, "day"), now=NOW)
    assert built.self_service["contacts"] == summary.conversations
    assert built.self_service["self_service_success"].numerator > 0
    assert built.service["time_to_first_response"].n > 0
    assert built.kcs["link_rate"].numerator > 0
    assert sum(built.voice["distribution"].values()) == summary.ratings

    with pytest.raises(demo.DemoError, match="already has"):
        demo.seed(db, engine, Desk(db), sla, days=1, now=NOW)


def test_a_bad_number_of_days_is_one_line(settings: Settings) -> None:
    result = CliRunner().invoke(main, ["demo", "seed", "--days", "0"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: Invalid value for '--days': 0 is not in the range 1<=x<=366.\n"
    )


def test_seeding_a_database_in_use_is_refused_in_one_line(settings: Settings) -> None:
    db = Database(settings.effective_database_url())
    db.upgrade()
    with db.session() as session:
        session.add(ConversationRow(key="k", user="u"))
    db.dispose()
    result = CliRunner().invoke(main, ["demo", "seed"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the database already has 1 conversations: demo seed only fills an empty one "
        "(point RELAIS_HOME or RELAIS_DATABASE_URL at a new database)\n"
    )
