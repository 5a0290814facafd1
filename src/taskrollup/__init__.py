"""taskrollup: monthly task sheets of a provincial People's Committee → figures and report."""

__version__ = "0.1.0"
