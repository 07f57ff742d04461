/* runtime.c — start-up: every subsystem initialised in dependency order, the main
 * thread attached. The collector stays off until every root is registered. */
#include <stdio.h>

#include "thread.h"
#include "vm.h"
#include "pvpapi.h"

void pv_abstract_init(void);

static PvThread *main_thread;

void pv_runtime_init(int argc, char **argv)
{
    (void)argc; (void)argv;
    pvgc_init();
    pvgc_disable();
    pvsync_init();
    main_thread = pv_thread_create();
    pv_thread_setup(main_thread);
    pvgc_register_thread(main_thread);
    pvsync_thread_attach(main_thread);
    pvpapi_sde_init();

    pv_str_init();
    pv_tuple_init();
    pv_type_init();
    pv_numbers_init();
    pv_list_init();
    pv_dict_init();
    pv_set_init();
    pv_iter_init();
    pv_func_init();
    pv_exc_init();
    pv_vm_init();
    pv_abstract_init();
    pv_builtins = pv_dict_new();
    pvgc_add_root(&pv_builtins);
    pv_builtins_init();
    pv_mod_math_init();
    pv_mod_time_init();
    pv_mod_random_init();
    pv_mod_thread_init();
    pv_mod_parvm_init();
    pvgc_enable();
}

void pv_runtime_fini(void)
{
    fflush(stdout);
    fflush(stderr);
}
