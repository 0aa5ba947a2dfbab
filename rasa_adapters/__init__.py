"""The code that touches Rasa besides the actions and the channels: owns the move classifier and
the band check in config.yml (`move_classifier`, `band_estimator`, over scikit-learn, stored by
`tfidf_store`), loading the model for the command line and the
score pool (`nlu`), rasa-sdk's action server behind the internal secret (`action_server`) and the
`rasa run` launch with its cached action-server check (`server`) and the SQL tracker store in
endpoints.yml that skips Rasa's count query on each save (`tracker_store`) and the cluster's Redis
lock store whose waiting tickets do not run out (`lock_store`). May import Rasa, rasa-sdk, Sanic, redis,
scikit-learn, NumPy, PyYAML, jsonschema, the standard library, `bot.config` and `bot.coach.labelled`
(the band check's examples); never storage, the web, ops,
the command line, the actions or the channels (contract `rasa-adapters`); `bot.ops` and `bot.cli`
import `nlu` inside functions.
"""
