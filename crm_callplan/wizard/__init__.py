from . import (
    base_partner_merge_automatic_wizard,
    crm_callplan_greeting,
    crm_callplan_mailing_followup,
    crm_callplan_tally,
    crm_card_handover,
)
