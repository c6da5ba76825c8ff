"""The FastAPI web app: web chat, intake API, applicant status pages, back office, Slack endpoint."""
