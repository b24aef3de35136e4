from . import crm_card_category
from . import crm_card_buying_role
from . import crm_card_interaction_result
from . import crm_card_interaction
from . import res_partner
