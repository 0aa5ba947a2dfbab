"""Slack direct messages: owns the Rasa channel (`channel`, which imports Rasa and Sanic), which
requests are played and which are retries or refused (`events`) and the Block Kit messages
(`format`). `events` and `format` are plain Python with no Rasa imports, so they are tested without
a model (contract `slack-plain-modules`); of ours they may import `bot.coach` and `bot.config` (the
rules of `channels`), never the reverse. `channel` keeps the received event ids and the display
names in the database through `bot.storage.shared`, so several Rasa servers agree on them.
"""
