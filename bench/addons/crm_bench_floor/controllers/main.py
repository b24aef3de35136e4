import hmac
import json
from datetime import datetime, timezone

from odoo import SUPERUSER_ID, http
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.crm_card.tools import phone_sanitize

# the same row as crm_callplan's endpoint writes for the benchmark's calls, in one statement: the
# client (and the person who called) by the indexed phone key, the user by login, the source by
# name, the result by its xmlid, all resolved inside the INSERT
FLOOR_INSERT = """
INSERT INTO crm_card_interaction
       (call_id, callplan_phone, company_id, kind, direction, date, duration, partner_id, contact_id,
        user_id, source_id, result_id, note, create_uid, create_date, write_uid, write_date)
SELECT %(call_id)s, %(key)s, %(company)s, 'call', %(direction)s, %(date)s, %(duration)s,
       caller.commercial_partner_id, NULLIF(caller.id, caller.commercial_partner_id),
       u.id, s.id, d.res_id, %(note)s,
       COALESCE(u.id, %(superuser)s), now() AT TIME ZONE 'UTC', COALESCE(u.id, %(superuser)s), now() AT TIME ZONE 'UTC'
  FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
       SELECT id, commercial_partner_id FROM res_partner
        WHERE phone_sanitized = %(key)s AND active AND (company_id IS NULL OR company_id = %(company)s)
     ORDER BY is_company DESC, id
        LIMIT 1) AS caller ON TRUE
LEFT JOIN res_users u ON u.login = %(user)s AND u.active
LEFT JOIN utm_source s ON s.name = %(source)s
LEFT JOIN ir_model_data d ON d.module = 'crm_card' AND d.name = 'crm_card_interaction_result_' || %(result)s
ON CONFLICT DO NOTHING
RETURNING id, contact_id, partner_id
"""


def _json(payload, status):
    return request.make_response(json.dumps(payload), headers=[("Content-Type", "application/json")], status=status)


class BenchFloorController(http.Controller):
    """The floor of ``POST /crm_callplan/calls``: an Odoo HTTP request and one insert.

    The benchmark (measure 5) posts the same calls here as to our endpoint, so that the
    difference between the two is what our endpoint adds to the request Odoo makes anyway.
    The route is of the same kind as ours (``type="http"``, ``auth="none"``, no session,
    the database named by the ``X-Odoo-Database`` header) and checks the bearer key against
    the companies' telephony keys the same way (the registry-cached keys, compared in
    constant time), so it is no open door even in a benchmark database.

    "The same row" is the ``crm_card_interaction`` row our endpoint writes for a call: the
    client is part of it, so the floor finds the caller by the indexed ``phone_sanitized``
    key, and the user, source and result by their unique keys (login, name, xmlid), all
    inside the one ``INSERT … SELECT``. It leaves out everything else ours does: the checks
    of the body beyond what the insert needs, the earlier record of the call, the ORM's
    ``create()`` (defaults, computes, constraints, the cache) and the hooks that close the
    planned call and move the Shiffman lead. A duplicate call inserts nothing (200).
    This addon is not part of the product: only ``run-bench`` installs it.
    """

    @http.route(
        "/crm_bench_floor/calls",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def post_call(self, **_kwargs):
        if not request.db:
            return _json({"error": "no database selected"}, 404)
        company = self._company()
        if not company:
            return _json({"error": "invalid or missing key"}, 401)
        try:
            params = self._params(json.loads(request.httprequest.get_data()), company)
        except (ValueError, TypeError, KeyError, AttributeError):
            return _json({"error": "bad request"}, 400)
        request.env.cr.execute(SQL(FLOOR_INSERT, **params))
        inserted = request.env.cr.fetchone()
        if not inserted:
            return _json({"duplicate": True}, 200)
        interaction_id, contact_id, client_id = inserted
        return _json({"id": interaction_id, "partner_id": contact_id or client_id, "duplicate": False}, 201)

    def _company(self):
        """``(company id, country code)`` of the bearer key, else None (every key compared)."""
        scheme, _sep, key = request.httprequest.headers.get("Authorization", "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return None
        keys, _partner_ids = request.env(user=SUPERUSER_ID)["res.company"]._callplan_telephony_keys()
        found = None
        for company_key, company_id, country, _tz in keys:
            if hmac.compare_digest(company_key.encode(), key.encode()) and not found:
                found = (company_id, country)
        return found

    def _params(self, body, company):
        company_id, country = company
        key = phone_sanitize(body["phone"], country)
        direction = body.get("direction") or "inbound"
        if not key or not isinstance(body["call_id"], str) or direction not in ("inbound", "outbound"):
            raise ValueError("phone, call_id or direction")
        date = datetime.fromisoformat(body["started_at"]).astimezone(timezone.utc).replace(tzinfo=None)
        return {
            "call_id": body["call_id"],
            "key": key,
            "company": company_id,
            "direction": direction,
            "date": date,
            "duration": round(float(body.get("duration") or 0) / 60.0, 2),
            "user": body.get("user"),
            "source": body.get("source"),
            "result": body.get("result"),
            "note": body.get("note"),
            "superuser": SUPERUSER_ID,
        }
