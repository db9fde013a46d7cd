.PHONY: setup test book bench clean

setup:
	scripts/setup

test:
	scripts/test

book:
	scripts/quickstart

# Benchmarks print `NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)` and write Benchmarks/results/latest.json.
bench:
	FOLIO_SKIP_BUILD=1 scripts/setup
	swift build -c release --product FolioBench
	.build/release/FolioBench

clean:
	swift package clean
