{
    "name": "CRM Bench Floor",
    "summary": "Benchmark only (never shipped): the floor of an Odoo HTTP request that logs a call",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "author": "CRM Method Team",
    "website": "https://github.com/crm-method/crm-method",
    "license": "LGPL-3",
    "depends": ["crm_callplan"],
    "data": [],
    "installable": True,
    "auto_install": False,
}
