# SPDX-License-Identifier: EUPL-1.2
"""Foundation: Gebietsstände, areas and their snapshots.

Revision ID: 0001_geo
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_geo"
down_revision = None
branch_labels = ("geo",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebietsstand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("importer_version", sa.String(length=20), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("area_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gebietsstand")),
        sa.UniqueConstraint("reference_date", name=op.f("uq_gebietsstand_reference_date")),
    )
    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("ars", sa.String(length=12), nullable=True),
        sa.Column("ags", sa.String(length=8), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["area.id"], name=op.f("fk_area_parent_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("level", "code", name=op.f("uq_area_level_code")),
    )
    for column in ("level", "code", "ars", "ags", "name_key", "parent_id"):
        op.create_index(op.f(f"ix_area_{column}"), "area", [column], unique=False)
    op.create_table(
        "area_snapshot",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("gebietsstand_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("population", sa.BigInteger(), nullable=True),
        sa.Column("population_m", sa.BigInteger(), nullable=True),
        sa.Column("population_w", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_area_snapshot_area_id_area"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["gebietsstand_id"], ["gebietsstand.id"], name=op.f("fk_area_snapshot_gebietsstand_id_gebietsstand"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["area.id"], name=op.f("fk_area_snapshot_parent_id_area")),
        sa.PrimaryKeyConstraint("area_id", "gebietsstand_id", name=op.f("pk_area_snapshot")),
    )


def downgrade() -> None:
    op.drop_table("area_snapshot")
    for column in ("level", "code", "ars", "ags", "name_key", "parent_id"):
        op.drop_index(op.f(f"ix_area_{column}"), table_name="area")
    op.drop_table("area")
    op.drop_table("gebietsstand")
