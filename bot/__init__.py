"""Madoguchi's front ends: the conversation core, the web app, the Slack app and the command line."""
