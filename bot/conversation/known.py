"""A question that matches a known issue: answered at once, subscribed, told when it is fixed.

No appraisal is asked of someone whose problem is already known. "Not my problem" goes back
to the normal flow (search, then appraisal) without that issue; "Tell me when fixed" only
confirms. When the issue is resolved the conversation is asked "Is it working again?", then
for a rating; "no" hands it to support with what it said.
During a planned change, a matching question gets the change's article first.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.actions import Action
from bot.conversation import answer, choices, handoff
from bot.conversation.choices import Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.conversation.words import RATING, means_fixed
from bot.i18n import t
from bot.known import issues
from bot.known.issues import KnownIssueError
from bot.known.tables import KnownIssueRow, SubscriptionRow
from knowledge import repository
from knowledge.search import Hit


def on_question(turn: Turn, text: str) -> list[Action] | None:
    """The answer when the question matches a live known issue or planned change; else None."""
    matcher = turn.ctx.known
    if matcher is None:
        return None
    vector = turn.known_vectors.pop(text, None)
    found = matcher.match(turn.session, text, exclude=_declined(turn), vector=vector)
    if found is None:
        return None
    issue = issues.get(turn.session, found.issue_id)
    if issue.kind == "planned":
        return _planned(turn, issue, found.score)
    issues.subscribe(turn.session, issue, turn.convo, "answered", round(found.score, 4))
    turn.convo.state = State.KNOWN_ISSUE
    offered = turn.offer(*issues.answer_choices(turn.lang))
    return [
        Action(
            "message",
            issues.answer_text(issue, turn.lang),
            choices=offered,
            data={"known_issue": issue.ref, "score": round(found.score, 4)},
        )
    ]


def _declined(turn: Turn) -> list[int]:
    """Known issues this conversation said were not its problem."""
    return list(
        turn.session.scalars(
            select(SubscriptionRow.known_issue_id).where(
                SubscriptionRow.conversation_id == turn.convo.id,
                SubscriptionRow.active.is_(False),
            )
        )
    )


def _planned(turn: Turn, issue: KnownIssueRow, score: float) -> list[Action] | None:
    """During a planned change: its article first, then the usual "Did this solve it?"."""
    if not issue.article_id or repository.get(turn.session, issue.article_id) is None:
        return None
    until = issue.ends_at.strftime("%Y-%m-%d %H:%M UTC") if issue.ends_at else ""
    lead = t(
        "known.planned", turn.lang, title=issues.text_in(issue, turn.lang, "title"), until=until
    )
    hit = Hit(issue.article_id, issue.article_id, score, score, 0.0, turn.lang, "", "", "")
    return [Action("message", lead), *answer.show(turn, hit)]


def _subscription(turn: Turn) -> tuple[SubscriptionRow, KnownIssueRow] | None:
    sub = issues.subscription_of(turn.session, turn.convo)
    if sub is None:
        return None
    try:
        return sub, issues.get(turn.session, sub.known_issue_id)
    except KnownIssueError:
        return None


def not_mine(turn: Turn, _: Pick) -> list[Action]:
    """Not my problem: unsubscribed, and the question goes the normal way."""
    found = _subscription(turn)
    if found is not None:
        found[0].active = False
    return [turn.say("known.not_mine"), *answer.search_and_decide(turn, turn.convo.verbatim)]


def notify(turn: Turn, _: Pick) -> list[Action]:
    """Tell me when fixed: it will be (the conversation is subscribed already)."""
    found = _subscription(turn)
    if found is None:
        return turn.stale()
    found[0].wants_fix_notice = True
    turn.offer(choices.NOT_MINE.offer(t("choice.not_mine", turn.lang)))
    return [turn.say("known.will_tell")]


def while_known(turn: Turn, text: str) -> list[Action]:
    """More words while the issue lasts: the same reassurance, and the way out."""
    found = _subscription(turn)
    title = issues.text_in(found[1], turn.lang, "title") if found else ""
    offered = turn.offer(*issues.answer_choices(turn.lang))
    return [Action("message", t("known.still_known", turn.lang, title=title), choices=offered)]


def verdict(turn: Turn, pick: Pick) -> list[Action]:
    """ "Is it working again?" after the fix: yes, a rating; no, support takes it."""
    found = _subscription(turn)
    if found is None:
        return turn.stale()
    sub = found[0]
    if pick.value == "yes":
        sub.confirmed_fixed = True
        turn.convo.state = State.KNOWN_RATING
        offered = turn.offer(*(choices.rating(n).offer(str(n)) for n in range(1, 6)))
        return [Action("question", t("csat.ask", turn.lang), choices=offered)]
    sub.confirmed_fixed = False
    turn.convo.contact_type = turn.convo.contact_type or "incident"
    return [turn.say("known.not_fixed"), *handoff.statement(turn)]


def text_while_fixed(turn: Turn, text: str) -> list[Action]:
    said = means_fixed(text)
    if said is not None:
        return verdict(turn, choices.FIXED_YES if said else choices.FIXED_NO)
    offered = turn.offer(
        choices.FIXED_YES.offer(t("choice.fixed_yes", turn.lang)),
        choices.FIXED_NO.offer(t("choice.fixed_no", turn.lang)),
    )
    return [Action("question", t("known.fixed_ask", turn.lang), choices=offered)]


def rating(turn: Turn, pick: Pick) -> list[Action]:
    found = _subscription(turn)
    if found is None or not pick.value.isdigit() or not 1 <= int(pick.value) <= 5:
        return turn.stale()
    found[0].rating = int(pick.value)
    turn.convo.state = State.RESOLVED
    turn.offer()
    return [turn.say("known.rated")]


def text_while_rating(turn: Turn, text: str) -> list[Action]:
    digit = RATING.match(text)
    if digit:
        return rating(turn, choices.rating(int(digit.group(1))))
    offered = turn.offer(*(choices.rating(n).offer(str(n)) for n in range(1, 6)))
    return [Action("question", t("csat.ask_again", turn.lang), choices=offered)]
