# tests/unit/core.mk — unit tests that link the whole interpreter core: objects through
# the C API (test_core), the collector (test_gc) and the compiler (test_compile).
#
# They link $(CORE_LIB_OBJS), the 'none' variant's core objects without main.o, so the
# tests call pv_runtime_init() and drive the interpreter with no threading backend in
# the way. The test binaries depend on those objects, so the none variant is compiled
# first. Test objects live in $(OBJ)/unit/core/.

CORE_TESTS      := test_core test_gc test_compile
CORE_TEST_FLAGS := $(call flagfile,unit-core,$(UNIT_CFLAGS))
CORE_TEST_HDRS  := $(CORE_HDRS) $(wildcard variants/none/*.h)

$(OBJ)/unit/core/%.o: tests/unit/%.c $(CORE_TEST_HDRS) $(CORE_TEST_FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(BUILD)/test/test_core $(BUILD)/test/test_gc $(BUILD)/test/test_compile: \
    $(BUILD)/test/%: $(OBJ)/unit/core/%.o $(CORE_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CORE_LIB_OBJS) -lcmocka -lpapi -lsde -lm

UNIT_TESTS += $(addprefix $(BUILD)/test/,$(CORE_TESTS))
