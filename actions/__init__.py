"""The Rasa actions (`actions`), run by rasa-sdk's action server: thin translations of the tracker
into `bot.coach.roleplay` calls (in a worker thread) and of the result back into messages and slot
events; the customer's state lives with the session in `bot.storage`, the slot is only a handle. May
import rasa-sdk, the standard library, `bot.coach`, `bot.config` and `bot.storage`; never Rasa
itself (the action server does not load it), Sanic, aiohttp, the web, ops, the command line, the
channels or `rasa_adapters` (contract `actions`).
"""
