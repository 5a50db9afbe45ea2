"""The weekly digest and the lead's App Home, served for real against the fake Slack.

Two replicas share one database; the digest is posted once, with the trend chart uploaded
into its thread through slack_sdk's files_upload_v2 (getUploadURLExternal, the upload itself,
completeUploadExternal), all over real HTTP on loopback.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.db.base import utcnow
from knowledge import feedback
from tests.e2e.conftest import Served
from tests.unit.test_metrics import _service_history

pytestmark = pytest.mark.slow  # slack_settings loads the model and indexes the sample KB

LEADS = "CLEADS"
MONDAY_9AM = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)  # the digest's hour is Monday 08:00


@pytest.fixture
def digest_env(
    slack_settings: Settings, serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Served]:
    """`relais serve` with a digest channel (Mondays at 08:00 UTC) and one support lead."""
    monkeypatch.setenv("RELAIS_REPORT__DIGEST_CHANNEL", LEADS)
    monkeypatch.setenv("RELAIS_REPORT__DIGEST_WEEKDAY", "0")
    monkeypatch.setenv("RELAIS_REPORT__DIGEST_HOUR", "8")
    monkeypatch.setenv("RELAIS_REPORT__LEADS", '["ULEAD"]')
    return serve_http


@pytest.fixture
def digest_served(
    slack_settings: Settings, digest_env: Callable[[], Served]
) -> Callable[[], Served]:
    """The same, over the month of tickets of tests/unit/test_metrics.py."""
    db = Database(slack_settings.effective_database_url())
    with db.session() as session:
        _service_history(session)
    db.dispose()
    return digest_env


def _blocks_text(call: object) -> str:
    return json.dumps(getattr(call, "params", {}).get("blocks"), ensure_ascii=False)


def test_the_digest_is_posted_once_across_replicas_with_its_chart(
    digest_served: Callable[[], Served],
) -> None:
    first, second = digest_served(), digest_served()
    assert first.service.digest_tick(MONDAY_9AM - timedelta(hours=2)) == 0  # not due before 8
    ticks = [
        threading.Thread(target=s.service.digest_tick, args=(MONDAY_9AM,)) for s in (first, second)
    ]
    for t in ticks:
        t.start()
    for t in ticks:
        t.join(timeout=120)
    slack = first.slack
    (post,) = slack.posts(LEADS)
    text = _blocks_text(post)
    assert "Support this week" in text
    assert "*Contacts*: 5  (+5)" in text  # t1 to t5 this week, none the week before
    assert "*SLA breach rate*: 20.0% (1/5)*" in text  # t2 missed its first response
    assert "T-00001 P3 2/5 (Met every SLA target, rated 2 or less)" in text
    assert "T-00002 P1 5/5 (Breached an SLA, rated 4 or more)" in text
    (chart,) = slack.shared_files(LEADS)
    assert chart["thread_ts"] == post.response["ts"]
    assert chart["data"][:8] == b"\x89PNG\r\n\x1a\n" and chart["length"] > 10_000
    assert chart["filename"] == "relais-trends-2026-W46.png"

    # Later ticks of the same week, on either replica, post nothing more.
    first.service.digest_tick(MONDAY_9AM + timedelta(hours=3))
    second.service.digest_tick(MONDAY_9AM + timedelta(hours=4))
    assert len(slack.posts(LEADS)) == 1 and len(slack.shared_files(LEADS)) == 1


def test_a_failed_chart_upload_is_retried_without_posting_the_digest_again(
    digest_served: Callable[[], Served],
) -> None:
    served = digest_served()
    served.slack.fail_next("files.getUploadURLExternal", status=500, retry_after=None, times=4)
    assert served.service.digest_tick(MONDAY_9AM) == 0
    assert len(served.slack.posts(LEADS)) == 1 and served.slack.shared_files(LEADS) == []
    served.slack.clear_faults()
    assert served.service.digest_tick(MONDAY_9AM + timedelta(minutes=5)) == 1
    assert len(served.slack.posts(LEADS)) == 1
    (chart,) = served.slack.shared_files(LEADS)
    assert chart["thread_ts"] == served.slack.posts(LEADS)[0].response["ts"]


def test_a_lead_sees_this_weeks_numbers_in_the_app_home(
    digest_env: Callable[[], Served], slack_settings: Settings
) -> None:
    db = Database(slack_settings.effective_database_url())
    yesterday = utcnow() - timedelta(days=1)
    with db.session() as session:
        session.add(
            ConversationRow(
                key="slack:D9:1.1",
                user="U9",
                verbatim="my VPN keeps dropping",
                offered=["vpn-disconnects-wifi"],
                state="resolved",
                created_at=yesterday,
                updated_at=yesterday,
            )
        )
        feedback.record_helped(session, "vpn-disconnects-wifi", "slack:D9:1.1", yesterday)
    db.dispose()
    served = digest_env()
    for n, user in enumerate(("ULEAD", "UNOBODY")):
        served.send(
            {
                "type": "event_callback",
                "team_id": "T1",
                "api_app_id": "A1",
                "event_id": f"EvHome{n}",
                "event_time": 1,
                "event": {"type": "app_home_opened", "user": user, "tab": "home"},
            }
        )
        served.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > n)  # noqa: B023
    lead, other = (
        json.dumps(c.params, ensure_ascii=False) for c in served.slack.calls_to("views.publish")
    )
    assert '"user_id": "ULEAD"' in lead and "Support this week" in lead
    assert "*Contacts*: 1" in lead
    assert "Self-service success (confirmed)*: 100.0% (1/1)*" in lead
    assert "Support this week" not in other
