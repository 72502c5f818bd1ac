"""entities capability."""
