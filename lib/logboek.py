"""Log format. No Django imports: logging is configured while settings load."""

import json
import logging


class JsonFormatter(logging.Formatter):
    """One JSON object per line on stdout, so a log collector can index fields without parsing text."""

    def format(self, record):
        regel = {
            "tijd": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
        }
        if record.exc_info:
            regel["uitzondering"] = self.formatException(record.exc_info)
        return json.dumps(regel, ensure_ascii=False)


class AlsWaarschuwing(logging.Filter):
    """A record lowered to WARNING, without its traceback. For Django's log of a request with a host
    outside ALLOWED_HOSTS: an ERROR with a traceback there, yet a refused request (400) that anyone can
    send, no fault of the app to wake someone for."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
