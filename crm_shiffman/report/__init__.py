from . import crm_shiffman_report
from . import crm_shiffman_table_report
