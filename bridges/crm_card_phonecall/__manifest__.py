{
    "name": "Client Card and OCA Phone Calls",
    "summary": "A phone call held in OCA's crm_phonecall is written to the client card's contact log",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Method Team",
    "website": "https://github.com/crm-method/crm-method",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["crm_card", "crm_phonecall"],
    "data": ["views/crm_phonecall_views.xml"],
    "auto_install": True,
    "installable": True,
}
