"""Block Kit for knowledge authors: the review queue in the App Home, and the authoring modals."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from bot.gaps import GapCluster
from bot.slack.text_safety import escape, neutralise, truncate
from knowledge.article import ArticleContent
from knowledge.review import ReviewItem

Block = dict[str, Any]
AUTHOR_PREFIX = "relais-author:"
FLAG_SHORTCUT = "relais_flag_article"
ARTICLE_BLOCK = "relais-article:"  # block_id of an answer card's header: names the article
EVIDENCE_LABELS = {
    "draft": "Draft",
    "flag": "Flagged",
    "rejected": "Rejected by an employee",
    "followed_steps": "Rejected: followed the steps, still fails",
    "often_rejected": "Often rejected",
    "duplicate": "Possible duplicate",
    "due": "Due for review",
}
QUEUE_SHOWN = 10
GAPS_SHOWN = 5


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 3000)}}


def _button(verb: str, label: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": f"{AUTHOR_PREFIX}{verb}",
        "value": value[:2000],
    }
    if style:
        button["style"] = style
    return button


def queue_blocks(
    items: Sequence[ReviewItem], link: Callable[[str | None], str | None]
) -> list[Block]:
    """The review queue: each article with the evidence behind it and its actions."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Review queue"}},
    ]
    if not items:
        blocks.append(_section("Nothing to review: no drafts, flags, rejections or due reviews."))
        return blocks
    for item in items[:QUEUE_SHOWN]:
        lines = [
            f"*{escape(item.title)}* `{item.article_id}`",
            f"{item.owner} · {item.confidence} · {item.audience}"
            + (" · compliance" if item.compliance_based else "")
            + f" · content standard {round(item.score * 100)}%",
        ]
        if item.misses:
            lines.append("Misses: " + ", ".join(item.misses))
        for evidence in item.evidence[:5]:
            url = link(evidence.conversation_key)
            thread = f" (<{url}|thread>)" if url else ""
            who = f" by {evidence.by}" if evidence.by and evidence.kind != "draft" else ""
            lines.append(
                f"• *{EVIDENCE_LABELS.get(evidence.kind, evidence.kind)}*{who}: "
                f"{neutralise(evidence.text)[:300]}{thread}"
            )
        blocks.append(_section("\n".join(lines)))
        slug = item.article_id
        blocks.append(
            {
                "type": "actions",
                "block_id": f"review-{slug}"[:255],
                "elements": [
                    _button("validate", "Validate", slug, "primary"),
                    _button("edit", "Edit", slug),
                    _button("audience", "Audience", slug),
                    _button("merge", "Merge into…", slug),
                    _button("phrasings", "Phrasings", slug),
                    _button("archive", "Archive", slug, "danger"),
                ],
            }
        )
    if len(items) > QUEUE_SHOWN:
        blocks.append(_section(f"…and {len(items) - QUEUE_SHOWN} more."))
    return blocks


