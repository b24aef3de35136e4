from . import crm_phonecall
