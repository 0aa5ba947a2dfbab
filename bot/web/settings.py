"""The web process's view of the settings (read by bot.config, like every other setting)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.config import ConfigError, Settings, is_loopback


@dataclass(frozen=True)
class WebSettings:
    team_access_code: str  # "" when no team code is asked for at sign-in
    web_secret: str  # "" when the process keeps a generated secret in var/web_secret
    trainee_sign_in: str = "password"  # or "name": a name alone signs a trainee in


def web_settings(settings: Settings) -> WebSettings:
    """The web process's settings; name-only sign-in is refused where other machines reach the
    port (RASA_HOST not loopback) unless a team access code guards it."""
    if settings.trainee_sign_in == "name" and not is_loopback(settings.rasa_host) and not settings.team_access_code:
        raise ConfigError(
            f"TRAINEE_SIGN_IN=name lets anyone sign in as anyone, and the web port listens on "
            f"{settings.rasa_host}, which other machines can reach. Set TEAM_ACCESS_CODE as well, "
            f"use TRAINEE_SIGN_IN=password (trainee accounts: python -m bot users add --role trainee), "
            f"or listen on 127.0.0.1.")
    return WebSettings(team_access_code=settings.team_access_code, web_secret=settings.web_secret,
                       trainee_sign_in=settings.trainee_sign_in)
