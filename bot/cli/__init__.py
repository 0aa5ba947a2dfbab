"""`python -m bot`: owns the product's command line: the parser and the run, train, rasa, scenarios,
check-db and score commands (`main`), the transcript commands `sessions` and `db` (`storage`) and
the accounts commands `users` (`users`). It is the outermost layer of `bot`: it may import
everything in `bot` and, inside a function, `rasa_adapters.nlu` (for `score`); nothing in `bot`
imports it, and it never imports Rasa itself, the actions or the channels (contracts `bot-layers`
and `rasa-only-at-the-edges`).
"""
