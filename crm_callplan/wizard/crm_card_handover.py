from odoo import Command, models


class CrmCardHandover(models.TransientModel):
    _inherit = "crm.card.handover"

    def _get_handover_models(self):
        """A leaving salesperson's call plan clients go to the colleague who takes over, and so does
        their place among the salespeople of the plans still in use.

        Closed plans keep their salespeople: their work reports tell who called whom.
        """
        specs = super()._get_handover_models()
        specs["callplan_lines"] = (self.env._("Call plan clients"), "crm.callplan.line", "user_id", [])
        in_use = [("state", "in", ("draft", "active"))]
        specs["callplans"] = (self.env._("Call plans in use"), "crm.callplan", "user_ids", in_use)
        return specs

    def _prepare_handover_vals(self, key, field_name):
        """In a plan the colleague takes the leaving salesperson's place, or keeps their own if they
        are already in it: the plan then covers the handed-over clients, and the generator and the
        coverage stop counting the leaving salesperson."""
        if key != "callplans":
            return super()._prepare_handover_vals(key, field_name)
        return {field_name: [Command.unlink(self.from_user_id.id), Command.link(self.to_user_id.id)]}
