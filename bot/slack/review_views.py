"""Block Kit for knowledge authors: the review queue in the App Home, and the authoring modals."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from bot.gaps import GapCluster
from bot.i18n import t, word
from bot.slack.text_safety import escape, neutralise, truncate
from knowledge.article import ArticleContent
from knowledge.review import ReviewItem

Block = dict[str, Any]
AUTHOR_PREFIX = "relais-author:"
FLAG_SHORTCUT = "relais_flag_article"
ARTICLE_BLOCK = "relais-article:"  # block_id of an answer card's header: names the article
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
    items: Sequence[ReviewItem], link: Callable[[str | None], str | None], lang: str = "en"
) -> list[Block]:
    """The review queue: each article with the evidence behind it and its actions."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": t("author.queue", lang)}},
    ]
    if not items:
        blocks.append(_section(t("author.queue_empty", lang)))
        return blocks
    for item in items[:QUEUE_SHOWN]:
        lines = [
            f"*{escape(item.title)}* `{item.article_id}`",
            f"{item.owner} · {item.confidence} · {item.audience}"
            + (f" · {t('author.compliance', lang)}" if item.compliance_based else "")
            + f" · {t('author.standard', lang, percent=round(item.score * 100))}",
        ]
        if item.misses:
            lines.append(t("author.misses", lang, items=", ".join(item.misses)))
        for evidence in item.evidence[:5]:
            url = link(evidence.conversation_key)
            thread = f" (<{url}|{t('author.thread', lang)}>)" if url else ""
            by = evidence.by if evidence.kind != "draft" else ""
            who = t("author.by", lang, who=by) if by else ""
            lines.append(
                f"• *{word('evidence', evidence.kind, lang)}*{who}: "
                f"{neutralise(evidence.text)[:300]}{thread}"
            )
        blocks.append(_section("\n".join(lines)))
        slug = item.article_id
        blocks.append(
            {
                "type": "actions",
                "block_id": f"review-{slug}"[:255],
                "elements": [
                    _button("validate", t("author.validate", lang), slug, "primary"),
                    _button("edit", t("author.edit", lang), slug),
                    _button("audience", t("author.audience", lang), slug),
                    _button("merge", t("author.merge_into", lang), slug),
                    _button("phrasings", t("author.phrasings", lang), slug),
                    *(
                        [_button("scope", t("author.not_for_button", lang), slug)]
                        if any(e.kind == "rejected" for e in item.evidence)
                        else []
                    ),
                    _button("archive", t("author.archive", lang), slug, "danger"),
                ],
            }
        )
    if len(items) > QUEUE_SHOWN:
        blocks.append(_section(t("author.more", lang, count=len(items) - QUEUE_SHOWN)))
    return blocks


