"""The conversation core: one neutral message in, neutral replies out, for every front end."""

from bot.core.messages import IncomingMessage, Option, Reply, SourceRef, TicketInfo, Turn

__all__ = ["IncomingMessage", "Option", "Reply", "SourceRef", "TicketInfo", "Turn"]
