# parvm — one interpreter core, several synchronisation backends, one harness.
#
#   make            build every variant and the harness (release mode)
#   make test       everything `.ci/run` runs: unit tests, conformance corpus on every
#                   variant, workloads (tiny), checking build, ASan/UBSan and TSan builds
#   make bench      install missing packages, build, run the default experiment, plot
#   make plots      redraw the plots from an existing database
#   make MODE=check|asan|tsan   the same targets in a checking or sanitizer build
#
# A variant is a folder variants/NAME/ implementing variants/core/sync.h, plus its name
# in VARIANTS. Objects of each (mode, variant) pair live in their own folder, and every
# object depends on a file holding the exact flags, so changing flags rebuilds.

# Every folder with a sync_impl.h, except those marked work-in-progress by a .wip file
# (built only when named: make VARIANTS=nogil).
VARIANTS ?= $(filter-out $(notdir $(patsubst %/.wip,%,$(wildcard variants/*/.wip))),\
              $(notdir $(patsubst %/sync_impl.h,%,$(wildcard variants/*/sync_impl.h))))
MODE     ?= release
CC       ?= cc
ifeq ($(CC),cc)
CC := gcc
endif

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
CSTD     := -std=gnu11
BASE_CFLAGS := $(CSTD) $(WARN) -D_GNU_SOURCE -pthread -g

ifeq ($(MODE),release)
  # Functions start on 64-byte boundaries, so that a change in one file does not shift
  # another file's hot code within its cache lines: shifting the eval loop by 48 bytes
  # moved a workload's time by up to 12% (docs/speed.md, "Code layout").
  OPT := -O2 -DNDEBUG -falign-functions=64
  BUILD := build
  # LAYOUT_PAD=N (0-63 bytes; multiples of 16 keep the compiler's own alignment of
  # jump targets) shifts the eval loop's body by N bytes, into build/layoutN:
  # scripts/layouts.sh measures over several such layouts.
  ifneq ($(LAYOUT_PAD),)
    OPT += -DPV_LAYOUT_PAD=$(LAYOUT_PAD)
    BUILD := build/layout$(LAYOUT_PAD)
  endif
else ifeq ($(MODE),check)
  OPT := -O1 -DPARVM_CHECK=1
  BUILD := build/check
else ifeq ($(MODE),asan)
  OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  BUILD := build/asan
else ifeq ($(MODE),tsan)
  OPT := -O1 -fno-omit-frame-pointer -fsanitize=thread
  BUILD := build/tsan
else
  $(error MODE must be release, check, asan or tsan (got '$(MODE)'))
endif

CFLAGS   ?=
LDFLAGS  ?=
ALL_CFLAGS := $(BASE_CFLAGS) $(OPT) $(CFLAGS)
ALL_LDFLAGS := -pthread $(filter -fsanitize=%,$(OPT)) $(LDFLAGS)
LIBS_VM  := -lpapi -lsde -lm
BIN      := $(BUILD)/bin
OBJ      := $(BUILD)/obj

