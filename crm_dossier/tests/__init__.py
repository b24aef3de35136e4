from . import test_crm_dossier_access
from . import test_crm_dossier
from . import test_crm_dossier_comparison
from . import test_crm_dossier_lost
from . import test_crm_dossier_review
from . import test_crm_dossier_tour
from . import test_crm_dossier_merge
from . import test_crm_dossier_job_lang
