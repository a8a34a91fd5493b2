# SPDX-License-Identifier: EUPL-1.2
"""``python -m stellwerk.cli …`` runs the command line of this source tree (like the ``stellwerk`` script)."""
from stellwerk.cli import main

main()
