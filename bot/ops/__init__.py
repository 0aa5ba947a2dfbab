"""Operations: owns starting and stopping the processes (`launcher`; several of each behind nginx
with a Redis lock store: `cluster`), training only when stale
(`training`), the scorer on several processes (`score_pool`) and the database checks made before
anything starts (`dbcheck`). May import the standard library, SQLAlchemy, `bot.config`, `bot.coach`
and `bot.storage`; Rasa only in a child process or, inside a function, through `rasa_adapters.nlu`
(the score pool loads the model that way); never `bot.web`, `bot.cli`, the actions or the channels
(contract `bot-layers`).
"""
