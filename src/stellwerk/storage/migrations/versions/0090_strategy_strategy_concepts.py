# SPDX-License-Identifier: EUPL-1.2
"""Integrationskonzept: versions, goals with indicators, measures, progress, evaluations

Revision ID: 0090_strategy
Revises: 0001_geo
Create Date: 2026-11-22 03:47:58.219224
"""
from alembic import op
import sqlalchemy as sa


revision = '0090_strategy'
down_revision = '0001_geo'
branch_labels = ('strategy',)
# Concepts are owned by tenants (0003_accounts).
depends_on = ("0003_accounts",)


def upgrade() -> None:
    op.create_table('strategy_concept',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('area_code', sa.String(length=20), nullable=False),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('council_ref', sa.String(length=200), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=True),
    sa.Column('leitbild', sa.Text(), nullable=False),
    sa.Column('leitlinien', sa.JSON(), nullable=False),
    sa.Column('bestandsaufnahme', sa.Text(), nullable=False),
    sa.Column('participation', sa.Text(), nullable=False),
    sa.Column('monitoring', sa.Text(), nullable=False),
    sa.Column('field_labels', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_id'], ['strategy_concept.id'], name=op.f('fk_strategy_concept_predecessor_id_strategy_concept'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_strategy_concept_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_concept'))
    )
    with op.batch_alter_table('strategy_concept', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_concept_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('strategy_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('measure_keys', sa.JSON(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['concept_id'], ['strategy_concept.id'], name=op.f('fk_strategy_evaluation_concept_id_strategy_concept'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_evaluation')),
    sa.UniqueConstraint('concept_id', 'key', name=op.f('uq_strategy_evaluation_concept_id_key'))
    )
    with op.batch_alter_table('strategy_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_evaluation_concept_id'), ['concept_id'], unique=False)

    op.create_table('strategy_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('handlungsfeld', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['concept_id'], ['strategy_concept.id'], name=op.f('fk_strategy_goal_concept_id_strategy_concept'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_goal')),
    sa.UniqueConstraint('concept_id', 'key', name=op.f('uq_strategy_goal_concept_id_key'))
    )
    with op.batch_alter_table('strategy_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_goal_concept_id'), ['concept_id'], unique=False)

    op.create_table('strategy_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('handlungsfelder', sa.JSON(), nullable=False),
    sa.Column('goal_keys', sa.JSON(), nullable=False),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('target_groups', sa.JSON(), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('budget', sa.Float(), nullable=True),
    sa.Column('funding_source', sa.String(length=200), nullable=False),
    sa.Column('funding_end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('milestones', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['concept_id'], ['strategy_concept.id'], name=op.f('fk_strategy_measure_concept_id_strategy_concept'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_measure')),
    sa.UniqueConstraint('concept_id', 'key', name=op.f('uq_strategy_measure_concept_id_key'))
    )
    with op.batch_alter_table('strategy_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_measure_concept_id'), ['concept_id'], unique=False)

    op.create_table('strategy_goal_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.String(length=80), nullable=False),
    sa.Column('area_code', sa.String(length=20), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['strategy_goal.id'], name=op.f('fk_strategy_goal_indicator_goal_id_strategy_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_goal_indicator'))
    )
    with op.batch_alter_table('strategy_goal_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_goal_indicator_goal_id'), ['goal_id'], unique=False)

    op.create_table('strategy_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['strategy_measure.id'], name=op.f('fk_strategy_progress_measure_id_strategy_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_progress')),
    sa.UniqueConstraint('measure_id', 'period', name=op.f('uq_strategy_progress_measure_id_period'))
    )
    with op.batch_alter_table('strategy_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_strategy_progress_measure_id'), ['measure_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('strategy_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_progress_measure_id'))

    op.drop_table('strategy_progress')
    with op.batch_alter_table('strategy_goal_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_goal_indicator_goal_id'))

    op.drop_table('strategy_goal_indicator')
    with op.batch_alter_table('strategy_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_measure_concept_id'))

    op.drop_table('strategy_measure')
    with op.batch_alter_table('strategy_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_goal_concept_id'))

    op.drop_table('strategy_goal')
    with op.batch_alter_table('strategy_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_evaluation_concept_id'))

    op.drop_table('strategy_evaluation')
    with op.batch_alter_table('strategy_concept', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_strategy_concept_tenant_id'))

    op.drop_table('strategy_concept')
