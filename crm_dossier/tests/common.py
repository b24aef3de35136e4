from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class CrmDossierCommon(BaseCommon):
    """Shared data for dossier tests, on Odoo's ``BaseCommon`` (its mail context: no tracking, no
    chatter log or subscription on create).

    Who is who:
      reader     -- Dossiers Reader: reads firm and product dossiers
      editor     -- Dossiers Editor: writes them, deletes only their own facts
      editor2    -- another Dossiers Editor, author of ``entry_other``
      restricted -- Dossiers Restricted: also person and restricted dossiers
      manager    -- Restricted + Client Base Administrator: may delete confidential dossiers
      salesman   -- Sales user (Editor by default)
      internal   -- plain internal user without any Dossiers group
      portal     -- portal user

    Dossiers: ``firm`` (competitor Rival Tools), ``person`` (Oleg Smirnov, works at Rival Tools),
    ``secret`` (restricted firm dossier on Quiet Partner), ``product`` (our Drill Pro, two analogues).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["crm.dossier"])
        cls.reader = new_test_user(cls.env, "dos_reader", groups="crm_dossier.group_crm_dossier_reader")
        cls.editor = new_test_user(cls.env, "dos_editor", groups="crm_dossier.group_crm_dossier_editor")
        cls.editor2 = new_test_user(cls.env, "dos_editor2", groups="crm_dossier.group_crm_dossier_editor")
        cls.restricted = new_test_user(cls.env, "dos_restricted", groups="crm_dossier.group_crm_dossier_restricted")
        cls.manager = new_test_user(
            cls.env,
            "dos_manager",
            groups="crm_dossier.group_crm_dossier_restricted,crm_card.group_crm_card_manager",
        )
        cls.salesman = new_test_user(cls.env, "dos_salesman", groups="sales_team.group_sale_salesman")
        cls.internal = new_test_user(cls.env, "dos_internal", groups="base.group_user")
        cls.portal = new_test_user(cls.env, "dos_portal", groups="base.group_portal")

        Partner = cls.env["res.partner"]
        cls.rival = Partner.create({"name": "Rival Tools", "is_company": True})
        cls.other_company = Partner.create({"name": "Old Employer Ltd", "is_company": True})
        cls.quiet = Partner.create({"name": "Quiet Partner", "is_company": True})
        cls.person_partner = Partner.create(
            {"name": "Oleg Smirnov", "parent_id": cls.rival.id, "function": "Sales Director"}
        )
        cls.product_tmpl = cls.env["product.template"].create({"name": "Drill Pro", "list_price": 1000.0})

        cls.topic_news = cls.env.ref("crm_dossier.crm_dossier_topic_news")
        cls.topic_offer = cls.env.ref("crm_dossier.crm_dossier_topic_offer")
        cls.topic_career = cls.env.ref("crm_dossier.crm_dossier_topic_personnel_change")

        Dossier = cls.env["crm.dossier"]
        cls.firm = Dossier.create(
            {"dossier_type": "firm", "partner_id": cls.rival.id, "role": "competitor", "user_id": cls.editor.id}
        )
        cls.person = Dossier.create(
            {"dossier_type": "person", "partner_id": cls.person_partner.id, "user_id": cls.restricted.id}
        )
        cls.secret = Dossier.create(
            {"dossier_type": "firm", "partner_id": cls.quiet.id, "role": "client", "restricted": True}
        )
        cls.product = Dossier.create({"dossier_type": "product", "product_tmpl_id": cls.product_tmpl.id})

        cls.entry_other = (
            cls.env["crm.dossier.entry"]
            .with_user(cls.editor2)
            .create(
                {
                    "dossier_id": cls.firm.id,
                    "topic_id": cls.topic_offer.id,
                    "summary": "Wholesale discount of 8%",
                    "body": "<p>Seen at a <b>warehouse</b> client in Samara.</p>",
                    "date": cls.today - timedelta(days=3),
                }
            )
        )
        cls.person_entry = cls.env["crm.dossier.entry"].create(
            {"dossier_id": cls.person.id, "topic_id": cls.topic_news.id, "summary": "Speaks at a fair"}
        )
        cls.secret_entry = cls.env["crm.dossier.entry"].create(
            {"dossier_id": cls.secret.id, "topic_id": cls.topic_news.id, "summary": "Plans to switch supplier"}
        )
        Analogue = cls.env["crm.dossier.analogue"]
        cls.analogue_old, cls.analogue_new, cls.substitute = Analogue.create(
            [
                {
                    "dossier_id": cls.product.id,
                    "partner_id": cls.rival.id,
                    "name": "Rival X200",
                    "price": 900.0,
                    "date": cls.today - timedelta(days=200),
                },
                {
                    "dossier_id": cls.product.id,
                    "partner_id": cls.rival.id,
                    "name": "Rival X200",
                    "price": 1150.0,
                    "date": cls.today - timedelta(days=10),
                },
                {
                    "dossier_id": cls.product.id,
                    "partner_id": cls.rival.id,
                    "name": "Hand Drill Kit",
                    "kind": "substitute",
                    "price": 300.0,
                    "date": cls.today - timedelta(days=30),
                },
            ]
        )
