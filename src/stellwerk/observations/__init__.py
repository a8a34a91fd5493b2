# SPDX-License-Identifier: EUPL-1.2
"""The tidy observation store: area × period × variable × breakdown → value + flag + dataset."""
