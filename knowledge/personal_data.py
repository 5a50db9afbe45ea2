"""Personal data in article text: emails, phone numbers, a requester's name, Slack mentions.

Articles are reused by everyone, so nothing that identifies the requester may go in them
(domain.md section 2). The patterns lean towards catching too much; versions, IP addresses,
dates and error codes are not phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Digits with the separators people type in phone numbers; judged by `_is_phone`.
PHONE_CANDIDATE = re.compile(r"(?<![\w.+-])\+?\(?\d[\d ().-]{6,}\d(?![\w.-]*\w)")
IP_OR_VERSION = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,3}")
DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")


# Shared mailboxes are an article's business (send receipts to receipts@...), not a person.
ROLE_MAILBOXES = frozenset(
    [
        "admin",
        "contact",
        "facturation",
        "help",
        "helpdesk",
        "hr",
        "info",
        "it",
        "it-support",
        "noreply",
        "no-reply",
        "paie",
        "payroll",
        "receipts",
        "rh",
        "security",
        "securite",
        "service",
        "servicedesk",
        "support",
    ]
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, the text as written, and the field it is in."""

    kind: str  # email | phone | name | mention
    text: str
    field: str = ""


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 9 <= digits <= 15:
        return False
    if IP_OR_VERSION.fullmatch(candidate) or DATE.fullmatch(candidate):
        return False
    if candidate.startswith("+"):
        return True
    separators = set(re.sub(r"[\d()]", "", candidate))
    if separators == {"."} and candidate.count(".") < 4:
        return False  # build numbers and versions (22631.3007); dotted phones have 5 groups
    grouped = re.search(r"\d[ .-]\d", candidate) is not None
    # A leading 0 is a national number (06 12 34 56 78, 020 7946 0958); plain grouped digits
    # of phone length (555-867-5309) too.
    return candidate.startswith(("0", "(")) or grouped


def _names(text: str, names: Iterable[str]) -> list[str]:
    found: list[str] = []
    folded = text.casefold()
    for name in names:
        words = [w for w in re.split(r"\s+", name.strip()) if len(w) >= 2]
        if len(words) < 2:
            continue  # a lone first name is too common a word to block on
        for order in (words, list(reversed(words))):
            pattern = (
                r"(?<!\w)" + r"[\s.]+".join(re.escape(w.casefold()) for w in order) + r"(?!\w)"
            )
            match = re.search(pattern, folded)
            if match:
                found.append(text[match.start() : match.end()])
                break
    return found


def find(text: str, *, names: Iterable[str] = (), field: str = "") -> list[Finding]:
    """Every piece of personal data in `text`; `names` are people's full names to look for."""
    findings = [
        Finding("email", m.group(0), field)
        for m in EMAIL.finditer(text)
        if m.group(0).split("@", 1)[0].casefold() not in ROLE_MAILBOXES
    ]
    findings += [Finding("mention", m.group(0), field) for m in MENTION.finditer(text)]
    without_emails = EMAIL.sub(" ", text)
    findings += [
        Finding("phone", m.group(0).strip(), field)
        for m in PHONE_CANDIDATE.finditer(without_emails)
        if _is_phone(m.group(0).strip())
    ]
    findings += [Finding("name", n, field) for n in _names(text, names)]
    return findings


def describe(findings: Iterable[Finding]) -> str:
    """'email a@b.c in Resolution, phone 06 12 34 56 78 in Issue' for an error message."""
    return ", ".join(f"{f.kind} {f.text}" + (f" in {f.field}" if f.field else "") for f in findings)
