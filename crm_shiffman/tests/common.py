from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CrmShiffmanCommon(BaseCommon):
    """Shared data for the Shiffman table tests, on Odoo's ``BaseCommon`` (its mail context: no
    tracking, no chatter log or subscription on create).

    Who is who:
      salesman       -- Sales user (own leads only), salesperson of ``client`` and of the leads
      salesman_other -- another Sales user (own leads only)
      manager        -- Sales manager (configures teams and stages)
      internal       -- plain internal user, no sales rights
    ``team`` is a fresh team turned into a Shiffman pipeline; ``stages`` maps column -> stage.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, "shf_salesman", groups="sales_team.group_sale_salesman")
        cls.salesman_other = new_test_user(cls.env, "shf_salesman_other", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(cls.env, "shf_manager", groups="sales_team.group_sale_manager")
        cls.internal = new_test_user(cls.env, "shf_internal", groups="base.group_user")
        cls.team = cls.env["crm.team"].create({"name": "Prospecting North", "use_opportunities": True})
        cls.team.with_user(cls.manager).action_make_shiffman_pipeline()
        cls.stages = {stage.shiffman_column: stage for stage in cls.team.shiffman_stage_ids}
        cls.category = cls.env.ref("crm_card.crm_card_category_wholesale")
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Volga Trade LLC",
                "is_company": True,
                "user_id": cls.salesman.id,
                "card_category_id": cls.category.id,
                "phone": "+7 495 123 45 67",
                "email": "info@volgatrade.example.com",
            }
        )
        cls.result_interest = cls.env.ref("crm_card.crm_card_interaction_result_meeting_agreed")
        cls.result_reached = cls.env.ref("crm_card.crm_card_interaction_result_reached")

    @classmethod
    def _create_lead(cls, column="prospect", **values):
        return cls.env["crm.lead"].create(
            {
                "name": values.pop("name", "Bricks for Volga Trade"),
                "type": "opportunity",
                "team_id": cls.team.id,
                "user_id": cls.salesman.id,
                "partner_id": cls.client.id,
                "stage_id": cls.stages[column].id,
                **values,
            }
        )

    def _log(self, leads_or_partner, kind="call", result=None, **values):
        """Log one interaction per lead (or one on the partner)."""
        Interaction = self.env["crm.card.interaction"]
        if leads_or_partner._name == "res.partner":
            vals_list = [{"partner_id": leads_or_partner.id, "kind": kind}]
        else:
            vals_list = [{"lead_id": lead.id, "kind": kind} for lead in leads_or_partner]
        for vals in vals_list:
            vals.update(values)
            if result:
                vals["result_id"] = result.id
        return Interaction.create(vals_list)
