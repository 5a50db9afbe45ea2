"""Typed settings: config/relais.toml defaults, RELAIS_* environment overrides, secrets from env."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.paths import PROJECT_ROOT, config_file
from bot.webhooks.config import WebhookSettings
from handoff.calendar import BusinessCalendar, CalendarError, Calendars
from handoff.calendar import build as build_calendar
from handoff.priority import SlaTarget


class KnowledgeSettings(BaseModel):
    """Knowledge-base files and limits."""

    articles_dir: Path = Path("config/articles")
    max_article_bytes: int = Field(200_000, gt=0)

    def resolved_articles_dir(self) -> Path:
        path = self.articles_dir
        return path if path.is_absolute() else PROJECT_ROOT / path


class TuningSettings(BaseModel):
    """Fine-tuning the embedding model on the knowledge base's own phrasings (`relais kb tune`)."""

    min_articles: int = Field(10, ge=2)  # fewer: keep the base model, and say so
    steps_per_article: float = Field(1.0, gt=0)
    min_steps: int = Field(30, ge=1)
    max_steps: int = Field(240, ge=1)  # ~4 min on two cores; the bound on a big KB
    batch_size: int = Field(32, ge=2)
    learning_rate: float = Field(2e-5, gt=0)
    # Longest phrasing trained on, in tokens. A batch pads to its longest, and memory grows
    # with its square (banking77 kb tune peak 2,116 → 1,956 MiB at 64 instead of 128). 64 cuts
    # 0.3 % of banking77's phrasings and none of CLINC150's; serving reads as far as before.
    max_seq_length: int = Field(64, ge=16)
    # The token embedding table stays as it is: less memory and time, the same model
    freeze_word_embeddings: bool = True
    # Dropout while training: off keeps no masks for the backward pass (a third less memory
    # on long phrasings) and learns the same model
    dropout: bool = False
    # With a calibration twin, the served model continues the twin for this share of the
    # planned steps instead of training from the base model again (0: from the base model).
    # The twin already learnt four fifths of the knowledge base; this cuts `kb tune` by a third.
    continue_twin_share: float = Field(0.34, ge=0, le=1)
    # Ask the base model the questions the twin never saw; when it answers more of them right
    # at the target precision, tuning stops and the base model stays (or returns) in service.
    keep_base_if_better: bool = True
    seed: int = 13
    # CPU threads while training (0: torch's default, all cores). On a machine busy with other
    # work, 1 is far faster: a step took 4 s instead of 25 s at load 9 on 2 cores.
    threads: int = Field(0, ge=0)
    # Background: re-tune once this many articles changed since the tuned model was trained
    # (only while a tuned model is in service); 0 never re-tunes on its own.
    retune_after_changes: int = Field(50, ge=0)
    check_every_s: float = Field(60.0, gt=0)
    lease_s: float = Field(1800.0, gt=0)


class CalibrationSettings(BaseModel):
    """Decision thresholds fitted on the knowledge base itself (`relais kb calibrate`)."""

    enabled: bool = True  # use the KB's own thresholds when a calibration exists
    min_articles: int = Field(10, ge=2)
    folds: int = Field(5, ge=2, le=20)
    target_precision: float = Field(0.95, gt=0, le=1)
    max_oos_false_answer: float = Field(0.03, ge=0, le=1)
    target_reach: float = Field(0.92, gt=0, le=1)
    max_oos_offered: float = Field(0.25, ge=0, le=1)
    # on-topic out-of-scope queries: this many phrasings per article, asked with it removed
    oos_per_article: int = Field(2, ge=1)
    # A tuned model is calibrated with a twin tuned without fold 0 and this share of articles
    holdout_articles: float = Field(0.2, gt=0, lt=1)
    seed: int = 13
    # Background: recalibrate once this many articles changed (e.g. confirmed phrasings)
    # since the last calibration of the model in service; 0 never does on its own.
    recalibrate_after_changes: int = Field(5, ge=0)


