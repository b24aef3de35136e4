from . import test_crm_card_survey_access
from . import test_crm_card_survey_answer
from . import test_crm_card_survey_config
from . import test_crm_card_survey_invite
from . import test_crm_card_survey_lang
from . import test_crm_card_survey_tour
