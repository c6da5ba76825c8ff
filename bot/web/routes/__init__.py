"""HTTP routes, one module per surface; each exposes ``router``."""
