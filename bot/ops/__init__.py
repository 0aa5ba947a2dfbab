"""Operations: starting and stopping the processes, training, the scorer's worker pool, the
database checks made before anything starts.

May import: `bot.config`, `bot.coach`, `bot.storage` and the standard library; Rasa only in a
child process or through `rasa_adapters` (the score pool loads the model that way).
"""
