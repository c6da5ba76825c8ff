"""``madoguchi staff add|passwd|token|list|expire``: secretariat accounts, API tokens and deadline sweeps.

Passwords are read from stdin (the first line), never from the command line where ``ps`` and shell
history would keep them; on a terminal they are asked for twice without echo.

``madoguchi staff expire`` closes every deficient file whose applicant deadline has passed as withdrawn
(the documents are returned, as the policy's withdrawal section says) and tells the applicant. Run it daily, e.g. from cron::

    15 6 * * *  madoguchi staff expire
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.context import AppContext


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a staff account (password on stdin)")
    add.add_argument("email")
    add.add_argument("--role", choices=["admin", "staff"], default="staff", help="default: staff")
    add.add_argument("--lang", choices=["ja", "en"], default="ja", help="language of the back office (default: ja)")
    add.set_defaults(handler=add_staff)
    passwd = sub.add_parser("passwd", help="set a new password for an account (password on stdin)")
    passwd.add_argument("email")
    passwd.set_defaults(handler=set_password)
    token = sub.add_parser("token", help="print a new API token for scripts (shown once)")
    token.add_argument("email")
    token.set_defaults(handler=issue_token)
    listing = sub.add_parser("list", help="list staff accounts")
    listing.set_defaults(handler=list_accounts)
    expire = sub.add_parser("expire", help="close deficient requests whose applicant deadline passed (run daily)")
    expire.set_defaults(handler=expire_deadlines)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise SystemExit("The passwords differ; nothing was changed.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _context() -> AppContext:
    from bot.context import build_context
    from bot.settings import get_settings
    from intake.migrate import current_revision

    ctx = build_context(get_settings())
    if current_revision(ctx.db) is None:
        ctx.close()
        raise SystemExit("The database has no schema yet: run 'madoguchi db upgrade' first.")
    return ctx


def _run(work: Any) -> int:
    """Run ``work(ctx, session)`` in one transaction; account errors become a message and exit status 1."""
    from bot.units import DatabaseUnavailable, in_transaction
    from intake.staff import AccountError

    ctx = _context()
    try:
        return int(in_transaction(ctx, lambda session: work(ctx, session)) or 0)
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except DatabaseUnavailable:
        print("The database is unavailable; nothing was changed.", file=sys.stderr)
        return 1
    finally:
        ctx.close()


def _need(session: Any, email: str) -> Any:
    from intake.staff import AccountError, get_staff

    staff = get_staff(session, email)
    if staff is None:
        raise AccountError("errors.no_account_email")
    return staff


def add_staff(args: argparse.Namespace) -> int:
    from intake.staff import create_staff

    password = _read_password()

    def work(_ctx: AppContext, session: Session) -> int:
        staff = create_staff(session, args.email, password, args.role, actor="cli", lang=args.lang)
        print(f"added {staff.role} account #{staff.id}")
        return 0

    return _run(work)


def set_password(args: argparse.Namespace) -> int:
    from intake.staff import set_password as change

    password = _read_password()

    def work(_ctx: AppContext, session: Session) -> int:
        staff = _need(session, args.email)
        change(session, staff, password, actor="cli")
        print(f"password changed for account #{staff.id}; its sessions were ended")
        return 0

    return _run(work)


def issue_token(args: argparse.Namespace) -> int:
    from intake.staff import issue_api_token

    def work(_ctx: AppContext, session: Session) -> int:
        staff = _need(session, args.email)
        if not staff.active:
            from intake.staff import AccountError

            raise AccountError("errors.account_inactive")
        print(issue_api_token(session, staff, actor="cli"))
        return 0

    return _run(work)


def list_accounts(_args: argparse.Namespace) -> int:
    from intake.staff import list_staff

    def work(_ctx: AppContext, session: Session) -> int:
        rows = list_staff(session)
        for staff in rows:
            print(f"{staff.id}\t{staff.email}\t{staff.role}\t{'active' if staff.active else 'inactive'}")
        if not rows:
            print("no staff accounts yet: madoguchi staff add you@example.org --role admin", file=sys.stderr)
        return 0

    return _run(work)


def expire_deadlines(_args: argparse.Namespace) -> int:
    from intake.queue import expire_deadlines as sweep

    def work(ctx: AppContext, session: Session) -> int:
        closed = sweep(session, ctx.kb, config=ctx.intake_config, notices=ctx.notice_options())
        for reference in closed:
            print(f"{reference}: closed as withdrawn (applicant deadline passed)")
        print(f"{len(closed)} request(s) closed")
        return 0

    status = _run(work)
    if status == 0:
        _deliver_now()
    return status


def _deliver_now() -> None:
    """Send the e-mails just queued, so a cron run does not wait for the web process to pick them up."""
    from bot.context import build_context
    from bot.frontends import delivery_setups
    from bot.settings import get_settings

    ctx = build_context(get_settings())
    try:
        for setup in delivery_setups():
            setup(ctx)
        ctx.dispatcher.run_pending()
    finally:
        ctx.close()
