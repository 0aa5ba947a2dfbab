"""The web process (`python -m bot.web`, aiohttp, on `WEB_PORT`): owns the trainee's chat page and
its JSON API, sign-in with a signed cookie (`auth`, accounts with a password or a name alone), the
proxy to Rasa's REST channel that sets the sender id itself (`web:<name>`, so the browser never
talks to Rasa), each trainee's visible history (`history`) and the team leads' review pages under
/review (`review*`, the progress chart with matplotlib); docs/web.md and docs/review.md. May import
aiohttp, SQLAlchemy, matplotlib, the standard library, `bot.config`, `bot.names`, `bot.coach`,
`bot.storage` and `bot.ops.dbcheck` (the database connect arguments); never Rasa, rasa-sdk, Sanic,
`rasa_adapters`, `bot.cli`, the actions or the channels, not even indirectly: it speaks to Rasa only
over HTTP (contracts `bot-layers`, `web-uses-only-dbcheck` and `no-rasa-inside`).
"""
