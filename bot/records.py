"""A ticket's record as people read it: names, button presses by their label, CSAT, audit.

`relais tickets show` prints it as text or JSON; the names come from a resolver (Slack's
users.info when a token is configured), so the record says "Agent One", not "U0AGENT1".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.conversation_tables import MessageRow
from handoff.tables import TicketEventRow, TicketRow

Name = Callable[[str], str]
_PEOPLE_EVENTS = frozenset({"claimed", "assigned", "auto_assigned", "reassigned"})


def pressed_labels(transcript: Sequence[MessageRow]) -> dict[int, str]:
    """For each button press (an inbound row with an action), the label it was shown with."""
    offered: dict[str, str] = {}
    labels: dict[int, str] = {}
    for message in transcript:
        if message.direction == "out":
            for action in (message.payload or {}).get("actions", []):
                for choice in action.get("choices") or []:
                    offered[str(choice.get("id"))] = str(choice.get("label"))
        elif message.action and message.action not in ("failed", "private_note"):
            labels[message.id] = offered.get(message.action, message.action)
    return labels


def _person(user: str | None, name: Name) -> str | None:
    if not user:
        return None
    shown = name(user)
    return user if shown == user else f"{shown} ({user})"


def ticket_record(
    ticket: TicketRow,
    trail: Sequence[TicketEventRow],
    transcript: Sequence[MessageRow],
    name: Name = str,
) -> dict[str, Any]:
    """The whole ticket as one JSON-ready dict."""
    labels = pressed_labels(transcript)

    def who(user: str) -> str:
        return "relais" if user == "relais" else (_person(user, name) or user)

    return {
        "id": ticket.ref,
        "priority": ticket.priority,
        "status": ticket.status,
        "contact_type": ticket.contact_type,
        "requester": ticket.requester,
        "requester_name": name(ticket.requester),
        "title": ticket.title,
        "created_at": ticket.created_at.isoformat(),
        "assignee": ticket.assignee,
        "assignee_name": name(ticket.assignee) if ticket.assignee else None,
        "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at),
        "response_due": _iso(ticket.response_due),
        "resolution_due": _iso(ticket.resolution_due),
        "priority_overridden_from": ticket.priority_overridden_from,
        "csat": {"rating": ticket.csat_rating, "comment": ticket.csat_comment},
        "problem_statement": ticket.statement,
        "audit": [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "actor_name": who(e.actor),
                "what": e.what,
                "old": e.old,
                "new": e.new,
                "new_name": who(e.new) if e.what in _PEOPLE_EVENTS and e.new else None,
                "note": e.note,
            }
            for e in trail
        ],
        "transcript": [
            {
                "at": m.at.isoformat(),
                "direction": m.direction,
                "audience": m.audience,
                "user": m.user,
                "user_name": who(m.user) if m.direction != "out" else "relais",
                "text": m.text or (f"[pressed: {labels[m.id]}]" if m.id in labels else ""),
                "pressed": labels.get(m.id),
                "private": m.action == "private_note",
            }
            for m in transcript
        ],
    }


def ticket_lines(record: dict[str, Any], statement: str) -> list[str]:
    """The text view of `ticket_record`."""
    owner = f", assigned to {record['assignee_name']}" if record["assignee"] else ""
    lines = [
        f"{record['id']} {record['priority']} {record['status']} ({record['contact_type']}) "
        f"from {record['requester_name']}{owner}",
        statement,
    ]
    csat = record["csat"]
    if csat["rating"] is not None or csat["comment"]:
        rating = f"{csat['rating']}/5" if csat["rating"] is not None else "no rating"
        comment = f' "{csat["comment"]}"' if csat["comment"] else ""
        lines.append(f"\nCSAT: {rating}{comment}")
    lines.append("\nAudit trail:")
    for e in record["audit"]:
        new = e["new_name"] or e["new"]
        change = f"{e['old']} -> {new}" if e["old"] is not None else (new or "")
        note = f"({e['note']})" if e["note"] else ""
        line = " ".join(part for part in (e["what"], change, note) if part)
        lines.append(f"  {e['at'][:19].replace('T', ' ')} {e['actor_name']}: {line}")
    lines.append("\nTranscript:")
    for m in record["transcript"]:
        to = " [to agents]" if m["audience"] == "agents" else ""
        private = " [private]" if m["private"] else ""
        text = str(m["text"]).replace("\n", " ")[:300]
        lines.append(f"  {m['at'][:19].replace('T', ' ')} {m['user_name']}{to}{private}: {text}")
    return lines


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
