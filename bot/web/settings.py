"""The web process's view of the settings (read by bot.config, like every other setting)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings


@dataclass(frozen=True)
class WebSettings:
    team_access_code: str  # "" when anyone who knows the URL may sign in with a name
    web_secret: str  # "" when the process keeps a generated secret in var/web_secret


def web_settings(settings: Settings) -> WebSettings:
    return WebSettings(team_access_code=settings.team_access_code, web_secret=settings.web_secret)
