"""Rasa input channels of our own: owns the REST channel that answers only our web process (`rest`)
and Slack direct messages (`slack`). Besides `actions/` and `rasa_adapters/`, the only code that
imports Rasa (and Sanic). Of ours it may import `bot.coach`, `bot.config` and, for the Slack channel
only, the state every Rasa server shares (`bot.storage.shared`: received event ids, display
names, with the store and errors it runs on); never accounts, exports or migrations, the web,
ops, the command line, the actions or `rasa_adapters`, and nothing in `bot` imports a channel
(contracts `channels`, `channels-shared-state-only`, `channels-rest-no-storage` and
`bot-knows-no-edges`).
"""
