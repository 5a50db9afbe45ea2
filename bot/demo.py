"""`relais demo seed`: a realistic month of support in an empty database, to look at the reports.

Everything goes through the product's own paths: employees (English and French) talk to the
real engine (`Engine.respond` with the real `KnowledgeSearch` over the sample knowledge base),
agents claim, reply, resolve, link or draft articles and hand back through `Desk`, authors flag
and validate through `knowledge.authoring`. Choices are picked by their position in what the
engine offers (the first is the positive one, the last asks for a human), never by their ids.

The conversations happen now, one after the other; each is then moved back to its day in the
month with plain updates of its timestamps (conversation, transcript, outcomes, flags, ticket
and audit trail), and the agents' reply and resolve times are set from the scenario, with the
SLA due times recomputed from the new opening time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.actions import Action
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.db.base import utcnow
from bot.desk import Desk
from bot.engine import Engine
from bot.inbound import Inbound
from handoff import tickets
from handoff.priority import SlaTarget
from handoff.tables import TicketEventRow, TicketRow
from knowledge import authoring, repository
from knowledge.article import Audience, Confidence
from knowledge.tables import ArticleRow, FlagRow, LinkRow, OutcomeRow

AGENTS = {"U0DEMOAG1": "Alex Martin", "U0DEMOAG2": "Camille Durand", "U0DEMOAG3": "Sam Okafor"}
AUTHOR = "U0DEMOKB1"

# Problems the sample knowledge base does not know: they end with a ticket.
UNKNOWN = {
    "en": [
        "The badge reader at the main entrance rejects my card since this morning",
        "The 3rd floor printer prints blank pages for everyone on the floor",
        "Salesforce dashboards show no data since yesterday's release, the whole team is blocked",
        "The meeting room screen in Atlas won't connect to my laptop, I present at 2pm",
        "I can't open the finance share from the Lyon office, it worked last week",
        "Zoom crashes when I share my screen since the update",
        "Our team's Jira board is gone, we have sprint planning in an hour",
        "My second monitor flickers and goes black every few minutes",
    ],
    "fr": [
        "Le lecteur de badge de l'entrée refuse ma carte depuis ce matin",
        "L'imprimante du 2e étage imprime des pages blanches pour tout le monde",
        "Le logiciel de caisse plante à chaque encaissement depuis la mise à jour",
        "Je n'arrive plus à ouvrir le dossier partagé comptabilité depuis l'agence de Nantes",
        "L'écran de la salle de réunion ne détecte pas mon ordinateur, j'ai une présentation",
    ],
}
COMMENTS = {
    "en": {
        1: "Took three days and I had to chase twice.",
        2: "Fixed in the end, but nobody told me what was going on.",
        3: "OK.",
        4: "Quick and clear, thanks.",
        5: "Brilliant, sorted in minutes!",
    },
    "fr": {
        1: "Trois jours d'attente, j'ai dû relancer deux fois.",
        2: "Réglé au final, mais personne ne m'a tenu informé.",
        3: "Correct.",
        4: "Rapide et clair, merci.",
        5: "Parfait, réglé en quelques minutes !",
    },
}
THANKS = {"en": "yes it works now", "fr": "oui ça marche"}
STILL_BROKEN = {"en": "no, still broken", "fr": "non, toujours pas"}


class DemoError(RuntimeError):
    """The demo cannot seed this database (the message says why, in one line)."""


@dataclass
class Summary:
    conversations: int = 0
    tickets: int = 0
    ratings: int = 0
    by_language: dict[str, int] = field(default_factory=lambda: {"en": 0, "fr": 0})
    scenarios: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Article:
    slug: str
    language: str
    phrasings: tuple[str, ...]


class Seeder:
    """Plays a month of support through the engine and the desk, then dates it."""

    def __init__(
        self,
        db: Database,
        engine: Engine,
        desk: Desk,
        sla: dict[str, SlaTarget],
        rng: random.Random,
        now: datetime,
    ) -> None:
        self.db, self.engine, self.desk, self.sla = db, engine, desk, sla
        self.rng, self.now = rng, now
        self.summary = Summary()
        self.articles = self._answerable()
        self._n = 0

    def _answerable(self) -> dict[str, list[_Article]]:
        out: dict[str, list[_Article]] = {"en": [], "fr": []}
        with self.db.session() as session:
            for row in repository.list_articles(session):
                if row.confidence != Confidence.VALIDATED or row.audience != Audience.EMPLOYEES:
                    continue
                content = repository.content_of(row)
                if content.issue and row.language in out:
                    out[row.language].append(_Article(row.slug, row.language, content.issue))
        if not out["en"] or not out["fr"]:
            raise DemoError("the knowledge base needs validated employee articles in EN and FR")
        return out

    # -- one conversation ----------------------------------------------------------------

    def _key(self, user: str) -> str:
        self._n += 1
        return f"demo:{user}:{self._n:04d}"

    def _say(
        self,
        user: str,
        key: str,
        text: str | None = None,
        pick: int | None = None,
        last: list[Action] | None = None,
    ) -> list[Action]:
        action = None
        if pick is not None:
            choices = [c for a in (last or []) for c in a.choices]
            if not choices:
                return []
            action = choices[pick if pick >= 0 else len(choices) + pick].id
        self._n += 1
        inbound = Inbound(
            user=user,
            conversation=key,
            text=text,
            action=action,
            dedupe_key=f"{key}:{self._n}",
            channel="D0DEMO",
        )
        return self.engine.respond(inbound).actions

    def _to_ticket(self, user: str, key: str, actions: list[Action]) -> str | None:
        """Ask for a human at every step (the last choice), send the statement (the first)."""
        for _ in range(10):
            for action in actions:
                if action.type == "handoff" and action.ticket_id:
                    return action.ticket_id
            kinds = {a.type for a in actions}
            if "statement" in kinds:
                actions = self._say(user, key, pick=0, last=actions)
            elif any(a.choices for a in actions):
                actions = self._say(user, key, pick=-1, last=actions)
            else:
                actions = self._say(user, key, "I need a human please")
        return None

    def _answered(self, actions: list[Action]) -> bool:
        return any(a.type == "answer" for a in actions)

    def _open(self, user: str, lang: str, text: str) -> tuple[str, list[Action]]:
        key = self._key(user)
        self.summary.conversations += 1
        self.summary.by_language[lang] += 1
        return key, self._say(user, key, text)

    def confirmed(self, user: str, lang: str, at: datetime, article: _Article) -> str:
        key, actions = self._open(user, lang, self.rng.choice(article.phrasings))
        if not self._answered(actions) and any(a.type == "disambiguate" for a in actions):
            actions = self._say(user, key, pick=0, last=actions)
        if self._answered(actions):
            self._say(user, key, pick=0, last=actions)
            self._date(key, at)
            return "confirmed"
        ref = self._to_ticket(user, key, actions)
        self._work(key, ref, lang, at)
        return "handed_off"

    def abandoned(self, user: str, lang: str, at: datetime, article: _Article) -> str:
        key, _ = self._open(user, lang, self.rng.choice(article.phrasings))
        self._date(key, at)
        return "abandoned"

    def rejected(self, user: str, lang: str, at: datetime, article: _Article) -> str:
        key, actions = self._open(user, lang, self.rng.choice(article.phrasings))
        if self._answered(actions):
            actions = self._say(user, key, pick=1, last=actions)
        ref = self._to_ticket(user, key, actions)
        self._work(key, ref, lang, at)
        return "rejected"

    def unknown(self, user: str, lang: str, at: datetime) -> str:
        key, actions = self._open(user, lang, self.rng.choice(UNKNOWN[lang]))
        if self.rng.random() < 0.12:  # left during the questions
            self._date(key, at)
            return "left_during_questions"
        ref = self._to_ticket(user, key, actions)
        self._work(key, ref, lang, at)
        return "handed_off"

    # -- the agents' side ------------------------------------------------------------------

    def _work(self, key: str, ref: str | None, lang: str, at: datetime) -> None:
        """Claim, reply, resolve (linking, drafting or not), confirm and rate, then date it."""
        if ref is None:
            self._date(key, at)
            return
        self.summary.tickets += 1
        agent = self.rng.choice(list(AGENTS))
        name = AGENTS[agent]
        user = self._requester(key)
        recent = self.now - at < timedelta(days=2)
        if recent and self.rng.random() < 0.6:  # still in the queue
            self._date(key, at)
            return
        self.desk.claim(ref, agent, name)
        reply = {"en": "Looking at it now.", "fr": "Je regarde tout de suite."}[lang]
        self.desk.agent_reply(ref, agent, name, reply, f"{key}:agent:{self._n}")
        if self.rng.random() < 0.07:
            self.desk.hand_back(ref, agent)
            self._date(key, at, respond_h=self._respond_hours(key))
            return
        roll = self.rng.random()
        article = None
        draft = None
        if roll < 0.45:
            article = self.rng.choice(self.articles[lang]).slug
        elif roll < 0.70:
            draft = "it-support"
        note = {
            "en": "Reset the configuration and tested with the user.",
            "fr": "Configuration réinitialisée et testée avec l'utilisateur.",
        }[lang]
        self.desk.resolve(ref, agent, name, note, article_id=article, draft_owner=draft)
        if self.rng.random() < 0.12:  # "not fixed": reopened, then resolved again
            self._say(user, key, STILL_BROKEN[lang])
            self.desk.resolve(ref, agent, name, note, article_id=self._linked(ref))
        respond_h, resolve_h = self._respond_hours(key), self._resolve_hours(key)
        if self.rng.random() < 0.75:
            actions = self._say(user, key, THANKS[lang])
            rating = self._rating(respond_h, resolve_h, key)
            labels = [c.label for a in actions for c in a.choices]
            if str(rating) in labels:
                actions = self._say(user, key, pick=labels.index(str(rating)), last=actions)
                self.summary.ratings += 1
                if self.rng.random() < 0.6:
                    self._say(user, key, COMMENTS[lang][rating])
        self._date(key, at, respond_h=respond_h, resolve_h=resolve_h)

    def _priority(self, key: str) -> str:
        with self.db.session() as session:
            return str(
                session.scalar(
                    select(TicketRow.priority)
                    .join(ConversationRow, ConversationRow.id == TicketRow.conversation_id)
                    .where(ConversationRow.key == key)
                )
                or "P3"
            )

    def _linked(self, ref: str) -> str | None:
        with self.db.session() as session:
            ticket = tickets.by_ref(session, ref)
            return ticket.article_id if ticket is not None else None

    def _requester(self, key: str) -> str:
        with self.db.session() as session:
            return str(
                session.scalar(select(ConversationRow.user).where(ConversationRow.key == key))
            )

    def _respond_hours(self, key: str) -> float:
        target = self.sla[self._priority(key)].first_response.total_seconds() / 3600
        # Most replies well inside the target, about one in six late.
        factor = (
            self.rng.uniform(0.1, 0.9) if self.rng.random() < 0.83 else self.rng.uniform(1.1, 3)
        )
        return max(target * factor, 0.05)

    def _resolve_hours(self, key: str) -> float:
        target = self.sla[self._priority(key)].resolution
        hours = (target.total_seconds() / 3600) if target else 48.0
        factor = (
            self.rng.uniform(0.15, 0.9) if self.rng.random() < 0.8 else self.rng.uniform(1.05, 2.5)
        )
        return hours * factor

    def _rating(self, respond_h: float, resolve_h: float, key: str) -> int:
        """Mostly satisfied; slower tickets rate lower, but not always (the watermelon)."""
        late = resolve_h > (self._target_h(key) or 1e9)
        weights = [2, 3, 2, 8, 10] if not late else [4, 5, 3, 5, 3]
        return self.rng.choices([1, 2, 3, 4, 5], weights=weights)[0]

    def _target_h(self, key: str) -> float | None:
        target = self.sla[self._priority(key)].resolution
        return target.total_seconds() / 3600 if target else None

    # -- moving a conversation back to its day ---------------------------------------------

    def _date(
        self, key: str, at: datetime, respond_h: float | None = None, resolve_h: float | None = None
    ) -> None:
        with self.db.session() as session:
            convo = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            assert convo is not None
            delta = at - convo.created_at
            convo.created_at += delta
            convo.updated_at += delta
            for message in session.scalars(
                select(MessageRow).where(MessageRow.conversation_id == convo.id)
            ):
                message.at += delta
                if message.direction == "out":
                    # Shown long ago: a later `relais serve` must never post the demo to Slack.
                    message.delivered_at = message.at
            for outcome in session.scalars(
                select(OutcomeRow).where(OutcomeRow.conversation_key == key)
            ):
                outcome.at += delta
            for flag in session.scalars(select(FlagRow).where(FlagRow.conversation_key == key)):
                flag.at += delta
            for link in session.scalars(
                select(LinkRow).where(LinkRow.ticket_ref == f"conversation:{convo.id}")
            ):
                link.linked_at += delta
            ticket = session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
            if ticket is not None:
                self._date_ticket(session, ticket, delta, respond_h, resolve_h)

    def _date_ticket(
        self,
        session: Session,
        ticket: TicketRow,
        delta: timedelta,
        respond_h: float | None,
        resolve_h: float | None,
    ) -> None:
        opened = ticket.created_at + delta
        ticket.created_at = opened
        ticket.response_due, ticket.resolution_due = tickets.due_times(
            ticket.priority, opened, self.sla
        )
        respond = opened + timedelta(hours=respond_h) if respond_h is not None else None
        resolve = (
            opened + timedelta(hours=max(resolve_h, (respond_h or 0) + 0.1))
            if resolve_h is not None
            else None
        )
        if ticket.claimed_at is not None:
            ticket.claimed_at = opened + timedelta(minutes=self.rng.uniform(1, 10))
            if respond is not None and ticket.claimed_at > respond:
                ticket.claimed_at = respond
        ticket.first_response_at = respond if ticket.first_response_at is not None else None
        if ticket.resolved_at is not None and resolve is not None:
            ticket.resolved_at = resolve
        elif ticket.resolved_at is not None:
            ticket.resolved_at += delta
        for column in (
            "response_warned_at",
            "response_breached_at",
            "resolution_warned_at",
            "resolution_breached_at",
        ):
            setattr(ticket, column, None)
        end = ticket.resolved_at or respond or opened
        claimed = ticket.claimed_at or opened
        after = {
            "opened": opened,
            "priority_override": opened,
            "claimed": claimed,
            "assignee": claimed,
            "auto_assigned": claimed,
            "first_response": respond or claimed,
            "article": end,
            "article_drafted": end,
            "confirmed_fixed": end + timedelta(minutes=30),
            "csat": end + timedelta(minutes=31),
            "csat_comment": end + timedelta(minutes=32),
        }
        status_at = {
            "claimed": claimed,
            "waiting": claimed,
            "resolved": end,
            "returned": (respond or claimed) + timedelta(minutes=10),
        }
        for event in session.scalars(
            select(TicketEventRow).where(TicketEventRow.ticket_id == ticket.id)
        ):
            if event.what == "status":
                event.at = status_at.get(event.new or "", end)
            else:
                event.at = after.get(event.what, end)
        self._date_links(session, ticket, end)

    @staticmethod
    def _date_links(session: Session, ticket: TicketRow, at: datetime) -> None:
        for link in session.scalars(select(LinkRow).where(LinkRow.ticket_ref == ticket.ref)):
            link.linked_at = at
        if ticket.article_id:
            row = repository.get(session, ticket.article_id)
            if row is not None and row.author in AGENTS:  # drafted from this ticket
                row.created_at = min(row.created_at, at)
                for revision in row.revisions:
                    revision.changed_at = min(revision.changed_at, at)

    # -- the month -------------------------------------------------------------------------

    def play(self, days: int, progress: Callable[[int], None] | None = None) -> Summary:
        start = (self.now - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
        employees = {
            "en": [f"U0DEMOEN{i:02d}" for i in range(1, 25)],
            "fr": [f"U0DEMOFR{i:02d}" for i in range(1, 13)],
        }
        confirmed: list[tuple[str, str, datetime, _Article]] = []
        for d in range(days):
            day = start + timedelta(days=d)
            weekend = day.weekday() >= 5
            count = self.rng.randint(0, 2) if weekend else self.rng.randint(4, 8)
            for _ in range(count):
                at = day.replace(hour=self.rng.randint(7, 18), minute=self.rng.randint(0, 59))
                if at >= self.now:
                    continue
                lang = "fr" if self.rng.random() < 0.33 else "en"
                user = self.rng.choice(employees[lang])
                article = self.rng.choice(self.articles[lang])
                roll = self.rng.random()
                # Back on the same problem a few days after a confirmed answer.
                if confirmed and roll < 0.06:
                    user, lang, when, article = self.rng.choice(confirmed)
                    at = max(at, when + timedelta(days=self.rng.randint(2, 5)))
                    if at >= self.now:
                        continue
                    kind = self.rejected(user, lang, at, article)
                elif roll < 0.50:
                    kind = self.confirmed(user, lang, at, article)
                    if kind == "confirmed":
                        confirmed.append((user, lang, at, article))
                elif roll < 0.58:
                    kind = self.abandoned(user, lang, at, article)
                elif roll < 0.68:
                    kind = self.rejected(user, lang, at, article)
                else:
                    kind = self.unknown(user, lang, at)
                self.summary.scenarios[kind] = self.summary.scenarios.get(kind, 0) + 1
            if progress is not None:
                progress(1)
        self._curate(start)
        return self.summary

    def _curate(self, start: datetime) -> None:
        """Agents flag a few articles; an author deals with some of the flags."""
        author = authoring.Author(
            AUTHOR, frozenset({"it-support", "network-team", "identity-team"})
        )
        with self.db.session() as session:
            pool = [a.slug for lang in ("en", "fr") for a in self.articles[lang]]
            chosen = self.rng.sample(pool, min(6, len(pool)))
            for n, slug in enumerate(chosen):
                at = start + timedelta(
                    days=self.rng.uniform(1, max((self.now - start).days - 1, 1))
                )
                agent = list(AGENTS)[n % len(AGENTS)]
                authoring.flag(session, slug, agent, "The screenshots show the old menu.", at)
            for slug in chosen[:3]:
                row = repository.require(session, slug)
                if row.owner in author.teams and not row.compliance_based:
                    authoring.validate(
                        session, slug, author, "steps checked against the new menu", self.now
                    )


def is_empty(db: Database) -> int:
    """How many conversations the database already holds (0: the demo may seed it)."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ConversationRow)) or 0)


def articles_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ArticleRow)) or 0)


def seed(
    db: Database,
    engine: Engine,
    desk: Desk,
    sla: dict[str, SlaTarget],
    days: int = 30,
    seed_value: int = 7,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Fill an empty database with `days` of support; refuses a database with conversations."""
    existing = is_empty(db)
    if existing:
        raise DemoError(
            f"the database already has {existing} conversations: demo seed only fills an empty "
            "one (point RELAIS_HOME or RELAIS_DATABASE_URL at a new database)"
        )
    now = now or utcnow()
    _knowledge_predates(db, now - timedelta(days=days + 1))
    seeder = Seeder(db, engine, desk, sla, random.Random(seed_value), now)
    return seeder.play(days, progress)


def _knowledge_predates(db: Database, before: datetime) -> None:
    """The sample knowledge base existed before the month (reuse is told from create by it)."""
    with db.session() as session:
        for row in session.scalars(select(ArticleRow).where(ArticleRow.created_at > before)):
            row.created_at = before
            for revision in row.revisions:
                revision.changed_at = min(revision.changed_at, before)


__all__ = ["DemoError", "Seeder", "Summary", "articles_count", "is_empty", "seed"]
