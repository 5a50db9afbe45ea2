"""config/manifest.yml asks for exactly what the adapter uses: no missing, no spare scopes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.paths import CONFIG_DIR

SLACK_CODE = Path(__file__).resolve().parents[2] / "bot" / "slack"
# Web API methods (as slack_sdk names them) and the bot scope each needs; None: no scope.
METHOD_SCOPES = {
    "auth_test": None,
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "reactions_add": "reactions:write",
    "reactions_remove": "reactions:write",
    "chat_getPermalink": None,
    "views_publish": None,
    "views_open": None,
    "users_info": "users:read",
    "usergroups_users_list": "usergroups:read",
    # The weekly digest's trend chart (getUploadURLExternal + completeUploadExternal).
    "files_upload_v2": "files:write",
    # The triage channel may be public or private.
    "conversations_history": ("channels:history", "groups:history"),
    # Recovery reads the thread; its scope depends on the kind of channel.
    "conversations_replies": ("channels:history", "groups:history", "im:history"),
}
EVENT_SCOPES: dict[str, str | None] = {
    "app_home_opened": None,
    "app_mention": "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "reaction_added": "reactions:read",
}


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CONFIG_DIR / "manifest.yml").read_text())
    return data


def test_every_scope_is_used_and_every_used_method_is_allowed() -> None:
    called = {
        m
        for path in SLACK_CODE.glob("*.py")
        for m in re.findall(r"client\.([a-z]+(?:_[A-Za-z0-9]+)+)\(", path.read_text())
    }
    unknown = called - METHOD_SCOPES.keys()
    assert not unknown, f"add these Web API methods to the manifest check: {unknown}"
    needed: set[str] = set()
    for method in called:
        scope = METHOD_SCOPES[method]
        needed |= {scope} if isinstance(scope, str) else set(scope or ())
    events = manifest()["settings"]["event_subscriptions"]["bot_events"]
    needed |= {scope for e in events if (scope := EVENT_SCOPES[e])}
    commands = {
        c
        for path in SLACK_CODE.glob("*.py")
        for c in re.findall(r'^[A-Z_]*COMMAND = "(/[^"]+)"', path.read_text(), re.M)
    }
    assert {"/relais-next", "/relais-known"} <= commands
    manifested = {c["command"] for c in manifest()["features"].get("slash_commands", [])}
    assert commands == manifested
    needed |= {"commands"} if commands else set()
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == needed


def test_events_and_interactivity_reach_the_served_path() -> None:
    settings = manifest()["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == set(EVENT_SCOPES)
    assert settings["interactivity"]["is_enabled"] is True
    for url in (
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ):
        assert url.endswith("/slack/events")
    assert manifest()["features"]["app_home"]["messages_tab_enabled"] is True
    # The resolve modal searches articles through an external select.
    assert settings["interactivity"]["message_menu_options_url"].endswith("/slack/events")
