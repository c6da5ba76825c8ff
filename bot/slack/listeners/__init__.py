"""Bolt listeners, one module per surface, each with ``register(app)`` (as in Slack's starter template).

Listeners stay thin: they acknowledge, turn the payload into a :class:`bot.slack.incoming.Place` and
text, and hand over to the conversation core (``bot.slack.replies``) or the Slack helpers. The
process's :class:`bot.slack.app.SlackBot` reaches them as ``context["madoguchi"]``.
"""

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, home, views


def register_listeners(app: App) -> None:
    """Register every surface's listeners on ``app``."""
    for surface in (events, commands, actions, views, home):
        surface.register(app)
