"""The Slack app (slack-bolt): DMs, mentions, /privacy, App Home, request modal, secretariat triage."""
