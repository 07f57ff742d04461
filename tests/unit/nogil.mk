# tests/unit/nogil.mk — the no-GIL build's biased-lock tests (test_nogil.c). The test
# compiles variants/nogil/nogil.c into itself, to reach its internal steps, so it links
# the nogil variant's objects without main.o and without nogil.o. Built only when the
# nogil variant is; the TSan build of it runs in `make test-tsan`.

ifneq ($(filter nogil,$(VARIANTS)),)
NOGIL_TEST      := $(BUILD)/test/test_nogil
NOGIL_LIB_OBJS   = $(filter-out $(OBJ)/nogil/core/main.o $(OBJ)/nogil/nogil/nogil.o,$(nogil_OBJS))

$(OBJ)/unit/nogil/test_nogil.o: tests/unit/test_nogil.c variants/nogil/nogil.c $(nogil_HDRS) $(nogil_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(nogil_CFLAGS) -c $< -o $@

$(NOGIL_TEST): $(OBJ)/unit/nogil/test_nogil.o $(NOGIL_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(NOGIL_LIB_OBJS) -lcmocka $(LIBS_VM)

UNIT_TESTS += $(NOGIL_TEST)
endif
