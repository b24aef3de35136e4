from . import base_partner_merge_automatic_wizard
from . import crm_lead_lost
