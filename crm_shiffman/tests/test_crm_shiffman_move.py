from odoo.tests import tagged

from .common import CrmShiffmanCommon


@tagged("crm_shiffman", "post_install", "-at_install")
class TestCrmShiffmanMove(CrmShiffmanCommon):
    def _moves(self, lead):
        return self.env["crm.shiffman.move"].search([("lead_id", "=", lead.id)], order="id")

    def test_create_logged(self):
        """A lead created in a column gets an entry move from nowhere."""
        lead = self._create_lead("prospect")
        move = self._moves(lead)
        self.assertEqual((move.from_column, move.to_column), (False, "prospect"))
        self.assertEqual(move.salesperson_id, self.salesman)
        self.assertEqual(move.team_id, self.team)

    def test_drag_logged(self):
        """A plain write of stage_id (a kanban drag) is logged with who moved it."""
        lead = self._create_lead("prospect")
        lead.with_user(self.salesman).write({"stage_id": self.stages["interest"].id})
        move = self._moves(lead)[-1]
        self.assertEqual((move.from_column, move.to_column), ("prospect", "interest"))
        self.assertEqual(move.user_id, self.salesman)
        self.assertFalse(move.automatic)

    def test_same_column_not_logged(self):
        """Writing the same stage or other fields logs nothing."""
        lead = self._create_lead("prospect")
        lead.write({"stage_id": self.stages["prospect"].id, "name": "Renamed"})
        self.assertEqual(len(self._moves(lead)), 1)

    def test_batch_write(self):
        """A batch stage write logs one move per lead that changed column."""
        leads = self._create_lead("prospect", name="A") | self._create_lead("interest", name="B")
        leads.write({"stage_id": self.stages["interest"].id})
        moves = self.env["crm.shiffman.move"].search([("lead_id", "in", leads.ids), ("from_column", "!=", False)])
        self.assertEqual(moves.lead_id, leads[0])