class SearchSettings(BaseModel):
    """Embedding model, index shape, fusion weights and decision thresholds."""

    model: str = "all-MiniLM-L6-v2"
    max_query_chars: int = Field(2000, gt=0)
    candidate_vectors: int = Field(64, gt=0)
    top_k: int = Field(5, gt=0, le=50)
    approximate_above: int = Field(50_000, gt=0)
    ivf_nprobe: int = Field(24, gt=0)
    passage_chars: int = Field(400, ge=80)
    contextual_phrasings: bool = False
    dense_weight: float = Field(1.0, ge=0)
    lexical_weight: float = Field(0.30, ge=0)
    lexical_saturation: float = Field(6.0, gt=0)
    prototype_weight: float = Field(0.7, ge=0, le=1)
    passage_weight: float = Field(0.90, ge=0, le=1)
    # An article is out of scope for a query nearer one of its "Not for" lines than any of
    # its phrasings by more than this (cosine); it is then neither answered nor offered.
    not_for_margin: float = Field(0.05, ge=-1, le=1)
    answer_threshold: float = 0.616
    answer_margin: float = Field(0.12, ge=0)
    disambiguate_threshold: float = 0.492
    disambiguate_window: float = Field(0.25, ge=0)
    disambiguate_lead: float = Field(0.11, ge=0)
    # A list is offered only when one of its articles shares enough of the question's words
    # (saturated BM25, 0 to 1); 0 turns the check off.
    disambiguate_lexical: float = Field(0.25, ge=0, le=1)
    tuning: TuningSettings = TuningSettings()
    calibration: CalibrationSettings = CalibrationSettings()


class ConversationSettings(BaseModel):
    """How long Relais appraises before handing off."""

    max_appraisal_turns: int = Field(3, ge=1, le=10)
    # Questions an incident may get in all: past the minimum, the rest sharpen IS / IS NOT.
    question_budget: int = Field(3, ge=0, le=10)


class SlaTargetSettings(BaseModel):
    """One priority's targets, in minutes; resolution 0 means planned work (no clock)."""

    first_response_min: int = Field(gt=0)
    resolution_min: int = Field(0, ge=0)
    business_days: bool = False  # count whole working days only (P5's "1 business day")
    business_hours: bool = False  # count only the calendar's opening hours


class CalendarSettings(BaseModel):
    """A team's working week (handoff/calendar.py): timezone, days, hours, holidays."""

    timezone: str = "UTC"
    days: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    opens: str = "09:00"
    closes: str = "18:00"
    country: str = ""  # public holidays of this country (ISO code, `holidays` package)
    subdivision: str = ""  # a state or region of it, where holidays differ
    closed: list[str] = Field(default_factory=list)  # extra closed days, YYYY-MM-DD

    def build(self, name: str) -> BusinessCalendar:
        return build_calendar(
            name,
            timezone=self.timezone,
            days=self.days,
            opens=self.opens,
            closes=self.closes,
            country=self.country,
            subdivision=self.subdivision,
            closed=self.closed,
        )


def _default_sla() -> dict[str, SlaTargetSettings]:
    return {
        "P1": SlaTargetSettings(first_response_min=15, resolution_min=240),
        "P2": SlaTargetSettings(first_response_min=60, resolution_min=480),
        "P3": SlaTargetSettings(first_response_min=240, resolution_min=1440),
        "P4": SlaTargetSettings(first_response_min=480, resolution_min=4320),
        "P5": SlaTargetSettings(first_response_min=1440, resolution_min=0, business_days=True),
    }


