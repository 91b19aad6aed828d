# Autodebet: `make test` and `make demo` each run against a throwaway PostgreSQL cluster
# (scripts/with-postgres) that is stopped and removed afterwards.

SWIFT ?= swift
N ?= 100000 1000000

.PHONY: build release test demo bench clean

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

# Times mandates import, generate and returns import against the same work in pure SQL,
# at each size in N (peak memory compared across sizes): make bench N="100000 1000000"
bench: release
	scripts/with-postgres scripts/bench $(N)

clean:
	rm -rf .build
