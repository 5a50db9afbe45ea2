"""ITIL priority from impact x urgency (domain.md section 7), growth, overrides and SLA targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum


class Level(IntEnum):
    """Impact and urgency levels; higher is more serious."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


# rows: impact, columns: urgency (domain.md section 7)
MATRIX: dict[tuple[Level, Level], int] = {
    (Level.HIGH, Level.HIGH): 1,
    (Level.HIGH, Level.MEDIUM): 2,
    (Level.HIGH, Level.LOW): 3,
    (Level.MEDIUM, Level.HIGH): 2,
    (Level.MEDIUM, Level.MEDIUM): 3,
    (Level.MEDIUM, Level.LOW): 4,
    (Level.LOW, Level.HIGH): 3,
    (Level.LOW, Level.MEDIUM): 4,
    (Level.LOW, Level.LOW): 5,
}


@dataclass(frozen=True)
class SlaTarget:
    """Configurable defaults (not a standard): first response and resolution targets."""

    first_response: timedelta
    resolution: timedelta | None  # None: planned work, no resolution clock
    business_days: bool = False


SLA: dict[int, SlaTarget] = {
    1: SlaTarget(timedelta(minutes=15), timedelta(hours=4)),
    2: SlaTarget(timedelta(hours=1), timedelta(hours=8)),
    3: SlaTarget(timedelta(hours=4), timedelta(hours=24)),
    4: SlaTarget(timedelta(hours=8), timedelta(hours=72)),
    5: SlaTarget(timedelta(days=1), None, business_days=True),
}


@dataclass(frozen=True)
class Priority:
    """The computed priority with the reasons an agent needs to trust it."""

    impact: Level
    urgency: Level
    priority: int
    grown: bool = False  # a worsening trend raised urgency one level
    overridden_from: int | None = None  # the requester insisted on a higher priority

    @property
    def label(self) -> str:
        return f"P{self.priority}"


def compute(
    impact: Level, urgency: Level, *, worsening: bool = False, requested: int | None = None
) -> Priority:
    """Priority from the matrix; growth raises urgency; a higher requested priority wins."""
    grown = worsening and urgency < Level.HIGH
    effective = Level(urgency + 1) if grown else urgency
    priority = MATRIX[(impact, effective)]
    if requested is not None and 1 <= requested < priority:
        return Priority(impact, effective, requested, grown, overridden_from=priority)
    return Priority(impact, effective, priority, grown)
