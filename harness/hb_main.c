/* hb_main.c — entry point of build/bin/parvm-bench; everything else is in hb_cli.c so
 * the tests can drive the same code. */
#include "hb_cli.h"

int main(int argc, char **argv)
{
    return hbcli_main(argc, argv);
}
