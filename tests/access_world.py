"""Real records for the access matrix: one factory per model, created as admin over JSON-RPC.

``World.record(model, client=, owner=, confidential=)`` returns the id of a record of ``model``
(cached, so that every role reads and writes the same one; ``fresh=True`` for a record that a
test may delete). ``World.vals(...)`` gives the values to create one, for ``create`` cells.
Scopes of tests/access_matrix.csv map onto these knobs:

    own_clients       client=<client whose salesperson is the user> / client=<someone else's client>
                      (for res.partner: that client itself; created: a person of it)
    own_docs          owner=<the user>                               / owner=<admin>
    not_restricted    confidential=False                             / confidential=True
"""

import itertools
import uuid

_seq = itertools.count(1)

# Group xmlids of each role (base.group_user is added by make_user for internal roles).
ROLE_GROUPS = {
    "card_reader": ["crm_card.group_crm_card_reader"],
    "card_editor": ["crm_card.group_crm_card_editor"],
    "card_steward": ["crm_card.group_crm_card_steward"],
    "card_admin": ["crm_card.group_crm_card_manager"],
    "own_clients": ["sales_team.group_sale_salesman", "crm_card.group_crm_card_own_clients"],
    "dossier_reader": ["crm_dossier.group_crm_dossier_reader"],
    "dossier_editor": ["crm_dossier.group_crm_dossier_editor"],
    "dossier_restricted": ["crm_dossier.group_crm_dossier_restricted"],
    "sales_user": ["sales_team.group_sale_salesman"],
    "sales_manager": ["sales_team.group_sale_manager"],
    "internal": [],
    "portal": ["base.group_portal"],
    "public": ["base.group_public"],
}


def _tag(prefix):
    return f"ACM {prefix} {next(_seq)} {uuid.uuid4().hex[:6]}"


