"""standards capability."""
