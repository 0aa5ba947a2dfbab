"""Slack direct messages: the Rasa channel (`channel`, which imports Rasa), which requests are
played and which are retries or refused (`events`) and the Block Kit messages (`format`).

`events` and `format` are plain Python with no Rasa imports, so they are tested without a
model; they may import `bot` (config and coach), never the reverse.
"""
