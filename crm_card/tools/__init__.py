from .info_checks import CardInfoChecks
from .lang import split_by_lang
from .phone import phone_sanitize
from .sql_array import sql_array
