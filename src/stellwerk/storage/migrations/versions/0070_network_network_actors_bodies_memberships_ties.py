# SPDX-License-Identifier: EUPL-1.2
"""network: actors, bodies, memberships and ties (owned by tenants)

Revision ID: 0070_network
Revises: 0001_geo
Create Date: 2026-11-22 02:54:30.954147
"""
from alembic import op
import sqlalchemy as sa


revision = '0070_network'
down_revision = '0001_geo'
branch_labels = ('network',)
depends_on = ("0003_accounts",)


def upgrade() -> None:
    op.create_table('network_actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('actor_type', sa.String(length=60), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('handlungsfelder', sa.JSON(), nullable=False),
    sa.Column('contact_function', sa.String(length=200), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=200), nullable=True),
    sa.Column('contact_consent', sa.Boolean(), nullable=False),
    sa.Column('active_from', sa.Date(), nullable=True),
    sa.Column('active_to', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_network_actor_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_actor'))
    )
    with op.batch_alter_table('network_actor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_actor_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_actor_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('network_body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('body_format', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('orientation', sa.String(length=20), nullable=False),
    sa.Column('target_group', sa.String(length=200), nullable=True),
    sa.Column('permanent', sa.Boolean(), nullable=False),
    sa.Column('cross_cutting', sa.Boolean(), nullable=False),
    sa.Column('founded', sa.Date(), nullable=True),
    sa.Column('dissolved', sa.Date(), nullable=True),
    sa.Column('handlungsfelder', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_network_body_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_body'))
    )
    with op.batch_alter_table('network_body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_body_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('network_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['network_actor.id'], name=op.f('fk_network_membership_actor_id_network_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['body_id'], ['network_body.id'], name=op.f('fk_network_membership_body_id_network_body'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_membership'))
    )
    with op.batch_alter_table('network_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_membership_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_membership_body_id'), ['body_id'], unique=False)

    op.create_table('network_tie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('intensity', sa.Integer(), nullable=False),
    sa.Column('formal', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('source_id <> target_id', name=op.f('ck_network_tie_no_self_tie')),
    sa.ForeignKeyConstraint(['source_id'], ['network_actor.id'], name=op.f('fk_network_tie_source_id_network_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['network_actor.id'], name=op.f('fk_network_tie_target_id_network_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_network_tie_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_tie'))
    )
    with op.batch_alter_table('network_tie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_tie_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_tie_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_tie_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('network_tie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_tie_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_network_tie_target_id'))
        batch_op.drop_index(batch_op.f('ix_network_tie_source_id'))

    op.drop_table('network_tie')
    with op.batch_alter_table('network_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_membership_body_id'))
        batch_op.drop_index(batch_op.f('ix_network_membership_actor_id'))

    op.drop_table('network_membership')
    with op.batch_alter_table('network_body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_body_tenant_id'))

    op.drop_table('network_body')
    with op.batch_alter_table('network_actor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_actor_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_network_actor_sector'))

    op.drop_table('network_actor')
