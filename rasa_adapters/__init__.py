"""The code that touches Rasa besides the actions: model loading for the command line, channels."""
