from . import test_crm_card_interaction
from . import test_crm_card_event
from . import test_crm_card_activity_interaction
from . import test_crm_card_contract
from . import test_crm_card_claim
from . import test_crm_card_handover
from . import test_crm_card_data_safety
from . import test_crm_card_access
