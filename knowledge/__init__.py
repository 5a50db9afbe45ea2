"""Knowledge: KCS articles, their lifecycle, and search over them. Never imports Slack."""
