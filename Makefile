# Autodebet: `make test` and `make demo` each run against a throwaway PostgreSQL cluster
# (scripts/with-postgres) that is stopped and removed afterwards.

SWIFT ?= swift
N ?= 100000 1000000

.PHONY: build release test demo bench fuzz fuzz-smoke clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

test:
	python3 fixtures/check_golden.py
	python3 fixtures/make_returns.py --check >/dev/null
	$(SWIFT) build --build-tests
	scripts/with-postgres $(SWIFT) test --skip-build

demo: build
	scripts/with-postgres scripts/demo

# Times a month's work (import, generate, returns import, close, report, lookups) against
# the same work in pure SQL, at each size in N and in three database states (fresh, after a
# pilot, with 24 closed periods): make bench N="100000 1000000" [STATES="fresh history"]
bench: release
	scripts/with-postgres scripts/bench $(N)

# Runs each libFuzzer target (return, debit and layout files, mandates and holidays CSV)
# for FUZZ_SECONDS (default 600) from its seeds; crashers are kept in fixtures/crashers/.
fuzz:
	scripts/fuzz

# The CI's short run: about ten seconds a target.
fuzz-smoke:
	FUZZ_SECONDS=10 scripts/fuzz

clean:
	rm -rf .build
