"""Run callables at the same moment in threads, as two requests arriving together would."""

import threading

from django.db import connection


def run_at_once(*callables):
    """Start every callable behind one barrier; returns (results, errors) in completion order."""
    results, errors = [], []
    barrier = threading.Barrier(len(callables))

    def run(callable_):
        try:
            barrier.wait()
            results.append(callable_())
        except Exception as error:  # reported by the caller's assertions
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=run, args=(callable_,)) for callable_ in callables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
