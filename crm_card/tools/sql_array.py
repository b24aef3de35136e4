"""Python lists sent to PostgreSQL as one array literal each, for the bulk writes."""

from odoo.tools import SQL


def sql_array(values, pg_type):
    """``SQL`` of ``values`` as one array of ``pg_type`` (a type name written in the code,
    ``"int4"``, ``"date"``, ``"varchar"``...), for ``unnest()`` in a bulk ``INSERT … SELECT``.

    psycopg2 sends a Python list as ``ARRAY[v1, v2, …]``: an expression of one constant per
    element, each parsed and (for a date or a text) cast on its own. The bulk writes send seven
    such columns of 100,000 elements, and parsing them took longer than the insert they feed
    (bench/RESULTS.md). This sends the array's text form ``'{v1,v2,…}'`` as one parameter,
    read by the type's own array input in one pass. ``None`` is NULL; a text is quoted and
    escaped, so any text goes through unchanged.
    """
    return SQL(f"%s::{pg_type}[]", "{" + ",".join(map(_element, values)) + "}")


def _element(value):
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # dates, datetimes, decimals: their text form has no character an array literal reads
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
