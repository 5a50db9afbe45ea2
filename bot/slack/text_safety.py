"""Text that reaches Slack: escape our own text, defuse what employees wrote before echoing it.

Slack sends message text already encoded: `&`, `<`, `>` arrive as `&amp;`, `&lt;`, `&gt;`,
and mentions arrive as control sequences (`<!channel>`, `<@U123>`, `<!subteam^S1>`). Echoing
such a sequence into a reply or a triage card would ping for real, so they become inert text.
Relais never sends `parse=full` or `link_names`, so plain "@channel" text does not ping.

`defuse` is the one outbound chokepoint: the Web API client runs it over every message, update,
ephemeral, modal and App Home it sends, so no path can post a live mention, whatever renderer
forgot to `neutralise` (renderers still do, for readable text).
"""

from __future__ import annotations

import re
from typing import Any

_ZWSP = "\u200b"  # keeps "@here" readable but never a keyword, even if pasted elsewhere

# <!channel>, <!here|here>, <!everyone>, <!subteam^S1|@team>, <!date^...|fallback>
_SPECIAL = re.compile(r"<!([a-z]+)(?:\^([^|>]*))?(?:\|([^>]*))?>", re.I)
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#(C[A-Z0-9]+)(?:\|([^>]*))?>")


def escape(text: str) -> str:
    """Our own text (article content, labels) as Slack mrkdwn: only & < > are special."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _special(match: re.Match[str]) -> str:
    keyword, _, label = match.group(1).lower(), match.group(2), match.group(3)
    if keyword == "subteam":
        name = (label or "group").lstrip("@")
        return f"@{_ZWSP}{name}"
    if keyword in ("channel", "here", "everyone"):
        return f"@{_ZWSP}{keyword}"
    return label or keyword  # dates and other specials: their fallback text


def neutralise(encoded: str) -> str:
    """Text a user wrote (already Slack-encoded), safe to echo: no mention can fire."""
    text = _SPECIAL.sub(_special, encoded)
    text = _USER.sub(lambda m: f"@{_ZWSP}{m.group(2) or m.group(1)}", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)
    # Anything else that still looks like a control sequence is shown, not interpreted.
    return re.sub(r"<(?![a-z]+://|mailto:)", "&lt;", text)


# Any live control sequence that pings: <!channel>, <!here|…>, <!subteam^S1>, <@U123>, <@W1|x>.
_LIVE = re.compile(r"<([!@])([^<>]*)>")
# Keys of Web API arguments and Block Kit objects that are identifiers, not text anyone reads.
_STRUCTURAL = frozenset(
    {
        "action_id",
        "block_id",
        "callback_id",
        "channel",
        "external_id",
        "image_url",
        "thread_ts",
        "trigger_id",
        "ts",
        "type",
        "url",
        "user",
        "user_id",
        "view_id",
    }
)


def _inert(match: re.Match[str]) -> str:
    sigil, inside = match.group(1), match.group(2)
    head, _, label = inside.partition("|")
    if sigil == "@":
        return f"@{_ZWSP}{label or head}"
    keyword, _, _ = head.partition("^")
    if keyword.lower() == "subteam":
        return f"@{_ZWSP}{(label or 'group').lstrip('@')}"
    if keyword.lower() in ("channel", "here", "everyone"):
        return f"@{_ZWSP}{keyword.lower()}"
    return label or keyword  # dates and other specials: their fallback text


def defang(text: str) -> str:
    """`text` with no live `<!…>` or `<@…>` left, whatever produced it (the last guard)."""
    while True:
        text, replaced = _LIVE.subn(_inert, text)
        if not replaced:
            return text


def defuse(value: Any, key: str = "") -> Any:
    """A Web API argument (text, blocks, a view…) with `defang` applied to every readable string."""
    if isinstance(value, str):
        return value if key in _STRUCTURAL else defang(value)
    if isinstance(value, dict):
        return {k: defuse(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [defuse(v, key) for v in value]
    return value


def truncate(text: str, limit: int, suffix: str = "…") -> str:
    """At most `limit` characters, cut at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - len(suffix))
    if cut < limit // 2:
        cut = limit - len(suffix)
    return text[:cut].rstrip() + suffix
