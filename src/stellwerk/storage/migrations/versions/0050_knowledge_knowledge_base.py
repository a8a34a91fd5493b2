# SPDX-License-Identifier: EUPL-1.2
"""knowledge base

Revision ID: 0050_knowledge
Revises: 0001_geo
Create Date: 2026-11-22 02:55:54.840611
"""
from alembic import op
import sqlalchemy as sa


revision = '0050_knowledge'
down_revision = '0001_geo'
branch_labels = ('knowledge',)
depends_on = ("0003_accounts",)


def upgrade() -> None:
    op.create_table('concept_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('city_qualifier', sa.String(length=120), nullable=True),
    sa.Column('ags', sa.String(length=8), nullable=True),
    sa.Column('land', sa.String(length=2), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('kind_detail', sa.String(length=120), nullable=True),
    sa.Column('issuer_level', sa.String(length=10), nullable=False),
    sa.Column('update_of', sa.String(length=120), nullable=True),
    sa.Column('update_basis', sa.String(length=40), nullable=False),
    sa.Column('update_certain', sa.Boolean(), nullable=False),
    sa.Column('refugee_specific', sa.String(length=10), nullable=False),
    sa.Column('in_register_count', sa.Boolean(), nullable=False),
    sa.Column('exception_city', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_concept_document_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concept_document')),
    sa.UniqueConstraint('key', name=op.f('uq_concept_document_key'))
    )
    with op.batch_alter_table('concept_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concept_document_ags'), ['ags'], unique=False)
        batch_op.create_index(batch_op.f('ix_concept_document_city'), ['city'], unique=False)
        batch_op.create_index(batch_op.f('ix_concept_document_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('field', sa.String(length=30), nullable=False),
    sa.Column('sub_topic', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_practice_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice')),
    sa.UniqueConstraint('slug', name=op.f('uq_practice_slug'))
    )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_field'), ['field'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_practice_field'))

    op.drop_table('practice')
    with op.batch_alter_table('concept_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concept_document_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_concept_document_city'))
        batch_op.drop_index(batch_op.f('ix_concept_document_ags'))

    op.drop_table('concept_document')
