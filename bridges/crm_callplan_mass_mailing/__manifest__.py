{
    "name": "Call Plans and Email Marketing",
    "summary": "A sent mailing offers the follow-up calls of its real recipients",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Method Team",
    "website": "https://github.com/crm-method/crm-method",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["crm_callplan", "mass_mailing"],
    "data": ["views/mailing_mailing_views.xml"],
    "auto_install": True,
    "installable": True,
}
