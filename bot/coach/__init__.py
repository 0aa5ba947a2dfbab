"""The coach, plain Python: owns loading and checking the case files (`scenarios`), playing every
case with scripted trainees (`case_check`), scoring a reply and a session (`scoring`, with the
rubric's data in `rubric.yml`), how the customer feels and what they say (`persona`), the
customer's state in a session and its JSON form (`state`), one role-play turn at a time
(`roleplay`) and which messages are commands to the coach rather than replies to the customer
(`commands`), and reading the team leads' labelled replies (`labelled`); `literals` finds the words a cue pattern needs, so scoring runs only the
patterns a reply can match. May import only the standard library and PyYAML; nothing else of ours (not
even `bot.config`, which brings SQLAlchemy: callers pass in what it needs), and never Rasa,
rasa-sdk, Sanic, aiohttp, SQLAlchemy, storage, the web, ops, the command line, the actions or the
channels. They call the coach, not the other way round; storage is reached through the
`TranscriptRecorder` protocol in `roleplay` (contract `coach-plain-python`).
"""
