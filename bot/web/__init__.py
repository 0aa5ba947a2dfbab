"""The trainee web chat: an aiohttp process that serves the chat page and talks to Rasa.

`python -m bot.web` runs it on `WEB_PORT`. The browser never talks to Rasa: this process signs
the trainee in (a name, plus the team's access code when one is set), sends their messages to
Rasa's REST channel as sender `web:<name>`, and keeps their visible conversation so that a
reload shows it again. See docs/web.md.
"""
