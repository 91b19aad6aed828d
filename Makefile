# Autodebet: `make test` and `make demo` each run against a throwaway PostgreSQL cluster
# (scripts/with-postgres) that is stopped and removed afterwards.

SWIFT ?= swift
N ?= 100000 1000000
PREFIX ?= /usr/local
# Release builds link the Swift runtime and Foundation statically: the installed binary
# needs only libpq (and the C library) on the server.
# JOBS=1 limits the build's parallel jobs (a shared machine).
RELEASE_FLAGS = -c release --static-swift-stdlib $(if $(JOBS),-j $(JOBS))

.PHONY: build release install check-install embed test demo bench bench-smoke fuzz fuzz-smoke crashloop crashloop-smoke clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build $(RELEASE_FLAGS)

# make install PREFIX=/usr/local: PREFIX/bin/autodebet, with the schema and the built-in
# layouts inside it (nothing else to copy).
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/autodebet" "$(DESTDIR)$(PREFIX)/bin/autodebet"

# The installed binary alone, from /, with only the PG variables: migrate, import,
# generate, run; and no Swift runtime library in its ldd (a release build: minutes).
check-install:
	scripts/with-postgres scripts/check-install

# After changing sql/ or layouts/: the copies compiled into the program.
embed:
	scripts/embed-resources

test:
	python3 fixtures/check_golden.py
	scripts/embed-resources --check
	python3 fixtures/make_returns.py --check >/dev/null
	$(SWIFT) build --build-tests
	scripts/with-postgres $(SWIFT) test --skip-build

demo: build
	scripts/with-postgres scripts/demo

# Times a month's work (import, generate, returns import, close, report, lookups) against
# the same work in pure SQL, at each size in N and in three database states (fresh, after a
# pilot, with 24 closed periods): make bench N="100000 1000000" [STATES="fresh history"].
# No autovacuum: scripts/bench vacuums between steps itself, untimed.
bench: release
	WITH_POSTGRES_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c track_io_timing=on -c autovacuum=off" \
	  scripts/with-postgres scripts/bench $(N)

# The CI's short run: 2,000 mandates in the three states, so that the benchmark's pure-SQL
# side keeps doing the same work as autodebet (it compares their files byte for byte).
bench-smoke:
	$(MAKE) bench N=2000

# Runs each libFuzzer target (return, debit and layout files, mandates and holidays CSV)
# for FUZZ_SECONDS (default 600) from its seeds; crashers are kept in fixtures/crashers/.
fuzz:
	scripts/fuzz

# The CI's short run: about ten seconds a target.
fuzz-smoke:
	FUZZ_SECONDS=10 scripts/fuzz

clean:
	rm -rf .build

# kill -9 of every state-changing command at random moments, rerun at once, invariants
# checked after every kill (scripts/crashloop): ≥200 kills on 200,000 mandates, release build.
# The server's own fsync is off: clients are killed, never the server.
crashloop: release
	WITH_POSTGRES_OPTIONS="-c fsync=off -c full_page_writes=off" AUTODEBET_BIN=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/autodebet \
	  N=$${N_CRASHLOOP:-200000} KILLS=$${KILLS:-200} scripts/with-postgres scripts/crashloop

# The CI's short run on the debug build (make test built it): 20 kills on 5,000 mandates.
crashloop-smoke:
	WITH_POSTGRES_OPTIONS="-c fsync=off -c full_page_writes=off" N=5000 KILLS=20 SEED=$${SEED:-1} \
	  scripts/with-postgres scripts/crashloop
