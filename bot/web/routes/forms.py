"""Request form downloads (blank and pre-filled). Placeholder: filled in by the forms work (issue 8)."""

from fastapi import APIRouter

router = APIRouter()
