"""``python -m api`` runs the ``caacgraph`` command line."""

from api.cli import main

main()
