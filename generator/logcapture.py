"""Warnings a library logs while noticegen calls it (MkDocs, WeasyPrint),
kept so the error a user sees can quote them instead of a log line lost in
the output."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def warnings_of(logger_name: str) -> Iterator[list[str]]:
    """The messages of every warning or error `logger_name` logs inside the block."""
    collector = _Collector()
    logger = logging.getLogger(logger_name)
    logger.addHandler(collector)
    try:
        yield collector.lines
    finally:
        logger.removeHandler(collector)
