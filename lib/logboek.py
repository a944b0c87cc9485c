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
