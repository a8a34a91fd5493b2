# SPDX-License-Identifier: EUPL-1.2
"""Drop the observation index on dataset_id alone.

The unique constraint (dataset_id, area_id, period, variable_code, breakdown)
already serves lookups by dataset; one index less makes bulk imports faster.

Revision ID: 0020_obs_drop_dataset_index
Revises: 0002_observations
"""
from alembic import op

revision = "0020_obs_drop_dataset_index"
down_revision = "0002_observations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_observation_dataset_id", table_name="observation")


def downgrade() -> None:
    op.create_index("ix_observation_dataset_id", "observation", ["dataset_id"], unique=False)
