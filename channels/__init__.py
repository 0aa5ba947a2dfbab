"""Rasa input channels of our own: owns the REST channel that answers only our web process (`rest`)
and Slack direct messages (`slack`). Besides `actions/` and `rasa_adapters/`, the only code that
imports Rasa (and Sanic). Of ours it may import `bot.coach` and `bot.config` and nothing else: never
storage, the web, ops, the command line, the actions or `rasa_adapters`, and nothing in `bot`
imports a channel (contracts `channels` and `bot-knows-no-edges`).
"""
