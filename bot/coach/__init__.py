"""The coach: the cases, the rubric and the scorer, the customer persona and the role-play.

Owns: loading and checking the case files (`scenarios`), scoring a reply and a session
(`scoring`, with the rubric's data in `rubric.yml`), how the customer feels and what they say
(`persona`), one role-play turn at a time (`roleplay`) and which messages are commands to
the coach rather than replies to the customer (`commands`).
May import: the standard library, PyYAML and `bot.config`. Never Rasa, storage, the web or
the channels: they call the coach, not the other way round (storage is reached through the
`TranscriptRecorder` protocol in `roleplay`).
"""
