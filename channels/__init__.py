"""Rasa input channels of our own. Besides `actions/` and `rasa_adapters/`, the only code
that touches Rasa."""