def gap_blocks(clusters: Sequence[GapCluster], days: int) -> list[Block]:
    """The biggest knowledge gaps, each with 'draft an article for this'."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Knowledge gaps"}},
    ]
    if not clusters:
        blocks.append(_section(f"No gaps in the last {days} days."))
        return blocks
    for rank, cluster in enumerate(clusters[:GAPS_SHOWN], start=1):
        typical = "\n".join(f"> {neutralise(s)[:200]}" for s in cluster.statements)
        draft = cluster.draft
        blocks.append(
            _section(
                f"*{rank}. {escape(draft.title)}*: {cluster.size} conversations, "
                f"weight {cluster.weight}\n{typical}"
            )
        )
        issue = list(draft.issue[:5])
        value = ""
        while not value or (len(value) > 2000 and issue):
            if value:
                issue = issue[:-1]
            suggestion = {"title": draft.title[:200], "issue": issue, "language": draft.language}
            value = json.dumps(suggestion, ensure_ascii=False)
        blocks.append(
            {"type": "actions", "elements": [_button("draft", "Draft an article for this", value)]}
        )
    return blocks


def _input(
    block_id: str,
    label: str,
    initial: str = "",
    *,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = 3000,
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _modal(callback: str, title: str, metadata: str, blocks: list[Block], submit: str) -> Block:
    return {
        "type": "modal",
        "callback_id": callback,
        "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": title[:24]},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def why_input(label: str = "Why (kept in the article's history)") -> Block:
    return _input("why", label, max_length=400)


def validate_modal(content: ArticleContent) -> Block:
    return _modal(
        "relais-author-validate",
        "Validate",
        content.id,
        [_section(f"*{escape(content.title)}* `{content.id}`"), why_input()],
        "Validate",
    )


def archive_modal(content: ArticleContent) -> Block:
    return _modal(
        "relais-author-archive",
        "Archive",
        content.id,
        [
            _section(f"Archive *{escape(content.title)}*: it stays in history, out of search."),
            why_input(),
        ],
        "Archive",
    )


def audience_modal(content: ArticleContent) -> Block:
    options = [
        {
            "text": {"type": "plain_text", "text": "Employees (the bot may show it)"},
            "value": "employees",
        },
        {"text": {"type": "plain_text", "text": "Internal (agents only)"}, "value": "internal"},
    ]
    current = next(o for o in options if o["value"] == content.audience.value)
    return _modal(
        "relais-author-audience",
        "Audience",
        content.id,
        [
            {
                "type": "input",
                "block_id": "audience",
                "label": {"type": "plain_text", "text": "Who may see it"},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": options,
                    "initial_option": current,
                },
            },
            why_input(),
        ],
        "Save",
    )


def merge_modal(content: ArticleContent) -> Block:
    return _modal(
        "relais-author-merge",
        "Merge",
        content.id,
        [
            _section(
                f"Merge *{escape(content.title)}* into another article: its phrasings and links "
                "move there, and it is archived."
            ),
            {
                "type": "input",
                "block_id": "target",
                "label": {"type": "plain_text", "text": "Keep this article"},
                "element": {
                    "type": "external_select",
                    "action_id": f"{AUTHOR_PREFIX}target",
                    "min_query_length": 2,
                    "placeholder": {"type": "plain_text", "text": "Search the knowledge base"},
                },
            },
            why_input(),
        ],
        "Merge",
    )


def edit_modal(content: ArticleContent) -> Block:
    issue = "\n".join(f"• {neutralise(p)}" for p in content.issue)
    return _modal(
        "relais-author-edit",
        "Edit article",
        content.id,
        [
            _input("title", "Title (issue + environment)", content.title, max_length=200),
            _section(f"*Issue* (the requesters' words: kept, never rewritten)\n{issue}"[:3000]),
            _input(
                "add_issue", "Add Issue phrasings (one per line)", multiline=True, optional=True
            ),
            _input(
                "environment",
                "Environment (one per line)",
                "\n".join(content.environment),
                multiline=True,
                optional=True,
            ),
            _input("resolution", "Resolution", content.resolution, multiline=True, optional=True),
            _input("cause", "Cause", content.cause, multiline=True, optional=True),
            why_input(),
        ],
        "Save",
    )


def phrasings_modal(content: ArticleContent) -> Block:
    if not content.search_phrases:
        return _modal(
            "relais-author-phrasings",
            "Phrasings",
            content.id,
            [_section('No confirmed phrasings yet: they come from employees\' "yes" answers.')],
            "Close",
        )
    options = [
        {"text": {"type": "plain_text", "text": truncate(p, 75)}, "value": str(n)}
        for n, p in enumerate(content.search_phrases[-100:])
    ]
    listed = "\n".join(f"• {neutralise(p)}" for p in content.search_phrases[-30:])
    return _modal(
        "relais-author-phrasings",
        "Phrasings",
        content.id,
        [
            _section(f'*Confirmed phrasings* (employees said "yes" after these)\n{listed}'[:3000]),
            {
                "type": "input",
                "block_id": "remove",
                "label": {"type": "plain_text", "text": "Remove these"},
                "element": {
                    "type": "multi_static_select",
                    "action_id": "value",
                    "options": options,
                },
            },
            why_input(),
        ],
        "Remove",
    )


def draft_modal(title: str, issue: Sequence[str], teams: Sequence[str]) -> Block:
    options = [{"text": {"type": "plain_text", "text": t}, "value": t} for t in teams]
    return _modal(
        "relais-author-draft",
        "Draft an article",
        "",
        [
            _input("title", "Title (issue + environment)", title, max_length=200),
            _input(
                "issue",
                "Issue, in the requesters' words (one per line)",
                "\n".join(issue),
                multiline=True,
            ),
            _input("environment", "Environment (one per line)", multiline=True, optional=True),
            _input(
                "resolution", "Resolution (empty: work in progress)", multiline=True, optional=True
            ),
            {
                "type": "input",
                "block_id": "owner",
                "label": {"type": "plain_text", "text": "Owning team"},
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": options,
                    "initial_option": options[0],
                },
            },
            why_input(),
        ],
        "Draft",
    )


def flag_modal(article_id: str, title: str, conversation_key: str | None) -> Block:
    metadata = json.dumps({"article": article_id, "conversation": conversation_key})
    return _modal(
        "relais-author-flag",
        "Flag article",
        metadata,
        [
            _section(f"Flag *{escape(title)}* `{article_id}` for its owners."),
            _input("reason", "What is wrong with it", multiline=True, max_length=1000),
        ],
        "Flag",
    )
