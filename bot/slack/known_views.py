"""Known issues in Block Kit: the status message, the trend alert, and the agents' modals.

Everything an employee wrote (the requesters' words in an alert) is neutralised; what agents
typed into a known issue is neutralised too, since it is echoed to every subscriber.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.i18n import t
from bot.known.issues import LANGS, text_in
from bot.known.tables import KnownIssueRow, SubscriptionRow
from bot.known.trends import ClusterView
from bot.reports.text import thread_link
from bot.slack.blocks import Block, Message, _section
from bot.slack.text_safety import escape, neutralise, truncate

PREFIX = "relais-known:"
DECLARE_CALLBACK = "relais-known-declare"
UPDATE_CALLBACK = "relais-known-update"
RESOLVE_CALLBACK = "relais-known-resolve"
PLANNED_CALLBACK = "relais-known-planned"
FIELDS = ("title", "affected", "workaround")


def _when(at: datetime | None) -> str:
    if at is None:
        return "—"
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def _button(verb: str, label: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(label, 75)},
        "action_id": f"{PREFIX}{verb}",
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _safe(text: str) -> str:
    return neutralise(text)


@dataclass(frozen=True)
class Reach:
    """How many conversations an issue reaches, for its status message."""

    subscribed: int
    absorbed: int


def issue_reach(session: Session, issue: KnownIssueRow) -> Reach:
    rows = session.execute(
        select(SubscriptionRow.how, func.count(SubscriptionRow.id))
        .where(SubscriptionRow.known_issue_id == issue.id)
        .group_by(SubscriptionRow.how)
    ).all()
    counts = {how: int(n) for how, n in rows}
    return Reach(sum(counts.values()), counts.get("answered", 0))


def render_status(issue: KnownIssueRow, reach: Reach, lang: str) -> Message:
    """The status-channel message: kept up to date in place as the issue evolves."""
    resolved = issue.status != "active"
    head = t(
        "known.status_resolved"
        if resolved
        else "known.status_planned"
        if issue.kind == "planned"
        else "known.status_title",
        lang,
        ref=issue.ref,
    )
    title = text_in(issue, lang, "title")
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": truncate(f"{head}: {_safe(title)}", 150)},
        }
    ]
    for written in LANGS:
        texts = issue.texts.get(written) or {}
        if not texts:
            continue
        lines = [f"*{_safe(texts.get('title', ''))}*"]
        for field in ("affected", "workaround"):
            if texts.get(field):
                label = t(f"known.field_{field}", written)
                lines.append(f"*{escape(label)}*: {_safe(texts[field])}")
        blocks.append(_section(truncate("\n".join(lines), 3000)))
    if issue.updates:
        latest = issue.updates[-5:]
        said = "\n".join(f"• {_safe(' / '.join(u[x] for x in LANGS if u.get(x)))}" for u in latest)
        blocks.append(
            _section(truncate(f"*{escape(t('known.field_update', lang))}*\n{said}", 3000))
        )
    if resolved:
        fixed = f"*{escape(t('known.field_resolution', lang))}*: {_safe(issue.resolution)}"
        if issue.cause:
            fixed += f"\n*{escape(t('known.field_cause', lang))}*: {_safe(issue.cause)}"
        blocks.append(_section(truncate(fixed, 3000)))
    context = [t("known.subscribers", lang, count=reach.subscribed, absorbed=reach.absorbed)]
    if issue.kind == "planned" and issue.starts_at and issue.ends_at:
        context.append(
            t("known.window", lang, start=_when(issue.starts_at), end=_when(issue.ends_at))
        )
        if issue.article_id:
            context.append(escape(issue.article_id))
    if not resolved and issue.next_update_at is not None:
        context.append(t("known.next_update", lang, when=_when(issue.next_update_at)))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": c} for c in context]})
    if not resolved:
        value = str(issue.id)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"known-{issue.id}",
                "elements": [
                    _button("update", t("known.button_update", lang), value),
                    _button("resolve", t("known.button_resolve", lang), value, "primary"),
                ],
            }
        )
    return Message(text=truncate(f"{head}: {_safe(title)}", 3000), blocks=blocks)


def render_alert(cluster: ClusterView, lang: str, workspace_url: str) -> Message:
    """The triage alert: the requesters' words, the count, sites, teams, threads, buttons."""
    title = t("known.alert_title", lang, count=cluster.count, minutes=cluster.minutes)
    words = "\n".join(f"> {truncate(_safe(p), 300)}" for p in cluster.phrasings)
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(title, 150)}},
        _section(truncate(words or "—", 3000)),
    ]
    facts = []
    if cluster.teams:
        facts.append(t("known.alert_teams", lang, teams=escape(", ".join(cluster.teams))))
    if cluster.sites:
        sites = _safe(", ".join(cluster.sites))
        facts.append(t("known.alert_sites", lang, sites=truncate(sites, 500)))
    links = []
    for number, key in enumerate(cluster.threads[:20], 1):
        link = thread_link(key, workspace_url)
        if link:
            links.append(f"<{link}|{number}>")
    if links:
        facts.append(t("known.alert_threads", lang, links=" ".join(links)))
    if facts:
        blocks.append(_section(truncate("\n".join(facts), 3000)))
    if cluster.known_issue:
        said = t("known.alert_declared", lang, ref=cluster.known_issue)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": said}]})
    elif cluster.status == "dismissed":
        said = t("known.alert_dismissed", lang, name="support")
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": said}]})
    else:
        value = str(cluster.cluster_id)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"trend-{cluster.cluster_id}",
                "elements": [
                    _button("declare", t("known.button_declare", lang), value, "danger"),
                    _button("not_related", t("known.button_not_related", lang), value),
                ],
            }
        )
    return Message(text=truncate(title, 3000), blocks=blocks)


