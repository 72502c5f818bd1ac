"""chains capability."""
