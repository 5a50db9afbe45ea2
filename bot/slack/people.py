"""Who is who in the workspace: display names and who counts as a support agent."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.config import HandoffSettings

log = logging.getLogger(__name__)

CACHE_S = 300.0


class Directory:
    """Names from users.info and agents from config (a list and/or a user group), cached."""

    def __init__(self, client: WebClient, settings: HandoffSettings) -> None:
        self.client = client
        self.settings = settings
        self._names: dict[str, tuple[float, str]] = {}
        self._group: tuple[float, frozenset[str]] | None = None
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
        return bool(self.settings.agent_group) and user in self._group_members()

    def _group_members(self) -> frozenset[str]:
        with self._lock:
            if self._group and time.monotonic() - self._group[0] < CACHE_S:
                return self._group[1]
        try:
            response = self.client.usergroups_users_list(usergroup=self.settings.agent_group)
            members = frozenset(str(u) for u in response.get("users") or [])
        except SlackClientError as exc:
            log.warning("could not read the agents' user group: %s", type(exc).__name__)
            return self._group[1] if self._group else frozenset()
        with self._lock:
            self._group = (time.monotonic(), members)
        return members
