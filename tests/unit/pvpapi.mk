# tests/unit/pvpapi.mk — builds the PAPI/SDE layer's unit test and the shared objects
# that let `papi_native_avail -sde FILE` list the sde:::parvm:: counters (docs/papi.md).
#
# papi_native_avail finds a program's SDEs by dlopen()ing FILE and calling its
# papi_sde_hook_list_events(); glibc refuses to dlopen a PIE executable, so the hook is
# also built into a small shared object per variant (its counters differ by backend).
# The shared objects are built without sanitizers: they are loaded into papi_native_avail,
# which is not.

PVPAPI_TEST_SRCS := tests/unit/test_pvpapi.c variants/core/pvpapi.c \
                    variants/core/counters.c variants/core/util.c
PVPAPI_TEST_OBJS := $(patsubst %.c,$(OBJ)/unit/pvpapi/%.o,$(PVPAPI_TEST_SRCS))
PVPAPI_TEST_SO   := $(BUILD)/test/libparvm-sde-none.so
PVPAPI_TEST_FLAGS := $(call flagfile,unit-pvpapi,$(UNIT_CFLAGS))
PVPAPI_SO_LIBS   := -lpapi -lsde

# $(call pvpapi_pic_flags,CFLAGS): CFLAGS for a shared object loaded by PAPI's tools.
pvpapi_pic_flags = $(filter-out -fsanitize=% -fno-sanitize-recover=%,$(1)) -fPIC

$(OBJ)/unit/pvpapi/%.o: %.c $(CORE_HDRS) variants/none/sync_counters.h $(PVPAPI_TEST_FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

# The test runs papi_native_avail on $(PVPAPI_TEST_SO): it is told where that is.
$(OBJ)/unit/pvpapi/tests/unit/test_pvpapi.o: tests/unit/test_pvpapi.c $(CORE_HDRS) \
    variants/none/sync_counters.h $(PVPAPI_TEST_FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -DPVPAPI_TEST_SO='"$(PVPAPI_TEST_SO)"' -c $< -o $@

$(OBJ)/unit/pvpapi/pic/%.o: %.c $(CORE_HDRS) variants/none/sync_counters.h $(PVPAPI_TEST_FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(call pvpapi_pic_flags,$(UNIT_CFLAGS)) -c $< -o $@

$(PVPAPI_TEST_SO): $(patsubst %.c,$(OBJ)/unit/pvpapi/pic/%.o,$(filter variants/%,$(PVPAPI_TEST_SRCS)))
	@mkdir -p $(dir $@)
	$(CC) -shared -pthread -o $@ $^ $(PVPAPI_SO_LIBS)

$(BUILD)/test/test_pvpapi: $(PVPAPI_TEST_OBJS) $(PVPAPI_TEST_SO)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(PVPAPI_TEST_OBJS) -lpapi -lsde -lcmocka -lm

UNIT_TESTS += $(BUILD)/test/test_pvpapi

# One shared object per variant: $(BUILD)/lib/libparvm-sde-V.so, core sources only.
define pvpapi_sde_so_rules
$(OBJ)/sde-$(1)/%.o: variants/%.c $$($(1)_HDRS) $$($(1)_FLAGFILE)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(call pvpapi_pic_flags,$$($(1)_CFLAGS)) -c $$< -o $$@

$(BUILD)/lib/libparvm-sde-$(1).so: $(patsubst variants/%.c,$(OBJ)/sde-$(1)/%.o,\
        variants/core/pvpapi.c variants/core/counters.c variants/core/util.c)
	@mkdir -p $$(dir $$@)
	$$(CC) -shared -pthread -o $$@ $$^ $(PVPAPI_SO_LIBS)

TOOLS += $(BUILD)/lib/libparvm-sde-$(1).so
endef
$(foreach v,$(VARIANTS),$(eval $(call pvpapi_sde_so_rules,$(v))))
