"""What the engine asks an adapter to do, as plain values (rendered to Block Kit or text)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Action:
    """One thing to show the employee. `type` is one of TYPES; extra fields by type."""

    type: str
    text: str
    choices: tuple[Choice, ...] = ()
    article_id: str | None = None
    slots: tuple[str, ...] = ()
    problem_statement: dict[str, Any] | None = None
    ticket_id: str | None = None
    priority: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON line of `relais chat --jsonl`; empty optional fields are left out."""
        out: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.choices:
            out["choices"] = [asdict(c) for c in self.choices]
        if self.article_id is not None:
            out["article_id"] = self.article_id
        if self.type == "question":
            out["slots"] = list(self.slots)
        if self.problem_statement is not None:
            out["problem_statement"] = self.problem_statement
        if self.ticket_id is not None:
            out["ticket_id"] = self.ticket_id
            out["priority"] = self.priority
        out.update(self.data)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        known = {
            "type",
            "text",
            "choices",
            "article_id",
            "slots",
            "problem_statement",
            "ticket_id",
            "priority",
        }
        return cls(
            type=data["type"],
            text=data["text"],
            choices=tuple(Choice(**c) for c in data.get("choices", ())),
            article_id=data.get("article_id"),
            slots=tuple(data.get("slots", ())),
            problem_statement=data.get("problem_statement"),
            ticket_id=data.get("ticket_id"),
            priority=data.get("priority"),
            data={k: v for k, v in data.items() if k not in known},
        )


TYPES = ("answer", "disambiguate", "question", "statement", "handoff", "message")
