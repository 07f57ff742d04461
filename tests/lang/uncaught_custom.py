# An uncaught user-defined exception raised in a nested call: the last stderr line is
# "ClassName: message" (no module prefix for classes of the main program).
class InventoryError(Exception):
    pass
def take(stock, item):
    if stock.get(item, 0) <= 0:
        raise InventoryError("out of " + item)
    stock[item] -= 1
    return item
stock = {"apple": 1}
print(take(stock, "apple"))
take(stock, "apple")
