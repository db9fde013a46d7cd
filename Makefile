.PHONY: setup test book bench clean install

PREFIX ?= $(HOME)/.local

setup:
	scripts/setup

test:
	scripts/test

book:
	scripts/quickstart

# Puts folio on the PATH (PREFIX/bin) with its models (PREFIX/share/folio).
install:
	scripts/install $(PREFIX)

# Benchmarks print `NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)` and write Benchmarks/results/latest.json.
bench:
	FOLIO_SKIP_BUILD=1 scripts/setup
	swift build -c release --product FolioBench
	.build/release/FolioBench

clean:
	swift package clean
