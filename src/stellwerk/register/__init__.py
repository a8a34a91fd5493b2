# SPDX-License-Identifier: EUPL-1.2
"""Register extracts: person records in, derived migration status and small-area counts out.

Person records are read from a file, derived in memory and never stored in the
application database; only aggregated counts go to the observation store.
See docs/register.md.
"""
