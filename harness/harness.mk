# harness/harness.mk — build rules of parvm-bench and its unit tests; included by the
# top Makefile. Objects go to $(OBJ)/harness/ (util.c from the core is compiled here
# too, with the harness's flags), and depend on a flag file so changing flags rebuilds.

HARNESS_SRCS    := $(filter-out harness/hb_main.c,$(wildcard harness/*.c))
HARNESS_HDRS    := $(wildcard harness/*.h) variants/core/util.h
HARNESS_CFLAGS  := $(ALL_CFLAGS) -Iharness -Ivariants/core
HARNESS_FLAGFILE := $(call flagfile,harness,$(HARNESS_CFLAGS))
HARNESS_OBJS    := $(patsubst harness/%.c,$(OBJ)/harness/%.o,$(HARNESS_SRCS)) $(OBJ)/harness/util.o
HARNESS_LIBS    := -lsqlite3 -lm

$(OBJ)/harness/%.o: harness/%.c $(HARNESS_HDRS) $(HARNESS_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(HARNESS_CFLAGS) -c $< -o $@

$(OBJ)/harness/util.o: variants/core/util.c $(HARNESS_HDRS) $(HARNESS_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(HARNESS_CFLAGS) -c $< -o $@

$(BIN)/parvm-bench: $(OBJ)/harness/hb_main.o $(HARNESS_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(HARNESS_LIBS)

TOOLS += $(BIN)/parvm-bench

# Unit tests: tests/harness/test_*.c, one binary each, linked with every harness object.
HARNESS_TEST_SRCS := $(wildcard tests/harness/test_*.c)
HARNESS_TESTS     := $(patsubst tests/harness/%.c,$(BUILD)/tests/harness/%,$(HARNESS_TEST_SRCS))

$(OBJ)/tests/harness/%.o: tests/harness/%.c $(HARNESS_HDRS) $(HARNESS_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(HARNESS_CFLAGS) -c $< -o $@

$(BUILD)/tests/harness/%: $(OBJ)/tests/harness/%.o $(HARNESS_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(HARNESS_LIBS) -lcmocka

# Keep test objects: make would otherwise delete them as intermediates.
.SECONDARY: $(patsubst tests/harness/%.c,$(OBJ)/tests/harness/%.o,$(HARNESS_TEST_SRCS))

# The tests run from the top folder and use the fixtures and scripts/pyrun.py there.
UNIT_TESTS += $(HARNESS_TESTS)
