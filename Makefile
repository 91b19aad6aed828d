# Autodebet: `make test` and `make demo` each run against a throwaway PostgreSQL cluster
# (scripts/with-postgres) that is stopped and removed afterwards.

SWIFT ?= swift
N ?= 1000000

.PHONY: build release test demo bench clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

test:
	$(SWIFT) build --build-tests
	scripts/with-postgres $(SWIFT) test --skip-build

demo: build
	scripts/with-postgres scripts/demo

# Times mandates import and generate against the same work in pure SQL: make bench N=100000
bench: release
	scripts/with-postgres scripts/bench $(N)

clean:
	rm -rf .build
