{
    "name": "Client Card: Satisfaction Questionnaires",
    "summary": "One questionnaire per product or product category, sent once a year to each client "
    "for every product it bought; the answers are the client card's satisfaction checks",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Method Team",
    "website": "https://github.com/crm-method/crm-method",
    "license": "LGPL-3",
    "development_status": "Beta",
    # what the questionnaires use besides crm_card: survey, product (product and category forms)
    "depends": ["crm_card", "survey", "product"],
    "data": [
        "data/survey_survey_data.xml",
        "data/mail_template_data.xml",
        "data/ir_actions_server_data.xml",
        "views/product_views.xml",
        "views/crm_card_satisfaction_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["crm_card_survey/static/tests/tours/**/*"],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "auto_install": True,
    "application": False,
}
