/* test_compile.c — the compiler (compile.c) end to end: snippets are compiled with
 * pv_compile, run with pv_eval_code into a fresh globals dict, and the variables they
 * leave behind are checked; syntax errors must raise SyntaxError (or IndentationError)
 * carrying the line CPython 3.11 reports; name resolution (closures, nonlocal, global,
 * class bodies, comprehensions) must bind each name where Python does.
 *
 * Expected values are those CPython 3.11 gives for the same snippets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "thread.h"
#include "vm.h"

/* Compiles and runs `src` as a module body; returns its globals (PV_NULL if compiling
 * or running raised: the exception is left pending). */
static PvVal run(const char *src)
{
    PvVal g = pv_dict_new();
    pv_dict_setc(g, "__name__", pv_str_cstr("__main__"));
    pv_dict_setc(g, "__builtins__", pv_builtins);
    PvCode *code = pv_compile(src, strlen(src), "snippet.py", "<module>");
    if (!code) return PV_NULL;
    if (!pv_eval_code(code, g, g)) return PV_NULL;
    return g;
}

static void fail_with_pending(const char *what)
{
    PvVal e = pv_err_fetch();
    PvVal line = e ? pv_exc_format_line(e) : PV_NULL;
    fail_msg("%s raised %s", what, line ? pv_str_data(line) : "(nothing)");
}

static PvVal run_ok(const char *src)
{
    PvVal g = run(src);
    if (!g) fail_with_pending(src);
    return g;
}

/* repr() of global `name` after running the snippet equals `want`. */
static void expect_var(PvVal g, const char *name, const char *want)
{
    PvVal v = pv_dict_getc(g, name);
    if (!v) fail_msg("variable '%s' is not set", name);
    PvVal r = pv_repr(v);
    assert_non_null((void *)r);
    if (strcmp(pv_str_data(r), want) != 0)
        fail_msg("%s = %s, expected %s", name, pv_str_data(r), want);
}

/* ---- values ----------------------------------------------------------------------- */

static void test_expressions_and_statements(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "x = 2 + 3 * 4 ** 2 // 5\n"
        "y = [i * i for i in range(6) if i % 2 == 0]\n"
        "z = 'v' + str(x) + '-' + f'{x:>4}|{2.5:.2f}'\n"
        "t = (1, 'a', None, True, -0.5)\n"
        "d = {k: len(k) for k in ['aa', 'b', 'cccc']}\n"
        "s = 0\n"
        "for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:\n"
        "    s += a * b - c\n"
        "else:\n"
        "    s = -s\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    if n >= 7: break\n"
        "chained = 1 < 2 < 3 > 2 != 5\n"
        "cond = 'yes' if n == 7 and not None else 'no'\n"
        "a, *rest = 'hello'\n"
        "try:\n"
        "    1 // 0\n"
        "except ZeroDivisionError as e:\n"
        "    caught = type(e).__name__\n"
        "finally:\n"
        "    fin = True\n");
    expect_var(g, "x", "11");
    expect_var(g, "y", "[0, 4, 16]");
    expect_var(g, "z", "'v11-  11|2.50'");
    expect_var(g, "t", "(1, 'a', None, True, -0.5)");
    expect_var(g, "d", "{'aa': 2, 'b': 1, 'cccc': 4}");
    expect_var(g, "s", "-13");
    expect_var(g, "n", "7");
    expect_var(g, "chained", "True");
    expect_var(g, "cond", "'yes'");
    expect_var(g, "a", "'h'");
    expect_var(g, "rest", "['e', 'l', 'l', 'o']");
    expect_var(g, "caught", "'ZeroDivisionError'");
    expect_var(g, "fin", "True");
}

static void test_functions_and_generators(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "def f(a, b=10, *args, c, d=4, **kw):\n"
        "    return (a, b, args, c, d, sorted(kw.items()))\n"
        "r1 = f(1, c=3)\n"
        "r2 = f(1, 2, 3, 4, c=5, e=6, d=7)\n"
        "def gen(n):\n"
        "    for i in range(n):\n"
        "        yield i * 10\n"
        "    return 'done'\n"
        "r3 = list(gen(4))\n"
        "r4 = sum(x for x in gen(5) if x)\n"
        "sq = lambda v: v * v\n"
        "r5 = list(map(sq, [1, 2, 3]))\n"
        "def fact(n):\n"
        "    return 1 if n <= 1 else n * fact(n - 1)\n"
        "r6 = fact(20)\n");
    expect_var(g, "r1", "(1, 10, (), 3, 4, [])");
    expect_var(g, "r2", "(1, 2, (3, 4), 5, 7, [('e', 6)])");
    expect_var(g, "r3", "[0, 10, 20, 30]");
    expect_var(g, "r4", "100");
    expect_var(g, "r5", "[1, 4, 9]");
    expect_var(g, "r6", "2432902008176640000");
}