# -- modals -------------------------------------------------------------------------------------


def _input(
    block_id: str, label: str, optional: bool, multiline: bool = False, initial: str = ""
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": 2000,
    }
    if initial:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": truncate(label, 2000)},
        "element": element,
    }


def _both(field: str, lang: str, multiline: bool = False) -> list[Block]:
    label = t(f"known.field_{field}", lang)
    return [
        _input(f"{field}_en", t("known.in_english", lang, label=label), True, multiline),
        _input(f"{field}_fr", t("known.in_french", lang, label=label), True, multiline),
    ]


def declare_modal(lang: str, about: dict[str, Any], default_minutes: int) -> dict[str, Any]:
    """Title, what is affected, workaround (English and/or French), and the next update."""
    blocks: list[Block] = []
    for field in FIELDS:
        blocks += _both(field, lang, multiline=field != "title")
    blocks.append(
        _input(
            "next_update",
            t("known.field_next_update", lang),
            False,
            initial=str(default_minutes),
        )
    )
    return {
        "type": "modal",
        "callback_id": DECLARE_CALLBACK,
        "private_metadata": json.dumps(about),
        "title": {"type": "plain_text", "text": t("known.modal_declare", lang)[:24]},
        "submit": {"type": "plain_text", "text": "OK"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def planned_modal(lang: str) -> dict[str, Any]:
    """A planned change: when, what may break (English and/or French), an article to offer."""
    label = t("known.field_may_break", lang)
    blocks: list[Block] = [
        *_both("title", lang),
        _input("affected_en", t("known.in_english", lang, label=label), True, multiline=True),
        _input("affected_fr", t("known.in_french", lang, label=label), True, multiline=True),
        _input("starts_in", t("known.field_starts_in", lang), False, initial="0"),
        _input("lasts", t("known.field_lasts", lang), False, initial="60"),
        _input("article", t("known.field_article", lang), False),
    ]
    return {
        "type": "modal",
        "callback_id": PLANNED_CALLBACK,
        "private_metadata": "{}",
        "title": {"type": "plain_text", "text": t("known.modal_planned", lang)[:24]},
        "submit": {"type": "plain_text", "text": "OK"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def update_modal(lang: str, issue_id: int, default_minutes: int) -> dict[str, Any]:
    blocks = [
        *_both("update", lang, multiline=True),
        _input(
            "next_update", t("known.field_next_update", lang), False, initial=str(default_minutes)
        ),
    ]
    return {
        "type": "modal",
        "callback_id": UPDATE_CALLBACK,
        "private_metadata": json.dumps({"issue": issue_id}),
        "title": {"type": "plain_text", "text": t("known.modal_update", lang)[:24]},
        "submit": {"type": "plain_text", "text": "OK"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def resolve_modal(lang: str, issue_id: int) -> dict[str, Any]:
    blocks = [
        _input("resolution", t("known.field_resolution", lang), False, multiline=True),
        _input("cause", t("known.field_cause", lang), True, multiline=True),
    ]
    return {
        "type": "modal",
        "callback_id": RESOLVE_CALLBACK,
        "private_metadata": json.dumps({"issue": issue_id}),
        "title": {"type": "plain_text", "text": t("known.modal_resolve", lang)[:24]},
        "submit": {"type": "plain_text", "text": "OK"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def values(body: dict[str, Any]) -> dict[str, str]:
    """Every plain-text input of a submitted modal, by block id, stripped."""
    state = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return {
        block: str((inputs.get("value") or {}).get("value") or "").strip()
        for block, inputs in state.items()
    }


def metadata(body: dict[str, Any]) -> dict[str, Any]:
    try:
        found = json.loads(str((body.get("view") or {}).get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def texts_of(form: dict[str, str]) -> dict[str, dict[str, str]]:
    return {lang: {f: form.get(f"{f}_{lang}", "") for f in FIELDS} for lang in LANGS}
