"""The job the RQ baseline runs: nothing, so only the queue's own cost is measured."""


def noop():
    return None
