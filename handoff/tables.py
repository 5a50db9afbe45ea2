"""Handoff tables: none yet (tickets arrive with the conversation engine)."""
