from . import crm_shiffman_result_wizard
from . import crm_shiffman_planner
