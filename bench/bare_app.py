"""The baseline for bench/chat_throughput.py: FastAPI returning a constant JSON reply."""

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
REPLY = {"session_id": "bench", "messages": [{"text": "ok", "sources": [], "options": []}]}


class ChatRequest(BaseModel):
    session_id: str | None = None
    message: str


@app.post("/api/chat")
def chat(_body: ChatRequest) -> dict:
    return REPLY


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}
