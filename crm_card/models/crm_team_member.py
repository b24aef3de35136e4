from odoo import api, models


class CrmTeamMember(models.Model):
    """A sales team's members decide a user's "own clients" (``res.users._crm_card_own_clients_domain``),
    which the record rules of the group "Own Clients Only" read. Odoo caches each user's rule
    domains: a change of membership clears that cache, as a change of the rules or of a user's
    groups does, so that a user who leaves a team stops seeing its clients at once."""

    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
