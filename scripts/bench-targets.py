#!/usr/bin/env python3
"""`make bench`: the benchmark's targets (issue 8), each met or not, from its rows.

    bench-targets.py TARGETS_TSV     (step, state, N, ratio, µs/row, MiB, worst ms a line)

  - every ratio to the same work in pure SQL at most 1.2, in every state;
  - a step's time per row within 20% across the database states (slowest over fastest);
  - peak memory at most 64 MiB, and flat in N (the largest size's within 20% of the smallest's);
  - a participant lookup's worst case under 50 ms.

Prints one line a target; a miss names the rows at fault. Informative: the exit status is 0
whatever the numbers (the run itself failing is scripts/bench's to report)."""
import sys
from collections import defaultdict

MAX_RATIO, MAX_SPREAD, MAX_MIB, MAX_WORST_MS = 1.2, 1.2, 64.0, 50.0

def number(text):
    return float(text) if text.strip() else None

def main():
    rows = []
    for line in open(sys.argv[1], encoding="utf-8"):
        step, state, n, ratio, per_row, mib, worst = line.rstrip("\n").split("\t")
        rows.append(dict(step=step, state=state, n=int(n), ratio=number(ratio),
                         per_row=number(per_row), mib=number(mib), worst=number(worst)))
    if not rows:
        print("targets: no rows measured")
        return
    mark = lambda ok: "met" if ok else "NOT met"

    over = [r for r in rows if r["ratio"] is not None and r["ratio"] > MAX_RATIO]
    print(f"ratio at most {MAX_RATIO}: {mark(not over)} ({len(rows) - len(over)} of {len(rows)} rows)"
          + "".join(f"\n  {r['step']}, {r['state']}, {r['n']:,}: {r['ratio']:.2f}" for r in over))

    by_step = defaultdict(list)
    for r in rows:
        if r["per_row"] is not None:
            by_step[(r["step"], r["n"])].append(r)
    spreads = []
    for (step, n), group in by_step.items():
        if len(group) < 2:
            continue
        slow = max(group, key=lambda r: r["per_row"])
        fast = min(group, key=lambda r: r["per_row"])
        spreads.append((slow["per_row"] / fast["per_row"] if fast["per_row"] else float("inf"), step, n, slow, fast))
    wide = [s for s in spreads if s[0] > MAX_SPREAD]
    print(f"time per row within {round((MAX_SPREAD - 1) * 100)}% across states: "
          + (mark(not wide) if spreads else "not measured (one state)")
          + "".join(f"\n  {step}, {n:,}: {slow['per_row']:.1f} µs ({slow['state']}) over "
                    f"{fast['per_row']:.1f} µs ({fast['state']}) = {spread:.2f}"
                    for spread, step, n, slow, fast in wide))

    sized = [r for r in rows if r["mib"] is not None]
    largest = max(sized, key=lambda r: r["mib"])
    sizes = sorted({r["n"] for r in sized})
    peak = {n: max(r["mib"] for r in sized if r["n"] == n) for n in sizes}
    flat = peak[sizes[-1]] <= peak[sizes[0]] * 1.2
    print(f"peak memory at most {MAX_MIB:.0f} MiB: {mark(largest['mib'] <= MAX_MIB)} "
          f"(largest {largest['mib']:.1f} MiB, {largest['step']}, {largest['state']}, {largest['n']:,})")
    if len(sizes) > 1:
        print(f"peak memory flat in N: {mark(flat)} ({peak[sizes[0]]:.1f} MiB at {sizes[0]:,}, "
              f"{peak[sizes[-1]]:.1f} MiB at {sizes[-1]:,})")

    lookups = [r for r in rows if r["worst"] is not None]
    if lookups:
        slowest = max(lookups, key=lambda r: r["worst"])
        print(f"lookup worst case under {MAX_WORST_MS:.0f} ms: {mark(slowest['worst'] < MAX_WORST_MS)} "
              f"(slowest {slowest['worst']:.1f} ms, {slowest['state']}, {slowest['n']:,})")

if __name__ == "__main__":
    main()
