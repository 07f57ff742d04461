# scripts/bench.mk — the benchmark side of the build: run the default experiment,
# draw the plots, keep and check the single-thread overhead baseline. Included by the
# top Makefile, so VARIANTS, BIN and MODE are the top Makefile's.
#
#   make bench      install missing packages, build, run the default experiment into
#                   $(DB), draw the plots, print the summary table
#   make plots      redraw the plots from $(DB) without running anything
#   make baseline   make HEAD the reference commit (writes results/ci-reference)
#   make ci-bench   overhead check against the reference commit, built and measured
#                   here beside the current builds (what CI runs; docs/ci.md)
#   make deps       only check and install the system packages
#   make icount     single-thread cost of each build in instructions executed, under
#                   valgrind (scripts/icount.sh; ICOUNT_ARGS, e.g. "-s tiny -w btree")
#   make ci-icount  the same for the current tree and the reference commit, failing
#                   when a build's instructions relative to gil grew by more than
#                   ICOUNT_THRESHOLD per cent (default 2) on any workload (what CI runs)
#
# Variables (make bench SIZE=small REPS=3 THREADS=1,2):
#   SIZE        workload size: tiny, small, medium (default), large
#   DB          results database (default results/parvm.db; sessions accumulate)
#   REPS        measured repetitions per cell (default 5; ci-bench: see CI_REPS)
#   THREADS     comma-separated thread counts (default 1..nproc)
#   BENCH_ARGS  more `parvm-bench run` options, e.g. --workloads btree,bank --resume
#   BENCH_VARIANTS  what make bench runs (default: every parvm build, none included,
#               then cpython, and pypy when pypy3 is on PATH)
#   PLOTS       where the figures go (default results/plots)
#   CI_DB       database ci-bench appends its sessions to (default results/ci.db; the
#               reference's go to results/ci.reference.db)
#   CI_REF      the revision ci-bench compares with (default: the commit named in
#               results/ci-reference), e.g. make ci-bench CI_REF=HEAD~1
#   CI_REPS     ci-bench repetitions (default: 80 / number of parvm builds)
#   THRESHOLD   ci-bench regression threshold in percent (default 10)

SIZE       ?= medium
DB         ?= results/parvm.db
REPS       ?= 5
THREADS    ?= $(shell seq -s, 1 $$(nproc))
BENCH_ARGS ?=
PLOTS      ?= results/plots
CI_REFERENCE := results/ci-reference
CI_REF     ?= $(shell sed -n '/^[0-9a-f]/{p;q;}' $(CI_REFERENCE) 2>/dev/null)
CI_DB      ?= results/ci.db
CI_REPS    ?=
THRESHOLD  ?= 10

# The parvm builds that CI and the baseline measure, interleaved: every variant, none
# included (at one thread it runs everything, and none/gil is the cost of the GIL).
bench_empty :=
bench_comma := ,
BENCH_PARVM := $(subst $(bench_empty) $(bench_empty),$(bench_comma),$(strip $(VARIANTS)))

# The default experiment runs every variant: every parvm build (none too; the harness
# runs it at one thread only, where it is the cost of the GIL's hooks) and the reference
# interpreters found on PATH. The harness's own default would leave none out.
BENCH_PYPY := $(shell command -v pypy3 >/dev/null 2>&1 && echo pypy)
BENCH_VARIANTS ?= $(BENCH_PARVM),cpython$(if $(BENCH_PYPY),$(bench_comma)pypy)

PARVM_BENCH := $(BIN)/parvm-bench

.PHONY: deps bench bench-run plots baseline ci-bench icount ci-icount

deps:
	@scripts/install-deps.sh

# Packages first (a fresh machine cannot compile without them), then the build, then
# the run: each step in its own make so that -j never starts one before the other ends.
bench: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory bench-run

bench-run:
	@mkdir -p $(dir $(DB))
	@echo "== default experiment: $(BENCH_VARIANTS); size $(SIZE), threads $(THREADS), $(REPS) repetitions -> $(DB)"
	@$(if $(BENCH_PYPY),:,echo "   (pypy3 not on PATH: no PyPy column; scripts/install-deps.sh installs it)")
	@start=$$(date +%s); \
	$(PARVM_BENCH) run --db $(DB) --variants $(BENCH_VARIANTS) --sizes $(SIZE) --threads $(THREADS) --reps $(REPS) $(BENCH_ARGS); \
	rc=$$?; echo "== experiment took $$(( $$(date +%s) - start )) s (exit $$rc)"; \
	[ $$rc -eq 0 ] || [ $$rc -eq 1 ] || exit $$rc
	@scripts/plot.sh --bench $(PARVM_BENCH) $(DB) $(PLOTS)
	@echo
	@$(PARVM_BENCH) report --db $(DB)
	@echo
	@echo "results:  $(DB)   (sqlite3 $(DB); parvm-bench export --db $(DB) --format csv)"
	@echo "plots:    $(PLOTS)/*.png (screens), $(PLOTS)/*.pdf (papers); see docs/plots.md"
	@echo "redraw:   make plots DB=$(DB)"

# Only redraws: no prerequisite, so a changed source never rebuilds the harness here
# (plot.sh asks for `make` when the harness is not built yet).
plots:
	@scripts/plot.sh --bench $(PARVM_BENCH) $(DB) $(PLOTS)

baseline:
	@scripts/ci-bench.sh --write-reference $(CI_REFERENCE)

# Builds its own valgrind-compatible binaries (build/vg); see the script's header.
icount:
	@scripts/icount.sh $(ICOUNT_ARGS)

ICOUNT_THRESHOLD ?= 2
ci-icount:
	@scripts/icount.sh -r "$(CI_REF)" -t $(ICOUNT_THRESHOLD) $(ICOUNT_ARGS)

ci-bench: $(PARVM_BENCH) variants
	@scripts/ci-bench.sh --bench $(PARVM_BENCH) --variants $(BENCH_PARVM) \
	    --reps "$(CI_REPS)" --db $(CI_DB) --threshold $(THRESHOLD) \
	    --reference "$(CI_REF)"
