"""The status bar's counts read like the log's count: grouped in the user's locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from desktop.domain.status import Status
from desktop.ui.status_bar import counts_words


@pytest.fixture
def british() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def test_large_counts_are_grouped_as_the_locale_writes_them(british: None) -> None:
    counts = {Status.QUEUED: 99_000, Status.SENDING: 1_000, Status.FAILED: 1_234}
    assert counts_words(counts) == "Queued: 100,000 · Needs attention: 1,234"