class HandoffSettings(BaseModel):
    """Who the agents are, where tickets go, and the SLA table (domain.md section 7)."""

    triage_channel: str = ""
    language: Literal["en", "fr"] = "en"  # what the support team reads: cards, notices, home
    agents: list[str] = Field(default_factory=list)
    agent_group: str = ""  # a Slack user group id (S…); its members are agents too
    private_prefix: str = "!private"
    round_robin: bool = False
    draft_owner: str = "it-support"  # owning team of articles drafted from resolved tickets
    sla_warn_at: float = Field(0.8, gt=0, lt=1)
    sla: dict[str, SlaTargetSettings] = Field(default_factory=_default_sla)
    # Business calendars by name; `calendar` is the default one, `team_calendars` maps an
    # owning team to its own. Without any, the default is Monday-Friday 09:00-18:00 UTC.
    calendars: dict[str, CalendarSettings] = Field(default_factory=dict)
    calendar: str = ""
    team_calendars: dict[str, str] = Field(default_factory=dict)

    @field_validator("sla")
    @classmethod
    def _every_priority(cls, value: dict[str, SlaTargetSettings]) -> dict[str, SlaTargetSettings]:
        missing = {f"P{n}" for n in range(1, 6)} - value.keys()
        if missing:
            raise ValueError(f"SLA targets missing for {', '.join(sorted(missing))}")
        return value

    @model_validator(mode="after")
    def _calendars_exist(self) -> HandoffSettings:
        self.business_calendars()  # a bad calendar stops start-up with its one-line reason
        return self

    def business_calendars(self) -> Calendars:
        """The configured calendars, built and checked (`ValueError` names the bad one)."""
        try:
            built = {name: c.build(name) for name, c in self.calendars.items()}
        except CalendarError as exc:
            raise ValueError(str(exc)) from None
        for name in [self.calendar, *self.team_calendars.values()]:
            if name and name not in built:
                raise ValueError(f"unknown calendar {name!r} (define [handoff.calendars.{name}])")
        default = built[self.calendar] if self.calendar else BusinessCalendar()
        teams = {team: built[name] for team, name in self.team_calendars.items()}
        return Calendars(default, teams)

    def sla_targets(self) -> dict[str, SlaTarget]:
        calendars = self.business_calendars()
        return {
            name: SlaTarget(
                timedelta(minutes=t.first_response_min),
                timedelta(minutes=t.resolution_min) if t.resolution_min else None,
                t.business_days,
                t.business_hours,
                calendars,
            )
            for name, t in self.sla.items()
        }


class TeamSettings(BaseModel):
    """An owning team of articles: its authors (ids and/or a user group) and its channel."""

    authors: list[str] = Field(default_factory=list)
    author_group: str = ""  # a Slack user group id (S…)
    channel: str = ""  # where the team is told about flags and reviews (else the triage channel)


class AuthoringSettings(BaseModel):
    """Knowledge authors per owning team, and the evidence rules of their review queue."""

    teams: dict[str, TeamSettings] = Field(default_factory=dict)
    review_interval_days: int = Field(180, ge=1)
    # Notify the owning team at once when an article is rejected this often.
    reject_threshold: int = Field(3, ge=1)
    reject_window_days: int = Field(7, ge=1)
    # "Often rejected" in the review queue: at least this share of answers, over 30 days.
    often_rejected_share: float = Field(0.3, gt=0, le=1)
    # A draft this similar (cosine, 0..1) to an existing article is a likely duplicate.
    duplicate_similarity: float = Field(0.82, gt=0, le=1)
    gap_days: int = Field(30, ge=1)
    # What knowledge authors read: the review queue, modals, team alerts and notices.
    language: Literal["en", "fr"] = "en"


class SlackSettings(BaseModel):
    """How the Slack adapter listens, paces its posts and recovers undelivered replies."""

    port: int = Field(3000, ge=0, le=65535)
    host: str = "0.0.0.0"
    help_channels: list[str] = Field(default_factory=list)
    looking_reaction: str = "eyes"
    looking_after_ms: int = Field(400, ge=0)
    channel_rate_per_s: float = Field(1.0, gt=0)
    channel_burst: int = Field(3, ge=1)
    # Outbound: this many threads send the outbox, shared by every channel.
    sender_threads: int = Field(4, ge=1)
    redeliver_after_s: float = Field(10.0, gt=0)
    lease_s: float = Field(60.0, gt=0)
    sweep_every_s: float = Field(5.0, gt=0)
    http_threads: int = Field(8, ge=1)
    listener_threads: int = Field(8, ge=1)
    # The inbox: how long a process holds an event it works on before another may take it,
    # how long SIGTERM waits for work in flight, and the largest request body accepted (Slack's
    # biggest payloads, a 40,000-character message edit with its previous version and blocks,
    # stay well under it).
    inbox_lease_s: float = Field(30.0, gt=0)
    drain_grace_s: float = Field(10.0, ge=0)
    max_body_bytes: int = Field(1_048_576, ge=1024)
    # A conversation from any message (bot/slack/reactions.py): this reaction, or the "Get help
    # with this" shortcut, on a message in one of `ticket_channels` (or a help channel); the
    # requester's `solved_reaction` on their message marks it solved.
    ticket_reaction: str = "ticket"
    solved_reaction: str = "white_check_mark"
    ticket_channels: list[str] = Field(default_factory=list)


