"""Administrator accounts: argon2 password hashes in the store's ``web_user`` table."""

from __future__ import annotations

import re

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chainnav.errors import ChainnavError, InputError
from chainnav.navigator import Navigator

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8
_HASHER = PasswordHasher()
# Verifying an unknown user against this hash costs the same time as a real check, so response
# times do not reveal which user names exist.
_DUMMY_HASH = _HASHER.hash("not a real password")


def create_user(nav: Navigator, username: str, password: str) -> bool:
    """Create an administrator, or set a new password for an existing one; True when created."""
    if not USERNAME_RE.match(username):
        raise InputError(
            f"user name {username!r} is not allowed",
            hint="Use 2-64 letters, digits or . _ @ - characters.",
        )
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is shorter than {MIN_PASSWORD} characters", hint="Choose a longer password.")
    if nav.read_only:
        raise ChainnavError("the store is open read-only", hint="Stop `chainnav serve` on this store and try again.")
    existed = bool(nav.sql("SELECT 1 FROM web_user WHERE username = ?", [username]).num_rows)
    nav.con.execute(
        "INSERT OR REPLACE INTO web_user (username, password_hash, created_at) "
        "VALUES (?, ?, coalesce((SELECT created_at FROM web_user WHERE username = ?), current_timestamp))",
        [username, _HASHER.hash(password), username],
    )
    return not existed


def has_users(nav: Navigator) -> bool:
    """True when the store has the accounts table and at least one administrator."""
    try:
        return bool(nav.sql("SELECT 1 FROM web_user LIMIT 1").num_rows)
    except ChainnavError:
        return False


def verify_user(nav: Navigator, username: str, password: str) -> bool:
    """Check a login; on success (and a writable store) record the login time."""
    cursor = nav.con.cursor()
    try:
        try:
            row = cursor.execute("SELECT password_hash FROM web_user WHERE username = ?", [username]).fetchone()
        except duckdb.Error:  # no accounts table in a read-only store that never ran the migration
            row = None
        stored = row[0] if row else _DUMMY_HASH
        try:
            ok = _HASHER.verify(stored, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if ok and not nav.read_only:
            cursor.execute("UPDATE web_user SET last_login = current_timestamp WHERE username = ?", [username])
        return ok
    finally:
        cursor.close()
