from . import base_partner_merge_automatic_wizard
from . import crm_card_handover
from . import crm_card_rating_wizard
from . import crm_card_log_contact
