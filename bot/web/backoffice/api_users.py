"""Staff management through the API (admins only): list accounts, add one, change role or active flag."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from bot.web.backoffice import service, views
from bot.web.backoffice.api_tickets import call
from bot.web.backoffice.auth import ApiAdmin
from bot.web.deps import CtxDep
from bot.web.errors import error_responses
from intake import staff as accounts
from intake.db import MAX_ROW_ID
from intake.requests import is_email, refuse_control_characters

router = APIRouter(prefix="/api/staff", tags=["staff"])
ADMIN_ERRORS = error_responses(401, 403, 404, 409, 422, 503)
ADMIN_POST_ERRORS = error_responses(401, 403, 404, 409, 413, 422, 503)
StaffId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="Account id (from GET /api/staff/users)")]


class NewStaff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254)
    password: str = Field(max_length=accounts.MAX_PASSWORD_LENGTH)
    role: Literal["admin", "staff"] = "staff"

    @field_validator("email", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        return refuse_control_characters(value)

    @field_validator("email")
    @classmethod
    def _an_address(cls, value: str) -> str:
        if not is_email(value.strip()):
            raise ValueError("not a valid e-mail address / メールアドレスの形式ではありません")
        return value


class StaffChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["admin", "staff"] | None = None
    active: bool | None = None


@router.get("/users", responses=ADMIN_ERRORS)
async def list_users(ctx: CtxDep, user: ApiAdmin) -> dict[str, Any]:
    """Every staff account (admins only)."""
    rows = await call(service.run, ctx, lambda s: [views.staff_row(x) for x in accounts.list_staff(s)])
    return {"users": rows}


@router.post("/users", status_code=201, responses=ADMIN_POST_ERRORS)
async def add_user(ctx: CtxDep, user: ApiAdmin, body: NewStaff) -> dict[str, Any]:
    """Add an account (admins only); 422 for a bad e-mail, a short password or a duplicate."""
    return await call(service.run, ctx, lambda s: views.staff_row(
        accounts.create_staff(s, body.email, body.password, body.role, actor=user.email)))


@router.post("/users/{staff_id}", responses=ADMIN_POST_ERRORS)
async def change_user(ctx: CtxDep, user: ApiAdmin, staff_id: StaffId, body: StaffChange) -> dict[str, Any]:
    """Change an account's role or active flag (admins only; the last active admin is protected: 422)."""
    def work(session: Session) -> dict[str, Any]:
        changed = accounts.update_staff(session, staff_id, actor=user.email, role=body.role, active=body.active)
        if changed is None:
            raise service.Problem(404, "errors.no_account")
        return views.staff_row(changed)

    return await call(service.run, ctx, work)
