"""`python -m bot`: the product's command line (`main`), with the transcript commands
(`storage`) and the accounts commands (`users`) as its sub-commands.

May import everything in `bot`; it is the outermost layer and nothing in `bot` imports it.
"""
