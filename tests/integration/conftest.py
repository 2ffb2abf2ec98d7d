"""Fixtures for integration tests (real sandbox over loopback, real SQLite files)."""

from tests.integration.engine_fixtures import desk  # noqa: F401  (registers the fixture)
