"""Knowledge authors in Slack: the review queue in the App Home, its actions, flags, reminders.

Every change goes through knowledge/authoring.py (one revision with who, when and why). A modal
submission is tried before its ack in a transaction that is rolled back, so a refusal (not an
author, a compliance-based article of another team, personal data) shows in the modal itself;
the submission that passes is recorded in the inbox, acked, and applied from there once (its
key commits with the change), so a crash after the ack loses nothing and a replay repeats
nothing.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import gaps
from bot.actions import Action
from bot.config import AuthoringSettings
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.db.base import utcnow
from bot.desk import mark_duplicate
from bot.engine import store_outbox
from bot.i18n import t
from bot.inbox import first_time
from bot.slack.delivery import Job, Outbox
from bot.slack.events import Thread
from bot.slack.home import home_view
from bot.slack.intake import Intake, submission_key
from bot.slack.people import Directory
from bot.slack.review_views import (
    ARTICLE_BLOCK,
    AUTHOR_PREFIX,
    FLAG_SHORTCUT,
    Block,
    archive_modal,
    audience_modal,
    draft_modal,
    edit_modal,
    flag_modal,
    gap_blocks,
    merge_modal,
    not_for_modal,
    phrasings_modal,
    queue_blocks,
    validate_modal,
)
from bot.slack.triage import article_options
from handoff.capture import slug_for_title
from knowledge import authoring, feedback, repository, review
from knowledge.article import (
    ArticleContent,
    ArticleError,
    ArticleType,
    Audience,
    Confidence,
)
from knowledge.authoring import Author, AuthoringError
from knowledge.repository import content_of
from knowledge.search import KnowledgeSearch

log = logging.getLogger(__name__)

ALERTS_ROOT = "alerts"  # the conversation key's thread part for a team channel's alerts

GAPS_CACHE_S = 300.0
TRIAL_TRIES = 3
MODALS: dict[str, Callable[[ArticleContent, str], Block]] = {
    "validate": validate_modal,
    "edit": edit_modal,
    "audience": audience_modal,
    "merge": merge_modal,
    "phrasings": phrasings_modal,
    "archive": archive_modal,
}


def _value(values: dict[str, Any], block: str) -> str:
    element = values.get(block, {}).get("value", {})
    return str(element.get("value") or "").strip()


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("•-* ").strip() for line in text.splitlines() if line.strip()]


class _TrialDone(Exception):
    """Ends a trial run: the transaction is rolled back."""


class _FieldError(Exception):
    """A refusal to show beside one field of the modal."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class AuthorDesk:
    """The authors' side of Relais in Slack."""

    def __init__(
        self,
        db: Database,
        search: KnowledgeSearch,
        client: WebClient,
        people: Directory,
        settings: AuthoringSettings,
        fallback_channel: str,
        language: str = "en",
    ) -> None:
        self.db = db
        self.search = search
        self.client = client
        self.people = people
        self.settings = settings
        self.fallback_channel = fallback_channel
        self.lang = language  # what authors read ([authoring] language)
        self._links: dict[str, str | None] = {}
        self._gaps: tuple[float, list[gaps.GapCluster]] | None = None
        self._lock = threading.Lock()
        # The service points this at the one App Home publisher (agent + author sections).
        self.publish_home: Callable[[str, str], None] | None = None
        self.outbox: Outbox | None = None  # set by the service; alerts are sent through it

    def register(self, app: App, intake: Intake) -> None:
        """Presses, the shortcut and modal submissions go through the inbox; a submission is
        checked first and refused in the modal when its change would be."""
        app.action(re.compile(f"^{re.escape(AUTHOR_PREFIX)}"))(intake.interaction("author_button"))
        app.options(f"{AUTHOR_PREFIX}target")(self.on_target_search)
        app.shortcut(FLAG_SHORTCUT)(intake.interaction("flag_shortcut"))
        app.view("relais-author-flag")(intake.view("author_flag", self.check_flag))
        app.view("relais-author-draft")(intake.view("author_draft", self.check_draft))
        for verb in (*MODALS, "scope"):
            app.view(f"relais-author-{verb}")(intake.view("author_change", self.check_change))

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        """What runs for each request recorded by `register`'s listeners."""
        return {
            "author_button": self.on_button,
            "flag_shortcut": self.on_flag_shortcut,
            "author_change": self.on_change,
            "author_draft": self.on_draft,
            "author_flag": self.on_flag,
        }

    def _trial(self, change: Callable[[Session], object]) -> None:
        """Run a change in a transaction that is always rolled back: only its refusal counts.

        A conflict with a change committed meanwhile (two revisions of one article at once)
        is no refusal: tried again, and if it persists the change is applied (and retried
        there) after the ack.
        """
        for _ in range(TRIAL_TRIES):
            with Session(self.db.engine) as session:
                try:
                    with session.begin():
                        change(session)
                        raise _TrialDone
                except _TrialDone:
                    return
                except IntegrityError:
                    continue

    def author(self, user: str) -> Author:
        return Author(user, self.people.teams_of(user))

    def team_channel(self, team: str) -> str:
        configured = self.settings.teams.get(team)
        return (configured.channel if configured else "") or self.fallback_channel

    # -- the App Home --------------------------------------------------------------------

    def home_blocks(self, user: str) -> list[Block]:
        """The review queue of the author's teams and the top knowledge gaps ([] if no author)."""
        author = self.author(user)
        if not author.is_author:
            return []
        now = utcnow()
        with self.db.session() as session:
            items = review.queue(
                session,
                now,
                teams=author.teams,
                default_days=self.settings.review_interval_days,
                often_share=self.settings.often_rejected_share,
            )
        return [
            *queue_blocks(items, self._link, self.lang),
            *gap_blocks(self._top_gaps(now), self.settings.gap_days, self.lang),
        ]

    def _top_gaps(self, now: datetime) -> list[gaps.GapCluster]:
        with self._lock:
            if self._gaps and time.monotonic() - self._gaps[0] < GAPS_CACHE_S:
                return self._gaps[1]
        since = now - timedelta(days=self.settings.gap_days)
        with self.db.session() as session:
            found = gaps.report(session, self.search.embedder, since, now, limit=5)
        with self._lock:
            self._gaps = (time.monotonic(), found)
        return found

    def _link(self, conversation_key: str | None) -> str | None:
        """The permalink of a Slack conversation's thread (keys are slack:<channel>:<ts>)."""
        if not conversation_key or not conversation_key.startswith("slack:"):
            return None
        if conversation_key in self._links:
            return self._links[conversation_key]
        _, channel, ts = conversation_key.split(":", 2)
        try:
            url = self.client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
        except SlackClientError:
            return None  # not cached: it may work next time
        self._links[conversation_key] = str(url) if url else None
        return self._links[conversation_key]

    def publish(self, user: str, notice: str) -> None:
        """Publish the App Home through the one builder (set by the service: agents who are
        also authors keep their ticket list)."""
        if self.publish_home is not None:
            self.publish_home(user, notice)
            return
        try:
            self.client.views_publish(
                user_id=user, view=home_view(notice, [], self.home_blocks(user))
            )
        except SlackClientError as exc:
            log.warning("could not publish the App Home: %s", type(exc).__name__)

    # -- buttons and modals -----------------------------------------------------------------

    def on_button(self, body: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        action = (body.get("actions") or [{}])[0]
        verb = str(action.get("action_id") or "")[len(AUTHOR_PREFIX) :]
        value = str(action.get("value") or "")
        author = self.author(user)
        if not author.is_author:
            log.info("a non-author pressed an authoring button")
            return
        if verb == "draft":
            suggestion = json.loads(value or "{}")
            view = draft_modal(
                str(suggestion.get("title") or ""),
                [str(p) for p in suggestion.get("issue") or []],
                sorted(author.teams),
                self.lang,
            )
        elif verb == "scope":
            with self.db.session() as session:
                row = repository.get(session, value)
                if row is None:
                    return
                view = not_for_modal(content_of(row), feedback.open_rejections(row), self.lang)
        elif verb in MODALS:
            with self.db.session() as session:
                row = repository.get(session, value)
                if row is None:
                    return
                view = MODALS[verb](content_of(row), self.lang)
        else:
            return
        try:
            self.client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
        except SlackClientError as exc:
            log.warning("could not open the %s modal: %s", verb, type(exc).__name__)

    def on_target_search(self, ack: Ack, body: dict[str, Any]) -> None:
        """Search for the article to merge into (authors see every live article)."""
        query = str(body.get("value") or "").strip()
        source = str((body.get("view") or {}).get("private_metadata") or "")
        user = str((body.get("user") or {}).get("id") or "")
        options = article_options(self.search, query, source) if self.author(user).is_author else []
        ack(options=options)

    @staticmethod
    def _change_form(body: dict[str, Any]) -> tuple[str, str, str, dict[str, Any], str]:
        """(user, verb, article, values, why) of a submitted change modal."""
        view = body.get("view") or {}
        values = view.get("state", {}).get("values", {})
        return (
            str((body.get("user") or {}).get("id") or ""),
            str(view.get("callback_id") or "")[len("relais-author-") :],
            str(view.get("private_metadata") or ""),
            values,
            _value(values, "why"),
        )

    def check_change(self, body: dict[str, Any]) -> dict[str, str] | None:
        """The modal's errors if the change would be refused (tried, then rolled back)."""
        user, verb, slug, values, why = self._change_form(body)
        author, now = self.author(user), utcnow()
        try:
            self._trial(lambda session: self._apply(session, verb, slug, values, why, author, now))
        except (AuthoringError, ArticleError, KeyError) as exc:
            field = "target" if verb == "merge" and "merge" in str(exc) else "why"
            if verb == "phrasings" and "remove" in values:
                field = "remove"
            if verb == "scope" and "questions" in values and not str(exc).startswith("Say why"):
                field = "questions"  # nothing picked, or a picked question names someone
            return {field: str(exc).strip("'\"")[:150]}
        return None

    def on_change(self, body: dict[str, Any]) -> None:
        """A checked change, after its ack: applied once, and the author's App Home says so."""
        user, verb, slug, values, why = self._change_form(body)
        author, now = self.author(user), utcnow()
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return  # applied before a crash or by another replica: nothing to repeat
                done = self._apply(session, verb, slug, values, why, author, now)
        except (AuthoringError, ArticleError, KeyError) as exc:
            # Checked before the ack, refused now: the article changed in between.
            done = t("author.not_saved", self.lang, slug=slug, error=str(exc).strip("'\""))
        self.publish(user, done)

    def _apply(
        self,
        session: Any,
        verb: str,
        slug: str,
        values: dict[str, Any],
        why: str,
        author: Author,
        now: datetime,
    ) -> str:
        if verb == "validate":
            authoring.validate(session, slug, author, why, now)
            return t("author.validated", self.lang, slug=slug)
        if verb == "archive":
            authoring.archive(session, slug, author, why, now)
            return t("author.archived", self.lang, slug=slug)
        if verb == "audience":
            picked = values.get("audience", {}).get("value", {}).get("selected_option") or {}
            audience = Audience(str(picked.get("value") or "employees"))
            authoring.set_audience(session, slug, author, audience, why)
            return t("author.audience_set", self.lang, slug=slug, audience=audience.value)
        if verb == "merge":
            picked = values.get("target", {}).get(f"{AUTHOR_PREFIX}target", {})
            target = str((picked.get("selected_option") or {}).get("value") or "")
            if not target:
                raise AuthoringError(t("author.pick_target", self.lang))
            authoring.merge(session, slug, target, author, why, now)
            return t("author.merged", self.lang, slug=slug, target=target)
        if verb == "phrasings":
            chosen = values.get("remove", {}).get("value", {}).get("selected_options") or []
            phrases = content_of(repository.require(session, slug)).search_phrases[-100:]
            removed = [phrases[int(o["value"])] for o in chosen if str(o.get("value")).isdigit()]
            if not removed:
                raise AuthoringError(t("author.pick_phrasings", self.lang))
            for phrase in removed:
                authoring.remove_phrase(session, slug, phrase, author, why)
            return t("author.removed", self.lang, count=len(removed), slug=slug)
        if verb == "scope":
            chosen = values.get("questions", {}).get("value", {}).get("selected_options") or []
            ids = [int(o["value"]) for o in chosen if str(o.get("value")).isdigit()]
            if not ids:
                raise AuthoringError(t("author.pick_questions", self.lang))
            added = authoring.rule_out(session, slug, author, why, now, ids)
            return t("author.ruled_out", self.lang, count=added, slug=slug)
        if verb == "edit":
            authoring.edit(
                session,
                slug,
                author,
                why,
                now,
                title=_value(values, "title"),
                environment=_lines(_value(values, "environment")),
                resolution=_value(values, "resolution"),
                cause=_value(values, "cause"),
                add_issue=_lines(_value(values, "add_issue")),
                not_for=_lines(_value(values, "not_for")),
            )
            return t("author.saved", self.lang, slug=slug)
        raise AuthoringError(f"unknown action {verb}")

    def _draft(self, session: Session, body: dict[str, Any], warn: bool) -> str:
        """Store the drafted article; the notice for the author (`warn`: duplicate check)."""
        user = str((body.get("user") or {}).get("id") or "")
        values = (body.get("view") or {}).get("state", {}).get("values", {})
        selected = values.get("owner", {}).get("value", {}).get("selected_option") or {}
        owner = str(selected.get("value") or "")
        if owner not in self.author(user).teams:
            raise _FieldError("owner", t("author.not_your_team", self.lang))
        title, resolution = _value(values, "title"), _value(values, "resolution")
        content = ArticleContent(
            id=slug_for_title(title, lambda s: repository.get(session, s) is not None),
            title=title,
            type=ArticleType.PROBLEM,
            confidence=Confidence.NOT_VALIDATED if resolution else Confidence.WIP,
            audience=Audience.EMPLOYEES,
            language="fr" if re.search(r"[éèêàçù]", title) else "en",
            owner=owner,
            issue=tuple(_lines(_value(values, "issue"))),
            environment=tuple(_lines(_value(values, "environment"))),
            resolution=resolution,
            extra={"drafted_from": "knowledge gap"},
        )
        authoring.check_personal_data(content)
        why = authoring.reason(_value(values, "why"))
        repository.upsert(session, content, by=user, note=f"drafted from a gap: {why}")
        notice = t("author.drafted", self.lang, id=content.id, state=content.confidence.value)
        if warn:
            warning = mark_duplicate(
                session, content, self.search.similar, self.settings.duplicate_similarity, self.lang
            )
            if warning:
                notice += f" {warning}"
        return notice

    def check_draft(self, body: dict[str, Any]) -> dict[str, str] | None:
        """A new article from a knowledge gap: refused in the modal, or None when it may go."""
        try:
            self._trial(lambda session: self._draft(session, body, warn=False))
        except _FieldError as exc:
            return {exc.field: exc.message}
        except (AuthoringError, ArticleError) as exc:
            return {"why": str(exc)[:150]}
        return None

    def on_draft(self, body: dict[str, Any]) -> None:
        """The checked draft, after its ack: WIP without a Resolution, else not validated."""
        user = str((body.get("user") or {}).get("id") or "")
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                notice = self._draft(session, body, warn=True)
        except (_FieldError, AuthoringError, ArticleError) as exc:
            notice = t("author.not_drafted", self.lang, error=exc)
        self.publish(user, notice)

    # -- flag it -------------------------------------------------------------------------

    def on_flag_shortcut(self, body: dict[str, Any]) -> None:
        """'Flag this article' on an answer card's message menu (agents and authors)."""
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        message = body.get("message") or {}
        if not (self.people.is_agent(user) or self.author(user).is_author):
            self._tell(channel, user, t("author.flag_who", self.lang))
            return
        slug = next(
            (
                str(b.get("block_id"))[len(ARTICLE_BLOCK) :]
                for b in message.get("blocks") or []
                if str(b.get("block_id") or "").startswith(ARTICLE_BLOCK)
            ),
            "",
        )
        with self.db.session() as session:
            row = repository.get(session, slug) if slug else None
            title = row.title if row else ""
        if row is None:
            self._tell(channel, user, t("author.flag_not_article", self.lang))
            return
        root = str(message.get("thread_ts") or message.get("ts") or "")
        key = f"slack:{channel}:{root}" if channel and root else None
        try:
            self.client.views_open(
                trigger_id=str(body.get("trigger_id") or ""),
                view=flag_modal(slug, title, key, self.lang),
            )
        except SlackClientError as exc:
            log.warning("could not open the flag modal: %s", type(exc).__name__)

    def _flag(self, session: Session, body: dict[str, Any], link: str | None) -> Job | None:
        """Record the flag and store the owning team's alert (`link`: the thread's permalink)."""
        user = str((body.get("user") or {}).get("id") or "")
        view = body.get("view") or {}
        meta = json.loads(str(view.get("private_metadata") or "{}"))
        reason = _value(view.get("state", {}).get("values", {}), "reason")
        if not (self.people.is_agent(user) or self.author(user).is_author):
            raise _FieldError("reason", t("author.flag_who", self.lang))
        flag = authoring.flag(
            session, str(meta.get("article")), user, reason, utcnow(), meta.get("conversation")
        )
        row = flag.article
        text = t(
            "authors.flagged",
            self.lang,
            by=self.people.name(user),
            article_id=row.slug,
            title=row.title,
            reason=reason,
        ) + (f" (<{link}|{t('author.thread', self.lang)}>)" if link else "")
        return self.alert(session, row.owner, text)

    def check_flag(self, body: dict[str, Any]) -> dict[str, str] | None:
        try:
            self._trial(lambda session: self._flag(session, body, None))
        except _FieldError as exc:
            return {exc.field: exc.message}
        except (AuthoringError, KeyError, ValueError) as exc:
            return {"reason": str(exc).strip("'\"")[:150]}
        return None

    def on_flag(self, body: dict[str, Any]) -> None:
        """The checked flag, after its ack: the flag and the team's alert, one transaction."""
        meta = json.loads(str((body.get("view") or {}).get("private_metadata") or "{}"))
        link = self._link(meta.get("conversation"))
        try:
            with self.db.session() as session:
                if not first_time(session, submission_key(body)):
                    return
                job = self._flag(session, body, link)
        except (_FieldError, AuthoringError, KeyError) as exc:
            log.warning("a checked flag was refused after its ack: %s", exc)
            return
        self._send(job)

    # -- telling the owning team --------------------------------------------------------------

    def alert(self, session: Session, team: str, text: str) -> Job | None:
        """Store an alert for a team in the outbox, in the caller's transaction.

        Alerts hang off one conversation per team channel (`slack:<channel>:alerts`, never a
        real thread), so they are sent, retried and swept like every other reply.
        """
        channel = self.team_channel(team)
        if not channel:
            log.warning("no channel for team %s: set [authoring.teams] channel", team)
            return None
        key = Thread(channel, ALERTS_ROOT).key
        convo = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
        if convo is None:
            try:
                with session.begin_nested():
                    convo = ConversationRow(key=key, user="relais", channel=channel)
                    session.add(convo)
            except IntegrityError:  # another replica created it first
                convo = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
        assert convo is not None
        notice = Action("notice", text, data={"team": team})
        outbox_id = store_outbox(session, convo.id, [notice], "authors")
        return Job(outbox_id, Thread(channel, ALERTS_ROOT), "relais") if outbox_id else None

    def _send(self, job: Job | None) -> None:
        if job is not None and self.outbox is not None:
            self.outbox.submit(job)

    def review_tick(self, now: datetime) -> int:
        """Remind each owning team of its articles that came due for review (once per due date).

        Claiming the reminders and storing the alerts is one transaction: a failed post stays
        in the outbox, never lost.
        """
        jobs: list[Job] = []
        with self.db.session() as session:
            due = review.due_reminders(session, now, self.settings.review_interval_days)
            for team, rows in sorted(due.items()):
                listed = ", ".join(f"{r.slug} ({r.title})" for r in rows[:20])
                text = t("authors.review_due", self.lang, count=len(rows), articles=listed)
                job = self.alert(session, team, text)
                if job is not None:
                    jobs.append(job)
        for job in jobs:
            self._send(job)
        return len(jobs)

    def _tell(self, channel: str, user: str, text: str) -> None:
        try:
            self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        except SlackClientError as exc:
            log.warning("could not answer a shortcut: %s", type(exc).__name__)
