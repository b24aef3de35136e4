from . import crm_shiffman_report
