from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL, ormcache


class ResCompany(models.Model):
    _inherit = "res.company"

    callplan_telephony_key = fields.Char(
        string="Telephony Key",
        groups="base.group_system",
        copy=False,
        help="Secret the telephony system sends as 'Authorization: Bearer <key>'.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(vals.get("callplan_telephony_key") for vals in vals_list):
            self.env.registry.clear_cache()  # see _callplan_telephony_keys
        return companies

    def write(self, vals):
        res = super().write(vals)
        if {"callplan_telephony_key", "partner_id", "country_id"} & vals.keys():
            self.env.registry.clear_cache()  # see _callplan_telephony_keys
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # see _callplan_telephony_keys
        return res

    @api.model
    @ormcache()
    def _callplan_telephony_keys(self):
        """``(keys, partner_ids)``: each telephony key as ``(key, company id, country code, time
        zone)``, and the partners whose country and time zone were read.

        The telephony endpoint needs them on every call it receives: they are kept in the
        registry's cache rather than read each time, and the cache is cleared (on every worker,
        through the registry's signaling) when a key or a company's partner changes, or when one
        of ``partner_ids`` moves to another country or time zone (``res.partner.write``). The
        country reads national numbers; the time zone dates the call in the plan (the company's,
        else the superuser's, else UTC).
        """
        self.flush_model(["callplan_telephony_key", "partner_id"])
        self.env["res.partner"].flush_model(["country_id", "tz"])
        self.env["res.users"].flush_model(["partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT c.callplan_telephony_key, c.id, country.code, COALESCE(p.tz, sp.tz, 'UTC'), p.id, sp.id
                  FROM res_company c
                  JOIN res_partner p ON p.id = c.partner_id
             LEFT JOIN res_country country ON country.id = p.country_id
             LEFT JOIN res_users su ON su.id = %s
             LEFT JOIN res_partner sp ON sp.id = su.partner_id
                 WHERE c.callplan_telephony_key IS NOT NULL
                """,
                SUPERUSER_ID,
            )
        )
        rows = self.env.cr.fetchall()
        keys = tuple((key, company_id, country, tz) for key, company_id, country, tz, _p, _sp in rows)
        partner_ids = frozenset(pid for row in rows for pid in row[4:] if pid)
        return keys, partner_ids
