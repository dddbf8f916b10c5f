#!/usr/bin/env python3
"""Parallel scaling of `hashbridge verify --batch`: throughput at 1..N threads on the same input.

Usage: benches/scaling.py PATH/TO/hashbridge [--records 400] [--threads 1,2]
Input: copies of benches/data/inputs.jsonl's bcrypt (cost 10) and md5_crypt records, interleaved,
so that workers see unequal line costs as in a real export."""
import argparse, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("hashbridge")
    ap.add_argument("--records", type=int, default=400)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--labels", default="bcrypt,md5_crypt,sha512_crypt")
    a = ap.parse_args()
    wanted = a.labels.split(",")
    recs = [l for l in open(os.path.join(HERE, "data", "inputs.jsonl")) if json.loads(l)["label"] in wanted]
    data = "".join(recs[i % len(recs)] for i in range(a.records)).encode()
    base = None
    print("%8s %10s %12s %8s" % ("threads", "seconds", "records/s", "speedup"))
    for t in [int(x) for x in a.threads.split(",")]:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            r = subprocess.run([a.hashbridge, "verify", "--batch", "-", "--no-upgrade", "--threads", str(t)],
                               input=data, capture_output=True)
            best = min(best, time.perf_counter() - start)
            lines = r.stdout.decode().splitlines()
            if r.returncode or len(lines) != a.records or not all(json.loads(l).get("valid") for l in lines):
                sys.exit("hashbridge failed at %d threads" % t)
        base = base or best
        print("%8d %10.3f %12.1f %8.2f" % (t, best, a.records / best, base / best))


main()
