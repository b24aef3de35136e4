from datetime import date, datetime

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.crm_card.tools import sql_array


@tagged("crm_card", "post_install", "-at_install")
class TestCrmCardSqlArray(TransactionCase):
    """The bulk writes send their columns as array literals: every value must arrive as it was."""

    def _round_trip(self, values, pg_type):
        rows = self.env.execute_query(
            SQL("SELECT v FROM unnest(%s) WITH ORDINALITY AS t(v, n) ORDER BY n", sql_array(values, pg_type))
        )
        return [value for (value,) in rows]

    def test_texts_arrive_unchanged(self):
        texts = [
            "plain",
            'with "quotes"',
            "back\\slash",
            "comma, {braces}",
            "NULL",
            "",
            None,
            "Иванов & Ко <b>",
            "new\nline",
            "  spaces  ",
            '\\"',
            "'single'",
        ]
        self.assertEqual(self._round_trip(texts, "varchar"), texts)
        self.assertEqual(self._round_trip(texts, "text"), texts)

    def test_numbers_dates_and_nulls(self):
        self.assertEqual(self._round_trip([1, None, -7, 2**31 - 1], "int4"), [1, None, -7, 2**31 - 1])
        self.assertEqual(self._round_trip([4.8, 0.1, None, 1e-05], "float8"), [4.8, 0.1, None, 1e-05])
        days = [date(2026, 12, 6), None, date(1999, 1, 31)]
        self.assertEqual(self._round_trip(days, "date"), days)
        moments = [datetime(2026, 12, 6, 8, 30, 5), datetime(2026, 1, 1, 0, 0, 0, 250)]
        self.assertEqual(self._round_trip(moments, "timestamp"), moments)
        self.assertEqual(self._round_trip([True, False, None], "bool"), [True, False, None])
        self.assertEqual(self._round_trip([], "int4"), [])
