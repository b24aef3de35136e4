from . import test_crm_card_phonecall
