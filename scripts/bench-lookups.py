#!/usr/bin/env python3
"""`make bench`: latency of participant lookups, autodebet against the same queries in psql.

    bench-lookups.py BIN KEYS_FILE [PSQL]     (KEYS_FILE: one KPJ or NIK a line)

Runs `BIN participant KEY` and `psql -f scripts/bench-lookup.sql` for each key, and prints
one line: autodebet's median and worst, then psql's, in milliseconds. Both sides start a
process and open a connection per lookup, as an operator's lookup does. The side that goes
first for a key reads its pages from disk, the other finds them cached, so the two take
turns at going first. PSQL is the psql program to time (scripts/bench gives the server's
own, not Debian's /usr/bin/psql, a Perl wrapper that takes some 45 ms to start)."""
import statistics, subprocess, sys, time

def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"bench-lookups: {' '.join(cmd[:2])} failed: {done.stderr.decode()[:300]}")
    return elapsed

def main():
    binary, keys_file = sys.argv[1], sys.argv[2]
    psql = sys.argv[3] if len(sys.argv) > 3 else "psql"
    keys = [k.strip() for k in open(keys_file) if k.strip()][:1000]
    app, sql = [], []
    for i, key in enumerate(keys):
        column = "kpj" if len(key) == 11 else "nik"
        sides = [(app, [binary, "participant", key]),
                 (sql, [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"column={column}",
                        "-v", f"key={key}", "-f", "scripts/bench-lookup.sql", "-o", "/dev/null"])]
        for times, command in (sides if i % 2 == 0 else reversed(sides)):
            times.append(timed(command))
    print(f"{statistics.median(app):.1f} {max(app):.1f} {statistics.median(sql):.1f} {max(sql):.1f} {len(keys)}")

main()