class World:
    def __init__(self, admin):
        self.admin = admin
        self.admin_uid = admin.uid
        self._cache = {}

    # ------------------------------------------------------------------
    # Base data
    # ------------------------------------------------------------------

    def _once(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def create(self, model, vals, client=None):
        return (client or self.admin).call(model, "create", [vals])[0]

    def ref(self, xmlid):
        return self._once(("ref", xmlid), lambda: self.admin.ref(xmlid))

    def client(self, owner=None):
        """A client company with card data; its salesperson is ``owner`` (default: admin)."""
        owner = owner or self.admin_uid

        def build():
            partner = self.create(
                "res.partner",
                {
                    "name": _tag("Client"),
                    "is_company": True,
                    "user_id": owner,
                    "card_category_id": self.ref("crm_card.crm_card_category_wholesale"),
                },
            )
            self.create("crm.card.interaction", {"partner_id": partner, "kind": "call", "note": "first call"})
            return partner

        return self._once(("client", owner), build)

    def person(self):
        return self._once("person", lambda: self.create("res.partner", {"name": _tag("Person")}))

    def product(self):
        return self._once(
            "product", lambda: self.create("product.template", {"name": _tag("Product"), "list_price": 100})
        )

    def rhythm(self, client=None):
        """The purchase rhythm of a client (``client``, else a new one) with three monthly orders
        long past (silent): only the nightly job writes crm.card.rhythm, so its cron is run here,
        as the scheduler would."""

        def build():
            partner = client or self.create("res.partner", {"name": _tag("Rhythm client"), "is_company": True})
            [product] = self.admin.call("product.product", "search", [("product_tmpl_id", "=", self.product())])
            line = (0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": 100})
            orders = [
                {"partner_id": partner, "state": "sale", "date_order": f"{day} 12:00:00", "order_line": [line]}
                for day in ("2025-01-15", "2025-02-15", "2025-03-15")
            ]
            self.admin.call("sale.order", "create", orders)
            self.admin.call("ir.cron", "method_direct_trigger", [self.ref("crm_card.ir_cron_crm_card_rhythm")])
            return self._view_row("crm.card.rhythm", [("partner_id", "=", partner)])

        return self._once(("rhythm", client), build)

    def audit_entry(self):
        """The audit entry of a deleted interaction: only the audit mixin writes crm.card.audit."""

        def build():
            interaction = self.create("crm.card.interaction", self.vals("crm.card.interaction"))
            self.admin.call("crm.card.interaction", "unlink", [interaction])
            return self._view_row(
                "crm.card.audit",
                [("event", "=", "delete"), ("res_model", "=", "crm.card.interaction"), ("res_id", "=", interaction)],
            )

        return self._once("audit", build)

    def other_user(self):
        """A user who is nobody's colleague: handover source, never a role."""
        return self._once(
            "other_user",
            lambda: self.create(
                "res.users",
                {
                    "name": "ACM Leaving User",
                    "login": _tag("leaving").replace(" ", "_").lower(),
                },
            ),
        )

    def lead(self, owner=None):
        """A lead of the Shiffman team; moving it to the interest column logs a move."""
        owner = owner or self.admin_uid

        def build():
            lead = self.create(
                "crm.lead",
                {
                    "name": _tag("Lead"),
                    "type": "opportunity",
                    "user_id": owner,
                    "team_id": self.ref("crm_shiffman.crm_team_shiffman"),
                    "stage_id": self.ref("crm_shiffman.crm_stage_shiffman_prospect"),
                    "partner_id": self.client(),
                },
            )
            self.admin.call(
                "crm.lead", "write", [lead], {"stage_id": self.ref("crm_shiffman.crm_stage_shiffman_interest")}
            )
            return lead

        return self._once(("lead", owner), build)

    def plan(self):
        def build():
            plan = self.create("crm.callplan", {"name": _tag("Plan")})
            segment = self.create("crm.callplan.segment", {"plan_id": plan, "name": "A", "calls_per_year": 24})
            return plan, segment

        return self._once("plan", build)

    def plan_line(self, owner=None):
        owner = owner or self.admin_uid

        def build():
            plan, segment = self.plan()
            partner = self.create("res.partner", {"name": _tag("Plan client"), "is_company": True, "user_id": owner})
            return self.create(
                "crm.callplan.line",
                {
                    "plan_id": plan,
                    "segment_id": segment,
                    "partner_id": partner,
                    "user_id": owner,
                },
            )

        return self._once(("line", owner), build)

    def dossier(self, confidential=False, fresh=False, kind="firm"):
        def build():
            vals = {"dossier_type": kind, "restricted": confidential}
            if kind == "firm":
                vals.update(
                    partner_id=self.create("res.partner", {"name": _tag("Firm"), "is_company": True}), role="competitor"
                )
            else:
                vals.update(product_tmpl_id=self.create("product.template", {"name": _tag("Our product")}))
            return self.create("crm.dossier", vals)

        return build() if fresh else self._once(("dossier", confidential, kind), build)

    def campaign(self):
        return self._once("campaign", lambda: self.create("utm.campaign", {"name": _tag("Campaign")}))

    # ------------------------------------------------------------------
    # Values per model
    # ------------------------------------------------------------------

    def vals(self, model, client=None, owner=None, confidential=False):
        given_client = client
        client = client or self.client()
        owner = owner or self.admin_uid
        today = "2026-06-01"
        factories = {
            "crm.card.category": lambda: {"name": _tag("Category")},
            "crm.card.buying.role": lambda: {"name": _tag("Role")},
            "crm.card.interaction.result": lambda: {"name": _tag("Result")},
            "crm.card.event.type": lambda: {"name": _tag("Event type")},
            "crm.card.interaction": lambda: {"partner_id": client, "kind": "call", "note": "matrix"},
            "crm.card.event": lambda: {
                "partner_id": client,
                "name": _tag("Event"),
                "date": today,
                "event_type_id": self.ref("crm_card.crm_card_event_type_reorganisation"),
            },
            "crm.card.contract": lambda: {"partner_id": client, "name": _tag("Contract")},
            "crm.card.contract.appendix": lambda: {
                "contract_id": self.record("crm.card.contract", client=client),
                "number": _tag("App"),
            },
            "crm.card.claim": lambda: {"partner_id": client, "name": _tag("Claim"), "description": "late delivery"},
            "crm.card.satisfaction": lambda: {"partner_id": client, "date": today, "score": 4},
            "crm.card.rating": lambda: {"partner_id": client, "value": "3", "comment": "confidential opinion"},
            "crm.card.rating.wizard": lambda: {"partner_id": client, "value": "4", "comment": "rated in matrix"},
            "crm.card.log.contact": lambda: {
                "partner_id": client,
                "result_id": self.ref("crm_card.crm_card_interaction_result_reached"),
            },
            "crm.card.handover": lambda: {"from_user_id": self.other_user(), "to_user_id": self.admin_uid},
            "crm.card.rhythm": lambda: {"partner_id": client, "state": "regular", "since": today},
            "crm.card.audit": lambda: {"event": "delete", "res_model": "crm.card.interaction", "name": "matrix"},
            # with a client: a person of that client (in or out of an own-clients user's reach)
            "res.partner": lambda: (
                {"name": _tag("Person"), "parent_id": given_client}
                if given_client
                else {
                    "name": _tag("Card client"),
                    "is_company": True,
                    "card_category_id": self.ref("crm_card.crm_card_category_retail"),
                }
            ),
            "res.partner.bank": lambda: {"partner_id": client, "acc_number": uuid.uuid4().hex[:20].upper()},
            "crm.dossier": lambda: {
                "dossier_type": "firm",
                "role": "competitor",
                "restricted": confidential,
                "partner_id": self.create("res.partner", {"name": _tag("Firm"), "is_company": True}),
            },
            "crm.dossier.entry": lambda: {
                "dossier_id": self.dossier(confidential),
                "date": today,
                "summary": _tag("Fact"),
                "reliability": "confirmed",
                "topic_id": self.ref("crm_dossier.crm_dossier_topic_news"),
            },
            "crm.dossier.analogue": lambda: {
                "dossier_id": self.dossier(confidential, kind="product"),
                "name": _tag("Their product"),
                "partner_id": self.dossier_competitor(),
                "kind": "analogue",
                "price": 90,
                "date": today,
            },
            "crm.dossier.topic": lambda: {"name": _tag("Topic")},
            "crm.dossier.tag": lambda: {"name": _tag("Tag")},
            "crm.shiffman.result.wizard": lambda: {"lead_id": self.lead(), "result": "prospective"},
            "crm.shiffman.planner": lambda: {"target_won": 2},
            "crm.shiffman.table.print": lambda: {"month": "2026-04-01"},
            "crm.shiffman.import": lambda: {"team_id": self.ref("crm_shiffman.crm_team_shiffman")},
            "crm.shiffman.import.line": lambda: {
                "import_id": self.create("crm.shiffman.import", self.vals("crm.shiffman.import")),
                "row": 2,
                "reason": "matrix",
            },
            "crm.callplan": lambda: {"name": _tag("Plan")},
            "crm.callplan.segment": lambda: {
                "plan_id": self.create("crm.callplan", {"name": _tag("Plan")}),
                "name": _tag("Seg"),
                "calls_per_year": 4,
            },
            "crm.callplan.line": lambda: {
                "plan_id": self.plan()[0],
                "segment_id": self.plan()[1],
                "user_id": owner,
                "partner_id": self.create("res.partner", {"name": _tag("Plan client"), "is_company": True}),
            },
            "crm.callplan.call": lambda: {
                "plan_id": self.plan()[0],
                "line_id": self.plan_line(),
                "date": today,
                "user_id": owner,
            },
            "crm.callplan.source.number": lambda: {
                "number": f"+7495{uuid.uuid4().int % 10**7:07d}",  # unique on a kept database too
                "source_id": self.source(),
            },
            "crm.callplan.tally": dict,
            "crm.callplan.mailing.followup": lambda: {"campaign_id": self.campaign(), "send_date": today},
            "crm.callplan.greeting": lambda: {"plan_id": self.plan()[0], "occasion": "New Year", "date": today},
            # never created directly (SQL views, and a log written by the leads themselves)
            "crm.shiffman.move": lambda: {"lead_id": self.lead(), "to_column": "result"},
        }
        return factories.get(model, dict)()

    def dossier_competitor(self):
        return self._once(
            "competitor", lambda: self.create("res.partner", {"name": _tag("Competitor"), "is_company": True})
        )

    def source(self):
        return self._once("source", lambda: self.create("utm.source", {"name": _tag("Source")}))

    # ------------------------------------------------------------------
    # Records per model (SQL views are found through the data they show)
    # ------------------------------------------------------------------

    def _view_row(self, model, domain):
        ids = self.admin.call(model, "search", domain, limit=1)
        assert ids, f"no {model} row for {domain}: the factory did not produce data for the view"
        return ids[0]

    def record(self, model, client=None, owner=None, confidential=False, fresh=False, as_client=None):
        """Id of a record of ``model`` (``as_client`` creates it as that user instead of admin)."""
        key = ("record", model, client, owner, confidential, as_client and as_client.uid)

        def build():
            if model == "crm.shiffman.move":
                return self._view_row(model, [("lead_id", "=", self.lead(owner))])
            if model == "crm.shiffman.report":
                return self._view_row(model, [("lead_id", "=", self.lead(owner))])
            if model == "crm.callplan.line" and not fresh:
                return self.plan_line(owner)
            if model == "crm.callplan.capacity":
                self.plan_line(owner)
                return self._view_row(
                    model, [("plan_id", "=", self.plan()[0]), ("user_id", "=", owner or self.admin_uid)]
                )
            if model == "crm.callplan.coverage":
                self.plan_line(owner)
                return self._view_row(
                    model, [("plan_id", "=", self.plan()[0]), ("user_id", "=", owner or self.admin_uid)]
                )
            if model == "crm.dossier.comparison":
                self.record("crm.dossier.analogue", confidential=confidential)
                return self._view_row(model, [("dossier_id", "=", self.dossier(confidential, kind="product"))])
            if model == "crm.dossier" and not fresh:
                return self.dossier(confidential)
            if model == "crm.card.rhythm":
                return self.rhythm(client)
            if model == "crm.card.audit":
                return self.audit_entry()
            if model == "res.partner" and client and not fresh:
                return client  # the client itself, whose salesperson is or is not the user
            if model == "crm.card.rating":
                # ratings are written through the wizard; admin may also create them directly
                return self.create(model, self.vals(model, client=client))
            return self.create(
                model, self.vals(model, client=client, owner=owner, confidential=confidential), as_client
            )

        return build() if fresh else self._once(key, build)
