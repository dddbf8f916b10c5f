#!/usr/bin/env python3
"""Migration toolkit figures: `wrap` throughput against the one-core `bench` figure, and the time
and peak resident memory of `convert` at 100,000 and 1,000,000 records (flat memory).

Usage: benches/migration.py PATH/TO/hashbridge [--wrap-records 600] [--convert-records 1000000]
       [--skip wrap|convert]

Inputs are built from real producers' hashes: libxcrypt's md5-crypt, SHA-256-crypt and
SHA-512-crypt vectors of tests/data/system.public.jsonl (the legacy hashes `wrap` wraps), and the
bcrypt hashes of Auth0's password export fixture (tests/data/exports/auth0/export.ndjson),
repeated under unique user names. Wall-clock times are the best of three runs; peak memory is
each run's maximum resident set (/usr/bin/time)."""
import argparse, json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")


def timed(cmd, **kw):
    """Run `cmd` under /usr/bin/time; (seconds, its peak RSS in MiB, completed process)."""
    start = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "HBRSS %M"] + cmd, capture_output=True, **kw)
    seconds = time.perf_counter() - start
    if r.returncode:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr.decode()[-2000:]))
    kib = [l for l in r.stderr.decode().splitlines() if l.startswith("HBRSS ")][-1].split()[1]
    return seconds, int(kib) / 1024.0, r


def legacy_records(n):
    vecs = []
    for line in open(os.path.join(DATA, "system.public.jsonl")):
        v = json.loads(line)
        if v["format"] in ("md5_crypt", "sha256_crypt", "sha512_crypt") and v.get("valid") and "rounds=" not in v["hash"]:
            vecs.append(v["hash"])
    return "".join(json.dumps({"id": "u%07d" % i, "hash": vecs[i % len(vecs)]}) + "\n" for i in range(n))


def wrap_figures(hb, n, tmp):
    # The one-core figure: `bench`'s time per target hash (argon2id m=19456 t=2 p=1).
    bench = subprocess.run([hb, "bench", "--scheme", "target", "--seconds", "5", "--json"], capture_output=True)
    ms = json.loads(bench.stdout.decode().splitlines()[0])["ms_per_verify"]
    one_core = 1000.0 / ms
    path = os.path.join(tmp, "legacy.jsonl")
    open(path, "w").write(legacy_records(n))
    rates = {}
    for t in (1, 2):
        best = float("inf")
        for _ in range(3):
            out = os.path.join(tmp, "wrapped-%d.jsonl" % t)
            if os.path.exists(out):
                os.remove(out)
            s, _, r = timed([hb, "wrap", "--from", "jsonl", path, "--out", out, "--threads", str(t), "--json"])
            stats = json.loads(r.stdout)
            assert stats["wrapped"] == n, stats
            best = min(best, s)
        rates[t] = n / best
    print("wrap, argon2id m=19456 t=2 p=1, %d md5/sha-crypt records:" % n)
    print("  bench (one core): %.2f ms a target hash = %.1f hashes/s" % (ms, one_core))
    print("  wrap --threads 1: %.1f records/s (%.3f of the bench figure)" % (rates[1], rates[1] / one_core))
    print("  wrap --threads 2: %.1f records/s (%.3f of 2x the bench figure, %.3f of 2x wrap --threads 1)"
          % (rates[2], rates[2] / (2 * one_core), rates[2] / (2 * rates[1])))


def auth0_export(n, path):
    rows = [json.loads(l) for l in open(os.path.join(DATA, "exports", "auth0", "export.ndjson"))]
    with open(path, "w") as f:
        for i in range(n):
            r = dict(rows[i % len(rows)])
            r["email"] = "user%07d@example.com" % i
            r["_id"] = {"$oid": "%024x" % i}
            f.write(json.dumps(r) + "\n")


def convert_figures(hb, n, tmp):
    print("convert, Auth0 password export (bcrypt) to each target:")
    print("  %-10s %10s %10s %12s %12s" % ("target", "records", "seconds", "records/s", "peak RSS MiB"))
    for records in sorted({min(100_000, n), n}):
        path = os.path.join(tmp, "auth0-%d.ndjson" % records)
        auth0_export(records, path)
        for target in ("okta", "auth0", "supabase", "hashbridge"):
            out = os.path.join(tmp, "out-%s-%d" % (target, records))
            s, rss, r = timed([hb, "convert", "--from", "auth0", path, "--to", target, "--out", out, "--json"])
            summary = json.loads(r.stdout)
            assert summary["converted"] == records and summary["self_tested"] == records, summary
            print("  %-10s %10d %10.1f %12.0f %12.1f" % (target, records, s, records / s, rss))
            subprocess.run(["rm", "-rf", out])
        os.remove(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("hashbridge")
    ap.add_argument("--wrap-records", type=int, default=600)
    ap.add_argument("--convert-records", type=int, default=1_000_000)
    ap.add_argument("--skip", default="")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if "convert" not in a.skip:
            convert_figures(a.hashbridge, a.convert_records, tmp)
        if "wrap" not in a.skip:
            wrap_figures(a.hashbridge, a.wrap_records, tmp)


main()
