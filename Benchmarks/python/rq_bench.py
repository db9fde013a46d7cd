"""Python RQ on the same redis-server as Folio's queues: the job queue benchmark's baseline.

usage: rq_bench.py REDIS_URL JOBS LATENCY_SAMPLES
prints one JSON object: enqueue_per_s, work_per_s (a SimpleWorker draining JOBS no-op jobs in
burst mode: dequeue, run, record the result) and start_latency_ms_p50 (enqueue to a waiting
worker starting the job).
"""
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from redis import Redis  # noqa: E402
from rq import Queue, SimpleWorker  # noqa: E402
from rq.job import Job  # noqa: E402

import rq_tasks  # noqa: E402


def main():
    url, jobs, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    redis = Redis.from_url(url)
    redis.flushdb()
    queue = Queue("bench", connection=redis)

    started = time.perf_counter()
    for _ in range(jobs):
        queue.enqueue(rq_tasks.noop)
    enqueue_per_s = jobs / (time.perf_counter() - started)

    worker = SimpleWorker([queue], connection=redis)
    started = time.perf_counter()
    worker.work(burst=True, logging_level="ERROR")
    work_per_s = jobs / (time.perf_counter() - started)
    if queue.count != 0:
        raise SystemExit("the worker left jobs behind")

    # A worker already waiting, in its own process, as a deployed one would be.
    here = os.path.dirname(os.path.abspath(__file__))
    waiting = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[2]);"
         "from redis import Redis; from rq import Queue, SimpleWorker;"
         "r = Redis.from_url(sys.argv[1]);"
         "SimpleWorker([Queue('latency', connection=r)], connection=r).work(logging_level='ERROR')",
         url, here], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        latency_queue = Queue("latency", connection=redis)
        time.sleep(1.0)
        ids = []
        for _ in range(samples):
            ids.append(latency_queue.enqueue(rq_tasks.noop).id)
            time.sleep(0.03)
        deadline = time.time() + 30
        latencies = []
        while time.time() < deadline:
            jobs_done = [Job.fetch(job_id, connection=redis) for job_id in ids]
            if all(job.started_at is not None for job in jobs_done):
                latencies = [(job.started_at - job.enqueued_at).total_seconds() * 1000 for job in jobs_done]
                break
            time.sleep(0.1)
    finally:
        # SIGKILL: RQ's warm shutdown waits out its blocking dequeue (minutes).
        waiting.kill()
        waiting.wait(timeout=10)
    print(json.dumps({
        "enqueue_per_s": enqueue_per_s,
        "work_per_s": work_per_s,
        "start_latency_ms_p50": statistics.median(latencies) if latencies else 0,
    }))


if __name__ == "__main__":
    main()
