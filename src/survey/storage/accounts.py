"""Accounts of people who sign in, and their signed-in sessions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from .tables import Account, StaffSession

ROLES = ("worker", "supervisor", "analyst", "admin")


class AccountExists(Exception):
    pass


@dataclass(frozen=True)
class AccountRecord:
    id: uuid.UUID
    email: str
    roles: frozenset[str]
    organisation: str | None
    disabled: bool
    password_hash: str = field(repr=False)

    def has(self, role: str) -> bool:
        return role in self.roles


#: The longest email address there can be (RFC 5321), and the column's width.
EMAIL_MAX_LENGTH = 254


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _record(row: dict | None) -> AccountRecord | None:
    if row is None:
        return None
    return AccountRecord(
        id=row["id"],
        email=row["email"],
        roles=frozenset(row["roles"].split()),
        organisation=row["organisation"],
        disabled=bool(row["disabled"]),
        password_hash=row["password_hash"],
    )


def _roles_text(roles: Iterable[str]) -> str:
    chosen = set(roles)
    unknown = chosen - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role {sorted(unknown)[0]!r}: choose from {', '.join(ROLES)}")
    if not chosen:
        raise ValueError("an account needs at least one role")
    return " ".join(r for r in ROLES if r in chosen)


async def add(email: str, password_hash: str, roles: Iterable[str], organisation: str | None = None) -> AccountRecord:
    email = normalise_email(email)
    if await Account.exists().where(Account.email == email):
        raise AccountExists(f"there is already an account for {email}")
    account_id = uuid.uuid4()
    await Account.insert(
        Account(
            id=account_id,
            email=email,
            password_hash=password_hash,
            roles=_roles_text(roles),
            organisation=organisation or None,
            disabled=False,
            created_at=_now(),
        )
    )
    found = await by_id(account_id)
    assert found is not None
    return found


async def by_email(email: str) -> AccountRecord | None:
    return _record(await Account.select().where(Account.email == normalise_email(email)).first())


async def by_id(account_id: uuid.UUID) -> AccountRecord | None:
    return _record(await Account.select().where(Account.id == account_id).first())


async def everyone() -> list[AccountRecord]:
    rows = await Account.select().order_by(Account.email)
    return [r for r in map(_record, rows) if r is not None]


async def set_disabled(email: str, disabled: bool = True) -> AccountRecord | None:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    found = await by_email(email)
    if found is None:
        return None
    await Account.update({Account.disabled: disabled}).where(Account.id == found.id)
    if disabled:
        await end_sessions(found.id)
    return await by_id(found.id)


async def set_roles(account_id: uuid.UUID, roles: Iterable[str]) -> None:
    """Replace an account's roles (at least one); its sessions end, so the new
    roles hold from its next sign-in and a removed one at once."""
    await Account.update({Account.roles: _roles_text(roles)}).where(Account.id == account_id)
    await end_sessions(account_id)


async def set_password_hash(account_id: uuid.UUID, password_hash: str) -> None:
    await Account.update({Account.password_hash: password_hash}).where(Account.id == account_id)


async def open_session(account_id: uuid.UUID, token_hash: str) -> None:
    now = _now()
    await StaffSession.insert(StaffSession(token_hash=token_hash, account=account_id, started_at=now, last_seen_at=now))


@dataclass(frozen=True)
class SessionState:
    account: AccountRecord
    last_seen_at: dt.datetime


async def session(token_hash: str) -> SessionState | None:
    """The session with this token, if it exists and its account is enabled."""
    row = await StaffSession.select(StaffSession.account, StaffSession.last_seen_at).where(
        StaffSession.token_hash == token_hash
    ).first()
    if row is None:
        return None
    account = await by_id(row["account"])
    if account is None or account.disabled:
        return None
    return SessionState(account, row["last_seen_at"])


async def touch(token_hash: str) -> None:
    await StaffSession.update({StaffSession.last_seen_at: _now()}).where(StaffSession.token_hash == token_hash)


async def end_sessions(account_id: uuid.UUID) -> None:
    await StaffSession.delete().where(StaffSession.account == account_id)


async def end_session(token_hash: str) -> None:
    await StaffSession.delete().where(StaffSession.token_hash == token_hash)
