from .lang import split_by_lang
