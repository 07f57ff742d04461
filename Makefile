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

VARIANTS ?= $(notdir $(patsubst %/sync_impl.h,%,$(wildcard variants/*/sync_impl.h)))
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
  OPT := -O2 -DNDEBUG
  BUILD := build
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

# --- one interpreter per variant ---------------------------------------------------------
# variant_rules(V): objects in $(OBJ)/V/, binary $(BIN)/parvm-V
define variant_rules
$(1)_UPPER := $(shell echo $(1) | tr a-z A-Z)
$(1)_CFLAGS := $(ALL_CFLAGS) -DPARVM_SYNC_$$($(1)_UPPER)=1 -DPARVM_MODE=$(MODE) -Ivariants/$(1) -Ivariants/core
$(1)_FLAGFILE := $$(call flagfile,$(1),$$($(1)_CFLAGS))
$(1)_SRCS := $(CORE_SRCS) $(wildcard variants/$(1)/*.c)
$(1)_OBJS := $$(patsubst variants/%.c,$(OBJ)/$(1)/%.o,$$($(1)_SRCS))
$(1)_HDRS := $(CORE_HDRS) $(wildcard variants/$(1)/*.h)

$(OBJ)/$(1)/%.o: variants/%.c $$($(1)_HDRS) $$($(1)_FLAGFILE)
	@mkdir -p $$(dir $$@)
	$$(CC) $$($(1)_CFLAGS) -c $$< -o $$@

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
-include $(sort $(wildcard variants/core/*.mk harness/*.mk tests/*.mk tests/unit/*.mk))

all: $(TOOLS)

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

clean:
	rm -rf build
