# SPDX-License-Identifier: EUPL-1.2
"""Knowledge base: good-practice catalogue, register of integration concepts,
similar municipalities, and German full-text search over them."""
