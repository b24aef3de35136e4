from .lang import split_by_lang
from .phone import phone_sanitize
