# random.mk — unit tests of pvrandom (CPython-identical random module core) and pvhash
# (CPython-identical hash()). Included by the top Makefile; objects live under
# $(OBJ)/unit/random/ so they never clash with other fragments' objects.
# Vectors inside the tests come from tests/unit/gen_random_vectors.py (CPython 3.11).

RANDOM_UNIT_OBJ := $(OBJ)/unit/random
RANDOM_UNIT_FLAGFILE := $(call flagfile,unit-random,$(UNIT_CFLAGS))
RANDOM_UNIT_HDRS := variants/core/pvrandom.h variants/core/pvhash.h variants/core/util.h

$(RANDOM_UNIT_OBJ)/%.o: variants/core/%.c $(RANDOM_UNIT_HDRS) $(RANDOM_UNIT_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(RANDOM_UNIT_OBJ)/test_%.o: tests/unit/test_%.c $(RANDOM_UNIT_HDRS) $(RANDOM_UNIT_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(BUILD)/test/test_random: $(RANDOM_UNIT_OBJ)/test_random.o $(RANDOM_UNIT_OBJ)/pvrandom.o \
                           $(RANDOM_UNIT_OBJ)/util.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lcmocka -lm

$(BUILD)/test/test_hash: $(RANDOM_UNIT_OBJ)/test_hash.o $(RANDOM_UNIT_OBJ)/pvhash.o \
                         $(RANDOM_UNIT_OBJ)/util.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lcmocka -lm

UNIT_TESTS += $(BUILD)/test/test_random $(BUILD)/test/test_hash
