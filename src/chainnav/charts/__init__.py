"""charts capability."""
