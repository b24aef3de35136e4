from . import crm_stage
from . import crm_team
from . import crm_card_interaction_result
from . import crm_shiffman_move
from . import crm_lead
from . import crm_card_interaction
from . import res_config_settings
from . import ir_fields_converter