CORE_SRCS := $(wildcard variants/core/*.c)
CORE_HDRS := $(wildcard variants/core/*.h variants/core/lib/*.py)

.PHONY: all variants test unit lang clean help
all: variants

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

# --- flag files: an object depends on the flags it was built with ----------------------
# $(call flagfile,NAME,FLAGS) -> path of a file whose content is FLAGS, rewritten only
# when the flags change.
define flagfile
$(shell mkdir -p $(OBJ) && f=$(OBJ)/$(1).flags; \
  printf '%s\n' '$(2)' | cmp -s - $$f || printf '%s\n' '$(2)' > $$f; echo $$f)
endef

# --- build facts: what `parvm-V --version` prints ----------------------------------------
# Each variant's main.o is compiled with `-include` of a header holding the variant's exact
# compile flags, the git commit and whether tracked files differed from it. The header is
# rewritten only when one of them changes, so a new commit rebuilds main.o and nothing else.
GIT_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
GIT_DIRTY  := $(if $(GIT_COMMIT),$(if $(shell git status --porcelain --untracked-files=no 2>/dev/null),1,0),-1)
# $(call c_string,TEXT) -> TEXT as a C string literal
c_string = "$(subst ",\",$(subst \,\\,$(1)))"
# $(call buildinfo,NAME,CFLAGS) -> path of a header defining PARVM_BUILD_CFLAGS,
# PARVM_GIT_COMMIT ("" when unknown) and PARVM_GIT_DIRTY (1, 0; -1 when unknown).
define buildinfo
$(shell mkdir -p $(OBJ) && f=$(OBJ)/$(1).buildinfo.h; \
  printf '\043define PARVM_BUILD_CFLAGS %s\n\043define PARVM_GIT_COMMIT "%s"\n\043define PARVM_GIT_DIRTY %s\n' \
    '$(call c_string,$(2))' '$(GIT_COMMIT)' '$(GIT_DIRTY)' > $$f.tmp; \
  if cmp -s $$f.tmp $$f; then rm -f $$f.tmp; else mv $$f.tmp $$f; fi; echo $$f)
endef

# --- one interpreter per variant ---------------------------------------------------------
# variant_rules(V): objects in $(OBJ)/V/, binary $(BIN)/parvm-V
define variant_rules
$(1)_UPPER := $(shell echo $(1) | tr a-z A-Z)
$(1)_CFLAGS := $(ALL_CFLAGS) -DPARVM_SYNC_$$($(1)_UPPER)=1 -DPARVM_MODE=$(MODE) -Ivariants/$(1) -Ivariants/core
$(1)_FLAGFILE := $$(call flagfile,$(1),$$($(1)_CFLAGS))
$(1)_BUILDINFO := $$(call buildinfo,$(1),$$($(1)_CFLAGS))
$(1)_SRCS := $(CORE_SRCS) $(wildcard variants/$(1)/*.c)
$(1)_OBJS := $$(patsubst variants/%.c,$(OBJ)/$(1)/%.o,$$($(1)_SRCS))
$(1)_HDRS := $(CORE_HDRS) $(wildcard variants/$(1)/*.h)

$(OBJ)/$(1)/%.o: variants/%.c $$($(1)_HDRS) $$($(1)_FLAGFILE)
	@mkdir -p $$(dir $$@)
	$$(CC) $$($(1)_CFLAGS) $$(BUILDINFO_INCLUDE) -c $$< -o $$@

$(OBJ)/$(1)/core/main.o: $$($(1)_BUILDINFO)
$(OBJ)/$(1)/core/main.o: private BUILDINFO_INCLUDE := -include $$($(1)_BUILDINFO)

$(BIN)/parvm-$(1): $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	$$(CC) $(ALL_LDFLAGS) -o $$@ $$^ $(LIBS_VM)

variants: $(BIN)/parvm-$(1)
endef
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))

# Core objects without a main(): used by unit tests that need the interpreter core.
# Built from the 'none' variant's objects (no threading backend in the way).
CORE_LIB_OBJS = $(filter-out $(OBJ)/none/core/main.o,$(none_OBJS))

# --- fragments owned by subsystems -----------------------------------------------------
# Each fragment appends its test binaries to UNIT_TESTS and its programs to TOOLS.
UNIT_TESTS :=
TOOLS :=
UNIT_CFLAGS = $(ALL_CFLAGS) -Ivariants/core -Ivariants/none -DPARVM_SYNC_NONE=1
-include $(sort $(wildcard variants/core/*.mk harness/*.mk tests/*.mk tests/unit/*.mk scripts/*.mk))

all: $(TOOLS)

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

clean:
	rm -rf build

# --- the test suite ------------------------------------------------------------------------
# `make test` is what CI runs. Each step prints its own summary line; the first failing
# step stops the run. Sanitizer builds use their own object folders (build/asan, ...).
PY ?= python3
# Conformance programs that need two Python threads running at once, so the 'none'
# build (threads run one after another) cannot run them.
LANG_NEEDS_THREADS := threading_sync
LANG_ALL := $(sort $(basename $(notdir $(filter-out tests/lang/_% tests/lang/parvm.py,$(wildcard tests/lang/*.py)))))

.PHONY: test test-build test-unit test-lang test-workloads test-threads test-harness \
        test-check test-asan test-fuzz test-tsan

TEST_STEPS := test-build test-unit test-lang test-workloads test-threads test-harness \
              test-check test-asan test-fuzz test-tsan
# The steps run one after another (each may build in parallel), so the log reads in
# order and the first failure stops the run.
test:
	@set -e; for s in $(TEST_STEPS); do echo "==== make $$s"; $(MAKE) --no-print-directory $$s; done
	@echo "make test: all steps passed"

test-build:
	$(MAKE) all

test-unit: test-build
	$(MAKE) unit

# Every conformance program on every variant (the none build skips the few that need
# real threads, and says which).
test-lang: test-build
	@set -e; for v in $(VARIANTS); do \
	  if [ $$v = none ]; then \
	    echo "== lang on $$v (not run here, they need concurrent threads: $(LANG_NEEDS_THREADS))"; \
	    tests/run-lang.sh --deviations --syntax $(BIN)/parvm-$$v $(filter-out $(LANG_NEEDS_THREADS),$(LANG_ALL)); \
	  else \
	    echo "== lang on $$v"; tests/run-lang.sh --deviations --syntax $(BIN)/parvm-$$v; \
	  fi; done
	@# A program alone runs solo transactions on stm; the corpus once more without them
	@# runs the whole protocol (read logging, undo copies, frame snapshots).
	@set -e; if echo " $(VARIANTS) " | grep -q ' stm '; then \
	  echo "== lang on stm, PARVM_STM_SOLO=0"; \
	  PARVM_STM_SOLO=0 tests/run-lang.sh $(BIN)/parvm-stm; fi

# Every workload at its tiny size on the reference interpreters (CPython, and PyPy when
# installed) at 1 and 2 threads, then on every variant at 1, 2 and 4 threads.
PYPY ?= pypy3
test-workloads: test-build
	@echo "== workloads (tiny) on CPython ($(PY)), threads 1,2"
	@$(PY) scripts/refcheck.py --sizes tiny --threads 1,2
	@if command -v $(PYPY) >/dev/null 2>&1; then \
	  echo "== workloads (tiny) on PyPy ($(PYPY)), threads 1,2"; \
	  $(PYPY) scripts/refcheck.py --sizes tiny --threads 1,2; \
	else echo "== workloads on PyPy: skipped, $(PYPY) is not installed (scripts/install-deps.sh installs it)"; fi
	@set -e; for v in $(VARIANTS); do \
	  if [ $$v = none ]; then t=1; else t=1,2,4; fi; \
	  echo "== workloads (tiny) on $$v, threads $$t"; \
	  $(PY) scripts/refcheck.py --vm $(BIN)/parvm-$$v --sizes tiny --threads $$t; done

# stm runs the atomic torture programs three more times, with the tunables at their
# extremes: one-tick transactions with an abort limit of 2 (commits, aborts and the
# switch to inevitable at almost every tick), an abort limit of 0 (every
# transaction inevitable: the token serialises them all), and serial phases started
# by any 4 aborts in half a millisecond, 5 ms long, with 50 us turns (measured: 1 to 15
# phases a run, and up to hundreds of turn hand-offs, in 6 of the 9 programs; the others
# do not abort often enough).
STM_ATOMIC_TESTS := $(basename $(notdir $(wildcard tests/threads/atomic_*.py)))
test-threads: test-build
	@set -e; if [ -x tests/run-threads.sh ]; then for v in $(VARIANTS); do \
	  echo "== threads on $$v"; tests/run-threads.sh $(BIN)/parvm-$$v; done; \
	else echo "tests/run-threads.sh missing"; exit 1; fi
	@set -e; if echo " $(VARIANTS) " | grep -q ' stm '; then \
	  echo "== atomic threads on stm, PARVM_STM_TX_TICKS=1 PARVM_STM_ABORT_LIMIT=2"; \
	  PARVM_STM_TX_TICKS=1 PARVM_STM_ABORT_LIMIT=2 tests/run-threads.sh $(BIN)/parvm-stm $(STM_ATOMIC_TESTS); \
	  echo "== atomic threads on stm, PARVM_STM_ABORT_LIMIT=0"; \
	  PARVM_STM_ABORT_LIMIT=0 tests/run-threads.sh $(BIN)/parvm-stm $(STM_ATOMIC_TESTS); \
	  echo "== atomic threads on stm, serial phases at every turn (PARVM_STM_SERIAL_PCT=1 ...)"; \
	  PARVM_STM_SERIAL_PCT=1 PARVM_STM_SERIAL_WINDOW_US=500 PARVM_STM_SERIAL_MS=5 PARVM_STM_SERIAL_SLICE_US=50 \
	    tests/run-threads.sh $(BIN)/parvm-stm $(STM_ATOMIC_TESTS); fi

test-harness: test-build
	@tests/harness/e2e.sh $(BIN)

# The checking build turns the hooks into assertions; it runs the conformance corpus.
test-check:
	$(MAKE) MODE=check all
	@set -e; for v in $(VARIANTS); do echo "== lang on $$v (checking build)"; \
	  if [ $$v = none ]; then tests/run-lang.sh build/check/bin/parvm-$$v $(filter-out $(LANG_NEEDS_THREADS),$(LANG_ALL)); \
	  else tests/run-lang.sh build/check/bin/parvm-$$v; fi; done
	@set -e; if echo " $(VARIANTS) " | grep -q ' stm '; then \
	  echo "== lang on stm (checking build), PARVM_STM_SOLO=0"; \
	  PARVM_STM_SOLO=0 tests/run-lang.sh build/check/bin/parvm-stm; fi

# ASan + UBSan on every build: unit tests, corpus, workloads.
test-asan:
	$(MAKE) MODE=asan all unit
	@set -e; for v in $(VARIANTS); do echo "== lang on $$v (ASan+UBSan)"; \
	  if [ $$v = none ]; then tests/run-lang.sh build/asan/bin/parvm-$$v $(filter-out $(LANG_NEEDS_THREADS),$(LANG_ALL)); t=1; \
	  else tests/run-lang.sh build/asan/bin/parvm-$$v; t=1,2; fi; \
	  echo "== workloads (tiny) on $$v (ASan+UBSan)"; \
	  $(PY) scripts/refcheck.py --vm build/asan/bin/parvm-$$v --sizes tiny --threads $$t --timeout 120; done

# Malformed programs (seeded mutants of the corpus) on the ASan builds: no input may
# crash the interpreter or trip a sanitizer.
test-fuzz:
	$(MAKE) MODE=asan all
	@set -e; for v in $(VARIANTS); do echo "== fuzz on $$v (ASan+UBSan)"; \
	  $(PY) tests/fuzz-vm.py build/asan/bin/parvm-$$v --count 300 --timeout 5; done

# ThreadSanitizer on the threaded builds: the threading tests and threaded workloads.
# The unit tests of the two protocols: test_nogil (biased-lock revocation, three threads
# ordered only by the lock word) and test_stm (whose real-thread cases run an inevitable
# transaction's abort request and serial phases' turn hand-offs); then the interpreter of
# each threaded build on the thread tests and the workloads. The stm interpreter runs
# with every transaction inevitable (PARVM_STM_ABORT_LIMIT=0): its threads then take
# turns through the token, and TSan checks everything the build does around
# transactions (commits, the token, ownership words, the collector's stop-the-world,
# thread start and exit, locks), but not speculative execution: a doomed transaction's
# reads are plain loads racing the owner's in-place writes, which TSan rightly reports
# (docs/architecture.md, "ThreadSanitizer and this build"). The racy thread tests run
# there too: every bytecode is atomic in that build.
TSAN_VARIANTS := $(filter-out none stm,$(VARIANTS))
TSAN_UNIT_TESTS := $(if $(filter stm,$(VARIANTS)),build/tsan/test/test_stm) \
                   $(if $(filter nogil,$(VARIANTS)),build/tsan/test/test_nogil)
TSAN_STM := $(if $(filter stm,$(VARIANTS)),build/tsan/bin/parvm-stm)
TSAN_ENV := TSAN_OPTIONS="halt_on_error=1 exitcode=66"
test-tsan:
	$(MAKE) MODE=tsan $(foreach v,$(TSAN_VARIANTS),build/tsan/bin/parvm-$(v)) $(TSAN_STM) $(TSAN_UNIT_TESTS)
	@set -e; for t in $(TSAN_UNIT_TESTS); do echo "== $$t (TSan)"; $(TSAN_ENV) $$t; done
	@set -e; for v in $(TSAN_VARIANTS); do echo "== threads on $$v (TSan)"; \
	  $(TSAN_ENV) THREADS_SKIP_RACY=1 tests/run-threads.sh build/tsan/bin/parvm-$$v; \
	  echo "== workloads (tiny, 2 threads) on $$v (TSan)"; \
	  $(TSAN_ENV) $(PY) scripts/refcheck.py --vm build/tsan/bin/parvm-$$v --sizes tiny --threads 2 --timeout 300; done
	@set -e; for b in $(TSAN_STM); do echo "== threads on stm, every transaction inevitable (TSan)"; \
	  $(TSAN_ENV) PARVM_STM_ABORT_LIMIT=0 tests/run-threads.sh $$b; \
	  echo "== workloads (tiny, 2 threads) on stm, every transaction inevitable (TSan)"; \
	  $(TSAN_ENV) PARVM_STM_ABORT_LIMIT=0 $(PY) scripts/refcheck.py --vm $$b --sizes tiny --threads 2 --timeout 300; done
