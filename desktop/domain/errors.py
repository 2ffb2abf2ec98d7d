"""The base of every rejection the domain gives: a stable code and a translatable text."""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """A rule was broken by the user's input.

    ``code`` is stable (tests and scripts match on it); ``template`` is an English text
    with ``{named}`` fields, marked for translation in ``context``; ``params`` fill it in.
    """

    context = "domain"

    def __init__(self, code: str, template: str, **params: Any) -> None:
        self.code = code
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def translated(self, translate: Any) -> str:
        """The message in the user's language; ``translate(context, text) -> str``."""
        return translate(self.context, self.template).format(**self.params)
