"""Who is who in the workspace: display names and who counts as a support agent."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.config import AuthoringSettings, HandoffSettings

log = logging.getLogger(__name__)

CACHE_S = 300.0


class Directory:
    """Names from users.info; agents and authors from config (lists and/or user groups), cached."""

    def __init__(
        self,
        client: WebClient,
        settings: HandoffSettings,
        authoring: AuthoringSettings | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.authoring = authoring or AuthoringSettings()
        self._names: dict[str, tuple[float, str]] = {}
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def name(self, user: str) -> str:
        """The person's display name (their id when Slack cannot tell)."""
        with self._lock:
            cached = self._names.get(user)
            if cached and time.monotonic() - cached[0] < CACHE_S:
                return cached[1]
        try:
            info = self.client.users_info(user=user).get("user") or {}
        except SlackClientError as exc:
            log.info("users.info failed for a user: %s", type(exc).__name__)
            return user
        profile = info.get("profile") or {}
        name = str(profile.get("display_name") or info.get("real_name") or info.get("name") or user)
        with self._lock:
            self._names[user] = (time.monotonic(), name)
        return name

    def is_agent(self, user: str) -> bool:
        if user in self.settings.agents:
            return True
        group = self.settings.agent_group
        return bool(group) and user in self._group_members(group)

    def teams_of(self, user: str) -> frozenset[str]:
        """The owning teams `user` authors articles for (empty: not an author)."""
        return frozenset(
            name
            for name, team in self.authoring.teams.items()
            if user in team.authors
            or (team.author_group and user in self._group_members(team.author_group))
        )

    def _group_members(self, group: str) -> frozenset[str]:
        with self._lock:
            cached = self._groups.get(group)
            if cached and time.monotonic() - cached[0] < CACHE_S:
                return cached[1]
        try:
            response = self.client.usergroups_users_list(usergroup=group)
            members = frozenset(str(u) for u in response.get("users") or [])
        except SlackClientError as exc:
            log.warning("could not read user group members: %s", type(exc).__name__)
            return cached[1] if cached else frozenset()
        with self._lock:
            self._groups[group] = (time.monotonic(), members)
        return members
