"""``cpec-tui serve``: the browser in a web page, through textual-serve (the ``web`` extra)."""
