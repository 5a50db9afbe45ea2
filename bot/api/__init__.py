"""The read API for an ITSM or a dashboard (Falcon, served beside the Slack endpoints)."""
