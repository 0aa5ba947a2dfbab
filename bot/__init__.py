"""The call-centre coach's own code: the coach, settings, storage, the web process, operations and
the command line. Owns everything that is not Rasa glue: `coach` (the cases, scoring, persona,
role-play), `config` (the one reader of the environment and `.env`), `names` (names as typed),
`storage`, `web`, `ops` and `cli`. Inside it each layer imports only those below it
(cli > web > ops > storage > coach; `config` and `names` import nothing else of ours). It never
imports `actions`, `channels`, Rasa or rasa-sdk itself: only `bot.ops` (the score pool) and
`bot.cli` (`python -m bot score`) reach Rasa, inside a function and through `rasa_adapters.nlu`, and
Rasa's servers run as child processes. The rules are contracts in `.importlinter`, checked by
tests/test_architecture.py.
"""
