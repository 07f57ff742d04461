# fmt.mk — the unit test of variants/core/fmt.c (number <-> text conversions).
# It links only fmt.c and util.c: the module has no dependency on the object model.
# Objects go to their own folder under $(OBJ)/unit/ so no other fragment's rules clash.

FMT_TEST      := $(BUILD)/test/test_fmt
FMT_TEST_SRCS := tests/unit/test_fmt.c variants/core/fmt.c variants/core/util.c
FMT_TEST_OBJS := $(patsubst %.c,$(OBJ)/unit/fmt/%.o,$(FMT_TEST_SRCS))
FMT_TEST_FLAGFILE := $(call flagfile,unit_fmt,$(UNIT_CFLAGS))

$(OBJ)/unit/fmt/%.o: %.c variants/core/fmt.h variants/core/util.h $(FMT_TEST_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(FMT_TEST): $(FMT_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lcmocka -lm

UNIT_TESTS += $(FMT_TEST)
