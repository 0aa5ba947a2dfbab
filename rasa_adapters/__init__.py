"""The code that touches Rasa besides the actions and the channels: the move classifier in
config.yml, model loading for the command line, the action server and the Rasa server launch."""
