from . import crm_callplan_greeting, crm_callplan_mailing_followup, crm_callplan_tally
