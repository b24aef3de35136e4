from . import crm_card_handover
from . import crm_card_rating_wizard
