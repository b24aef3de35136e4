"""19.0.1.3.0: confidential values leave the clients' activities; bank account confidentiality
becomes a setting ("Confidential Bank Accounts"); interaction results say whether the client was
reached; "Own clients only" rules read the one definition of own clients.

- The global rule on ``res.partner.bank`` sits in a ``noupdate`` block, so upgrading keeps its old
  domain in databases installed before; this puts in place the new one, which asks the user
  (``res.users.crm_card_bank_account_domain``) and so follows the setting.
- Open special-event reminders planned on the client (with the event's name and note, which every
  user reading the client read) move to their event, where they are planned now.
- Open purchase-rhythm To-Dos lose their figures: they get the text the job writes now.
- The new ``reached`` flag of interaction results defaults to true, which the ORM gives every
  existing result; the seeded "No answer" lives in a ``noupdate`` block, so the upgrade does not
  set it: this does.
- The own-clients record rules sit in a ``noupdate`` block too: upgrading creates the new ones (own
  clients on the partners themselves, company rules of contract appendices, ratings and purchase
  rhythms) but keeps the old domains of the existing ones; this puts the domains of
  ``security/crm_card_security.xml`` in place, read from the file itself so that the two cannot differ.
"""

import datetime
import re
from collections import defaultdict

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path
from odoo.tools.sql import column_exists

BANK_ACCOUNT_DOMAIN = "user.crm_card_bank_account_domain()"
QUARTER = re.compile(r"Q([1-4]) (\d{4})")

OWN_CLIENTS_RULES = (
    "crm_card_interaction_rule_own_clients",
    "crm_card_satisfaction_rule_own_clients",
    "crm_card_event_rule_own_clients",
    "crm_card_contract_rule_own_clients",
    "crm_card_claim_rule_own_clients",
    "crm_card_contract_appendix_rule_own_clients",
    "crm_card_rating_rule_own_clients",
)


def _rule_domains_from_file(xmlids):
    """{xmlid: domain_force} of the given rules as written in the module's security file."""
    tree = etree.parse(file_path("crm_card/security/crm_card_security.xml"))
    domains = {}
    for xmlid in xmlids:
        field = tree.find(f".//record[@id='{xmlid}']/field[@name='domain_force']")
        if field is not None:
            domains[xmlid] = field.text
    return domains


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_card.res_partner_bank_rule_crm_card_confidential", raise_if_not_found=False)
    if rule:
        rule.domain_force = BANK_ACCOUNT_DOMAIN
    _move_event_reminders(env)
    _strip_rhythm_figures(env)
    no_answer = env.ref("crm_card.crm_card_interaction_result_no_answer", raise_if_not_found=False)
    if no_answer:
        no_answer.reached = False
    for xmlid, domain in _rule_domains_from_file(OWN_CLIENTS_RULES).items():
        own_rule = env.ref(f"crm_card.{xmlid}", raise_if_not_found=False)
        if own_rule:
            own_rule.domain_force = domain


def _move_event_reminders(env):
    """A reminder is the To-Do on the event's partner, due on the occurrence last reminded,
    whose summary names the event."""
    # read by SQL: the field is gone from the code of 19.0.1.4.0, which a database of 19.0.1.2.0
    # upgrades to in one go (its column stays until that version's migration)
    if not column_exists(env.cr, "crm_card_event", "last_reminded_occurrence"):
        return
    env.cr.execute("SELECT id, last_reminded_occurrence FROM crm_card_event WHERE last_reminded_occurrence IS NOT NULL")
    reminded = dict(env.cr.fetchall())
    events = env["crm.card.event"].browse(list(reminded))
    if not events:
        return
    todo = env.ref("mail.mail_activity_data_todo")
    activities = env["mail.activity"].search(
        [
            ("res_model", "=", "res.partner"),
            ("res_id", "in", events.partner_id.ids),
            ("activity_type_id", "=", todo.id),
        ]
    )
    by_day = defaultdict(list)
    for activity in activities:
        by_day[activity.res_id, activity.date_deadline].append(activity)
    event_model = env["ir.model"]._get_id("crm.card.event")
    for event in events:
        for activity in by_day.get((event.partner_id.id, reminded[event.id]), []):
            if event.name in (activity.summary or ""):
                activity.write({"res_model_id": event_model, "res_id": event.id})


def _strip_rhythm_figures(env):
    Rhythm = env["crm.card.rhythm"]
    activities = env["mail.activity"].search(
        [
            ("res_model", "=", "res.partner"),
            "|",
            ("summary", "=like", "Sales fell: %"),
            ("summary", "=like", "No order for % days; usual gap % days"),
        ]
    )
    for activity in activities:
        if activity.summary.startswith("No order for"):
            activity.summary = Rhythm._get_state_alert("silent", {})
            continue
        quarters = [datetime.date(int(year), 3 * int(q) - 2, 1) for q, year in QUARTER.findall(activity.summary)]
        if len(quarters) == 3:
            activity.summary = Rhythm._get_state_alert("declining", {"quarters": quarters})
