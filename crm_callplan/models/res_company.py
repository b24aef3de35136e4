from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL, ormcache

# the secrets the telephony endpoints check, cached in the registry (see _callplan_telephony_keys)
CALLPLAN_SECRET_FIELDS = (
    "callplan_telephony_key", "callplan_zadarma_secret", "callplan_mango_api_key", "callplan_mango_api_salt",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    callplan_telephony_key = fields.Char(
        string="Telephony Key",
        groups="base.group_system",
        copy=False,
        help="Secret the telephony system sends as 'Authorization: Bearer <key>'.",
    )
    callplan_zadarma_secret = fields.Char(
        string="Zadarma API Secret",
        groups="base.group_system",
        copy=False,
        help="The 'Secret' of the Zadarma API keys: checks the signature of Zadarma's call notifications.",
    )
    callplan_mango_api_key = fields.Char(
        string="Mango Office API Key",
        groups="base.group_system",
        copy=False,
        help="The VPBX's unique code (vpbx_api_key) Mango Office sends with each notification.",
    )
    callplan_mango_api_salt = fields.Char(
        string="Mango Office API Salt",
        groups="base.group_system",
        copy=False,
        help="The VPBX's signing key (salt): checks the signature of Mango Office's notifications.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(vals.get(name) for vals in vals_list for name in CALLPLAN_SECRET_FIELDS):
            self._callplan_clear_telephony_cache()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if {*CALLPLAN_SECRET_FIELDS, "partner_id", "country_id"} & vals.keys():
            self._callplan_clear_telephony_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self._callplan_clear_telephony_cache()
        return res

    @api.model
    def _callplan_clear_telephony_cache(self):
        """Forget the cached telephony keys and PBX secrets (:meth:`_callplan_telephony_keys`,
        :meth:`_callplan_pbx_secrets`) when a secret, a company's partner or the country or time
        zone of one of their partners changes.

        They live in the registry's cache, shared by every worker: clearing it is signalled to the
        other workers at the end of the transaction, so the next call is checked against the keys
        as they are now, never against an old one.
        """
        self.env.registry.clear_cache()

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
        self.flush_model([*CALLPLAN_SECRET_FIELDS, "partner_id"])
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
                    OR c.callplan_zadarma_secret IS NOT NULL OR c.callplan_mango_api_key IS NOT NULL
                """,
                SUPERUSER_ID,
            )
        )
        rows = self.env.cr.fetchall()  # the PBX adapters' companies too: their partners clear the cache
        keys = tuple((key, company_id, country, tz) for key, company_id, country, tz, _p, _sp in rows if key)
        partner_ids = frozenset(pid for row in rows for pid in row[4:] if pid)
        return keys, partner_ids

    @api.model
    @ormcache()
    def _callplan_pbx_secrets(self):
        """The PBX adapters' secrets, each as ``(company id, country code, time zone, Zadarma
        secret, Mango Office API key, Mango Office salt)``, cached and cleared as
        :meth:`_callplan_telephony_keys` (the same fields and partners clear both)."""
        self.flush_model([*CALLPLAN_SECRET_FIELDS[1:], "partner_id"])
        self.env["res.partner"].flush_model(["country_id", "tz"])
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, country.code, COALESCE(p.tz, sp.tz, 'UTC'),
                       c.callplan_zadarma_secret, c.callplan_mango_api_key, c.callplan_mango_api_salt
                  FROM res_company c
                  JOIN res_partner p ON p.id = c.partner_id
             LEFT JOIN res_country country ON country.id = p.country_id
             LEFT JOIN res_users su ON su.id = %s
             LEFT JOIN res_partner sp ON sp.id = su.partner_id
                 WHERE c.callplan_zadarma_secret IS NOT NULL
                    OR (c.callplan_mango_api_key IS NOT NULL AND c.callplan_mango_api_salt IS NOT NULL)
                """,
                SUPERUSER_ID,
            )
        )
        return tuple(self.env.cr.fetchall())
