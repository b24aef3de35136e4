{
    "name": "Dossiers",
    "summary": "Firm, personal and product dossiers: dated facts on competitors, key people "
    "and our products' analogues, with price comparison and review reminders",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "author": "CRM Method Team",
    "website": "https://github.com/crm-method/crm-method",
    "license": "LGPL-3",
    "development_status": "Beta",
    # what the dossiers use besides crm_card (crm brings mail): crm (crm.lead, its lost
    # wizard), product (product.template)
    "depends": ["crm_card", "crm", "product"],
    "data": [
        "security/crm_dossier_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_dossier_security.xml",
        "data/crm_dossier_topic_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "wizard/crm_lead_lost_views.xml",
        "views/crm_dossier_topic_views.xml",
        "views/crm_dossier_tag_views.xml",
        "views/crm_dossier_entry_views.xml",
        "views/crm_dossier_analogue_views.xml",
        "views/crm_dossier_comparison_views.xml",
        "views/crm_dossier_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_dossier_menus.xml",
    ],
    "demo": [
        "demo/crm_dossier_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_dossier/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
