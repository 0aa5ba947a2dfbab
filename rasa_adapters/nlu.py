"""Parse text with the trained model, outside the Rasa server (for `python -m bot score`)."""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any, Dict, List


class NluParser:
    """Loads the trained model once and parses messages with it, as the Rasa server does."""

    def __init__(self, model: Path):
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        logging.getLogger("rasa").setLevel(logging.ERROR)
        from rasa.core.agent import Agent  # heavy: imported only when a parser is made
        from rasa.utils.log_utils import configure_structlog

        # Rasa's structured logger prints debug lines to stdout, where our JSON lines go.
        configure_structlog(logging.WARNING)

        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(str(model))
        # The first parse traces TensorFlow's graph (seconds): done here, as part of loading.
        self.parse("hello")

    def parse(self, text: str) -> Dict[str, Any]:
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def parse_many(self, texts: List[str]) -> List[Dict[str, Any]]:
        return [self.parse(t) for t in texts]

    def close(self) -> None:
        self._loop.close()
