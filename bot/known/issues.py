"""Known issues: declare, update, resolve, match, subscribe, and tell every subscriber.

Each call changes rows and stores outbox rows in the caller's transaction:
- one row per subscribed conversation, keyed `known:<issue>:<event>:<conversation>` (unique),
  so a broadcast is stored whole or not at all, and a replayed request stores nothing twice;
- one row in the status channel's outbox conversation, which (re)renders the issue's status
  message from the database when it is sent, so the message is updated in place.
The outbox then delivers them with its usual guarantees (lease, per-part record, pacing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.actions import Action, Choice
from bot.conversation_tables import ConversationRow, MessageRow
from bot.i18n import t
from bot.known.tables import KnownIssueRow, SubscriptionRow, TrendClusterRow, TrendContactRow
from handoff.tables import TicketRow

FIELDS = ("title", "affected", "workaround")
LANGS = ("en", "fr")
CHANNEL_AUDIENCE = "channel"  # outbox rows posted (or updated) in a channel, not a thread
CHANNEL_ROOT = "known-issues"  # the "thread" of a channel's outbox conversation
ACTIVE_TICKET = ("open", "claimed", "waiting")

Encoder = Callable[[Sequence[str]], np.ndarray]


class KnownIssueError(ValueError):
    """Bad input: nothing changed. `key` names the catalogue message, `values` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def say(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Post:
    """An outbox row to send, and the conversation (key) and person it belongs to."""

    outbox_id: int
    conversation: str
    user: str


@dataclass(frozen=True)
class Match:
    """An active known issue (or planned change) a question matches, and how closely."""

    issue_id: int
    score: float


# -- texts ------------------------------------------------------------------------------------


def clean_texts(texts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Per language, the fields given (whitespace folded); a language without a title is
    dropped. Raises when no language has a title."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        given = texts.get(lang) or {}
        fields = {f: " ".join(str(given.get(f) or "").split())[:2000] for f in FIELDS}
        if fields["title"]:
            out[lang] = {f: v for f, v in fields.items() if v}
    if not out:
        raise KnownIssueError("known.error.no_title")
    return out


def text_in(issue: KnownIssueRow, lang: str, field: str) -> str:
    """A field in `lang`, else in the other language the issue was written in."""
    for candidate in (lang, *LANGS):
        value = (issue.texts.get(candidate) or {}).get(field)
        if value:
            return value
    return ""


def update_in(update: dict[str, str], lang: str) -> str:
    return update.get(lang) or update.get("en") or update.get("fr") or ""


def answer_text(issue: KnownIssueRow, lang: str) -> str:
    """ "This is a known issue: … Workaround: … I'll tell you here when it is fixed." """
    affected = text_in(issue, lang, "affected")
    return t(
        "known.answer",
        lang,
        title=text_in(issue, lang, "title"),
        affected=t("known.affected", lang, affected=affected) if affected else "",
        workaround=text_in(issue, lang, "workaround") or t("known.no_workaround", lang),
    )


def answer_choices(lang: str) -> tuple[Choice, ...]:
    from bot.conversation import choices  # the conversation's own typed choices

    return (
        choices.NOT_MINE.offer(t("choice.not_mine", lang)),
        choices.NOTIFY.offer(t("choice.notify", lang)),
    )


# -- lookups -----------------------------------------------------------------------------------


def get(session: Session, issue_id: int, lock: bool = False) -> KnownIssueRow:
    query = select(KnownIssueRow).where(KnownIssueRow.id == issue_id)
    issue = session.scalar(query.with_for_update() if lock else query)
    if issue is None:
        raise KnownIssueError("known.error.unknown")
    return issue


def by_ref(session: Session, ref: str, lock: bool = False) -> KnownIssueRow:
    digits = ref.strip().upper().removeprefix("KI-")
    if not digits.isdigit():
        raise KnownIssueError("known.error.unknown")
    return get(session, int(digits), lock)


def is_live(issue: KnownIssueRow, now: datetime) -> bool:
    """Active, and for a planned change, inside its window."""
    if issue.status != "active":
        return False
    if issue.kind == "planned":
        return bool(issue.starts_at and issue.ends_at and issue.starts_at <= now < issue.ends_at)
    return True


def live(session: Session, now: datetime) -> list[KnownIssueRow]:
    rows = session.scalars(select(KnownIssueRow).where(KnownIssueRow.status == "active"))
    return [row for row in rows if is_live(row, now)]


def best_match(
    issues: Iterable[KnownIssueRow], vector: np.ndarray, threshold: float
) -> Match | None:
    """The issue whose phrasings are nearest the question, if above `threshold`."""
    best: Match | None = None
    for issue in issues:
        if not issue.vectors:
            continue
        score = float(np.max(np.asarray(issue.vectors, dtype=np.float32) @ vector))
        if score >= threshold and (best is None or score > best.score):
            best = Match(issue.id, score)
    return best


class Matcher:
    """What the conversation asks: does this new question match a live known issue?

    The question is encoded only when some issue is live, so a quiet day costs one query.
    """

    def __init__(
        self, encoder: Callable[[], Encoder], threshold: float, clock: Callable[[], datetime]
    ) -> None:
        self.encoder = encoder
        self.threshold = threshold
        self.clock = clock

    def match(
        self,
        session: Session,
        text: str,
        exclude: Iterable[int] = (),
        vector: np.ndarray | None = None,
    ) -> Match | None:
        """The best live issue for `text` (`vector`: its embedding, if computed already)."""
        skip = set(exclude)
        issues = [i for i in live(session, self.clock()) if i.id not in skip]
        if not issues:
            return None
        if vector is None:
            vector = self.encoder()([text])[0]
        return best_match(issues, vector, self.threshold)

    def has_live(self, session: Session) -> bool:
        """Whether any known issue or planned change is live now (a question may match)."""
        return bool(live(session, self.clock()))

    def encode(self, text: str) -> np.ndarray:
        """A question's embedding, to compute before any row lock is taken."""
        return np.asarray(self.encoder()([text])[0], dtype=np.float32)


# -- subscriptions --------------------------------------------------------------------------


def subscribe(
    session: Session,
    issue: KnownIssueRow,
    convo: ConversationRow,
    how: str,
    score: float | None = None,
) -> SubscriptionRow:
    """Subscribe the conversation (again: the same row, active once more)."""
    found = session.scalar(
        select(SubscriptionRow).where(
            SubscriptionRow.known_issue_id == issue.id,
            SubscriptionRow.conversation_id == convo.id,
        )
    )
    if found is not None:
        found.active = True
        return found
    row = SubscriptionRow(
        known_issue_id=issue.id, conversation_id=convo.id, how=how, score=score, active=True
    )
    session.add(row)
    session.flush()
    return row


def subscription_of(session: Session, convo: ConversationRow) -> SubscriptionRow | None:
    """The conversation's latest subscription, if any."""
    return session.scalar(
        select(SubscriptionRow)
        .where(SubscriptionRow.conversation_id == convo.id)
        .order_by(SubscriptionRow.id.desc())
        .limit(1)
    )


def subscribers(
    session: Session, issue: KnownIssueRow, lock: bool = False
) -> list[tuple[SubscriptionRow, ConversationRow]]:
    """Active subscriptions and their conversations, in a stable order (locks taken in it)."""
    query = (
        select(SubscriptionRow, ConversationRow)
        .join(ConversationRow, ConversationRow.id == SubscriptionRow.conversation_id)
        .where(SubscriptionRow.known_issue_id == issue.id, SubscriptionRow.active.is_(True))
        .order_by(ConversationRow.id)
    )
    if lock:
        query = query.with_for_update(of=ConversationRow)
    return [(s, c) for s, c in session.execute(query).all()]


def absorbed(session: Session, since: datetime, until: datetime) -> int:
    """Contacts answered at once as a known issue in [since, until) (for reports)."""
    return int(
        session.scalar(
            select(func.count(SubscriptionRow.id)).where(
                SubscriptionRow.how == "answered",
                SubscriptionRow.created_at >= since,
                SubscriptionRow.created_at < until,
            )
        )
        or 0
    )


# -- outbox ---------------------------------------------------------------------------------


def store(
    session: Session,
    convo: ConversationRow,
    actions: list[Action],
    key: str,
    audience: str = "employee",
) -> Post | None:
    """One outbox row under a unique key; None when that key was stored already (a replay)."""
    if session.scalar(select(MessageRow.id).where(MessageRow.dedupe_key == key)) is not None:
        return None
    row = MessageRow(
        conversation_id=convo.id,
        direction="out",
        user="relais",
        audience=audience,
        dedupe_key=key,
        text="\n\n".join(a.text for a in actions),
        payload={"actions": [a.to_json() for a in actions]},
    )
    session.add(row)
    session.flush()
    return Post(row.id, convo.key, convo.user)


def channel_conversation(session: Session, channel: str) -> ConversationRow:
    """The outbox conversation of a channel's own posts (status messages, trend alerts).

    Its key is a Slack thread key whose root is no real ts, so the reply sweep resends its
    rows after a crash like any other.
    """
    key = f"slack:{channel}:{CHANNEL_ROOT}"
    found = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            row = ConversationRow(key=key, user="relais", channel=channel, state="resolved")
            session.add(row)
    except IntegrityError:  # another replica created it at the same moment
        found = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
        assert found is not None
        return found
    return row


def status_post(session: Session, issue: KnownIssueRow) -> Post | None:
    """Post, or update in place, the issue's status message (rendered when sent)."""
    if not issue.status_channel:
        return None
    convo = channel_conversation(session, issue.status_channel)
    first = issue.version == 1  # only the first row posts; later ones update that message
    action = Action(
        "ki_status", text_in(issue, "en", "title"), data={"issue": issue.id, "first": first}
    )
    key = f"known:{issue.id}:status:{issue.version}"
    return store(session, convo, [action], key, CHANNEL_AUDIENCE)


def broadcast(
    session: Session,
    issue: KnownIssueRow,
    event: str,
    say: Callable[[SubscriptionRow, ConversationRow], list[Action]],
    lock: bool = False,
) -> list[Post]:
    """One row per subscribed conversation, in its language (`say` may move it on)."""
    posts: list[Post] = []
    for sub, convo in subscribers(session, issue, lock):
        actions = say(sub, convo)
        if not actions:
            continue
        post = store(session, convo, actions, f"known:{issue.id}:{event}:{convo.id}")
        if post is not None:
            posts.append(post)
    return posts


# -- declare --------------------------------------------------------------------------------


def declare(
    session: Session,
    *,
    owner: str,
    texts: dict[str, dict[str, str]],
    now: datetime,
    next_update_in: timedelta,
    encoder: Encoder,
    status_channel: str,
    cluster_id: int | None = None,
    ticket_ref: str | None = None,
    kind: str = "known",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    article_id: str | None = None,
) -> tuple[KnownIssueRow, list[Post]]:
    """Declare a known issue (or schedule a planned change); the posts to send.

    From a trend cluster, its contacts' words are matched on too, and the open tickets of
    the cluster are linked: audited, their cards say so, their requesters are told.
    """
    cleaned = clean_texts(texts)
    cluster: TrendClusterRow | None = None
    if cluster_id is not None:
        cluster = session.scalar(
            select(TrendClusterRow).where(TrendClusterRow.id == cluster_id).with_for_update()
        )
        if cluster is None:
            raise KnownIssueError("known.error.unknown")
        taken = session.scalar(select(KnownIssueRow).where(KnownIssueRow.cluster_id == cluster_id))
        if taken is not None:
            raise KnownIssueError("known.error.twice", ref=taken.ref)
    if ticket_ref is not None:
        taken = session.scalar(
            select(KnownIssueRow).where(
                KnownIssueRow.ticket_ref == ticket_ref, KnownIssueRow.status == "active"
            )
        )
        if taken is not None:
            raise KnownIssueError("known.error.twice", ref=taken.ref)
    members = _cluster_members(session, cluster_id) if cluster_id is not None else []
    ticket = _ticket(session, ticket_ref) if ticket_ref else None
    phrasings = [
        *(" ".join([v["title"], v.get("affected", "")]).strip() for v in cleaned.values()),
        *(m.text for m in members),
    ]
    if ticket is not None:
        convo = session.get(ConversationRow, ticket.conversation_id)
        if convo is not None and convo.verbatim:
            phrasings.append(convo.verbatim)
    phrasings = list(dict.fromkeys(p[:1000] for p in phrasings if p))
    vectors = encoder(phrasings)
    issue = KnownIssueRow(
        kind=kind,
        status="active",
        texts=cleaned,
        owner=owner,
        team=cluster.team if cluster is not None else "",
        cluster_id=cluster_id,
        ticket_ref=ticket_ref,
        phrasings=phrasings,
        vectors=[[round(float(x), 6) for x in row] for row in vectors],
        next_update_at=now + next_update_in if kind == "known" else None,
        updates=[],
        version=1,
        status_channel=status_channel or None,
        starts_at=starts_at,
        ends_at=ends_at,
        article_id=article_id,
        created_at=now,
    )
    session.add(issue)
    session.flush()
    if cluster is not None:
        cluster.status = "declared"
    posts: list[Post] = []
    linked = {m.conversation_id for m in members}
    if ticket is not None:
        linked.add(ticket.conversation_id)
    for conversation_id in sorted(linked):
        posts += link_conversation(session, issue, conversation_id, now)
    status = status_post(session, issue)
    if status is not None:
        posts.append(status)
    if cluster is not None and cluster.alert_ts is not None:
        alert = alert_post(session, cluster, f"declared:{issue.id}")
        if alert is not None:
            posts.append(alert)
    return issue, posts


def link_conversation(
    session: Session, issue: KnownIssueRow, conversation_id: int, now: datetime
) -> list[Post]:
    """Subscribe a conversation of the cluster; an open ticket becomes a child of the issue
    (audited, its card updated) and its requester is told."""
    from handoff import tickets  # the audit trail of tickets

    convo = session.scalar(
        select(ConversationRow).where(ConversationRow.id == conversation_id).with_for_update()
    )
    if convo is None:
        return []
    ticket = session.scalar(select(TicketRow).where(TicketRow.conversation_id == convo.id))
    if ticket is None or ticket.status not in ACTIVE_TICKET:
        return _tell_mid_way(session, issue, convo)
    subscribe(session, issue, convo, "linked")
    tickets.audit(session, ticket, issue.owner, "known_issue", None, issue.ref, now=now)
    lang = convo.language
    title = text_in(issue, lang, "title")
    posts: list[Post] = []
    told = store(
        session,
        convo,
        [Action("message", t("known.linked", lang, ticket_id=ticket.ref, title=title))],
        f"known:{issue.id}:linked:{convo.id}",
    )
    if told is not None:
        posts.append(told)
    card = store(
        session,
        convo,
        [Action("card", ticket.title, ticket_id=ticket.ref)],
        f"known:{issue.id}:card:{convo.id}",
        "agents",
    )
    if card is not None:
        posts.append(card)
    return posts


# Where a requester of the cluster may still be, asked questions, when the issue is declared.
MID_WAY = ("appraising", "confirming", "editing", "awaiting_feedback", "disambiguating")


def _tell_mid_way(session: Session, issue: KnownIssueRow, convo: ConversationRow) -> list[Post]:
    """A requester of the cluster still being asked questions: no more questions; they hear
    the known issue, are subscribed, and may say it is not their problem."""
    from bot.conversation import events

    if convo.state not in MID_WAY:
        return []
    subscribe(session, issue, convo, "told")
    actions = events.apply(
        convo, events.Event.KNOWN_DECLARED, note=answer_text(issue, convo.language)
    )
    post = store(session, convo, actions, f"known:{issue.id}:told:{convo.id}")
    return [post] if post is not None else []


def known_issue_of_ticket(session: Session, ticket: TicketRow) -> KnownIssueRow | None:
    """The known issue a ticket is a child of (its card says so)."""
    return session.scalar(
        select(KnownIssueRow)
        .join(SubscriptionRow, SubscriptionRow.known_issue_id == KnownIssueRow.id)
        .where(
            SubscriptionRow.conversation_id == ticket.conversation_id,
            SubscriptionRow.how == "linked",
            SubscriptionRow.active.is_(True),
        )
        .order_by(KnownIssueRow.id.desc())
        .limit(1)
    )


def _cluster_members(session: Session, cluster_id: int) -> list[TrendContactRow]:
    return list(
        session.scalars(
            select(TrendContactRow)
            .where(TrendContactRow.cluster_id == cluster_id)
            .order_by(TrendContactRow.id)
        )
    )


def _ticket(session: Session, ref: str) -> TicketRow | None:
    from handoff import tickets

    return tickets.by_ref(session, ref)


def alert_post(session: Session, cluster: TrendClusterRow, tag: str) -> Post | None:
    """Post, or update in place, the cluster's trend alert in the triage channel."""
    if not cluster.alert_channel:
        return None
    convo = channel_conversation(session, cluster.alert_channel)
    first = tag == "alert"  # only the first row posts; later ones update that message
    action = Action(
        "trend_alert", f"trend {cluster.id}", data={"cluster": cluster.id, "first": first}
    )
    return store(session, convo, [action], f"trend:{cluster.id}:{tag}", CHANNEL_AUDIENCE)


# -- updates --------------------------------------------------------------------------------


def post_update(
    session: Session,
    issue_id: int,
    *,
    by: str,
    texts: dict[str, str],
    now: datetime,
    next_update_in: timedelta,
) -> tuple[KnownIssueRow, list[Post]]:
    """ "Post an update": every subscribed thread hears it, the status message shows it."""
    issue = get(session, issue_id, lock=True)
    if issue.status != "active":
        raise KnownIssueError("known.error.resolved", ref=issue.ref)
    given = {lang: " ".join(str(texts.get(lang) or "").split())[:2000] for lang in LANGS}
    given = {lang: text for lang, text in given.items() if text}
    if not given:
        raise KnownIssueError("known.error.no_update")
    issue.updates = [*issue.updates, {"at": now.isoformat(), "by": by, **given}]
    issue.version += 1
    issue.next_update_at = now + next_update_in
    event = f"update:{issue.version}"

    def say(_: SubscriptionRow, convo: ConversationRow) -> list[Action]:
        lang = convo.language
        title = text_in(issue, lang, "title")
        return [
            Action("message", t("known.update", lang, title=title, text=update_in(given, lang)))
        ]

    posts = broadcast(session, issue, event, say)
    status = status_post(session, issue)
    return issue, posts + ([status] if status else [])


def overdue(session: Session, now: datetime) -> list[int]:
    """Active known issues whose promised update time passed without an update or reminder."""
    return list(
        session.scalars(
            select(KnownIssueRow.id).where(
                KnownIssueRow.status == "active",
                KnownIssueRow.kind == "known",
                KnownIssueRow.next_update_at.is_not(None),
                KnownIssueRow.next_update_at <= now,
                or_(
                    KnownIssueRow.reminded_at.is_(None),
                    KnownIssueRow.reminded_at < KnownIssueRow.next_update_at,
                ),
            )
        )
    )


def still_on_it(session: Session, issue_id: int, now: datetime) -> list[Post]:
    """The promised update is late: remind the owner, tell subscribers "still on it".

    Once per missed deadline across replicas: a compare-and-set on `reminded_at`.
    """
    claimed = session.execute(
        update(KnownIssueRow)
        .where(
            KnownIssueRow.id == issue_id,
            KnownIssueRow.status == "active",
            KnownIssueRow.next_update_at <= now,
            or_(
                KnownIssueRow.reminded_at.is_(None),
                KnownIssueRow.reminded_at < KnownIssueRow.next_update_at,
            ),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", claimed).rowcount != 1:
        return []
    issue = get(session, issue_id)
    session.refresh(issue)
    due = issue.next_update_at
    assert due is not None
    event = f"still:{int(due.timestamp())}"

    def say(_: SubscriptionRow, convo: ConversationRow) -> list[Action]:
        title = text_in(issue, convo.language, "title")
        return [Action("message", t("known.still_on_it", convo.language, title=title))]

    posts = broadcast(session, issue, event, say)
    if issue.status_channel:
        convo = channel_conversation(session, issue.status_channel)
        lang = "en" if "en" in issue.texts else "fr"
        remind = Action(
            "remind",
            t(
                "known.remind_owner",
                lang,
                ref=issue.ref,
                title=text_in(issue, lang, "title"),
                due=due.strftime("%Y-%m-%d %H:%M UTC"),
            ),
            data={"to": issue.owner},
        )
        post = store(session, convo, [remind], f"known:{issue.id}:{event}:owner", CHANNEL_AUDIENCE)
        if post is not None:
            posts.append(post)
    return posts
