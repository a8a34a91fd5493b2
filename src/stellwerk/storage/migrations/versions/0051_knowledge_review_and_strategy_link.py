# SPDX-License-Identifier: EUPL-1.2
"""knowledge: review workflow for practices, concept documents linked to strategy versions

Revision ID: 0051_knowledge
Revises: 0050_knowledge
"""
from alembic import op
import sqlalchemy as sa


revision = '0051_knowledge'
down_revision = '0050_knowledge'
branch_labels = None
# concept_document.strategy_concept_id refers to the strategy module's table.
depends_on = ("0090_strategy",)


def upgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.Text(), nullable=True))
    with op.batch_alter_table('concept_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('strategy_concept_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_concept_document_strategy_concept_id_strategy_concept'),
                                    'strategy_concept', ['strategy_concept_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_concept_document_strategy_concept_id'), ['strategy_concept_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('concept_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concept_document_strategy_concept_id'))
        batch_op.drop_constraint(batch_op.f('fk_concept_document_strategy_concept_id_strategy_concept'),
                                 type_='foreignkey')
        batch_op.drop_column('strategy_concept_id')
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('review_note')
        batch_op.drop_column('submitted_at')
