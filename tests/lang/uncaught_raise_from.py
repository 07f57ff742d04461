# An uncaught exception raised "from" another one: both are reported, the one raised
# last comes last on stderr.
def load(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError("bad config value") from e
print(load("12"))
load("twelve")