class ReportSettings(BaseModel):
    """Support metrics: links to Slack threads, the weekly digest, and the support leads."""

    # Base of thread links in reports, e.g. https://acme.slack.com (links open the thread).
    workspace_url: str = "https://slack.com"
    # Support leads (user ids and/or a user group): their App Home shows the headline numbers.
    leads: list[str] = Field(default_factory=list)
    lead_group: str = ""
    # The weekly digest: channel id (empty: no digest), weekday (0 Monday) and hour, in UTC.
    digest_channel: str = ""
    digest_weekday: int = Field(0, ge=0, le=6)
    digest_hour: int = Field(8, ge=0, le=23)
    digest_language: str = Field("en", pattern="^(en|fr)$")


class TrendTeamSettings(BaseModel):
    """A team's own trend threshold and window (an owning team with a noisier service)."""

    threshold: int = Field(5, ge=2)
    window_minutes: int = Field(30, ge=1)


class KnownIssueSettings(BaseModel):
    """Trend alerts, known issues, their broadcasts and automatic answers (bot/known/)."""

    # Where known issues are announced and kept up to date (empty: the triage channel).
    status_channel: str = ""
    # A trend: this many similar contacts without an accepted answer within the window.
    trend_threshold: int = Field(5, ge=2)
    trend_window_minutes: int = Field(30, ge=1)
    # Cosine of two contacts' embeddings above which they are "the same problem" (few pairs
    # of different intents pass it: benchmarks/known_issue_match.py).
    trend_similarity: float = Field(0.6, gt=0, le=1)
    # Cosine of a new question with a known issue's phrasings above which it is answered as
    # that issue (calibrated by benchmarks/known_issue_match.py: docs/benchmarks.md).
    match_similarity: float = Field(0.75, gt=0, le=1)
    # When a declaration does not say, the next update is due after this many minutes.
    update_every_minutes: int = Field(60, ge=5)
    # How often the trend detector and the "still on it" reminders run.
    tick_every_s: float = Field(30.0, gt=0)
    # Per owning team: its own threshold and window.
    teams: dict[str, TrendTeamSettings] = Field(default_factory=dict)

    def trend_rule(self, team: str) -> tuple[int, int]:
        """(threshold, window in minutes) for contacts of this owning team."""
        own = self.teams.get(team)
        if own is not None:
            return own.threshold, own.window_minutes
        return self.trend_threshold, self.trend_window_minutes


class Settings(BaseSettings):
    """Effective configuration. Build with `load_settings()`."""

    model_config = SettingsConfigDict(
        env_prefix="RELAIS_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    home: Path = Field(default=Path("~/.relais"))
    database_url: SecretStr = SecretStr("")
    knowledge: KnowledgeSettings = KnowledgeSettings()
    authoring: AuthoringSettings = AuthoringSettings()
    search: SearchSettings = SearchSettings()
    conversation: ConversationSettings = ConversationSettings()
    slack: SlackSettings = SlackSettings()
    handoff: HandoffSettings = HandoffSettings()
    report: ReportSettings = ReportSettings()
    webhooks: WebhookSettings = WebhookSettings()
    known_issues: KnownIssueSettings = KnownIssueSettings()

    # Secrets: only ever from the environment, never from the TOML file.
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL")
    )
    # The read API's bearer token (bot/api/); unset: no API.
    api_token: SecretStr | None = Field(None, validation_alias=AliasChoices("RELAIS_API_TOKEN"))

    @field_validator("api_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("RELAIS_API_TOKEN must be at least 16 characters")
        return value

    @field_validator("home", mode="before")
    @classmethod
    def _default_home(cls, value: Any) -> Any:
        return value or "~/.relais"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)

    @property
    def home_dir(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def index_dir(self) -> Path:
        return self.home_dir / "index"

    def effective_database_url(self) -> str:
        url = self.database_url.get_secret_value()
        return url or f"sqlite:///{self.home_dir / 'relais.db'}"


def load_settings(**overrides: Any) -> Settings:
    """Read the TOML defaults and the environment; keyword overrides win (tests, CLI flags)."""
    return Settings(**overrides)
