"""The learned fact checker: does an English sentence say what its Arabic source says, and which words not.

tokens → lexicon (learned by alignment) → features → model; `get_checker()` loads the trained file.
"""
