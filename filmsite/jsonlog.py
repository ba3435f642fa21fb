"""Log records as one JSON object per line, each with the id of the request it belongs to."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# The id of the request being served (filmsite/requestlog.py); None outside requests.
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _request_id_of(record: logging.LogRecord) -> str | None:
    """The id of the request a record names: Django logs a 4xx after the middleware is done."""
    return getattr(getattr(record, "request", None), "request_id", None)


class JSONFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, the request id, the
    record's `extra` fields, and a traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request_id.get() or _request_id_of(record),
        }
        for name, value in vars(record).items():
            # Django's own records carry the request and socket objects: not for a log line.
            if name not in _RECORD_ATTRIBUTES and name not in ("request", "server_time"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