def gap_blocks(clusters: Sequence[GapCluster], days: int, lang: str = "en") -> list[Block]:
    """The biggest knowledge gaps, each with 'draft an article for this'."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": t("author.gaps", lang)}},
    ]
    if not clusters:
        blocks.append(_section(t("author.no_gaps", lang, days=days)))
        return blocks
    for rank, cluster in enumerate(clusters[:GAPS_SHOWN], start=1):
        typical = "\n".join(f"> {neutralise(s)[:200]}" for s in cluster.statements)
        draft = cluster.draft
        blocks.append(
            _section(
                t(
                    "author.gap_line",
                    lang,
                    rank=rank,
                    title=escape(draft.title),
                    size=cluster.size,
                    weight=cluster.weight,
                )
                + f"\n{typical}"
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
            {
                "type": "actions",
                "elements": [_button("draft", t("author.draft_this", lang), value)],
            }
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


def _modal(
    callback: str, title: str, metadata: str, blocks: list[Block], submit: str, lang: str
) -> Block:
    return {
        "type": "modal",
        "callback_id": callback,
        "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": title[:24]},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": t("author.cancel", lang)},
        "blocks": blocks,
    }


def why_input(lang: str = "en") -> Block:
    return _input("why", t("author.why", lang), max_length=400)


def validate_modal(content: ArticleContent, lang: str = "en") -> Block:
    return _modal(
        "relais-author-validate",
        t("author.validate", lang),
        content.id,
        [_section(f"*{escape(content.title)}* `{content.id}`"), why_input(lang)],
        t("author.validate", lang),
        lang,
    )


def archive_modal(content: ArticleContent, lang: str = "en") -> Block:
    return _modal(
        "relais-author-archive",
        t("author.archive", lang),
        content.id,
        [
            _section(t("author.archive_text", lang, title=escape(content.title))),
            why_input(lang),
        ],
        t("author.archive", lang),
        lang,
    )


def audience_modal(content: ArticleContent, lang: str = "en") -> Block:
    options = [
        {
            "text": {"type": "plain_text", "text": t("author.audience_employees", lang)},
            "value": "employees",
        },
        {
            "text": {"type": "plain_text", "text": t("author.audience_internal", lang)},
            "value": "internal",
        },
    ]
    current = next(o for o in options if o["value"] == content.audience.value)
    return _modal(
        "relais-author-audience",
        t("author.audience", lang),
        content.id,
        [
            {
                "type": "input",
                "block_id": "audience",
                "label": {"type": "plain_text", "text": t("author.who_may_see", lang)},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": options,
                    "initial_option": current,
                },
            },
            why_input(lang),
        ],
        t("author.save", lang),
        lang,
    )


def merge_modal(content: ArticleContent, lang: str = "en") -> Block:
    return _modal(
        "relais-author-merge",
        t("author.merge", lang),
        content.id,
        [
            _section(t("author.merge_text", lang, title=escape(content.title))),
            {
                "type": "input",
                "block_id": "target",
                "label": {"type": "plain_text", "text": t("author.keep_this", lang)},
                "element": {
                    "type": "external_select",
                    "action_id": f"{AUTHOR_PREFIX}target",
                    "min_query_length": 2,
                    "placeholder": {"type": "plain_text", "text": t("author.search_kb", lang)},
                },
            },
            why_input(lang),
        ],
        t("author.merge", lang),
        lang,
    )


def edit_modal(content: ArticleContent, lang: str = "en") -> Block:
    issue = "\n".join(f"• {neutralise(p)}" for p in content.issue)
    return _modal(
        "relais-author-edit",
        t("author.edit_title", lang),
        content.id,
        [
            _input("title", t("author.title_label", lang), content.title, max_length=200),
            _section(f"{t('author.issue_kept', lang)}\n{issue}"[:3000]),
            _input("add_issue", t("author.add_issue", lang), multiline=True, optional=True),
            _input(
                "environment",
                t("author.environment", lang),
                "\n".join(content.environment),
                multiline=True,
                optional=True,
            ),
            _input(
                "resolution",
                t("author.resolution", lang),
                content.resolution,
                multiline=True,
                optional=True,
            ),
            _input("cause", t("author.cause", lang), content.cause, multiline=True, optional=True),
            _input(
                "not_for",
                t("author.not_for", lang),
                "\n".join(content.not_for),
                multiline=True,
                optional=True,
            ),
            why_input(lang),
        ],
        t("author.save", lang),
        lang,
    )


def phrasings_modal(content: ArticleContent, lang: str = "en") -> Block:
    if not content.search_phrases:
        return _modal(
            "relais-author-phrasings",
            t("author.phrasings", lang),
            content.id,
            [_section(t("author.no_phrasings", lang))],
            t("author.close", lang),
            lang,
        )
    options = [
        {"text": {"type": "plain_text", "text": truncate(p, 75)}, "value": str(n)}
        for n, p in enumerate(content.search_phrases[-100:])
    ]
    listed = "\n".join(f"• {neutralise(p)}" for p in content.search_phrases[-30:])
    return _modal(
        "relais-author-phrasings",
        t("author.phrasings", lang),
        content.id,
        [
            _section(f"{t('author.confirmed', lang)}\n{listed}"[:3000]),
            _pick_many("remove", t("author.remove_these", lang), options),
            why_input(lang),
        ],
        t("author.remove", lang),
        lang,
    )


def _pick_many(block_id: str, label: str, options: list[dict[str, Any]]) -> Block:
    """A required multi-select input: what the modal acts on."""
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "multi_static_select", "action_id": "value", "options": options},
    }


def not_for_modal(
    content: ArticleContent, questions: Sequence[tuple[int, str]], lang: str = "en"
) -> Block:
    """Turn employees' rejected questions into the article's "Not for" lines."""
    lines = "\n".join(f"• {neutralise(n)}" for n in content.not_for) or t("author.none", lang)
    kept = _section(f"{t('author.not_for_now', lang)}\n{lines}"[:3000])
    if not questions:
        blocks = [kept, _section(t("author.no_rejections", lang))]
        return _modal(
            "relais-author-scope",
            t("author.not_for_title", lang),
            content.id,
            blocks,
            t("author.close", lang),
            lang,
        )
    options = [
        {"text": {"type": "plain_text", "text": truncate(q, 75)}, "value": str(flag_id)}
        for flag_id, q in questions[-100:]
    ]
    listed = "\n".join(f"• {neutralise(q)}" for _, q in questions[-30:])
    return _modal(
        "relais-author-scope",
        t("author.not_for_title", lang),
        content.id,
        [
            kept,
            _section(f"{t('author.rejected_for', lang)}\n{listed}"[:3000]),
            _pick_many("questions", t("author.not_for_these", lang), options),
            why_input(lang),
        ],
        t("author.not_for_save", lang),
        lang,
    )


def draft_modal(title: str, issue: Sequence[str], teams: Sequence[str], lang: str = "en") -> Block:
    options = [{"text": {"type": "plain_text", "text": team}, "value": team} for team in teams]
    return _modal(
        "relais-author-draft",
        t("author.draft_title", lang),
        "",
        [
            _input("title", t("author.title_label", lang), title, max_length=200),
            _input("issue", t("author.issue_words", lang), "\n".join(issue), multiline=True),
            _input("environment", t("author.environment", lang), multiline=True, optional=True),
            _input("resolution", t("author.resolution_wip", lang), multiline=True, optional=True),
            {
                "type": "input",
                "block_id": "owner",
                "label": {"type": "plain_text", "text": t("author.owner", lang)},
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": options,
                    "initial_option": options[0],
                },
            },
            why_input(lang),
        ],
        t("author.draft", lang),
        lang,
    )


def flag_modal(
    article_id: str, title: str, conversation_key: str | None, lang: str = "en"
) -> Block:
    metadata = json.dumps({"article": article_id, "conversation": conversation_key})
    return _modal(
        "relais-author-flag",
        t("author.flag_title", lang),
        metadata,
        [
            _section(t("author.flag_text", lang, title=escape(title), id=article_id)),
            _input("reason", t("author.flag_reason", lang), multiline=True, max_length=1000),
        ],
        t("author.flag", lang),
        lang,
    )
