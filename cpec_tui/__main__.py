"""``python -m cpec_tui`` runs the same command line as ``cpec-tui``."""

from cpec_tui.cli import main

raise SystemExit(main())
