from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .res_partner_bank import CLIENT_BANK_ACCOUNT_READERS

# how many days ahead "My day" shows the special events coming
MY_DAY_EVENT_DAYS = 14
# the most items a section lists: a day's work, not a report
MY_DAY_LIMIT = 50


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.private
    def crm_card_bank_account_domain(self):
        """The bank accounts this user reads: the domain of the global rule
        ``res_partner_bank_rule_crm_card_confidential`` (a rule's domain may only call public
        methods, hence the name; ``api.private`` keeps it off RPC).

        With "Confidential Bank Accounts" on, data stewards, accounting, HR and administrators
        read every account, the others those of our companies and of users; with it off, Odoo's
        own rights apply.
        """
        self.ensure_one()
        Bank = self.env["res.partner.bank"]
        if not Bank._card_confidentiality_on() or self.has_groups(CLIENT_BANK_ACCOUNT_READERS):
            return Domain.TRUE
        return Bank._card_public_domain()

    def _crm_card_own_salesperson_ids(self):
        """Salespeople whose clients are the user's own clients: the user and the
        members of the user's sales teams (read as superuser: a salesperson may not
        read the team records of others)."""
        self.ensure_one()
        return [self.id, *self.sudo().crm_team_ids.member_ids.ids]

    def _crm_card_own_clients_domain(self):
        """The user's own clients: clients whose salesperson is the user or a team mate.

        The one definition of "own clients" of the group "Client Base: Own Clients
        Only". Its record rules (``security/crm_card_security.xml``) apply it to the
        client of a record (``('commercial_partner_id', 'any', ...)``), so that the
        persons and addresses of an own client are own too.
        """
        return Domain("user_id", "in", self._crm_card_own_salesperson_ids())

    @api.model
    @api.readonly
    def crm_card_my_day(self, scope="mine"):
        """The "My day" screen of the current user (see :meth:`_crm_card_my_day`).

        Read only: the web client's call runs on a read-only cursor, hence on the read replica
        when Odoo has one (``db_replica_host``), as Odoo's own ``web_search_read`` does.
        """
        # not ``env.user``: that record reads as superuser, My day reads as the user
        return self.browse(self.env.uid)._crm_card_my_day(scope=scope)

    def _crm_card_my_day_team(self):
        """The salespeople a head of sales sees in "My day": the user and the members of the
        teams the user leads; every salesperson of the user's companies for a sales manager.
        Empty for a salesperson who leads nothing."""
        self.ensure_one()
        teams = self.env["crm.team"].search([("user_id", "=", self.id)])
        if self.has_group("sales_team.group_sale_manager"):
            teams = self.env["crm.team"].search([("company_id", "in", [*self.env.companies.ids, False])])
        if not teams:
            return self.browse()
        return self | teams.member_ids | teams.user_id

    def _crm_card_my_day(self, scope="mine"):
        """Sections of the salesperson's day: what is due, events coming, clients to win back.

        Read as the user (access rights and record rules apply: an "own clients
        only" salesperson gets nothing of a colleague's client) of the environment of
        ``self``, never as superuser. ``scope`` "team" widens it to the team of a
        head of sales.
        """
        self.ensure_one()
        if self.env.su:
            return self.with_env(self.env(su=False))._crm_card_my_day(scope=scope)
        team = self._crm_card_my_day_team()
        if scope == "team" and team:
            users = team
        else:
            scope, users = "mine", self
        today = fields.Date.context_today(self)
        return {
            "scope": scope,
            "can_team": bool(team),
            "today": fields.Date.to_string(today),
            "sections": [
                self._crm_card_my_day_activities(users, today),
                self._crm_card_my_day_events(users, today),
                self._crm_card_my_day_clients(users),
            ],
        }

    def _crm_card_my_day_activities(self, users, today):
        activities = self.env["mail.activity"].search(
            [("user_id", "in", users.ids), ("date_deadline", "<=", today)],
            order="date_deadline, id",
            limit=MY_DAY_LIMIT,
        )
        # an activity assigned to the user stays readable on a record the user may not read;
        # My day only lists those of clients and leads the user may read
        readable = {
            model: set(self.env[model].browse(acts.mapped("res_id")).exists()._filtered_access("read").ids)
            for model, acts in activities.grouped("res_model").items()
            if model in ("res.partner", "crm.lead")
        }
        items = []
        for activity in activities:
            model, res_id = activity.res_model, activity.res_id
            if model in readable and res_id not in readable[model]:
                continue
            partner = self.env["res.partner"]
            if model == "res.partner":
                partner = self.env["res.partner"].browse(res_id).commercial_partner_id
            elif model == "crm.lead":
                partner = self.env["crm.lead"].browse(res_id).partner_id.commercial_partner_id
            logs_contact = model in ("res.partner", "crm.lead") and activity.activity_category in (
                "phonecall",
                "meeting",
            )
            items.append(
                {
                    "key": f"activity-{activity.id}",
                    "label": activity.summary or activity.activity_type_id.name,
                    "detail": activity.res_name if model != "res.partner" else "",
                    "partner_id": partner.id,
                    "partner_name": partner.display_name or activity.res_name,
                    "date": fields.Date.to_string(activity.date_deadline),
                    "overdue": activity.date_deadline < today,
                    "user_name": activity.user_id.name if len(users) > 1 else "",
                    "icon": activity.icon or activity.activity_type_id.icon or "fa-tasks",
                    "open": {"res_model": model, "res_id": res_id},
                    "log_context": {"default_activity_id": activity.id} if logs_contact else False,
                }
            )
        return {"key": "activities", "title": self.env._("Due today and overdue"), "items": items}

    def _crm_card_my_day_events(self, users, today):
        events = self.env["crm.card.event"].search(
            [
                ("next_occurrence", ">=", today),
                ("next_occurrence", "<=", today + timedelta(days=MY_DAY_EVENT_DAYS)),
                "|",
                ("user_id", "in", users.ids),
                ("commercial_partner_id.user_id", "in", users.ids),
            ],
            order="next_occurrence, id",
            limit=MY_DAY_LIMIT,
        )
        items = [
            {
                "key": f"event-{event.id}",
                "label": event.name,
                "detail": event.event_type_id.name,
                "partner_id": event.commercial_partner_id.id,
                "partner_name": event.partner_id.display_name,
                "date": fields.Date.to_string(event.next_occurrence),
                "overdue": False,
                "user_name": event.user_id.name if len(users) > 1 else "",
                "icon": "fa-gift",
                "open": {"res_model": "res.partner", "res_id": event.commercial_partner_id.id},
                "log_context": {"default_partner_id": event.commercial_partner_id.id},
            }
            for event in events
        ]
        return {
            "key": "events",
            "title": self.env._("Special events in the next %(days)s days", days=MY_DAY_EVENT_DAYS),
            "items": items,
        }

    def _crm_card_my_day_clients(self, users):
        Partner = self.env["res.partner"]
        clients = Partner.search(
            Domain(Partner._get_card_risk_domain()) & Domain("user_id", "in", users.ids), limit=MY_DAY_LIMIT
        )
        states = dict(self.env["res.partner"]._fields["card_rhythm_state"]._description_selection(self.env))
        items = []
        for client in clients:
            if client.card_rhythm_state in ("silent", "declining"):
                label, since = states[client.card_rhythm_state], client.card_rhythm_since
            else:
                label, since = self.env._("No offer sent"), client.card_no_offer_since
            items.append(
                {
                    "key": f"client-{client.id}",
                    "label": label,
                    "detail": "",
                    "partner_id": client.id,
                    "partner_name": client.display_name,
                    "date": fields.Date.to_string(since) if since else False,
                    "overdue": False,
                    "user_name": client.user_id.name if len(users) > 1 else "",
                    "icon": "fa-bell-slash-o",
                    "open": {"res_model": "res.partner", "res_id": client.id},
                    "log_context": {"default_partner_id": client.id},
                }
            )
        return {"key": "clients", "title": self.env._("Clients to win back"), "items": items}
