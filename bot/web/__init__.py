"""The web process (`python -m bot.web`, aiohttp, on `WEB_PORT`): owns the trainee's chat page and
its JSON API, sign-in with a signed cookie (`auth`, accounts with a password or a name alone), the
proxy to Rasa's REST channel that sets the sender id itself (`web:<name>`, so the browser never
talks to Rasa), keeping each trainee's visible turns (through `bot.storage.history`) and the team
leads' review pages under /review (`review*`, presentation only: the reads are bot.storage's; the
progress chart with matplotlib); docs/web.md and docs/review.md. May import aiohttp, matplotlib,
the standard library, `bot.config`, `bot.names`, `bot.coach` and `bot.storage`; never SQLAlchemy or
Alembic (contract `sql-only-in-storage`), nothing of `bot.ops` (`web-uses-no-ops`), never Rasa,
rasa-sdk, Sanic, `rasa_adapters`, `bot.cli`, the actions or the channels, not even indirectly: it
speaks to Rasa only over HTTP (contracts `bot-layers` and `no-rasa-inside`).
"""
