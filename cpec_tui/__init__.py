"""cpec-tui: an offline terminal browser for CPEC cooperation meetings."""

__version__ = "0.1.0"
