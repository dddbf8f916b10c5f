#!/usr/bin/env python3
"""Migration toolkit figures: `wrap` throughput against the one-core `bench` figure, and the time
and peak resident memory of `convert` at 100,000 and 1,000,000 records (flat memory).

Usage: benches/migration.py PATH/TO/hashbridge [--wrap-records 600] [--wrap-rounds 5]
       [--convert-records 1000000] [--skip wrap|convert]

Inputs are built from real producers' hashes: libxcrypt's md5-crypt, SHA-256-crypt and
SHA-512-crypt vectors of tests/data/system.public.jsonl (the legacy hashes `wrap` wraps), and the
bcrypt hashes of Auth0's password export fixture (tests/data/exports/auth0/export.ndjson),
repeated under unique user names. Peak memory is each run's maximum resident set (/usr/bin/time).
On a shared machine, run it in a session of its own at a high priority, e.g.
`setsid sh -c 'echo -10 > /proc/self/autogroup; exec benches/migration.py ...'` (root), so that
other sessions' work does not land in the middle of one run and not another."""
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


def wrap_figures(hb, n, tmp, rounds):
    """`rounds` rounds, each timing `bench` (one core: its mean time per verify of the target
    hash, argon2id m=19456 t=2 p=1) and then `wrap --threads 1` and `--threads 2` over the same
    `n` records, so that each ratio compares runs made moments apart (a shared or virtual
    machine's speed drifts over minutes). Reports each round and the median ratios."""
    path = os.path.join(tmp, "legacy.jsonl")
    open(path, "w").write(legacy_records(n))
    out = os.path.join(tmp, "wrapped.jsonl")
    rows = []
    for _ in range(rounds):
        bench = subprocess.run([hb, "bench", "--scheme", "target", "--seconds", "5", "--json"], capture_output=True)
        one_core = 1000.0 / json.loads(bench.stdout.decode().splitlines()[0])["ms_per_verify"]
        rates = {}
        for t in (1, 2):
            if os.path.exists(out):
                os.remove(out)
            s, _, r = timed([hb, "wrap", "--from", "jsonl", path, "--out", out, "--threads", str(t), "--json"])
            stats = json.loads(r.stdout)
            assert stats["wrapped"] == n, stats
            rates[t] = n / s
        rows.append((one_core, rates[1], rates[2]))
    print("wrap, argon2id m=19456 t=2 p=1, %d md5/sha-crypt records, %d rounds:" % (n, rounds))
    print("  %14s %14s %14s %12s %12s" % ("bench hash/s", "wrap -t1 rec/s", "wrap -t2 rec/s", "t1/bench", "t2/2xbench"))
    for one, r1, r2 in rows:
        print("  %14.1f %14.1f %14.1f %12.3f %12.3f" % (one, r1, r2, r1 / one, r2 / (2 * one)))
    med = lambda xs: sorted(xs)[len(xs) // 2]
    print("  median: wrap --threads 1 at %.3f of the one-core bench figure, --threads 2 at %.3f of twice it"
          % (med([r1 / one for one, r1, _ in rows]), med([r2 / (2 * one) for one, _, r2 in rows])))


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
    ap.add_argument("--wrap-rounds", type=int, default=5)
    ap.add_argument("--convert-records", type=int, default=1_000_000)
    ap.add_argument("--skip", default="")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if "convert" not in a.skip:
            convert_figures(a.hashbridge, a.convert_records, tmp)
        if "wrap" not in a.skip:
            wrap_figures(a.hashbridge, a.wrap_records, tmp, a.wrap_rounds)


main()
