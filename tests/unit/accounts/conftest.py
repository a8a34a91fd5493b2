# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the accounts tests."""
import pytest


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Cheap argon2 parameters: the real ones cost about a second per hash on a busy CI machine."""
    from argon2 import PasswordHasher

    from stellwerk.accounts import credentials

    saved = credentials._hasher, credentials._DUMMY_HASH
    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    credentials._DUMMY_HASH = credentials._hasher.hash("dummy")
    yield
    credentials._hasher, credentials._DUMMY_HASH = saved
