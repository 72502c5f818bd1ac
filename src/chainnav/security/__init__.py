"""security capability."""
