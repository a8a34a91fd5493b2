# SPDX-License-Identifier: EUPL-1.2
"""geo: population flag on snapshots, crosswalk entries, geometries, import log.

Revision ID: 0010_geo_crosswalks_geometries
Revises: 0001_geo
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_geo_crosswalks_geometries'
down_revision = '0001_geo'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('geo_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('importer_version', sa.String(length=20), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_geo_import')),
    sa.UniqueConstraint('kind', 'file_sha256', name=op.f('uq_geo_import_kind_file_sha256'))
    )
    op.create_table('area_geometry',
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('reference_date', sa.Date(), nullable=True),
    sa.Column('tolerance', sa.Float(), nullable=False),
    sa.Column('geojson', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_area_geometry_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['geo_import.id'], name=op.f('fk_area_geometry_import_id_geo_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('area_id', name=op.f('pk_area_geometry'))
    )
    with op.batch_alter_table('area_geometry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_geometry_import_id'), ['import_id'], unique=False)

    op.create_table('crosswalk_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('crosswalk', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('from_code', sa.String(length=12), nullable=False),
    sa.Column('to_code', sa.String(length=12), nullable=False),
    sa.Column('pop_weight', sa.Float(), nullable=True),
    sa.Column('area_weight', sa.Float(), nullable=True),
    sa.Column('emp_weight', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['geo_import.id'], name=op.f('fk_crosswalk_entry_import_id_geo_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crosswalk_entry')),
    sa.UniqueConstraint('crosswalk', 'year', 'from_code', 'to_code', name=op.f('uq_crosswalk_entry_crosswalk_year_from_code_to_code'))
    )
    with op.batch_alter_table('crosswalk_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crosswalk_entry_import_id'), ['import_id'], unique=False)

    with op.batch_alter_table('area_snapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('population_flag', sa.String(length=3), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('area_snapshot', schema=None) as batch_op:
        batch_op.drop_column('population_flag')

    with op.batch_alter_table('crosswalk_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crosswalk_entry_import_id'))

    op.drop_table('crosswalk_entry')
    with op.batch_alter_table('area_geometry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_geometry_import_id'))

    op.drop_table('area_geometry')
    op.drop_table('geo_import')

