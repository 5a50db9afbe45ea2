"""The weekly digest's content: when it is due, what changed since last week, in EN and FR."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.db import Database
from bot.reports import digest
from bot.reports.labels import LABELS, LANGUAGES
from tests.unit.test_metrics import _service_history

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (datetime(2026, 11, 16, 7, 59, tzinfo=UTC), None),  # before Monday 08:00
        (datetime(2026, 11, 16, 8, 0, tzinfo=UTC), "2026-W47"),
        (datetime(2026, 11, 17, 7, 59, tzinfo=UTC), "2026-W47"),  # within the day after
        (datetime(2026, 11, 17, 8, 0, tzinfo=UTC), None),  # a replica started too late
        (datetime(2026, 11, 22, 23, 0, tzinfo=UTC), None),
    ],
)
def test_the_digest_is_due_once_a_week_from_its_hour(now: datetime, due: str | None) -> None:
    assert digest.due_week(now, weekday=0, hour=8) == due


def test_this_week_against_last_week(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    with db.session() as session:
        built = digest.build(session, MONDAY, None)
    figures = {f.name: (f.now, f.change) for f in built.figures}
    # This week: t6 (handed back) and t8; last week: t1 to t5.
    assert figures["Contacts"] == ("2", "-3")
    assert figures["SLA breach rate"] == ("50.0% (1/2)*", "+30.0 pp")  # 1/2 against 1/5
    assert figures["Time to resolve"] == ("3 h (n=1)", "+0 s")  # t8: 3 h; last week's median 3 h
    assert figures["CSAT (4-5 of 1-5)"] == ("n/a (0/0)", "")  # no ratings this week
    assert built.watermelon == []
    assert built.chart[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Support this week (2026-11-09 to 2026-11-16)" in built.text
    assert "No watermelon tickets" in built.text


def test_the_digest_in_french(db: Database) -> None:
    with db.session() as session:
        _service_history(session)
    with db.session() as session:
        built = digest.build(session, datetime(2026, 11, 9, 9, tzinfo=UTC), None, lang="fr")
    assert built.title == "Le support cette semaine"
    assert "Taux de dépassement des SLA: 20,0 % (1/5)*" in built.text
    assert "T-00001 P3 2/5 (Tous les SLA tenus, noté 2 ou moins)" in built.text


def test_every_label_reads_in_english_and_french() -> None:
    missing = [key for key, entry in LABELS.items() if set(entry) != set(LANGUAGES)]
    assert missing == []
    placeholders = [
        key
        for key, entry in LABELS.items()
        if sorted(re.findall(r"{(\w+)}", entry["en"]))
        != sorted(re.findall(r"{(\w+)}", entry["fr"]))
    ]
    assert placeholders == []  # a French label fills in the same values as the English one
