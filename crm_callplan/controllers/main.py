import hmac
import json
import logging
import math
from datetime import datetime, timezone

import psycopg2

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.crm_card.tools import phone_sanitize

_logger = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
MAX_TEXT = 256
ALLOWED_KEYS = {
    "call_id", "phone", "direction", "started_at", "duration", "user", "source", "result", "note", "event",
    "activity_id",
}
# a ringing or answered call notifies the salesperson (screen pop); an ended one is registered
EVENTS = ("ringing", "answered", "ended")
BUS_INCOMING_CALL = "crm_callplan/incoming_call"
# the group an integration user's API key needs to log calls (it implies the client base's Editor)
CALL_LOGGER_GROUP = "sales_team.group_sale_salesman"


class BadRequest(Exception):
    """A request the endpoint refuses with a JSON error and nothing written."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def _json(payload, status):
    return request.make_response(
        json.dumps(payload), headers=[("Content-Type", "application/json")], status=status
    )


def _text(body, key, required=False, limit=MAX_TEXT):
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise BadRequest(f"'{key}' is required")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{key}' must be a string")
    value = value.strip()
    if required and not value:
        raise BadRequest(f"'{key}' is required")
    if len(value) > limit or "\x00" in value:
        raise BadRequest(f"'{key}' is too long or contains forbidden characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates ("\ud800") cannot be stored
        raise BadRequest(f"'{key}' contains forbidden characters") from error
    return value or None


def _parse_started_at(value):
    if value is None:
        return datetime.now(timezone.utc).replace(tzinfo=None)
    if not isinstance(value, str) or len(value) > 40:
        raise BadRequest("'started_at' must be an ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo:  # the ends of the calendar overflow in UTC (year 1 at +01:00)
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    except ValueError as error:
        raise BadRequest("'started_at' must be an ISO 8601 date and time") from error
    except OverflowError as error:
        raise BadRequest("'started_at' is out of range") from error
    if not 1970 <= moment.year <= 2100:
        raise BadRequest("'started_at' is out of range")
    return moment


def _parse_duration(value):
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest("'duration' must be a number of seconds")
    # compared before any float conversion: a 400-digit integer does not fit in a float
    if (isinstance(value, float) and not math.isfinite(value)) or not 0 <= value <= 86400 * 2:
        raise BadRequest("'duration' must be between 0 and 172800 seconds")
    return round(value / 60.0, 2)


def _parse_id(value, key):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise BadRequest(f"'{key}' must be a record id")
    return value


class Caller:
    """Who posts a call: a company's telephony key, or an integration user's Odoo API key.

    ``company_ids`` are the companies the call is matched and registered in (the key's company,
    or the API key user's companies, the user's current company first); ``uid`` is the API key's
    user (None for a company key), whose rights the call is registered with.
    """

    __slots__ = ("company_ids", "country", "tz", "uid")

    def __init__(self, company_ids, country, tz, uid=None):
        self.company_ids = company_ids
        self.country = country
        self.tz = tz
        self.uid = uid


class CallplanTelephonyController(http.Controller):
    """Calls reported by a telephony system become client interactions.

    Kept lean for throughput: the key check compares the company keys kept
    in the registry's cache, one query resolves the caller and its client,
    user, source and result, one insert writes the interaction, and the hooks
    of the other addons run on it. Everything runs as superuser but only
    inside this handler, after the key has been checked, and only on the
    key's company: only its users are matched as salesperson, and the hooks
    act for the salesperson matched (their side effects reach what that user
    may change, see ``crm.card.interaction._card_side_effect_domain``), or
    for the company alone when none is. A call dated in the future is
    refused (400) by the interaction's own check. The route keeps no session
    (``save_session=False``): the telephony names the database with the
    ``X-Odoo-Database`` header (see ``readme/CONFIGURE.md``).
    """

    @http.route(
        "/crm_callplan/calls",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def post_call(self, **_kwargs):
        try:
            if not request.db:
                return _json({"error": "no database selected"}, 404)
            caller = self._authenticate()
            if not caller:
                return _json({"error": "invalid or missing key"}, 401)
            values = self._parse_body()
            return self._register(caller, values)
        except BadRequest as error:
            request.env.cr.rollback()
            return _json({"error": str(error)}, error.status)

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization", "")
        scheme, _sep, key = header.partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key or len(key) > 256:
            return None
        keys, _partner_ids = request.env(user=SUPERUSER_ID)["res.company"]._callplan_telephony_keys()
        found = None
        for company_key, company_id, country, tz in keys:
            # Compare every key in constant time; never stop early.
            if hmac.compare_digest(company_key.encode(), key.encode()) and not found:
                found = Caller((company_id,), country, tz)
        return found or self._authenticate_api_key(key)

    def _authenticate_api_key(self, key):
        """An Odoo API key (``rpc`` scope or global) of an active user, as ``auth="bearer"``
        reads it; a user without the right to log calls is refused with 403."""
        env = request.env(user=SUPERUSER_ID, su=True)
        uid = env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)
        if not uid:
            return None
        user = env["res.users"].browse(uid)
        if user.share or not user.has_group(CALL_LOGGER_GROUP):
            raise BadRequest("this user may not log calls", 403)
        company = user.company_id
        return Caller(
            tuple((company | user.company_ids).ids),
            company.partner_id.country_id.code,
            company.partner_id.tz or user.tz or "UTC",
            uid=uid,
        )

    def _read_body(self):
        """The raw body, refused (413) above ``MAX_BODY`` before and after reading."""
        if (request.httprequest.content_length or 0) > MAX_BODY:
            raise BadRequest("request body too large", 413)
        raw = request.httprequest.get_data()
        if len(raw) > MAX_BODY:
            raise BadRequest("request body too large", 413)
        return raw

    def _parse_body(self):
        try:
            body = json.loads(self._read_body().decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise BadRequest("body must be a JSON object") from error
        return self._values(body)

    def _values(self, body):
        """Check a call in this endpoint's format (a dict decoded from JSON, or built by a PBX
        adapter from its vendor's payload) and return the values ``_register`` takes."""
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        unknown = set(body) - ALLOWED_KEYS
        if unknown:
            raise BadRequest("unknown fields: %s" % ", ".join(sorted(map(str, unknown)))[:200])
        phone = _text(body, "phone", required=True, limit=64)
        direction = _text(body, "direction") or "inbound"
        if direction not in ("inbound", "outbound"):
            raise BadRequest("'direction' must be 'inbound' or 'outbound'")
        event = _text(body, "event") or "ended"
        if event not in EVENTS:
            raise BadRequest("'event' must be 'ringing', 'answered' or 'ended'")
        return {
            "event": event,
            "call_id": _text(body, "call_id", required=True, limit=128),
            "phone": phone,
            "direction": direction,
            "date": _parse_started_at(body.get("started_at")),
            "duration": _parse_duration(body.get("duration")),
            "user": _text(body, "user", limit=64),
            "source": _text(body, "source", limit=128),
            "result": _text(body, "result", limit=128),
            "note": _text(body, "note", limit=2000),
            "activity_id": _parse_id(body.get("activity_id"), "activity_id"),
        }

    def _register(self, caller, values):
        key = phone_sanitize(values["phone"], caller.country)
        if not key:
            raise BadRequest("'phone' is not a valid phone number")
        context = {"allowed_company_ids": list(caller.company_ids), "tracking_disable": True}
        if caller.tz:
            context["tz"] = caller.tz
        env = request.env(user=SUPERUSER_ID, su=True, context=context)
        existing, caller_id, client_id, company_id, user_id, source_id, result_id = self._lookup(
            env, caller.company_ids, key, values, caller.country
        )
        client_id = client_id or caller_id
        event = values.get("event", "ended")
        if existing and event == "ended":
            return _json({"id": existing, "duplicate": True}, 200)
        if caller.uid:
            # an API key: the user's call, with the user's rights, in the caller's company
            companies = [company_id, *(cid for cid in caller.company_ids if cid != company_id)]
            env = env(user=caller.uid, su=False, context=dict(context, allowed_company_ids=companies))
            if caller_id and not env["res.partner"].browse(caller_id).has_access("read"):
                raise BadRequest("this user may not log calls of this client", 403)
        if event != "ended":
            return self._notify(env(su=True), values, key, company_id, caller_id, client_id, user_id)
        # a call started from a planned call: closed once the call is written, when it is one of
        # this client's and the acting user (the API key's, else the salesperson's) may write it
        activity = self._call_activity(values.get("activity_id"), caller.uid or user_id, client_id, caller_id, env)
        if user_id and not caller.uid:
            env = env(user=user_id, su=True)  # the salesperson's call: the hooks act for them
        vals = {
            "call_id": values["call_id"],
            "callplan_phone": key,
            "company_id": company_id,
            "kind": "call",
            "direction": values["direction"],
            "date": values["date"],
            "duration": values["duration"],
            # filed under the client company, the person who called kept as the contact (as
            # crm.card.interaction would do; the lookup read the client, so it need not)
            "partner_id": client_id,
            "contact_id": caller_id if caller_id != client_id else False,
            "user_id": user_id,
            "source_id": source_id,
            "result_id": result_id,
            "note": values["note"],
        }
        interactions = env["crm.card.interaction"].with_context(crm_card_partners_normalized=True)
        try:
            interaction = self._create_interaction(interactions, vals)
        except AccessError as error:  # an API key's user the record rules refuse
            raise BadRequest("this user may not log this call", 403) from error
        except ValidationError as error:  # a date in the future: nothing was written
            raise BadRequest(str(error)) from error
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != interactions._company_call_uniq.full_name(interactions):
                raise
            # A concurrent post of the same call won the race. Nothing was written before the
            # interaction, so the whole transaction goes (no savepoint needed) and the record
            # that won is reported.
            env.cr.rollback()
            return _json({"id": self._find_committed(company_id, values["call_id"]), "duplicate": True}, 200)
        result = {"id": interaction.id, "partner_id": caller_id or None, "duplicate": False}
        if values.get("activity_id"):
            result["activity_done"] = self._close_activity(activity, interaction)
        return _json(result, 201)

    def _create_interaction(self, interactions, vals):
        """The call's interaction. Its telephony fields (``call_id``, ``callplan_phone``) only this
        endpoint sets (``crm.card.system.fields.mixin``): an API key's call is created as superuser
        for the key's user (the hooks act for them, as for a salesperson's call), held to that
        user's right to create it (access rights, then the record rules on the record written, as
        ``create`` checks them) in a savepoint, so that a refused call leaves nothing."""
        if interactions.env.su:
            return interactions.create(vals)
        interactions.check_access("create")
        with interactions.env.cr.savepoint():
            interaction = interactions.sudo().create(vals)
            interaction.sudo(False).check_access("create")
        return interaction.sudo(False)

    def _call_activity(self, activity_id, acting_uid, client_id, caller_id, env):
        """The open activity ``activity_id`` as the acting user, if it is on the calling client (or
        contact person) and that user may write it; else None (the call is registered all the same)."""
        if not activity_id or not acting_uid:
            return None
        found = env["mail.activity"].sudo().browse(activity_id).exists()
        partners = {client_id, caller_id} - {None, False}
        if not found or not found.active or found.res_model != "res.partner" or found.res_id not in partners:
            return None
        activity = found.with_user(acting_uid).sudo(False)
        try:
            activity.check_access("write")
        except AccessError:
            return None
        return activity

    def _close_activity(self, activity, interaction):
        """Mark the call's activity done (without a second log line: the call is logged already).
        A planned call of a call plan is gone already: the call counted in the plan removed it."""
        if activity is None:
            return False
        if not activity.sudo().exists() or not activity.sudo().active:
            return True
        try:
            with activity.env.cr.savepoint():
                activity.with_context(crm_callplan_interaction_id=interaction.id).action_feedback(
                    feedback=activity.env._("Call registered by the telephony.")
                )
        except AccessError:
            return False
        return True

    def _notify(self, env, values, key, company_id, caller_id, client_id, user_id):
        """A ringing or answered call: nothing is written, the salesperson it is routed to (the
        ``user`` reported, else the client's salesperson in the company) gets a screen pop on the
        bus, made of what that salesperson may read. Answers 202 with who was notified."""
        users = env["res.users"].with_context(active_test=False)
        target = users.browse(user_id)
        if not target and client_id:
            salesperson = env["res.partner"].browse(client_id).user_id
            if salesperson.active and not salesperson.share and company_id in salesperson.company_ids.ids:
                target = salesperson
        if target:
            payload = self._screen_pop(target, company_id, values, key, caller_id, client_id)
            target.partner_id._bus_send(BUS_INCOMING_CALL, payload)
        return _json(
            {"event": values["event"], "notified_user_id": target.id or None, "partner_id": caller_id or None}, 202
        )

    def _screen_pop(self, user, company_id, values, key, caller_id, client_id):
        """What the salesperson ``user`` sees of the caller: the client and contact person, its
        category, information level and rating, the last interaction and the open planned call,
        read with that user's rights (an unknown caller to them when they may not read the client)."""
        env = request.env(user=user.id, su=False, context={
            "allowed_company_ids": [company_id, *(c for c in user.company_ids.ids if c != company_id)],
            "lang": user.lang, "tz": user.tz,
        })
        payload = {
            "call_id": values["call_id"],
            "event": values["event"],
            "direction": values["direction"],
            "phone": key,
            "known": False,
        }
        client = env["res.partner"].browse(client_id)
        if not client or not client.has_access("read"):
            return payload
        contact = env["res.partner"].browse(caller_id if caller_id != client_id else ())
        if contact and not contact.has_access("read"):
            contact = contact.browse()
        selections = {
            name: dict(client._fields[name]._description_selection(env)) for name in ("card_info_level", "card_rating")
        }
        last = env["crm.card.interaction"].search([("partner_id", "=", client.id)], limit=1)
        planned = env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", client.id), ("callplan_line_id", "!=", False)],
            order="date_deadline, id",
            limit=1,
        )
        payload.update(
            known=True,
            client={"id": client.id, "name": client.display_name},
            contact=contact and {"id": contact.id, "name": contact.display_name} or None,
            category=client.card_category_id.display_name or None,
            info_level=selections["card_info_level"].get(client.card_info_level),
            rating=selections["card_rating"].get(client.card_rating),
            last_interaction=last and {
                "id": last.id,
                "date": fields.Datetime.to_string(last.date),
                "summary": last.summary,
                "note": (last.note or "")[:200],
            } or None,
            planned_call=planned and {
                "id": planned.id,
                "date": fields.Date.to_string(planned.date_deadline),
                "summary": planned.summary or planned.activity_type_id.name or "",
            } or None,
        )
        return payload

    def _find_committed(self, company_id, call_id):
        # The transaction's snapshot predates the concurrent insert: read it fresh.
        with request.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT id FROM crm_card_interaction WHERE company_id = %s AND call_id = %s",
                    company_id,
                    call_id,
                )
            )
            row = cr.fetchone()
        return row and row[0]

    def _lookup(self, env, company_ids, key, values, country):
        """Resolve an earlier record of the call, the caller and its client (commercial partner),
        the company the call goes to (the caller's, else the first of ``company_ids``), the user,
        source and result, in one query."""
        source_key = phone_sanitize(values["source"], country) if values["source"] else None
        env.cr.execute(
            SQL(
                """
                SELECT
                  (SELECT id FROM crm_card_interaction
                    WHERE company_id = ANY(%(companies)s) AND call_id = %(call_id)s ORDER BY id LIMIT 1),
                  caller.id, caller.commercial_partner_id,
                  COALESCE(caller.company_id, %(company)s),
                  (SELECT u.id FROM res_users u
                    WHERE u.active AND NOT u.share
                      AND (u.login = %(user)s OR u.callplan_extension = %(user)s)
                      AND EXISTS(SELECT 1 FROM res_company_users_rel c
                                  WHERE c.user_id = u.id AND c.cid = COALESCE(caller.company_id, %(company)s))
                 ORDER BY u.id LIMIT 1),
                  (SELECT COALESCE(
                     (SELECT n.source_id FROM crm_callplan_source_number n WHERE n.number_key = %(source_key)s LIMIT 1),
                     (SELECT s.id FROM utm_source s WHERE s.name = %(source)s ORDER BY s.id LIMIT 1))),
                  (SELECT COALESCE(
                     (SELECT d.res_id FROM ir_model_data d
                       WHERE d.model = 'crm.card.interaction.result'
                         AND (d.module || '.' || d.name = %(result)s
                              OR d.name = 'crm_card_interaction_result_' || %(result)s) LIMIT 1),
                     (SELECT r.id FROM crm_card_interaction_result r
                       WHERE r.active AND lower(r.name->>'en_US') = lower(%(result)s) LIMIT 1)))
                  FROM (SELECT 1) AS one
             LEFT JOIN LATERAL (
                    SELECT id, commercial_partner_id, company_id FROM res_partner
                     WHERE phone_sanitized = %(key)s AND active
                       AND (company_id IS NULL OR company_id = ANY(%(companies)s))
                  ORDER BY is_company DESC, (company_id IS NOT NULL AND company_id <> %(company)s), id
                  LIMIT 1) AS caller ON TRUE
                """,
                key=key,
                call_id=values["call_id"],
                companies=list(company_ids),
                company=company_ids[0],
                user=values["user"],
                source_key=source_key or values["source"],
                source=values["source"],
                result=values["result"],
            )
        )
        return env.cr.fetchone()
