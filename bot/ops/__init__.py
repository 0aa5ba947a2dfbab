"""Operations: owns starting and stopping the processes (`launcher`; several of each behind nginx
with a Redis lock store: `cluster`), training only when stale
(`training`) and the scorer on several processes (`score_pool`). May import the standard library,
`bot.config`, `bot.coach` and `bot.storage` (which holds the database checks made before anything
starts, `bot.storage.engine.check_database`); never SQLAlchemy or Alembic (contract
`sql-only-in-storage`); Rasa only in a child process or, inside a function, through `rasa_adapters.nlu`
(the score pool loads the model that way); never `bot.web`, `bot.cli`, the actions or the channels
(contract `bot-layers`).
"""
