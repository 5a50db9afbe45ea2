"""The weekly digest in Slack, and the support lead's App Home section.

Once a week across replicas: when the digest is due, each replica may build it, but only one
stores it: its outbox row carries the unique dedupe key `digest:<channel>:<ISO week>`. The row
is then sent like any outbox row (a lease first, so two senders never both post; each posted
part is recorded, so a retry after a failure never posts a part twice): the message with the
headline numbers, then the trend chart uploaded into its thread with `files_upload_v2`.
These rows hang off one `digest:<channel>` conversation, which the reply sweep never touches.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import gaps
from bot.config import Settings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.reports import digest as digests
from bot.reports import metrics
from bot.reports.labels import label
from bot.reports.text import headline
from bot.slack.delivery import PERMANENT_ERRORS, finish_row, lease_row
from bot.slack.tables import SlackPostRow
from bot.slack.text_safety import escape, neutralise

log = logging.getLogger(__name__)

AUDIENCE = "digest"
LEASE = timedelta(minutes=5)
HOME_CACHE_S = 300.0

Block = dict[str, Any]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def render_blocks(digest: digests.Digest) -> list[Block]:
    """The digest as Block Kit: numbers (with the change), gaps, watermelon tickets."""
    lang = digest.lang
    figures = "\n".join(
        f"*{escape(f.name)}*: {escape(f.now)}" + (f"  ({escape(f.change)})" if f.change else "")
        for f in digest.figures
    )
    gap_lines = "\n".join(
        f"{n}. {neutralise(escape(g))}" for n, g in enumerate(digest.gaps, 1)
    ) or escape(label("digest.no_gaps", lang))
    melons = "\n".join(
        f"• {escape(line)}" + (f" <{link}|{escape(label('thread', lang))}>" if link else "")
        for line, link in digest.watermelon
    ) or escape(label("digest.no_watermelon", lang))
    return [
        {"type": "header", "text": {"type": "plain_text", "text": digest.title}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(digest.period)}]},
        _section(figures),
        _section(f"*{escape(label('digest.gaps', lang))}*\n{gap_lines}"),
        _section(f"*{escape(label('digest.watermelon', lang))}*\n{melons}"),
    ]


class DigestService:
    """Queues the weekly digest once, sends it, and shows leads this week's numbers."""

    def __init__(
        self,
        db: Database,
        client: WebClient,
        settings: Settings,
        encoder: Callable[[], gaps.TextEncoder | None],
    ) -> None:
        self.db = db
        self.client = client
        self.settings = settings
        self.report = settings.report
        self.encoder = encoder
        self._home: dict[str, tuple[float, list[Block]]] = {}
        self._members: tuple[float, frozenset[str]] | None = None
        self._lock = threading.Lock()

    @property
    def business(self) -> frozenset[str]:
        sla = self.settings.handoff.sla.items()
        return frozenset(p for p, t in sla if t.business_days or t.business_hours)

    # -- the weekly digest ---------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> int:
        """Queue this week's digest if it is due (once across replicas); send what is queued."""
        now = now or utcnow()
        channel = self.report.digest_channel
        if channel:
            week = digests.due_week(now, self.report.digest_weekday, self.report.digest_hour)
            if week is not None:
                self.queue(now, week)
        return self.send_pending()

    def queue(self, now: datetime, week: str) -> bool:
        """Store the digest of `week` in the outbox; False when a replica already did."""
        channel = self.report.digest_channel
        key = f"digest:{channel}:{week}"
        with self.db.session() as session:
            if session.scalar(select(MessageRow.id).where(MessageRow.dedupe_key == key)):
                return False
        conversation = self._conversation(channel)
        with self.db.session() as session:
            built = digests.build(
                session,
                now,
                self.encoder(),
                lang=self.report.digest_language,
                workspace_url=self.report.workspace_url,
                business_priorities=self.business,
            )
        payload = {
            "channel": channel,
            "week": week,
            "text": built.text,
            "blocks": render_blocks(built),
            "chart": base64.b64encode(built.chart).decode("ascii"),
            "chart_title": label("digest.chart", built.lang),
        }
        try:
            with self.db.session() as session:
                session.add(
                    MessageRow(
                        conversation_id=conversation,
                        direction="out",
                        dedupe_key=key,
                        user="relais",
                        audience=AUDIENCE,
                        text=built.text,
                        payload=payload,
                    )
                )
        except IntegrityError:
            return False  # another replica stored it first
        log.info("weekly digest %s queued for %s", week, channel)
        return True

    def _conversation(self, channel: str) -> int:
        key = f"digest:{channel}"
        for _ in range(3):
            with self.db.session() as session:
                found = session.scalar(select(ConversationRow.id).where(ConversationRow.key == key))
                if found is not None:
                    return int(found)
            try:
                with self.db.session() as session:
                    row = ConversationRow(key=key, user="relais", channel=channel, state="resolved")
                    session.add(row)
                    session.flush()
                    return int(row.id)
            except IntegrityError:
                continue  # created by another replica at the same moment
        raise RuntimeError(f"cannot create the digest conversation for {channel}")

    def send_pending(self) -> int:
        """Send every digest not yet delivered; how many were delivered now."""
        with self.db.session() as session:
            ids = session.scalars(
                select(MessageRow.id).where(
                    MessageRow.audience == AUDIENCE,
                    MessageRow.delivered_at.is_(None),
                    MessageRow.delivery_error.is_(None),
                )
            ).all()
        return sum(1 for outbox_id in ids if self.deliver(outbox_id))

    def deliver(self, outbox_id: int) -> bool:
        payload = self._lease(outbox_id)
        if payload is None:
            return False
        try:
            posted = self._posted(outbox_id)
            channel = str(payload["channel"])
            ts = posted.get(0)
            if ts is None:
                response = self.client.chat_postMessage(
                    channel=channel,
                    text=str(payload["text"]),
                    blocks=payload["blocks"],
                    unfurl_links=False,
                )
                ts = str(response["ts"])
                self._remember(outbox_id, 0, channel, ts)
            if 1 not in posted and payload.get("chart"):
                uploaded = self.client.files_upload_v2(
                    channel=channel,
                    thread_ts=ts,
                    content=base64.b64decode(payload["chart"]),
                    filename=f"relais-trends-{payload['week']}.png",
                    title=str(payload.get("chart_title") or "trends"),
                )
                file_id = str((uploaded.get("file") or {}).get("id") or "")
                self._remember(outbox_id, 1, channel, f"file:{file_id}")
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            self._finish(outbox_id, error if error in PERMANENT_ERRORS else None, failed=True)
            log.warning("weekly digest not sent (%s)", error)
            return False
        except (SlackClientError, OSError) as exc:
            self._finish(outbox_id, None, failed=True)
            log.warning("weekly digest not sent (%s); will retry", type(exc).__name__)
            return False
        self._finish(outbox_id, None)
        return True

    def _lease(self, outbox_id: int) -> dict[str, Any] | None:
        with self.db.session() as session:
            if not lease_row(session, outbox_id, utcnow() + LEASE):
                return None
            row = session.get(MessageRow, outbox_id)
            return dict(row.payload or {}) if row is not None else None

    def _posted(self, outbox_id: int) -> dict[int, str]:
        with self.db.session() as session:
            rows = session.execute(
                select(SlackPostRow.part, SlackPostRow.ts).where(
                    SlackPostRow.outbox_id == outbox_id
                )
            ).all()
        return {int(part): str(ts) for part, ts in rows}

    def _remember(self, outbox_id: int, part: int, channel: str, ts: str) -> None:
        with self.db.session() as session:
            session.add(SlackPostRow(outbox_id=outbox_id, part=part, channel=channel, ts=ts))

    def _finish(self, outbox_id: int, error: str | None, failed: bool = False) -> None:
        finish_row(self.db, outbox_id, error, sent=not failed)

    # -- the lead's App Home -------------------------------------------------------------

    def is_lead(self, user: str) -> bool:
        if user in self.report.leads:
            return True
        group = self.report.lead_group
        return bool(group) and user in self._group_members(group)

    def _group_members(self, group: str) -> frozenset[str]:
        with self._lock:
            if self._members and time.monotonic() - self._members[0] < HOME_CACHE_S:
                return self._members[1]
        try:
            response = self.client.usergroups_users_list(usergroup=group)
        except SlackClientError as exc:
            log.warning("could not read the lead group: %s", type(exc).__name__)
            return frozenset()
        members = frozenset(str(u) for u in response.get("users") or [])
        with self._lock:
            self._members = (time.monotonic(), members)
        return members

    def home_blocks(self, user: str, now: datetime | None = None) -> list[Block]:
        """This week's headline numbers for a support lead ([] for anyone else)."""
        if not self.is_lead(user):
            return []
        lang = self.report.digest_language
        with self._lock:
            cached = self._home.get(lang)
            if cached and time.monotonic() - cached[0] < HOME_CACHE_S and now is None:
                return cached[1]
        now = now or utcnow()
        with self.db.session() as session:
            built = metrics.build(
                session,
                metrics.Period(now - timedelta(days=7), now, "week"),
                now=now,
                business_priorities=self.business,
            )
        lines = "\n".join(
            f"*{escape(name)}*: {escape(value)}" for name, value in headline(built, lang)
        )
        blocks: list[Block] = [
            {"type": "header", "text": {"type": "plain_text", "text": label("home.lead", lang)}},
            _section(lines),
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": escape(label("small_note", lang, n=metrics.SMALL_SAMPLE)),
                    }
                ],
            },
        ]
        with self._lock:
            self._home[lang] = (time.monotonic(), blocks)
        return blocks


__all__ = ["AUDIENCE", "DigestService", "render_blocks"]