/* ---- syntax errors ------------------------------------------------------------------ */

typedef struct SyntaxCase {
    const char *src;
    const char *kind;     /* "SyntaxError" or "IndentationError" */
    int line;
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
    {"x = 1\nif x\n    pass\n", "SyntaxError", 2},
    {"a = 1\nb = 2\nc = = 3\n", "SyntaxError", 3},
    {"def f():\nreturn 1\n", "IndentationError", 2},
    {"x = 1\n  y = 2\n", "IndentationError", 2},
    {"x = 1\nreturn 5\n", "SyntaxError", 2},
    {"def f():\n    x = 1\n    def g():\n        nonlocal y\n", "SyntaxError", 4},
    {"def f(a, a):\n    pass\n", "SyntaxError", 1},
    {"a = 1\n\n\nb = 'abc\n", "SyntaxError", 4},
    {"def f():\n    x = 1\n    global x\n", "SyntaxError", 3},
    {"x = 1\nfor i in range(3):\n    pass\nbreak\n", "SyntaxError", 4},
    {"x = 1\ny = 2 +\n", "SyntaxError", 2},
    {"def f():\n    yield 1\n    return 2\nclass C:\n    def m(self):\n        x = (yield) = 3\n",
     "SyntaxError", 6},
};

static void test_syntax_errors_name_the_line(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof syntax_cases / sizeof syntax_cases[0]; i++) {
        const SyntaxCase *c = &syntax_cases[i];
        PvCode *code = pv_compile(c->src, strlen(c->src), "bad.py", "<module>");
        if (code) fail_msg("case %zu compiled: %s", i, c->src);
        assert_true(pv_err_occurred());
        PvVal e = pv_err_fetch();
        assert_true(pv_isinstance(e, pv_exc_SyntaxError));
        PvVal file = pv_getattrc(e, "filename");
        assert_non_null((void *)file);
        assert_string_equal(pv_str_data(file), "bad.py");
        PvVal line = pv_getattrc(e, "lineno");
        assert_non_null((void *)line);
        assert_true(PV_IS_INT(line));
        /* Every case is checked; mismatches are listed, then the test fails. */
        const char *kind = pv_type(e)->name;
        if (strcmp(kind, c->kind) != 0 || pv_int_value(line) != c->line) {
            print_error("case %zu: %s at line %ld, expected %s at line %d:\n%s", i, kind,
                        (long)pv_int_value(line), c->kind, c->line, c->src);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* ---- scoping ------------------------------------------------------------------------ */

static void test_closures_and_nonlocal(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "def make_counter(start):\n"
        "    n = start\n"
        "    def inc(step=1):\n"
        "        nonlocal n\n"
        "        n += step\n"
        "        return n\n"
        "    def get():\n"
        "        return n\n"
        "    return inc, get\n"
        "inc1, get1 = make_counter(0)\n"
        "inc2, get2 = make_counter(100)\n"
        "inc1(); inc1(); inc2(5)\n"
        "r1 = (get1(), get2())\n"
        "late = [lambda: i for i in range(3)]\n"
        "r2 = [f() for f in late]\n"
        "bound = [lambda i=i: i for i in range(3)]\n"
        "r3 = [f() for f in bound]\n"
        "def outer():\n"
        "    v = 'outer'\n"
        "    def middle():\n"
        "        def inner():\n"
        "            return v\n"
        "        return inner\n"
        "    f = middle()\n"
        "    v = 'rebound'\n"
        "    return f()\n"
        "r4 = outer()\n"
        "def param_cell(p):\n"
        "    def read():\n"
        "        return p\n"
        "    p = p * 2\n"
        "    return read()\n"
        "r5 = param_cell(21)\n");
    expect_var(g, "r1", "(2, 105)");
    expect_var(g, "r2", "[2, 2, 2]");
    expect_var(g, "r3", "[0, 1, 2]");
    expect_var(g, "r4", "'rebound'");
    expect_var(g, "r5", "42");
}

static void test_global_and_unbound_local(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "counter = 0\n"
        "def bump():\n"
        "    global counter, created\n"
        "    counter += 1\n"
        "    created = 'yes'\n"
        "bump(); bump()\n"
        "shadow = 'global'\n"
        "def local_shadow():\n"
        "    shadow = 'local'\n"
        "    return shadow\n"
        "r1 = (local_shadow(), shadow)\n"
        "def unbound():\n"
        "    try:\n"
        "        print(shadow)\n"
        "    except UnboundLocalError:\n"
        "        return 'unbound'\n"
        "    shadow = 1\n"
        "r2 = unbound()\n");
    expect_var(g, "counter", "2");
    expect_var(g, "created", "'yes'");
    expect_var(g, "r1", "('local', 'global')");
    expect_var(g, "r2", "'unbound'");
}

