"""The action server: rasa-sdk's app for `actions/`, bound to ACTION_HOST (loopback by
default) and refusing every call that does not carry the internal secret.

rasa-sdk 3.6 has no authentication and binds 0.0.0.0 unless SANIC_HOST is set; anyone who could
reach it could post a made-up tracker and have a turn scored and stored for any session. Rasa
sends the secret as the `X-Coach-Secret` header (endpoints.yml); only GET /health is open.
`python -m rasa_adapters.action_server` (the launcher starts it so).
"""
from __future__ import annotations

import hmac
import logging
import os

from sanic import Sanic
from sanic.request import Request
from sanic.response import json

SECRET_HEADER = "X-Coach-Secret"
OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger(__name__)


def create_app(secret: str) -> Sanic:
    from rasa_sdk.endpoint import create_app as rasa_sdk_app

    if not secret:
        raise ValueError("the action server needs a secret (INTERNAL_SECRET)")
    app = rasa_sdk_app("actions", cors_origins=None)
    expected = secret.encode("utf-8")

    @app.middleware("request")
    async def only_with_the_secret(request: Request):  # type: ignore[no-untyped-def]
        if request.path in OPEN_PATHS and request.method in {"GET", "HEAD"}:
            return None
        given = (request.headers.get(SECRET_HEADER) or "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            logger.warning("refused a call to %s without the internal secret", request.path)
            return json({"error": "This server only answers the coach's Rasa server."}, status=401)
        return None

    return app


def main() -> None:
    from bot.config import get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    app = create_app(settings.internal_secret)
    logger.info("action server on http://%s:%s", settings.action_host, settings.action_port)
    app.run(settings.action_host, settings.action_port, workers=1, access_log=False)


if __name__ == "__main__":
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    main()
