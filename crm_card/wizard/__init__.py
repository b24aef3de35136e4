from . import crm_card_handover
