"""The code that touches Rasa besides the actions and the channels: owns the move classifier in
config.yml (`move_classifier`, over scikit-learn), loading the model for the command line and the
score pool (`nlu`), rasa-sdk's action server behind the internal secret (`action_server`) and the
`rasa run` launch with its cached action-server check (`server`). May import Rasa, rasa-sdk, Sanic,
scikit-learn, skops, jsonschema, the standard library and `bot.config`; never storage, the web, ops,
the command line, the actions or the channels (contract `rasa-adapters`); `bot.ops` and `bot.cli`
import `nlu` inside functions.
"""
