"""Baseline for `folio stats`: the same figures from the same JSONL log with Python's json
module (requests, errors, tokens, cost, cache hits, fallbacks, quality and p50/p95/p99 of the
first-token and total latencies per provider). Prints "<lines> <seconds>"."""
import json
import sys
import time


def percentile(values, fraction):
    if not values:
        return None
    values.sort()
    rank = max(1, int(-(-fraction * len(values) // 1)))
    return values[rank - 1]


def main(path):
    started = time.perf_counter()
    groups = {}
    lines = 0
    with open(path, "rb") as log:
        for line in log:
            record = json.loads(line)
            lines += 1
            group = groups.setdefault(record.get("provider") or "none", {
                "requests": 0, "errors": 0, "prompt": 0, "completion": 0, "cost": 0.0, "hits": 0,
                "lookups": 0, "fallbacks": 0, "quality": [], "ttft": [], "total": []})
            group["requests"] += 1
            group["errors"] += 1 if record.get("error") else 0
            group["prompt"] += record.get("prompt_tokens", 0)
            group["completion"] += record.get("completion_tokens", 0)
            group["cost"] += record.get("cost_usd", 0.0)
            cache = record.get("cache")
            group["lookups"] += 1 if cache in ("hit", "miss") else 0
            group["hits"] += 1 if cache == "hit" else 0
            group["fallbacks"] += 1 if record.get("fallbacks", 0) > 0 else 0
            if record.get("quality") is not None:
                group["quality"].append(record["quality"])
            if record.get("ttft_ms") is not None:
                group["ttft"].append(record["ttft_ms"])
            group["total"].append(record["total_ms"])
    for group in groups.values():
        for key in ("ttft", "total"):
            group[key] = [percentile(group[key], f) for f in (0.5, 0.95, 0.99)]
    elapsed = time.perf_counter() - started
    print(lines, elapsed)


if __name__ == "__main__":
    main(sys.argv[1])
