"""The terminal adapter: `relais chat`, interactive or as a JSON-lines machine interface."""

from __future__ import annotations

import json
import re
import sys
import textwrap
import uuid
from collections.abc import Iterator
from typing import IO, Any

from rich.console import Console
from rich.markup import escape

from bot.actions import Action
from bot.conversation import Engine
from bot.i18n import t
from bot.inbound import Inbound


def parse_line(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """(text, action, error) of one --jsonl input line: plain text, {"text"} or {"action"}."""
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return None, None, "the message is not UTF-8 text"
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            data: Any = json.loads(stripped)
        except json.JSONDecodeError:
            return line, None, None  # a message that merely starts with a brace
        if isinstance(data, dict):
            if isinstance(data.get("action"), str):
                return None, data["action"], None
            if isinstance(data.get("text"), str):
                return data["text"], None, None
            return None, None, 'a JSON line needs a string "text" or "action"'
    return line, None, None


class Session:
    """Which conversation the terminal is in; `/new` moves to a fresh one."""

    def __init__(self, engine: Engine, conversation: str) -> None:
        self.engine, self.base, self.number = engine, conversation, 0
        self.conversation = conversation

    def language(self) -> str:
        info = self.engine.conversation_info(self.conversation)
        return info.language if info else "en"

    def command(self, line: str) -> str | None:
        """The reply to a /command, or None when the line is a message."""
        word = line.strip().split(maxsplit=1)[0].lower() if line.strip() else ""
        if not word.startswith("/") or len(word) < 2:
            return None
        lang = self.language()
        if word == "/new":
            self.number += 1
            self.conversation = f"{self.base}#{self.number}-{uuid.uuid4().hex[:8]}"
            return t("chat.new", lang)
        if word == "/help":
            return t("chat.help", lang)
        return None  # "/etc/hosts is broken" is a message, not a command


def run_jsonl(
    engine: Engine, user: str, conversation: str, stdin: IO[bytes], stdout: IO[str]
) -> int:
    """One JSON line per bot action; bad input lines get an error line and the run goes on."""
    count = 0
    chat = Session(engine, conversation)
    for number, raw in enumerate(_lines(stdin), 1):
        text, action, error = parse_line(raw)
        if error is not None:
            stdout.write(json.dumps({"type": "error", "text": error, "line": number}) + "\n")
            stdout.flush()
            continue
        said = chat.command(text) if text is not None else None
        if said is not None:
            stdout.write(json.dumps({"type": "message", "text": said}, ensure_ascii=False) + "\n")
            stdout.flush()
            continue
        conversation = chat.conversation
        inbound = Inbound(
            user=user, conversation=conversation, text=text, action=action, channel="terminal"
        )
        for reply in engine.handle(inbound):
            stdout.write(json.dumps(reply.to_json(), ensure_ascii=False) + "\n")
            count += 1
        stdout.flush()
    return count


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    yield from stream


def render(action: Action, console: Console) -> None:
    """A human-readable action with numbered choices."""
    style = {
        "answer": "green",
        "question": "cyan",
        "statement": "yellow",
        "handoff": "magenta",
        "disambiguate": "cyan",
    }.get(action.type, "white")
    text = _fill(action.text, console.width, len("relais "))
    console.print(f"[bold {style}]relais[/] {escape(text)}", highlight=False, soft_wrap=True)
    for i, choice in enumerate(action.choices, 1):
        lead = f"  {i}. "
        label = _fill(choice.label, console.width, len(lead), hanging=True)
        console.print(f"  [bold]{i}[/]. {escape(label)}", highlight=False, soft_wrap=True)


_BEFORE_MARK = re.compile(r" (?=[?!:;»](?:\s|$))|(?<=«) ")


def _fill(text: str, width: int, first: int, hanging: bool = False) -> str:
    """Text wrapped to the terminal at ordinary spaces only: a French "situation ?" keeps its
    non-breaking space (rich wraps at any Unicode space, leaving "?" alone on a line)."""
    indent = " " * first if hanging else ""
    lines: list[str] = []
    # An employee's own "SharePoint ?" (plain space) must not leave "?" alone either.
    text = _BEFORE_MARK.sub("\u00a0", text)
    for n, paragraph in enumerate(text.split("\n")):
        if not paragraph.strip():
            lines.append("")
            continue
        wrapped = textwrap.wrap(
            " " * first + paragraph if n == 0 else paragraph,
            width=max(width, 20),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        )
        if n == 0 and wrapped:
            wrapped[0] = wrapped[0][first:]
        lines.extend(wrapped)
    return "\n".join(lines)


def run_interactive(engine: Engine, user: str, conversation: str, console: Console) -> None:
    """Chat on a terminal: type a message, or the number of a choice. Ctrl-D quits."""
    chat = Session(engine, conversation)
    console.print(t("chat.welcome", chat.language()), highlight=False)
    choices: list[str] = engine.choices_on_offer(conversation)  # resuming: same numbers
    while True:
        try:
            line = console.input("[bold]you[/] ")
        except EOFError:
            console.print()
            return
        stripped = line.strip()
        if stripped.lower() in ("/quit", "/exit"):
            return
        said = chat.command(stripped)
        if said is not None:
            console.print(f"[bold]relais[/] {escape(said)}", highlight=False)
            if stripped.lower().startswith("/new"):
                choices = []
            continue
        conversation = chat.conversation
        action = None
        if stripped.isdigit() and 1 <= int(stripped) <= len(choices):
            action = choices[int(stripped) - 1]
        elif stripped.isdigit() and choices and int(stripped) <= 9:
            # "2" with one choice on offer is a mistyped choice, not the answer "2"
            said = t("chat.no_such_choice", chat.language(), number=stripped, last=len(choices))
            console.print(f"[bold]relais[/] {escape(said)}", highlight=False)
            continue
        inbound = Inbound(
            user=user,
            conversation=conversation,
            channel="terminal",
            text=None if action else line,
            action=action,
        )
        replies = engine.handle(inbound)
        choices = [c.id for reply in replies for c in reply.choices]
        for reply in replies:
            render(reply, console)


def stdin_bytes() -> IO[bytes]:
    return sys.stdin.buffer
