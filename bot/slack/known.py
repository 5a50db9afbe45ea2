"""Known issues in Slack: `/relais-known`, the alert's and the status message's buttons, the
modals, and the background tick (trend detection, "still on it" reminders).

Like every listener, each request is recorded in the inbox before its ack and handled from the
stored body; each change is one transaction in bot/known/, whose outbox rows are sent here.
A modal is checked at once (bad input: an error in the modal, nothing changed).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy import select

from bot.config import Settings
from bot.db import Database
from bot.db.base import utcnow
from bot.i18n import t
from bot.inbox import first_time
from bot.known import issues, resolution, trends
from bot.known.issues import Encoder, KnownIssueError, Post
from bot.known.tables import KnownIssueRow, TrendClusterRow
from bot.slack.delivery import Job, Outbox
from bot.slack.events import Thread
from bot.slack.intake import Intake, interaction_key, submission_key
from bot.slack.known_views import (
    DECLARE_CALLBACK,
    PLANNED_CALLBACK,
    PREFIX,
    RESOLVE_CALLBACK,
    UPDATE_CALLBACK,
    declare_modal,
    metadata,
    planned_modal,
    resolve_modal,
    texts_of,
    update_modal,
    values,
)
from bot.slack.people import Directory
from knowledge import repository

log = logging.getLogger(__name__)

COMMAND = "/relais-known"


class KnownDesk:
    """What agents do with trends and known issues in Slack."""

    def __init__(
        self,
        db: Database,
        client: WebClient,
        settings: Settings,
        people: Directory,
        outbox: Outbox,
        encoder: Callable[[], Encoder],
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        self.db = db
        self.client = client
        self.settings = settings
        self.known = settings.known_issues
        self.lang = settings.handoff.language
        self.people = people
        self.outbox = outbox
        self.encoder = encoder
        self.ready = ready
        self.status_channel = self.known.status_channel or settings.handoff.triage_channel
        self.detector = trends.TrendDetector(
            db, self.known, encoder, settings.handoff.triage_channel
        )

    def register(self, app: App, intake: Intake) -> None:
        app.command(COMMAND)(intake.interaction("known_command"))
        app.action(re.compile(f"^{re.escape(PREFIX)}"))(intake.interaction("known_button"))
        app.view(DECLARE_CALLBACK)(intake.view("known_declare", self.check_declare))
        app.view(UPDATE_CALLBACK)(intake.view("known_update", self.check_update))
        app.view(RESOLVE_CALLBACK)(intake.view("known_resolve", self.check_resolve))
        app.view(PLANNED_CALLBACK)(intake.view("known_planned", self.check_planned))

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        return {
            "known_command": self.on_command,
            "known_button": self.on_button,
            "known_declare": self.on_declare,
            "known_update": self.on_update,
            "known_resolve": self.on_resolve,
            "known_planned": self.on_planned,
        }

    # -- sending --------------------------------------------------------------------------

    def submit(self, posts: list[Post]) -> None:
        for post in posts:
            thread = Thread.from_key(post.conversation)
            if thread is not None:
                self.outbox.submit(Job(post.outbox_id, thread, post.user))

    def tick(self) -> int:
        """Trend detection, then the overdue updates; how many posts were queued."""
        if not self.ready():
            return 0
        posts = self.detector.tick()
        now = utcnow()
        with self.db.session() as session:
            due = issues.overdue(session, now)
        for issue_id in due:
            with self.db.session() as session:
                posts += issues.still_on_it(session, issue_id, now)
        self.submit(posts)
        return len(posts)

    # -- presses and the command ------------------------------------------------------------

    def on_command(self, body: dict[str, Any]) -> None:
        user = str(body.get("user_id") or "")
        channel = str(body.get("channel_id") or "")
        if not self.people.is_agent(user):
            self._tell(channel, user, t("known.error.only_agents", self.lang))
            return
        trigger = str(body.get("trigger_id") or "")
        if str(body.get("text") or "").strip().lower().startswith(("planned", "planifié")):
            self._open(trigger, planned_modal(self.lang))
        else:
            self._open(trigger, declare_modal(self.lang, {}, self._minutes))

    def on_button(self, body: dict[str, Any]) -> None:
        action = (body.get("actions") or [{}])[0]
        verb = str(action.get("action_id", ""))[len(PREFIX) :]
        value = str(action.get("value") or "")
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        trigger = str(body.get("trigger_id") or "")
        if not self.people.is_agent(user):
            self._tell(channel, user, t("known.error.only_agents", self.lang))
            return
        try:
            if verb == "declare":
                self._refuse_if_declared(int(value))
                view = declare_modal(self.lang, {"cluster": int(value)}, self._minutes)
            elif verb == "outage":
                view = declare_modal(self.lang, {"ticket": value}, self._minutes)
            elif verb == "not_related":
                self._dismiss(int(value), interaction_key(body))
                return
            elif verb == "update":
                self._refuse_if_resolved(int(value))
                view = update_modal(self.lang, int(value), self._minutes)
            elif verb == "resolve":
                self._refuse_if_resolved(int(value))
                view = resolve_modal(self.lang, int(value))
            else:
                return
        except KnownIssueError as exc:
            self._tell(channel, user, exc.say(self.lang))
            return
        except ValueError:
            return
        self._open(trigger, view)

    @property
    def _minutes(self) -> int:
        return self.known.update_every_minutes

    def _refuse_if_declared(self, cluster_id: int) -> None:
        with self.db.session() as session:
            found = session.scalar(
                select(KnownIssueRow).where(KnownIssueRow.cluster_id == cluster_id)
            )
            if found is not None:
                raise KnownIssueError("known.error.twice", ref=found.ref)

    def _refuse_if_ticket_declared(self, ref: str) -> None:
        with self.db.session() as session:
            found = session.scalar(
                select(KnownIssueRow).where(
                    KnownIssueRow.ticket_ref == ref, KnownIssueRow.status == "active"
                )
            )
            if found is not None:
                raise KnownIssueError("known.error.twice", ref=found.ref)

    def _refuse_if_resolved(self, issue_id: int) -> None:
        with self.db.session() as session:
            issue = issues.get(session, issue_id)
            if issue.status != "active":
                raise KnownIssueError("known.error.resolved", ref=issue.ref)

    def _dismiss(self, cluster_id: int, once: str) -> None:
        """Not related: the alert says so and stays quiet as the cluster grows."""
        with self.db.session() as session:
            if not first_time(session, once):
                return
            cluster = session.get(TrendClusterRow, cluster_id)
            if cluster is None or cluster.status != "open":
                return
            cluster.status = "dismissed"
            post = issues.alert_post(session, cluster, "dismissed")
        self.submit([post] if post else [])

    # -- modals -------------------------------------------------------------------------------

    def _next_update(self, form: dict[str, str]) -> timedelta | None:
        raw = form.get("next_update", "")
        if not raw.isdigit() or int(raw) < 5:
            return None
        return timedelta(minutes=int(raw))

    def check_declare(self, body: dict[str, Any]) -> dict[str, str] | None:
        user = str((body.get("user") or {}).get("id") or "")
        if not self.people.is_agent(user):
            return {"title_en": t("known.error.only_agents", self.lang)}
        form = values(body)
        try:
            issues.clean_texts(texts_of(form))
        except KnownIssueError as exc:
            return {"title_en": exc.say(self.lang)}
        if self._next_update(form) is None:
            return {"next_update": t("known.error.minutes", self.lang)}
        about = metadata(body)
        try:
            if isinstance(about.get("cluster"), int):
                self._refuse_if_declared(int(about["cluster"]))
            if about.get("ticket"):
                self._refuse_if_ticket_declared(str(about["ticket"]))
        except KnownIssueError as exc:
            return {"title_en": exc.say(self.lang)}
        return None

    def on_declare(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        form, about = values(body), metadata(body)
        cluster = about.get("cluster") if isinstance(about.get("cluster"), int) else None
        ticket = str(about.get("ticket")) if about.get("ticket") else None
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                _, posts = issues.declare(
                    session,
                    owner=user,
                    texts=texts_of(form),
                    now=utcnow(),
                    next_update_in=self._next_update(form) or timedelta(minutes=self._minutes),
                    encoder=self.encoder(),
                    status_channel=self.status_channel,
                    cluster_id=cluster,
                    ticket_ref=ticket,
                )
        except KnownIssueError as exc:  # a race the modal's check could not see
            self._tell(self.status_channel, user, exc.say(self.lang))
            return
        self.submit(posts)

    def _window(self, form: dict[str, str]) -> tuple[int, int] | None:
        starts, lasts = form.get("starts_in", ""), form.get("lasts", "")
        if not (starts.isdigit() and lasts.isdigit()) or int(lasts) < 5:
            return None
        return int(starts), int(lasts)

    def check_planned(self, body: dict[str, Any]) -> dict[str, str] | None:
        user = str((body.get("user") or {}).get("id") or "")
        if not self.people.is_agent(user):
            return {"title_en": t("known.error.only_agents", self.lang)}
        form = values(body)
        try:
            issues.clean_texts(texts_of(form))
        except KnownIssueError as exc:
            return {"title_en": exc.say(self.lang)}
        if self._window(form) is None:
            return {"lasts": t("known.error.minutes", self.lang)}
        article = form.get("article", "")
        with self.db.session() as session:
            if repository.get(session, article) is None:
                return {"article": t("known.error.article", self.lang, article=article)}
        return None

    def on_planned(self, body: dict[str, Any]) -> None:
        """Schedule the announcement: posted now, answering with its article in its window."""
        user = str((body.get("user") or {}).get("id") or "")
        form = values(body)
        window = self._window(form) or (0, 60)
        now = utcnow()
        starts = now + timedelta(minutes=window[0])
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                _, posts = issues.declare(
                    session,
                    owner=user,
                    texts=texts_of(form),
                    now=now,
                    next_update_in=timedelta(minutes=self._minutes),
                    encoder=self.encoder(),
                    status_channel=self.status_channel,
                    kind="planned",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=window[1]),
                    article_id=form.get("article") or None,
                )
        except KnownIssueError as exc:
            self._tell(self.status_channel, user, exc.say(self.lang))
            return
        self.submit(posts)

    def check_update(self, body: dict[str, Any]) -> dict[str, str] | None:
        form = values(body)
        issue_id = metadata(body).get("issue")
        if not isinstance(issue_id, int):
            return {"update_en": t("known.error.unknown", self.lang)}
        try:
            self._refuse_if_resolved(issue_id)
        except KnownIssueError as exc:
            return {"update_en": exc.say(self.lang)}
        if not (form.get("update_en") or form.get("update_fr")):
            return {"update_en": t("known.error.no_update", self.lang)}
        if self._next_update(form) is None:
            return {"next_update": t("known.error.minutes", self.lang)}
        return None

    def on_update(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        form = values(body)
        issue_id = int(metadata(body).get("issue") or 0)
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                _, posts = issues.post_update(
                    session,
                    issue_id,
                    by=user,
                    texts={"en": form.get("update_en", ""), "fr": form.get("update_fr", "")},
                    now=utcnow(),
                    next_update_in=self._next_update(form) or timedelta(minutes=self._minutes),
                )
        except KnownIssueError as exc:
            self._tell(self.status_channel, user, exc.say(self.lang))
            return
        self.submit(posts)

    def check_resolve(self, body: dict[str, Any]) -> dict[str, str] | None:
        issue_id = metadata(body).get("issue")
        if not isinstance(issue_id, int):
            return {"resolution": t("known.error.unknown", self.lang)}
        try:
            self._refuse_if_resolved(issue_id)
        except KnownIssueError as exc:
            return {"resolution": exc.say(self.lang)}
        if not values(body).get("resolution"):
            return {"resolution": t("known.error.no_resolution", self.lang)}
        return None

    def on_resolve(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        form = values(body)
        issue_id = int(metadata(body).get("issue") or 0)
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                _, posts = resolution.resolve(
                    session,
                    issue_id,
                    by=user,
                    by_name=self.people.name(user),
                    cause=form.get("cause", ""),
                    resolution=form.get("resolution", ""),
                    now=utcnow(),
                    draft_owner=self.settings.handoff.draft_owner,
                )
        except KnownIssueError as exc:
            self._tell(self.status_channel, user, exc.say(self.lang))
            return
        self.submit(posts)

    # -- helpers ------------------------------------------------------------------------------

    def _open(self, trigger: str, view: dict[str, Any]) -> None:
        try:
            self.client.views_open(trigger_id=trigger, view=view)
        except SlackClientError as exc:
            log.warning("could not open the known-issue modal: %s", type(exc).__name__)

    def _tell(self, channel: str, user: str, text: str) -> None:
        if not channel:
            return
        try:
            self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        except SlackClientError as exc:
            log.warning("could not send an ephemeral notice: %s", type(exc).__name__)
