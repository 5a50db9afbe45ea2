"""Known issues: many people, one problem. Trend detection, declaration, broadcasts, one fix.

Transport-agnostic, like the conversation engine: these modules change rows and store outbox
rows; the Slack adapter (bot/slack/known.py) only renders and delivers them.
"""
