# tests/unit/protocols.mk — unit tests of the threaded builds' own protocols, each
# compiled with its variant's flags (its sync_impl.h) and linked with that variant's
# objects without main.o. Built only when the variant is. Objects in $(OBJ)/unit/V/.
#
#   test_stm    (tests/unit/test_stm.c): the STM build's deterministic conflict tests;
#   test_nogil  (tests/unit/test_nogil.c): biased-lock revocation, and parallel
#               marking by a thread parked at a safepoint. It compiles
#               variants/nogil/nogil.c into itself, to reach its internal steps, so
#               it links without nogil.o.
# Their TSan builds run in `make test-tsan`.

# protocol_test(V, extra sources the test includes, variant objects left out)
define protocol_test
ifneq ($$(filter $(1),$$(VARIANTS)),)
$(1)_UNIT_TEST := $$(BUILD)/test/test_$(1)
$(1)_UNIT_OBJS  = $$(filter-out $$(OBJ)/$(1)/core/main.o $(3),$$($(1)_OBJS))

$$(OBJ)/unit/$(1)/test_$(1).o: tests/unit/test_$(1).c $(2) $$($(1)_HDRS) $$($(1)_FLAGFILE)
	@mkdir -p $$(dir $$@)
	$$(CC) $$($(1)_CFLAGS) -c $$< -o $$@

$$($(1)_UNIT_TEST): $$(OBJ)/unit/$(1)/test_$(1).o $$($(1)_UNIT_OBJS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$< $$($(1)_UNIT_OBJS) -lcmocka $$(LIBS_VM)

UNIT_TESTS += $$($(1)_UNIT_TEST)
endif
endef

$(eval $(call protocol_test,stm,,))
$(eval $(call protocol_test,nogil,variants/nogil/nogil.c,$(OBJ)/nogil/nogil/nogil.o))
