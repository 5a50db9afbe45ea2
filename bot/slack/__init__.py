"""The Slack adapter: renders engine Actions to Block Kit and keeps Slack's text contract."""
