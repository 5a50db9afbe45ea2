"""Outbound webhooks: an event log written with every change, delivered signed and durably."""
