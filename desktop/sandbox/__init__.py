"""A BokaMera-compatible HTTP server for practice mode, demos and tests."""
