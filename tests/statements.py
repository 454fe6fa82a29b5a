"""The SELECT statements peewee runs within a block, as (sql, params), for tests that read
their plans or count them: `with selects() as seen: ...`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Selects(logging.Handler):
    """peewee logs every statement it runs, (sql, params), at DEBUG."""

    def __init__(self, seen: list[tuple[str, tuple]]) -> None:
        super().__init__(logging.DEBUG)
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            if sql.lstrip().upper().startswith("SELECT"):
                self.seen.append((sql, tuple(params or ())))


@contextmanager
def selects() -> Iterator[list[tuple[str, tuple]]]:
    seen: list[tuple[str, tuple]] = []
    handler, logger = _Selects(seen), logging.getLogger("peewee")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
