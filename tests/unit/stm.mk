# tests/unit/stm.mk — the STM build's deterministic conflict tests (test_stm.c): the
# 'stm' variant's objects without main.o, and a test compiled with that variant's
# flags (its sync_impl.h). Built only when the stm variant is. Objects in $(OBJ)/unit/stm/.

ifneq ($(filter stm,$(VARIANTS)),)
STM_TEST      := $(BUILD)/test/test_stm
STM_LIB_OBJS   = $(filter-out $(OBJ)/stm/core/main.o,$(stm_OBJS))

$(OBJ)/unit/stm/test_stm.o: tests/unit/test_stm.c $(stm_HDRS) $(stm_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(stm_CFLAGS) -c $< -o $@

$(STM_TEST): $(OBJ)/unit/stm/test_stm.o $(STM_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(STM_LIB_OBJS) -lcmocka $(LIBS_VM)

UNIT_TESTS += $(STM_TEST)
endif
