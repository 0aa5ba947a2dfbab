"""The call-centre coaching bot's own code: scenarios, persona, scoring, storage, web.

Plain Python with no Rasa imports; the actions and the channels translate to and from Rasa.
"""
