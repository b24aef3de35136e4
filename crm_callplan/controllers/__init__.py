from . import main
from . import pbx
