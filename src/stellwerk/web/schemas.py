# SPDX-License-Identifier: EUPL-1.2
"""Types shared by the API's response models."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator

from stellwerk.accounts.credentials import aware

__all__ = ["UtcDateTime", "ObjectId"]

# SQLite returns naive datetimes; everything is stored in UTC, and the API says so (RFC 3339).
UtcDateTime = Annotated[dt.datetime, AfterValidator(aware)]

# Integer ids in paths: bounded, so a huge number is a 422 and never reaches the database
# (SQLite and PostgreSQL integers are 64 and 32 bits).
ObjectId = Annotated[int, Path(ge=1, le=2_147_483_647)]
