from . import crm_shiffman_result_wizard
from . import crm_shiffman_planner
from . import crm_shiffman_import
from . import crm_shiffman_import_line
from . import crm_shiffman_table_print