static void test_class_body_scope(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "x = 'global'\n"
        "class C:\n"
        "    x = 'class'\n"
        "    y = x + '!'\n"
        "    def m(self):\n"
        "        return x\n"
        "    def n(self):\n"
        "        return self.x\n"
        "    z = [x for _ in range(1)]\n"
        "    w = [v * 2 for v in range(3) if v]\n"
        "r1 = (C.y, C().m(), C().n(), C.z, C.w)\n"
        "class Base:\n"
        "    def who(self):\n"
        "        return 'Base'\n"
        "class Derived(Base):\n"
        "    def who(self):\n"
        "        return 'Derived<' + super().who() + '>'\n"
        "r3 = Derived().who()\n");
    /* A comprehension in a class body does not see class variables: z sees the global. */
    expect_var(g, "r1", "('class!', 'global', 'class', ['global'], [2, 4])");
    expect_var(g, "r3", "'Derived<Base>'");
}

/* A class body inside a function assigns a name that a method reads from the function:
 * the class keeps its own binding, the method still closes over the function's. */
static void test_class_local_shadows_enclosing(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "x = 'global'\n"
        "def f():\n"
        "    x = 'enclosing'\n"
        "    class D:\n"
        "        a = x\n"
        "        x = 'D'\n"
        "        def get(self):\n"
        "            return x\n"
        "    return D.a, D.x, D().get()\n"
        "r2 = f()\n");
    /* In D's body x is assigned, so it is a class-local name: before the assignment it
     * is looked up in the class namespace, then the globals, never the enclosing function. */
    expect_var(g, "r2", "('global', 'D', 'enclosing')");
}

static void test_comprehension_scope(void **state)
{
    (void)state;
    PvVal g = run_ok(
        "i = 'outer'\n"
        "l = [i for i in range(3)]\n"
        "s = {i * 2 for i in range(3)}\n"
        "dd = {i: j for i, j in zip('ab', range(2))}\n"
        "ge = list(i for i in 'xy')\n"
        "nested = [[i * j for j in range(3)] for i in range(3)]\n"
        "flat = [j for i in range(3) for j in range(i)]\n"
        "def f(k):\n"
        "    return [k + m for m in range(k)]\n"
        "r = f(3)\n"
        "fs = [(lambda: n) for n in range(2)]\n"
        "rf = [h() for h in fs]\n");
    expect_var(g, "i", "'outer'");
    expect_var(g, "l", "[0, 1, 2]");
    expect_var(g, "s", "{0, 2, 4}");
    expect_var(g, "dd", "{'a': 0, 'b': 1}");
    expect_var(g, "ge", "['x', 'y']");
    expect_var(g, "nested", "[[0, 0, 0], [0, 1, 2], [0, 2, 4]]");
    expect_var(g, "flat", "[0, 0, 1]");
    expect_var(g, "r", "[3, 4, 5]");
    expect_var(g, "rf", "[1, 1]");
    assert_null((void *)pv_dict_getc(g, "j"));
    assert_null((void *)pv_dict_getc(g, "m"));
}

static void test_runtime_errors_propagate(void **state)
{
    (void)state;
    assert_null((void *)run("a = 1\nb = undefined_name + a\n"));
    assert_true(pv_err_is(pv_exc_NameError));
    pv_err_clear();
    assert_null((void *)run("def f():\n    return [][0]\nf()\n"));
    assert_true(pv_err_is(pv_exc_IndexError));
    pv_err_clear();
    assert_null((void *)run("class E(Exception):\n    pass\nraise E('boom')\n"));
    PvVal e = pv_err_fetch();
    PvVal line = pv_exc_format_line(e);
    assert_string_equal(pv_str_data(line), "E: boom");
}

int main(void)
{
    pv_runtime_init(0, NULL);
    pv_module_init(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expressions_and_statements),
        cmocka_unit_test(test_functions_and_generators),
        cmocka_unit_test(test_syntax_errors_name_the_line),
        cmocka_unit_test(test_closures_and_nonlocal),
        cmocka_unit_test(test_global_and_unbound_local),
        cmocka_unit_test(test_class_body_scope),
        cmocka_unit_test(test_class_local_shadows_enclosing),
        cmocka_unit_test(test_comprehension_scope),
        cmocka_unit_test(test_runtime_errors_propagate),
    };
    return cmocka_run_group_tests_name("compile", tests, NULL, NULL);
}
