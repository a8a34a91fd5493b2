# SPDX-License-Identifier: EUPL-1.2
"""assessment: runs, respondents, answers and survey invitations

Revision ID: 0060_assessment
Revises: 0001_geo
Create Date: 2026-11-22 02:55:03.829702
"""
from alembic import op
import sqlalchemy as sa


revision = '0060_assessment'
down_revision = '0001_geo'
branch_labels = ('assessment',)
depends_on = ('0003_accounts',)


def upgrade() -> None:

    op.create_table('assessment_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.String(length=80), nullable=False),
    sa.Column('instrument_version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('gemeindetyp', sa.String(length=30), nullable=True),
    sa.Column('land', sa.String(length=2), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('participant_token_hash', sa.String(length=64), nullable=True),
    sa.Column('facilitator_token_hash', sa.String(length=64), nullable=True),
    sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_assessment_run_area_id_area')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_assessment_run_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_run')),
    sa.UniqueConstraint('facilitator_token_hash', name=op.f('uq_assessment_run_facilitator_token_hash')),
    sa.UniqueConstraint('participant_token_hash', name=op.f('uq_assessment_run_participant_token_hash'))
    )
    with op.batch_alter_table('assessment_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_run_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_run_instrument_id'), ['instrument_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_run_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('assessment_respondent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['assessment_run.id'], name=op.f('fk_assessment_respondent_run_id_assessment_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_respondent'))
    )
    with op.batch_alter_table('assessment_respondent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_respondent_run_id'), ['run_id'], unique=False)

    op.create_table('assessment_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.Column('value_text', sa.String(length=4000), nullable=True),
    sa.Column('value_number', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['respondent_id'], ['assessment_respondent.id'], name=op.f('fk_assessment_answer_respondent_id_assessment_respondent'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_answer')),
    sa.UniqueConstraint('respondent_id', 'item_id', name=op.f('uq_assessment_answer_respondent_id_item_id'))
    )
    with op.batch_alter_table('assessment_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_answer_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('assessment_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('gemeindetyp', sa.String(length=30), nullable=True),
    sa.Column('land', sa.String(length=2), nullable=True),
    sa.Column('size_class', sa.String(length=40), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('respondent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['respondent_id'], ['assessment_respondent.id'], name=op.f('fk_assessment_invitation_respondent_id_assessment_respondent'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['assessment_run.id'], name=op.f('fk_assessment_invitation_run_id_assessment_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_invitation')),
    sa.UniqueConstraint('run_id', 'code', name=op.f('uq_assessment_invitation_run_id_code')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_assessment_invitation_token_hash'))
    )
    with op.batch_alter_table('assessment_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_invitation_respondent_id'), ['respondent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_invitation_run_id'), ['run_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('assessment_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_invitation_run_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_invitation_respondent_id'))

    op.drop_table('assessment_invitation')
    with op.batch_alter_table('assessment_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_answer_respondent_id'))

    op.drop_table('assessment_answer')
    with op.batch_alter_table('assessment_respondent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_respondent_run_id'))

    op.drop_table('assessment_respondent')
    with op.batch_alter_table('assessment_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_run_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_run_instrument_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_run_area_id'))

    op.drop_table('assessment_run')

