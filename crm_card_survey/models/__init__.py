from . import crm_card_satisfaction
from . import product_category
from . import product_product
from . import product_template
from . import res_company
from . import res_config_settings
from . import res_partner
from . import survey_user_input
