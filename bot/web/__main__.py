"""`python -m bot.web`: serve the trainee chat on WEB_PORT (host RASA_HOST), until Ctrl-C.

Health check: GET http://RASA_HOST:WEB_PORT/health answers 200 {"status": "ok"}.
"""
from __future__ import annotations

import logging
import os
import socket
import sys

from aiohttp import web

from bot.coach.scenarios import ScenarioError
from bot.config import ConfigError, get_settings


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    try:
        settings = get_settings()
        from bot.web.app import create_app

        app = create_app(settings)
    except ConfigError as error:
        print(f"Configuration problem: {error}", file=sys.stderr)
        return 2
    except ScenarioError as error:
        print("Scenario files have problems:\n  " + "\n  ".join(error.problems), file=sys.stderr)
        return 2
    try:  # a clear message rather than asyncio's traceback when the port is taken
        socket.create_server((settings.rasa_host, settings.web_port)).close()
    except OSError as error:
        print(f"The web process cannot listen on {settings.rasa_host}:{settings.web_port} "
              f"({os.strerror(error.errno) if error.errno else error}). Stop what uses the port or set WEB_PORT in .env.", file=sys.stderr)
        return 1
    url = f"http://{settings.rasa_host}:{settings.web_port}/"
    web.run_app(app, host=settings.rasa_host, port=settings.web_port, access_log=None,
                print=lambda _: print(f"Trainee chat: {url} (Rasa at {settings.rasa_url}); review pages: {url}review",
                                      flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
