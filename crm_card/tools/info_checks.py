from typing import NamedTuple


class CardInfoChecks(NamedTuple):
    """What a client's card holds for the information levels without orders, item by item, each
    ``(key, present)`` (``res.partner._card_info_checks``): two of the address items make
    "address", both potential items "potential", both need items "need"."""

    address: tuple
    potential: tuple
    need: tuple

    def level(self):
        if sum(ok for _key, ok in self.address) < 2:
            return "none"
        for level, items in (("address", self.potential), ("potential", self.need)):
            if not all(ok for _key, ok in items):
                return level
        return "need"
