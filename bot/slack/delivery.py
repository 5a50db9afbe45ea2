"""Outbound: replies go from the outbox to Slack through per-channel queues, and none is lost.

The engine stores every reply in the outbox (a `messages` row) in the same transaction as the
message it answers. Here each row is sent as one or more Slack messages:
- a sender first leases the row (a conditional UPDATE), so two replicas, or a live send and the
  recovery sweep, never send the same row;
- each posted part is recorded with its ts; a message carries the outbox id and part in its
  metadata, so a sender that takes over a row whose sender died checks the thread first and
  never posts a part twice;
- posts in one channel are sent in order, paced at about one message per second (Slack's
  limit, shared by replicas through the database), with short bursts; a fixed pool of
  sender threads serves every channel, and a channel waiting for its slot holds none;
- slack_sdk's retry handlers wait out 429 (Retry-After) and retry 5xx; a row that still fails
  stays in the outbox and the sweep sends it later.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.actions import Action
from bot.config import SlackSettings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.i18n import t
from bot.known import trends as known_trends
from bot.known.issues import CHANNEL_AUDIENCE, known_issue_of_ticket, text_in
from bot.known.tables import KnownIssueRow, TrendClusterRow
from bot.slack.blocks import Message, render_all
from bot.slack.events import Thread
from bot.slack.known_views import issue_reach, render_alert, render_status
from bot.slack.tables import ChannelPaceRow, SlackPostRow
from bot.slack.triage import render_card, render_notice, render_relay
from handoff import tickets
from handoff.tables import TicketRow
from knowledge.background import give_way

log = logging.getLogger(__name__)

METADATA_EVENT = "relais_reply"
PENDING = "pending"  # a slack_posts row whose post was attempted, outcome unknown
CLOCK_SKEW_S = 60  # how far before an attempt the history search starts
# Errors that no retry can fix: the row is marked and not sent again.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_not_in_channel",
        "restricted_action",
        "cannot_dm_bot",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "missing_scope",
    }
)
# Errors where Slack refused our blocks: the part is sent again as plain text.
BLOCK_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long"})


@dataclass(frozen=True)
class Job:
    """Send outbox row `outbox_id`; then take the "looking" reaction off `looking_ts`."""

    outbox_id: int
    thread: Thread
    user: str
    looking_ts: str | None = None


class Pacer:
    """Slack's per-channel rate, shared by every replica through the database.

    A generic cell rate algorithm: each channel has a theoretical arrival time (`tat`); a
    sender reserves the next slot with one atomic upsert and sleeps until it. Over all
    replicas together a channel gets `rate` posts per second, with bursts of `burst`. Nothing
    is kept in memory; rows of quiet channels are pruned.
    """

    def __init__(
        self,
        db: Database,
        rate: float,
        burst: int,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.db = db
        self.interval = 1.0 / rate
        self.burst = burst
        self.clock = clock
        self.sleep = sleep
        self._insert = sqlite_insert if db.is_sqlite else postgresql_insert
        self._greatest = func.max if db.is_sqlite else func.greatest

    def reserve(self, channel: str) -> float:
        """Reserve the next slot in `channel`; how many seconds to wait for it."""
        now = self.clock()
        insert = self._insert(ChannelPaceRow).values(channel=channel, tat=now + self.interval)
        statement = insert.on_conflict_do_update(
            index_elements=[ChannelPaceRow.channel],
            set_={"tat": self._greatest(ChannelPaceRow.tat, now) + self.interval},
        ).returning(ChannelPaceRow.tat)
        with self.db.session() as session:
            tat = float(session.scalar(statement) or 0.0)
        send_at = tat - self.interval * self.burst
        return max(0.0, send_at - now)

    def delay(self, channel: str) -> float:
        """How long until `channel` has a free slot, reserving nothing."""
        with self.db.session() as session:
            tat = session.scalar(
                select(ChannelPaceRow.tat).where(ChannelPaceRow.channel == channel)
            )
        now = self.clock()
        if tat is None:
            return 0.0
        return max(0.0, max(float(tat), now) + self.interval - self.interval * self.burst - now)

    def wait(self, channel: str) -> None:
        delay = self.reserve(channel)
        if delay > 0:
            self.sleep(delay)

    def prune(self, idle_s: float = 3600.0) -> int:
        """Forget channels quiet for `idle_s` (their slots are long past)."""
        with self.db.session() as session:
            result = session.execute(
                delete(ChannelPaceRow).where(ChannelPaceRow.tat < self.clock() - idle_s)
            )
            return int(cast("CursorResult[Any]", result).rowcount)


def lease_row(session: Session, outbox_id: int, until: datetime) -> bool:
    """Take an outbox row to send it until `until` (a conditional UPDATE, so two senders or
    replicas never both take it); False when it is sent, failed for good, or held."""
    now = utcnow()
    claimed = session.execute(
        update(MessageRow)
        .where(
            MessageRow.id == outbox_id,
            MessageRow.delivered_at.is_(None),
            MessageRow.delivery_error.is_(None),
            or_(MessageRow.lease_until.is_(None), MessageRow.lease_until < now),
        )
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", claimed).rowcount == 1


def finish_row(db: Database, outbox_id: int, error: str | None = None, sent: bool = True) -> None:
    """Let go of an outbox row's lease: delivered (`sent`), failed for good (`error`), or
    neither (`sent=False`: a later attempt sends it)."""
    values: dict[str, Any] = {"lease_until": None}
    if error is not None:
        values["delivery_error"] = error[:255]
    elif sent:
        values["delivered_at"] = utcnow()
    with db.session() as session:
        session.execute(
            update(MessageRow)
            .where(MessageRow.id == outbox_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


class Outbox:
    """Sends outbox rows to Slack from a fixed pool of sender threads shared by all channels.

    Jobs wait in one lane per channel, sent in the order submitted. A sender takes the first
    job of a lane that no other sender holds; when that job's channel has no free slot in the
    shared pacer, the whole lane is set aside until its slot comes, and the sender serves
    another lane. So a busy channel holds no thread while it waits, however many channels are
    busy, and at most `MAX_QUEUED` jobs are held in memory (the rest wait in the database for
    the sweep).
    """

    MAX_QUEUED = 10_000
    MIN_DEFER_S = 0.05  # a shorter wait for a slot is slept inside the send

    def __init__(
        self,
        db: Database,
        client: WebClient,
        settings: SlackSettings,
        triage_channel: str = "",
        name: Callable[[str], str] = str,
        team_channel: Callable[[str], str] | None = None,
        language: str = "en",
        workspace_url: str = "https://slack.com",
    ) -> None:
        self.language = language  # the support team's, for the triage card
        self.workspace_url = workspace_url  # thread links in trend alerts
        self.db = db
        self.client = client
        self.settings = settings
        self.triage_channel = triage_channel
        self.name = name
        self.team_channel = team_channel or (lambda _team: triage_channel)
        self.pacer = Pacer(db, settings.channel_rate_per_s, settings.channel_burst)
        self._lanes: dict[str, deque[Job]] = {}
        self._ready: deque[str] = deque()  # lanes with work that no sender holds
        self._deferred: list[tuple[float, str]] = []  # (monotonic due time, lane), a heap
        self._held: set[str] = set()  # lanes being sent by a sender now
        self._lock = threading.Lock()
        self._work_ready = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._queued: set[int] = set()
        self._closed = False
        self._senders: list[threading.Thread] = []

    # -- lanes ------------------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        """Queue a row in its channel's lane; returns at once."""
        with self._lock:
            if self._closed or job.outbox_id in self._queued:
                return  # the sweep of the next process sends it / it is on its way
            if self._pending >= self.MAX_QUEUED:
                return  # it stays in the outbox table: a later sweep queues it
            self._queued.add(job.outbox_id)
            self._pending += 1
            lane = job.thread.channel
            jobs = self._lanes.get(lane)
            if jobs is None:
                jobs = self._lanes[lane] = deque()
                self._ready.append(lane)  # a new lane is neither held nor set aside
                self._work_ready.notify()
            jobs.append(job)
            if not self._senders:
                self._start_senders()

    def _start_senders(self) -> None:
        for number in range(self.settings.sender_threads):
            sender = threading.Thread(target=self._send_loop, name=f"relais-send-{number}")
            sender.daemon = True
            sender.start()
            self._senders.append(sender)

    def _next(self) -> tuple[str, Job] | None:
        """The first job of the next ready lane, held by this sender; None once closed."""
        with self._lock:
            while not self._closed:
                now = time.monotonic()
                while self._deferred and self._deferred[0][0] <= now:
                    self._ready.append(heapq.heappop(self._deferred)[1])
                if self._ready:
                    lane = self._ready.popleft()
                    self._held.add(lane)
                    return lane, self._lanes[lane][0]
                wait = self._deferred[0][0] - now if self._deferred else None
                self._work_ready.wait(wait)
            return None

    def _send_loop(self) -> None:
        give_way()
        while (taken := self._next()) is not None:
            lane, job = taken
            try:
                delay = self.pacer.delay(self._paced_channel(job))
            except Exception:  # the database is away: send now, the send itself will tell
                delay = 0.0
            if delay >= self.MIN_DEFER_S:
                with self._lock:  # this channel has no free slot yet: serve others meanwhile
                    self._held.discard(lane)
                    heapq.heappush(self._deferred, (time.monotonic() + delay, lane))
                    self._work_ready.notify()
                continue
            try:
                self.deliver(job)
            except Exception:  # never let one bad row stop the channel's lane
                log.exception("delivery of outbox row %s failed", job.outbox_id)
            finally:
                with self._lock:
                    jobs = self._lanes[lane]
                    jobs.popleft()
                    self._held.discard(lane)
                    if jobs:
                        self._ready.append(lane)
                        self._work_ready.notify()
                    else:
                        del self._lanes[lane]
                    self._pending -= 1
                    self._queued.discard(job.outbox_id)
                    self._idle.notify_all()

    def _paced_channel(self, job: Job) -> str:
        """The channel a row posts in: agents' rows go to the triage channel."""
        with self.db.session() as session:
            audience = session.scalar(
                select(MessageRow.audience).where(MessageRow.id == job.outbox_id)
            )
        return self.triage_channel if audience == "agents" else job.thread.channel

    def senders(self) -> int:
        """How many sender threads this outbox runs."""
        with self._lock:
            return len(self._senders)

    def drain(self, timeout: float) -> bool:
        """Wait until every queued row was attempted (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Let queued rows go for up to `timeout`, then stop the senders (the rest stay in
        the outbox table for the next sweep)."""
        self.drain(timeout)
        with self._lock:
            self._closed = True
            self._work_ready.notify_all()

    # -- one row ----------------------------------------------------------------------------

    def deliver(self, job: Job) -> bool:
        """Send every part of one row not yet sent; True when the row is delivered."""
        claimed = self._lease(job.outbox_id)
        if claimed is None:
            return False  # delivered already, failed for good, or another sender has it
        actions, taken_over, audience = claimed
        try:
            if audience == "agents":
                self._send_to_agents(job, actions, taken_over)
            elif audience == "authors":
                self._send_to_authors(job, actions)
            elif audience == CHANNEL_AUDIENCE:
                self._send_to_channel(job, actions)
            else:
                self._send_to_employee(job, actions, taken_over)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown"))
            if error in PERMANENT_ERRORS:
                log.error("outbox row %s cannot be sent: %s", job.outbox_id, error)
                self._finish(job.outbox_id, error=error)
            else:
                log.warning("outbox row %s not sent yet (%s); will retry", job.outbox_id, error)
                self._release(job.outbox_id)
            return False
        except SlackClientError as exc:
            log.warning("outbox row %s not sent yet (%s); will retry", job.outbox_id, exc)
            self._release(job.outbox_id)
            return False
        except _Permanent as exc:
            log.error("outbox row %s cannot be sent: %s", job.outbox_id, exc)
            self._finish(job.outbox_id, error=str(exc))
            return False
        self._finish(job.outbox_id)
        if job.looking_ts:
            self._unreact(job)
        return True

    def _send_to_employee(self, job: Job, actions: list[Action], taken_over: bool) -> None:
        parts = render_all(actions)
        posted = self._posted(job.outbox_id)
        if taken_over and len(posted) < len(parts):
            posted |= self._found_in_thread(job, posted)
        for number, (action, message) in enumerate(parts):
            if number not in posted:
                ts = self._post(job, number, action, message)
                self._remember_post(job, number, ts)

    def _send_to_agents(self, job: Job, actions: list[Action], taken_over: bool) -> None:
        """The triage card, its updates, and the messages in its thread."""
        if not self.triage_channel:
            raise _Permanent("no_triage_channel")
        posted = self._posted(job.outbox_id)
        for number, action in enumerate(actions):
            if number in posted:
                continue
            ticket = self._ticket(action.ticket_id or "")
            if ticket is None:
                continue
            if action.type == "triage":
                ts = ticket.triage_ts or self._post_card(job, number, ticket, taken_over)
            elif ticket.triage_ts is None:
                raise _Retry(f"the card of {ticket.ref} is not posted yet")
            elif action.type == "card":
                message = render_card(
                    ticket, None, self.name, self.language, self._known_line(ticket)
                )
                self.client.chat_update(
                    channel=ticket.triage_channel or self.triage_channel,
                    ts=ticket.triage_ts,
                    text=message.text,
                    blocks=message.blocks,
                )
                ts = ticket.triage_ts
            elif action.type == "relay" and not job.thread.channel.startswith("D"):
                ts = ""  # a channel thread: agents read and answer it there
            else:
                message = (
                    render_relay(self.name(str(action.data.get("from", ""))), action.text)
                    if action.type == "relay"
                    else render_notice(action.text)
                )
                ts = self._post_in(
                    ticket.triage_channel or self.triage_channel,
                    ticket.triage_ts,
                    job,
                    number,
                    message,
                )
            self._remember_post(job, number, ts, channel=self.triage_channel)

    def _send_to_authors(self, job: Job, actions: list[Action]) -> None:
        """Alerts for an article's owning team, in its channel."""
        posted = self._posted(job.outbox_id)
        for number, action in enumerate(actions):
            if number in posted:
                continue
            channel = self.team_channel(str(action.data.get("team") or ""))
            if not channel:
                raise _Permanent("no_team_channel")
            ts = self._post_in(channel, None, job, number, render_notice(action.text))
            self._remember_post(job, number, ts, channel=channel)

    def _known_line(self, ticket: TicketRow) -> str:
        """ "Part of known issue KI-3: …" for a ticket linked to one, else ""."""
        with self.db.session() as session:
            issue = known_issue_of_ticket(session, ticket)
            if issue is None:
                return ""
            title = text_in(issue, self.language, "title")
            return t("known.card_linked", self.language, ref=issue.ref, title=title)

    def _send_to_channel(self, job: Job, actions: list[Action]) -> None:
        """A channel's own messages: a known issue's status message and a trend alert, each
        posted once and then updated in place, and reminders to an issue's owner (a DM)."""
        posted = self._posted(job.outbox_id)
        for number, action in enumerate(actions):
            if number in posted:
                continue
            channel = job.thread.channel
            if action.type == "remind":
                # A DM to the owner, by user id: no history can be searched there after a
                # crash, so a reminder may (rarely) come twice, never get stuck.
                channel = str(action.data.get("to") or "")
                notice = render_notice(action.text)
                self.pacer.wait(channel)
                response = self.client.chat_postMessage(
                    channel=channel, text=notice.text, blocks=notice.blocks, unfurl_links=False
                )
                ts = str(response.get("ts") or "")
            elif action.type in ("ki_status", "trend_alert"):
                ts = self._post_or_update(job, number, action)
            else:
                continue
            self._remember_post(job, number, ts, channel=channel)

    def _post_or_update(self, job: Job, number: int, action: Action) -> str:
        """Render from the database as it is now; post the first time, else update."""
        channel = job.thread.channel
        with self.db.session() as session:
            if action.type == "ki_status":
                issue = session.get(KnownIssueRow, int(action.data.get("issue") or 0))
                if issue is None:
                    return ""
                message = render_status(issue, issue_reach(session, issue), self.language)
                ts = issue.status_ts
            else:
                found = known_trends.view(session, int(action.data.get("cluster") or 0))
                if found is None:
                    return ""
                cluster = session.get(TrendClusterRow, found.cluster_id)
                ts = cluster.alert_ts if cluster is not None else None
                message = render_alert(found, self.language, self.workspace_url)
        if ts:
            self.pacer.wait(channel)
            self.client.chat_update(
                channel=channel, ts=ts, text=message.text, blocks=message.blocks
            )
            return ts
        if not action.data.get("first"):
            raise _Retry("the message to update is not posted yet")
        ts = self._post_in(channel, None, job, number, message)
        self._record_channel_post(action, channel, ts)
        return ts

    def _record_channel_post(self, action: Action, channel: str, ts: str) -> None:
        with self.db.session() as session:
            if action.type == "ki_status":
                statement = (
                    update(KnownIssueRow)
                    .where(
                        KnownIssueRow.id == int(action.data.get("issue") or 0),
                        KnownIssueRow.status_ts.is_(None),
                    )
                    .values(status_channel=channel, status_ts=ts)
                )
            else:
                statement = (
                    update(TrendClusterRow)
                    .where(
                        TrendClusterRow.id == int(action.data.get("cluster") or 0),
                        TrendClusterRow.alert_ts.is_(None),
                    )
                    .values(alert_channel=channel, alert_ts=ts)
                )
            session.execute(statement.execution_options(synchronize_session=False))

    def _post_card(self, job: Job, number: int, ticket: TicketRow, taken_over: bool) -> str:
        intent = self._intent(job.outbox_id, number)
        if intent is not None:  # an earlier attempt may have posted it: look since then
            found = self._found_in_channel(self.triage_channel, job.outbox_id, number, intent)
            if found:
                self._record_card(ticket.id, found)
                return found
        try:
            link = self.client.chat_getPermalink(
                channel=job.thread.channel, message_ts=job.thread.root_ts
            ).get("permalink")
        except SlackClientError:
            link = None  # the card still goes out; the link is a convenience
        message = render_card(
            ticket,
            str(link) if link else None,
            self.name,
            self.language,
            self._known_line(ticket),
        )
        ts = self._post_in(self.triage_channel, None, job, number, message)
        self._record_card(ticket.id, ts)
        return ts

    def _post_in(
        self, channel: str, thread_ts: str | None, job: Job, number: int, message: Message
    ) -> str:
        """Post one part in a channel (or a thread), never twice.

        The attempt is recorded before the post; only a part with an unfinished attempt is
        looked for afterwards (by the outbox id in its metadata, since that attempt).
        """
        intent = self._intent(job.outbox_id, number)
        if intent is not None and thread_ts is None:
            found = self._found_in_channel(channel, job.outbox_id, number, intent)
            if found:
                return found
        elif intent is not None and thread_ts:
            found_parts = self._found_in_thread(
                Job(job.outbox_id, Thread(channel, thread_ts), ""), set()
            )
            if number in found_parts:
                return self._ts_of(job.outbox_id, number)
        self._intend(job, number, channel)
        self.pacer.wait(channel)
        response = self.client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": METADATA_EVENT,
                "event_payload": {"outbox_id": job.outbox_id, "part": number},
            },
        )
        return str(response.get("ts") or "")

    def _found_in_channel(
        self, channel: str, outbox_id: int, part: int, since: datetime
    ) -> str | None:
        """The ts of the message carrying (outbox_id, part) in its metadata, posted since the
        attempt began; every page of that window is read, however busy the channel."""
        oldest = f"{since.timestamp() - CLOCK_SKEW_S:.6f}"
        listing = self.find_by_metadata(
            self.client.conversations_history, channel=channel, oldest=oldest
        )
        for message, payload in listing:
            if payload.get("outbox_id") == outbox_id and payload.get("part") == part:
                return str(message.get("ts") or "")
        return None

    @staticmethod
    def find_by_metadata(
        listing: Callable[..., Any], **params: Any
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(message, its Relais metadata payload) for each message posted by an outbox row in
        a conversations.history or conversations.replies listing, over every page.

        A listing that cannot be read raises `_Retry`: without it we cannot tell whether a
        part was posted; sending again risks a duplicate, waiting risks nothing.
        """
        cursor: str | None = None
        try:
            while True:
                response = listing(include_all_metadata=True, limit=200, cursor=cursor, **params)
                for message in response.get("messages") or []:
                    metadata = message.get("metadata") or {}
                    if metadata.get("event_type") == METADATA_EVENT:
                        yield message, metadata.get("event_payload") or {}
                cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    return
        except SlackClientError as exc:
            raise _Retry(str(exc)) from exc

    def _ticket(self, ref: str) -> TicketRow | None:
        with self.db.session() as session:
            return tickets.by_ref(session, ref)

    def _record_card(self, ticket_id: int, ts: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(TicketRow)
                .where(TicketRow.id == ticket_id, TicketRow.triage_ts.is_(None))
                .values(triage_channel=self.triage_channel, triage_ts=ts)
                .execution_options(synchronize_session=False)
            )

    def _post(self, job: Job, number: int, action: Action, message: Message) -> str:
        if action.data.get("ephemeral"):
            response = self.client.chat_postEphemeral(
                channel=job.thread.channel,
                user=job.user,
                thread_ts=job.thread.root_ts,
                text=message.text,
                blocks=message.blocks,
            )
            return str(response.get("message_ts") or "")
        self.pacer.wait(job.thread.channel)
        kwargs: dict[str, Any] = {
            "channel": job.thread.channel,
            "thread_ts": job.thread.root_ts,
            "text": message.text,
            "unfurl_links": False,
            "unfurl_media": False,
            "metadata": {
                "event_type": METADATA_EVENT,
                "event_payload": {"outbox_id": job.outbox_id, "part": number},
            },
        }
        try:
            response = self.client.chat_postMessage(blocks=message.blocks, **kwargs)
        except SlackApiError as exc:
            if exc.response.get("error") not in BLOCK_ERRORS:
                raise
            log.warning("Slack refused the blocks of outbox row %s; sent as text", job.outbox_id)
            response = self.client.chat_postMessage(**kwargs)
        return str(response.get("ts") or "")

    def _found_in_thread(self, job: Job, posted: set[int]) -> set[int]:
        """Parts a previous sender posted but died before recording (from message metadata)."""
        found: set[int] = set()
        listing = self.find_by_metadata(
            self.client.conversations_replies, channel=job.thread.channel, ts=job.thread.root_ts
        )
        for message, payload in listing:
            if payload.get("outbox_id") != job.outbox_id:
                continue
            part = int(payload.get("part", -1))
            if part not in posted:
                found.add(part)
                self._remember_post(job, part, str(message.get("ts") or ""))
        return found

    def _unreact(self, job: Job) -> None:
        try:
            self.client.reactions_remove(
                channel=job.thread.channel,
                timestamp=job.looking_ts,
                name=self.settings.looking_reaction,
            )
        except SlackClientError as exc:
            log.info("could not remove the looking reaction: %s", type(exc).__name__)

    # -- database -----------------------------------------------------------------------------

    def _lease(self, outbox_id: int) -> tuple[list[Action], bool, str] | None:
        now = utcnow()
        with self.db.session() as session:
            row = session.get(MessageRow, outbox_id)
            if row is None or row.delivered_at is not None or row.delivery_error is not None:
                return None
            taken_over = row.lease_until is not None
            if not lease_row(session, outbox_id, now + timedelta(seconds=self.settings.lease_s)):
                return None
            payload = row.payload or {}
            actions = [Action.from_json(a) for a in payload.get("actions", [])]
            return actions, taken_over, row.audience

    def _posted(self, outbox_id: int) -> set[int]:
        with self.db.session() as session:
            query = select(SlackPostRow.part).where(
                SlackPostRow.outbox_id == outbox_id, SlackPostRow.ts != PENDING
            )
            return set(session.scalars(query))

    def _intent(self, outbox_id: int, part: int) -> datetime | None:
        """When an attempt to post this part began, if it never recorded its outcome."""
        with self.db.session() as session:
            row = session.get(SlackPostRow, (outbox_id, part))
            return row.posted_at if row is not None and row.ts == PENDING else None

    def _ts_of(self, outbox_id: int, part: int) -> str:
        with self.db.session() as session:
            row = session.get(SlackPostRow, (outbox_id, part))
            return row.ts if row is not None and row.ts != PENDING else ""

    def _intend(self, job: Job, part: int, channel: str) -> None:
        """Record that a post of this part is about to be attempted."""
        try:
            with self.db.session() as session:
                session.add(
                    SlackPostRow(outbox_id=job.outbox_id, part=part, channel=channel, ts=PENDING)
                )
        except IntegrityError:
            pass  # an earlier attempt's intent: its time bounds the search

    def _remember_post(self, job: Job, part: int, ts: str, channel: str = "") -> None:
        try:
            with self.db.session() as session:
                row = session.get(SlackPostRow, (job.outbox_id, part))
                if row is None:
                    session.add(
                        SlackPostRow(
                            outbox_id=job.outbox_id,
                            part=part,
                            channel=channel or job.thread.channel,
                            ts=ts,
                        )
                    )
                elif row.ts == PENDING:
                    row.ts = ts
        except IntegrityError:
            pass  # recorded already

    def _finish(self, outbox_id: int, error: str | None = None) -> None:
        finish_row(self.db, outbox_id, error)

    def _release(self, outbox_id: int) -> None:
        """Give the row back for the sweep, keeping the mark that a send was attempted."""
        with self.db.session() as session:
            session.execute(
                update(MessageRow)
                .where(MessageRow.id == outbox_id, MessageRow.delivered_at.is_(None))
                .values(lease_until=utcnow())
                .execution_options(synchronize_session=False)
            )

    # -- recovery -------------------------------------------------------------------------------

    def sweep(self) -> int:
        """Queue every reply left undelivered (a crash, an outage); returns how many."""
        now = utcnow()
        older = now - timedelta(seconds=self.settings.redeliver_after_s)
        with self.db.session() as session:
            rows = session.execute(
                select(MessageRow.id, ConversationRow.key, ConversationRow.user)
                .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
                .where(
                    MessageRow.direction == "out",
                    MessageRow.delivered_at.is_(None),
                    MessageRow.delivery_error.is_(None),
                    MessageRow.at < older,
                    or_(MessageRow.lease_until.is_(None), MessageRow.lease_until < now),
                    ConversationRow.key.like("slack:%"),
                )
                .order_by(MessageRow.id)
                .limit(500)
            ).all()
        queued = 0
        for outbox_id, key, user in rows:
            thread = Thread.from_key(key)
            if thread is not None:
                self.submit(Job(outbox_id, thread, user))
                queued += 1
        if queued:
            log.info("sweep queued %d undelivered replies", queued)
        return queued


class _Permanent(Exception):
    """A row that cannot be sent as configured (say, no triage channel)."""


class _Retry(SlackClientError):
    """The thread could not be read while taking over a row: try again later."""
