"""Text that reaches Slack: escape our own text, defuse what employees wrote before echoing it.

Slack sends message text already encoded: `&`, `<`, `>` arrive as `&amp;`, `&lt;`, `&gt;`,
and mentions arrive as control sequences (`<!channel>`, `<@U123>`, `<!subteam^S1>`). Echoing
such a sequence into a reply or a triage card would ping for real, so they become inert text.
Relais never sends `parse=full` or `link_names`, so plain "@channel" text does not ping.
"""

from __future__ import annotations

import re

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


def truncate(text: str, limit: int, suffix: str = "…") -> str:
    """At most `limit` characters, cut at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - len(suffix))
    if cut < limit // 2:
        cut = limit - len(suffix)
    return text[:cut].rstrip() + suffix
