# SPDX-License-Identifier: EUPL-1.2
"""Tenants (one workspace per municipality), ownership and visibility of objects, audit trail.

Domain level: every module whose objects belong to a municipality uses
:class:`OwnedMixin`; every change to such objects is written with
:func:`stellwerk.accounts.audit.record_change`. Users, roles and sessions
build on these tables.
"""
