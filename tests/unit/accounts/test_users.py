# SPDX-License-Identifier: EUPL-1.2
"""Accounts: hashes, sign-in throttling, sessions, API tokens, reset links."""
import datetime as dt

import pytest

from stellwerk.accounts.credentials import aware, digest
from stellwerk.accounts.models import ApiToken, PasswordReset, User, WebSession
from stellwerk.accounts.policy import principal_for
from stellwerk.accounts.sessions import (
    create_api_token, end_session, revoke_api_token, start_session, user_for_api_token, user_for_session,
)
from stellwerk.accounts.tenants import create_tenant, grant_read
from stellwerk.accounts.users import (
    MAX_FAILURES_PER_ACCOUNT, LoginThrottled, authenticate, create_user, disable_user, grant_role, issue_reset,
    reset_password,
)
from stellwerk.errors import InputError

PASSWORD = "korrekt-pferd-batterie"


@pytest.fixture
def anna(session):
    return create_user(session, "Anna", PASSWORD, "Anna Beispiel")


def test_password_is_stored_only_as_argon2_hash(session, anna):
    assert anna.username == "anna"
    assert anna.password_hash.startswith("$argon2id$")
    assert PASSWORD not in anna.password_hash


def test_short_passwords_and_bad_names_are_refused(session):
    with pytest.raises(InputError, match="zu kurz"):
        create_user(session, "bert", "kurz")
    with pytest.raises(InputError, match="Benutzername"):
        create_user(session, "<script>", PASSWORD)


def test_sign_in_with_right_and_wrong_password(session, anna):
    assert authenticate(session, "ANNA", PASSWORD, "10.0.0.1") is anna
    assert authenticate(session, "anna", "falsch-falsch", "10.0.0.1") is None
    assert authenticate(session, "niemand", PASSWORD, "10.0.0.1") is None


def test_account_is_throttled_after_repeated_failures_even_with_right_password(session, anna):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert authenticate(session, "anna", "falsch-falsch", "10.0.0.2") is None
    with pytest.raises(LoginThrottled):
        authenticate(session, "anna", PASSWORD, "10.0.0.3")


def test_address_is_throttled_across_accounts(session, anna):
    for i in range(20):
        authenticate(session, f"gast{i}", "falsch-falsch", "10.9.9.9")
    with pytest.raises(LoginThrottled):
        authenticate(session, "anna", PASSWORD, "10.9.9.9")
    assert authenticate(session, "anna", PASSWORD, "10.0.0.4") is anna


def test_session_token_is_stored_hashed_and_ends(session, anna):
    token = start_session(session, anna)
    stored = session.query(WebSession).one()
    assert stored.token_hash == digest(token) and token not in stored.token_hash
    assert user_for_session(session, token) is anna
    end_session(session, token)
    assert user_for_session(session, token) is None


def test_expired_session_is_refused(session, anna):
    token = start_session(session, anna)
    session.query(WebSession).one().expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    session.flush()
    assert user_for_session(session, token) is None


def test_disabling_a_user_ends_sessions_and_tokens(session, anna):
    token = start_session(session, anna)
    _, api = create_api_token(session, anna, "Skript", "read")
    disable_user(session, "anna")
    assert user_for_session(session, token) is None
    assert user_for_api_token(session, api) is None
    assert principal_for(session, anna).is_authenticated is False


def test_api_token_scope_and_revocation(session, anna):
    token, plain = create_api_token(session, anna, "Export", "write")
    assert plain.startswith("sw_") and session.get(ApiToken, token.id).token_hash == digest(plain)
    assert user_for_api_token(session, plain) == (anna, "write")
    revoke_api_token(session, anna, token.id)
    assert user_for_api_token(session, plain) is None
    with pytest.raises(InputError):
        create_api_token(session, anna, "x", "admin")


def test_reset_link_works_once(session, anna):
    token = issue_reset(session, anna, issued_by="admin")
    reset_password(session, token, "ein-ganz-neues-passwort")
    assert authenticate(session, "anna", "ein-ganz-neues-passwort", "10.0.0.5") is anna
    with pytest.raises(InputError, match="ungültig"):
        reset_password(session, token, "noch-ein-passwort-1")


def test_expired_reset_link_is_refused(session, anna):
    token = issue_reset(session, anna, issued_by="admin")
    reset = session.query(PasswordReset).one()
    reset.expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    session.flush()
    with pytest.raises(InputError):
        reset_password(session, token, "ein-ganz-neues-passwort")


def test_principal_collects_roles_and_read_grants(session, anna):
    kreis = create_tenant(session, "landkreis-x", "Landkreis X", "landkreis")
    gemeinde = create_tenant(session, "gemeinde-y", "Gemeinde Y", "gemeinde")
    grant_role(session, anna, kreis, "viewer")
    grant_read(session, kreis, gemeinde)
    principal = principal_for(session, anna)
    assert principal.roles == {kreis.id: "viewer"}
    assert principal.readable == {gemeinde.id}


def test_times_from_the_database_are_utc_aware(session, anna):
    session.expire_all()
    user = session.get(User, anna.id)
    assert aware(user.created_at).tzinfo is not None
