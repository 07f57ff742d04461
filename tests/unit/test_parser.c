/* test_parser.c — unit tests of the lexer and parser (variants/core/{lexer,parser,ast}.c).
 *
 * Dump cases compare pvast_dump output with the expected tree; error cases check the
 * message, kind and exact line/column CPython 3.11 reports; a fuzz test feeds
 * truncated and byte-mutated programs and requires a tree or an error, never a crash
 * (run it under `make unit MODE=asan`); corpus tests parse every .py file in tests/lang and
 * require every tests/lang/syntax/NAME.py to fail at the line in NAME.expect. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "lexer.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------------------- */

/* Parses src (as a module, or as an expression) and returns the dump, or
 * "KIND LINE:COL MSG" for an error. Caller frees. */
static char *parse_to_text(const char *src, size_t len, bool expression)
{
    PvArena arena;
    PvSyntaxError err;
    PvBuf out;
    pvarena_init(&arena);
    pvbuf_init(&out);
    PvAst *tree = expression ? pvparse_expression(&arena, src, len, &err)
                             : pvparse_module(&arena, src, len, &err);
    if (tree)
        pvast_dump(tree, &out);
    else
        pvbuf_addf(&out, "%s %d:%d %s", err.kind, err.line, err.col, err.msg);
    pvarena_free(&arena);
    if (!out.data)
        pvbuf_adds(&out, "");
    return pvbuf_detach(&out);
}

static char *dump_module(const char *src) { return parse_to_text(src, strlen(src), false); }
static char *dump_expr(const char *src) { return parse_to_text(src, strlen(src), true); }

static void check_text(const char *src, char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        print_error("source:\n%s\n--- want:\n%s\n--- got:\n%s\n", src, want, got);
        free(got);
        fail();
    }
    free(got);
}

typedef struct DumpCase {
    const char *src, *want;
} DumpCase;

typedef struct ErrCase {
    const char *src;
    const char *want;   /* "KIND LINE:COL MSG" */
} ErrCase;

#define L(s) s "\n"

/* ---- expressions: precedence and associativity ---------------------------------- */

static const DumpCase expr_cases[] = {
    { "1 + 2 * 3",
      L("BinOp +") L("  left: Int 1") L("  right: BinOp *") L("    left: Int 2")
      L("    right: Int 3") },
    { "a - b - c",
      L("BinOp -") L("  left: BinOp -") L("    left: Name a") L("    right: Name b")
      L("  right: Name c") },
    { "-2**2",
      L("UnaryOp -") L("  operand: BinOp **") L("    left: Int 2") L("    right: Int 2") },
    { "2**3**2",
      L("BinOp **") L("  left: Int 2") L("  right: BinOp **") L("    left: Int 3")
      L("    right: Int 2") },
    { "2**-1",
      L("BinOp **") L("  left: Int 2") L("  right: UnaryOp -") L("    operand: Int 1") },
    { "a | b ^ c & d << 1 + 2",
      L("BinOp |") L("  left: Name a") L("  right: BinOp ^") L("    left: Name b")
      L("    right: BinOp &") L("      left: Name c") L("      right: BinOp <<")
      L("        left: Name d") L("        right: BinOp +") L("          left: Int 1")
      L("          right: Int 2") },
    { "a // b % c @ d / e",
      L("BinOp /") L("  left: BinOp @") L("    left: BinOp %") L("      left: BinOp //")
      L("        left: Name a") L("        right: Name b") L("      right: Name c")
      L("    right: Name d") L("  right: Name e") },
    { "not a == b",
      L("UnaryOp not") L("  operand: Compare ==") L("    left: Name a")
      L("    elts[0]: Name b") },
    { "a < b <= c is not d not in e in f is g != h",
      L("Compare < <= is not not in in is !=") L("  left: Name a") L("  elts[0]: Name b")
      L("  elts[1]: Name c") L("  elts[2]: Name d") L("  elts[3]: Name e")
      L("  elts[4]: Name f") L("  elts[5]: Name g") L("  elts[6]: Name h") },
    { "a or b and c or d",
      L("BoolOp or") L("  elts[0]: Name a") L("  elts[1]: BoolOp and") L("    elts[0]: Name b")
      L("    elts[1]: Name c") L("  elts[2]: Name d") },
    { "a if b else c if d else e",
      L("IfExp") L("  test: Name b") L("  body_expr: Name a") L("  orelse_expr: IfExp")
      L("    test: Name d") L("    body_expr: Name c") L("    orelse_expr: Name e") },
    { "lambda x, *a, k=1, **kw: x + k",
      L("Lambda") L("  param[0]: x") L("  param[1]: *a") L("  param[2]: k kwonly")
      L("    default: Int 1") L("  param[3]: **kw") L("  body_expr: BinOp +")
      L("    left: Name x") L("    right: Name k") },
    { "~-+x",
      L("UnaryOp ~") L("  operand: UnaryOp -") L("    operand: UnaryOp +")
      L("      operand: Name x") },
    { "f(a, *b, c=1, **d)",
      L("Call") L("  func: Name f") L("  elts[0]: Name a") L("  elts[1]: Starred")
      L("    value: Name b") L("  keywords[0]: Keyword c") L("    value: Int 1")
      L("  keywords[1]: Keyword **") L("    value: Name d") },
    { "f(x for x in y if x)",
      L("Call") L("  func: Name f") L("  elts[0]: GenExp") L("    elt: Name x")
      L("    generators[0]: Comprehension") L("      target: Name x")
      L("      iter: Name y") L("      ifs[0]: Name x") },
    { "a.b[1:2, ::3, c][d]",
      L("Subscript") L("  value: Subscript") L("    value: Attribute b")
      L("      value: Name a") L("    index: Tuple") L("      elts[0]: Slice")
      L("        lower: Int 1") L("        upper: Int 2") L("      elts[1]: Slice")
      L("        step: Int 3") L("      elts[2]: Name c") L("  index: Name d") },
    { "x[1,]",
      L("Subscript") L("  value: Name x") L("  index: Tuple") L("    elts[0]: Int 1") },
    { "(), (1,), [], {}, {1}, (x)",
      L("Tuple") L("  elts[0]: Tuple") L("  elts[1]: Tuple") L("    elts[0]: Int 1")
      L("  elts[2]: List") L("  elts[3]: Dict") L("  elts[4]: Set") L("    elts[0]: Int 1")
      L("  elts[5]: Name x") },
    { "{**a, 'k': 1}",
      L("Dict") L("  keys[0]: **") L("  keys[1]: Str \"k\"") L("  values[0]: Name a")
      L("  values[1]: Int 1") },
    { "{k: v for k, v in x if k for z in k}",
      L("DictComp") L("  value: Name v") L("  key: Name k")
      L("  generators[0]: Comprehension") L("    target: Tuple") L("      elts[0]: Name k")
      L("      elts[1]: Name v") L("    iter: Name x") L("    ifs[0]: Name k")
      L("  generators[1]: Comprehension") L("    target: Name z") L("    iter: Name k") },
    { "{*a, b}",
      L("Set") L("  elts[0]: Starred") L("    value: Name a") L("  elts[1]: Name b") },
    { "[x for x in y]",
      L("ListComp") L("  elt: Name x") L("  generators[0]: Comprehension")
      L("    target: Name x") L("    iter: Name y") },
    { "{x for x in y}",
      L("SetComp") L("  elt: Name x") L("  generators[0]: Comprehension")
      L("    target: Name x") L("    iter: Name y") },
    { "None, True, False, ...",
      L("Tuple") L("  elts[0]: None") L("  elts[1]: True") L("  elts[2]: False")
      L("  elts[3]: Ellipsis") },
};

static void test_expressions(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(expr_cases); i++)
        check_text(expr_cases[i].src, dump_expr(expr_cases[i].src), expr_cases[i].want);
}

/* ---- literals ------------------------------------------------------------------- */

static const DumpCase literal_cases[] = {
    { "1_000", L("Int 1000") },
    { "0x_ff + 0o17 + 0b101",
      L("BinOp +") L("  left: BinOp +") L("    left: Int 255") L("    right: Int 15")
      L("  right: Int 5") },
    { "9223372036854775807", L("Int 9223372036854775807") },
    { "1_000.5", L("Float 1000.5") },
    { "1.", L("Float 1") },
    { ".5", L("Float 0.5") },
    { "1e10", L("Float 10000000000") },
    { "1E-3", L("Float 0.001") },
    { "0.1", L("Float 0.10000000000000001") },
    { "'a' \"b\" '''c''' \"\"\"d\"\"\"", L("Str \"abcd\"") },
    { "'\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v'", L("Str \"\\n\\t\\r\\\\'\\\"\\x07\\x08\\x0c\\x0b\"") },
    { "'\\101\\0\\x41\\u00e9\\U0001F600'", L("Str \"A\\x00A\xc3\xa9\xf0\x9f\x98\x80\"") },
    { "'\\q\\d'", L("Str \"\\\\q\\\\d\"") },
    { "'a\\\nb'", L("Str \"ab\"") },
    { "r'\\n\\'' R'x' u'y' U'z'", L("Str \"\\\\n\\\\'xyz\"") },
    { "'''a\nb'''", L("Str \"a\\nb\"") },
    { "'h\xc3\xa9'", L("Str \"h\xc3\xa9\"") },
    { "''", L("Str \"\"") },
};

static void test_literals(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(literal_cases); i++)
        check_text(literal_cases[i].src, dump_expr(literal_cases[i].src),
                   literal_cases[i].want);
}

/* ---- f-strings ------------------------------------------------------------------ */

static const DumpCase fstring_cases[] = {
    { "f'a{x}b'",
      L("FString") L("  elts[0]: Str \"a\"") L("  elts[1]: Formatted") L("    value: Name x")
      L("  elts[2]: Str \"b\"") },
    { "f'{{}}{x!r}'",
      L("FString") L("  elts[0]: Str \"{}\"") L("  elts[1]: Formatted !r")
      L("    value: Name x") },
    { "f'{x:>{w}.{p}f}'",
      L("FString") L("  elts[0]: Formatted") L("    value: Name x")
      L("    format_spec: FString") L("      elts[0]: Str \">\"")
      L("      elts[1]: Formatted") L("        value: Name w") L("      elts[2]: Str \".\"")
      L("      elts[3]: Formatted") L("        value: Name p") L("      elts[4]: Str \"f\"") },
    { "f'{x=}'",
      L("FString") L("  elts[0]: Str \"x=\"") L("  elts[1]: Formatted !r")
      L("    value: Name x") },
    { "f'{x = :>3}'",
      L("FString") L("  elts[0]: Str \"x = \"") L("  elts[1]: Formatted")
      L("    value: Name x") L("    format_spec: FString") L("      elts[0]: Str \">3\"") },
    { "f\"{d['a']}{a[1:2]}{x == y}{x != y}\"",
      L("FString") L("  elts[0]: Formatted") L("    value: Subscript")
      L("      value: Name d") L("      index: Str \"a\"") L("  elts[1]: Formatted")
      L("    value: Subscript") L("      value: Name a") L("      index: Slice")
      L("        lower: Int 1") L("        upper: Int 2") L("  elts[2]: Formatted")
      L("    value: Compare ==") L("      left: Name x") L("      elts[0]: Name y")
      L("  elts[3]: Formatted") L("    value: Compare !=") L("      left: Name x")
      L("      elts[0]: Name y") },
    { "f'{ {\"k\": 1}[\"k\"] }'",
      L("FString") L("  elts[0]: Formatted") L("    value: Subscript")
      L("      value: Dict") L("        keys[0]: Str \"k\"") L("        values[0]: Int 1")
      L("      index: Str \"k\"") },
    { "'a' f'b{x}' 'c\\n'",
      L("FString") L("  elts[0]: Str \"ab\"") L("  elts[1]: Formatted") L("    value: Name x")
      L("  elts[2]: Str \"c\\n\"") },
    { "rf'\\n{x}' fR'{y!s}'",
      L("FString") L("  elts[0]: Str \"\\\\n\"") L("  elts[1]: Formatted")
      L("    value: Name x") L("  elts[2]: Formatted !s") L("    value: Name y") },
    { "f'{a, b}'",
      L("FString") L("  elts[0]: Formatted") L("    value: Tuple") L("      elts[0]: Name a")
      L("      elts[1]: Name b") },
    { "f''", L("FString") },
};

static void test_fstrings(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(fstring_cases); i++)
        check_text(fstring_cases[i].src, dump_expr(fstring_cases[i].src),
                   fstring_cases[i].want);
}

/* ---- statements ----------------------------------------------------------------- */

static const DumpCase stmt_cases[] = {
    { "x = y = 1, 2\n",
      L("Module") L("  body[0]: Assign") L("    targets[0]: Name x") L("    targets[1]: Name y")
      L("    value: Tuple") L("      elts[0]: Int 1") L("      elts[1]: Int 2") },
    { "a, *b = c\n[d, (e, f)] = g\n",
      L("Module") L("  body[0]: Assign") L("    targets[0]: Tuple") L("      elts[0]: Name a")
      L("      elts[1]: Starred") L("        value: Name b") L("    value: Name c")
      L("  body[1]: Assign") L("    targets[0]: List") L("      elts[0]: Name d")
      L("      elts[1]: Tuple") L("        elts[0]: Name e") L("        elts[1]: Name f")
      L("    value: Name g") },
    { "x += 1; y **= 2;\n",
      L("Module") L("  body[0]: AugAssign +") L("    target: Name x") L("    value: Int 1")
      L("  body[1]: AugAssign **") L("    target: Name y") L("    value: Int 2") },
    { "x: int = 3\na.b: str\n",
      L("Module") L("  body[0]: AnnAssign") L("    target: Name x") L("    value: Int 3")
      L("    annotation: Name int") L("  body[1]: AnnAssign") L("    target: Attribute b")
      L("      value: Name a") L("    annotation: Name str") },
    { "del a, b[0], c.d\n",
      L("Module") L("  body[0]: Delete") L("    targets[0]: Name a")
      L("    targets[1]: Subscript") L("      value: Name b") L("      index: Int 0")
      L("    targets[2]: Attribute d") L("      value: Name c") },
    { "if a: pass\nelif b:\n    pass\nelse:\n    x\n",
      L("Module") L("  body[0]: If") L("    test: Name a") L("    body[0]: Pass")
      L("    orelse[0]: If") L("      test: Name b") L("      body[0]: Pass")
      L("      orelse[0]: Expr") L("        value: Name x") },
    { "while x:\n    break\nelse:\n    pass\n",
      L("Module") L("  body[0]: While") L("    test: Name x") L("    body[0]: Break")
      L("    orelse[0]: Pass") },
    { "for *a, b in c, d:\n    continue\nelse: pass\n",
      L("Module") L("  body[0]: For") L("    target: Tuple") L("      elts[0]: Starred")
      L("        value: Name a") L("      elts[1]: Name b") L("    iter: Tuple")
      L("      elts[0]: Name c") L("      elts[1]: Name d") L("    body[0]: Continue")
      L("    orelse[0]: Pass") },
    { "@d\n@e.f(1)\ndef g(a, b=1, *c, d, e=2, **f) -> int:\n    return a, b\n",
      L("Module") L("  body[0]: FunctionDef g") L("    param[0]: a") L("    param[1]: b")
      L("      default: Int 1") L("    param[2]: *c") L("    param[3]: d kwonly")
      L("    param[4]: e kwonly") L("      default: Int 2") L("    param[5]: **f")
      L("    decorators[0]: Name d") L("    decorators[1]: Call")
      L("      func: Attribute f") L("        value: Name e") L("      elts[0]: Int 1")
      L("    body[0]: Return") L("      value: Tuple") L("        elts[0]: Name a")
      L("        elts[1]: Name b") },
    { "def f(*, k):\n    x = yield\n    y = yield from z\n    yield 1, 2\n    return\n",
      L("Module") L("  body[0]: FunctionDef f") L("    param[0]: k kwonly")
      L("    body[0]: Assign") L("      targets[0]: Name x") L("      value: Yield")
      L("    body[1]: Assign") L("      targets[0]: Name y") L("      value: YieldFrom")
      L("        value: Name z") L("    body[2]: Expr") L("      value: Yield")
      L("        value: Tuple") L("          elts[0]: Int 1") L("          elts[1]: Int 2")
      L("    body[3]: Return") },
    { "class A(B, C, metaclass=M):\n    x = 1\n    def f(self):\n        pass\n",
      L("Module") L("  body[0]: ClassDef A") L("    bases[0]: Name B") L("    bases[1]: Name C")
      L("    keywords[0]: Keyword metaclass") L("      value: Name M")
      L("    body[0]: Assign") L("      targets[0]: Name x") L("      value: Int 1")
      L("    body[1]: FunctionDef f") L("      param[0]: self") L("      body[0]: Pass") },
    { "def f():\n    global a, b\n    def g():\n        nonlocal c\n",
      L("Module") L("  body[0]: FunctionDef f") L("    body[0]: Global a b")
      L("    body[1]: FunctionDef g") L("      body[0]: Nonlocal c") },
    { "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nexcept:\n"
      "    pass\nelse:\n    pass\nfinally:\n    pass\n",
      L("Module") L("  body[0]: Try") L("    body[0]: Pass")
      L("    handlers[0]: ExceptHandler e") L("      type: Tuple") L("        elts[0]: Name A")
      L("        elts[1]: Name B") L("      body[0]: Pass") L("    handlers[1]: ExceptHandler")
      L("      type: Name C") L("      body[0]: Pass") L("    handlers[2]: ExceptHandler")
      L("      body[0]: Pass") L("    orelse[0]: Pass") L("    finalbody[0]: Pass") },
    { "raise\nraise X\nraise X from Y\nassert x\nassert x, 'm'\n",
      L("Module") L("  body[0]: Raise") L("  body[1]: Raise") L("    exc: Name X")
      L("  body[2]: Raise") L("    exc: Name X") L("    cause: Name Y") L("  body[3]: Assert")
      L("    test: Name x") L("  body[4]: Assert") L("    test: Name x")
      L("    msg: Str \"m\"") },
    { "with a as b, c as (d, e), f:\n    pass\nwith (g as h, i):\n    pass\n",
      L("Module") L("  body[0]: With") L("    items[0]: WithItem") L("      target: Name b")
      L("      value: Name a") L("    items[1]: WithItem") L("      target: Tuple")
      L("        elts[0]: Name d") L("        elts[1]: Name e") L("      value: Name c")
      L("    items[2]: WithItem") L("      value: Name f") L("    body[0]: Pass")
      L("  body[1]: With") L("    items[0]: WithItem") L("      target: Name h")
      L("      value: Name g") L("    items[1]: WithItem") L("      value: Name i")
      L("    body[0]: Pass") },
    { "import a.b as c, d\nfrom . import x\nfrom ..m.n import (y as z, w,)\n"
      "from m import *\n",
      L("Module") L("  body[0]: Import") L("    names[0]: Alias a.b as c")
      L("    names[1]: Alias d") L("  body[1]: ImportFrom - level=1")
      L("    names[0]: Alias x") L("  body[2]: ImportFrom m.n level=2")
      L("    names[0]: Alias y as z") L("    names[1]: Alias w")
      L("  body[3]: ImportFrom m level=0") L("    names[0]: Alias *") },
    { "print(*a, sep='')\n",
      L("Module") L("  body[0]: Expr") L("    value: Call") L("      func: Name print")
      L("      elts[0]: Starred") L("        value: Name a") L("      keywords[0]: Keyword sep")
      L("        value: Str \"\"") },
};

static void test_statements(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(stmt_cases); i++)
        check_text(stmt_cases[i].src, dump_module(stmt_cases[i].src), stmt_cases[i].want);
}

/* ---- indentation and line structure --------------------------------------------- */

static const DumpCase layout_cases[] = {
    /* No trailing newline; the dedents still come. */
    { "if a:\n    if b:\n        x", L("Module") L("  body[0]: If") L("    test: Name a")
      L("    body[0]: If") L("      test: Name b") L("      body[0]: Expr")
      L("        value: Name x") },
    /* Blank lines, comments at any indentation, tab indentation. */
    { "\n# c\nif a:\n\n        # c\n\tx\n\ty  # c\n   # c\nz\n",
      L("Module") L("  body[0]: If") L("    test: Name a") L("    body[0]: Expr")
      L("      value: Name x") L("    body[1]: Expr") L("      value: Name y")
      L("  body[1]: Expr") L("    value: Name z") },
    /* Implicit joining in brackets ignores indentation; backslash continuation. */
    { "x = (1 +\n  2)\ny = 1 + \\\n        3\n",
      L("Module") L("  body[0]: Assign") L("    targets[0]: Name x") L("    value: BinOp +")
      L("      left: Int 1") L("      right: Int 2") L("  body[1]: Assign")
      L("    targets[0]: Name y") L("    value: BinOp +") L("      left: Int 1")
      L("      right: Int 3") },
    { "x = 1\r\ny = 2\r\n", L("Module") L("  body[0]: Assign") L("    targets[0]: Name x")
      L("    value: Int 1") L("  body[1]: Assign") L("    targets[0]: Name y")
      L("    value: Int 2") },
    { "", L("Module") },
    { "   \n\n# only comments", L("Module") },
    { "caf\xc3\xa9 = 1\n", L("Module") L("  body[0]: Assign")
      L("    targets[0]: Name caf\xc3\xa9") L("    value: Int 1") },
};

static void test_layout(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(layout_cases); i++)
        check_text(layout_cases[i].src, dump_module(layout_cases[i].src),
                   layout_cases[i].want);
}

/* ---- errors --------------------------------------------------------------------- */

static const ErrCase error_cases[] = {
    { "if x:\n    a\n  b\n",
      "IndentationError 3:4 unindent does not match any outer indentation level" },
    { "a\n  b\n", "IndentationError 2:2 unexpected indent" },
    { "if x:\npass\n",
      "IndentationError 2:1 expected an indented block after 'if' statement on line 1" },
    { "for x in y:\n\n# c\nz\n",
      "IndentationError 4:1 expected an indented block after 'for' statement on line 1" },
    { "def f():\nx\n",
      "IndentationError 2:1 expected an indented block after function definition on line 1" },
    { "if x:\n\tpass\n        pass\n",
      "TabError 3:1 inconsistent use of tabs and spaces in indentation" },
    { "x = 'abc\n", "SyntaxError 1:5 unterminated string literal (detected at line 1)" },
    { "x = '''abc\n\ny",
      "SyntaxError 1:5 unterminated triple-quoted string literal (detected at line 3)" },
    { "x = (1,\n2\n", "SyntaxError 1:5 '(' was never closed" },
    { "x = [1, 2\ny = 3\n", "SyntaxError 1:5 '[' was never closed" },
    { "x = 1)\n", "SyntaxError 1:6 unmatched ')'" },
    { "x = (1]\n",
      "SyntaxError 1:7 closing parenthesis ']' does not match opening parenthesis '('" },
    { "x = $\n", "SyntaxError 1:5 invalid syntax" },
    { "x = a ? b\n", "SyntaxError 1:7 invalid syntax" },
    { "x = !a\n", "SyntaxError 1:5 invalid syntax" },
    { "x = 1 2\n", "SyntaxError 1:7 invalid syntax" },
    { "x = 1 +\n", "SyntaxError 1:8 invalid syntax" },
    { "x = 1j\n", "SyntaxError 1:5 complex numbers are not supported" },
    { "x = b'a'\n", "SyntaxError 1:5 bytes literals are not supported" },
    { "x = 9223372036854775808\n",
      "SyntaxError 1:5 integer literal too large (parvm ints are 64-bit)" },
    { "x = 0x8000000000000000\n",
      "SyntaxError 1:5 integer literal too large (parvm ints are 64-bit)" },
    { "x = 012\n", "SyntaxError 1:5 leading zeros in decimal integer literals are not "
                   "permitted; use an 0o prefix for octal integers" },
    { "x = 1__0\n", "SyntaxError 1:6 invalid decimal literal" },
    { "x = 1abc\n", "SyntaxError 1:5 invalid decimal literal" },
    { "x = '\\x4'\n", "SyntaxError 1:6 (unicode error) truncated \\xXX escape" },
    { "x = '\\N{DASH}'\n", "SyntaxError 1:6 (unicode error) \\N{...} escapes are not supported" },
    { "def f():\n    return\nreturn 1\n", "SyntaxError 3:1 'return' outside function" },
    { "def f():\n    class A:\n        return 1\n", "SyntaxError 3:9 'return' outside function" },
    { "break\n", "SyntaxError 1:1 'break' outside loop" },
    { "while x:\n    pass\nelse:\n    break\n", "SyntaxError 4:5 'break' outside loop" },
    { "while 1:\n    def f():\n        continue\n",
      "SyntaxError 3:9 'continue' not properly in loop" },
    { "for x in y:\n    class A:\n        break\n", "SyntaxError 3:9 'break' outside loop" },
    { "nonlocal x\n", "SyntaxError 1:1 nonlocal declaration not allowed at module level" },
    { "x = yield 1\n", "SyntaxError 1:5 'yield' outside function" },
    { "1 = 2\n", "SyntaxError 1:1 cannot assign to literal here. Maybe you meant '==' "
                 "instead of '='?" },
    { "f() = 2\n", "SyntaxError 1:1 cannot assign to function call here. Maybe you meant "
                   "'==' instead of '='?" },
    { "x = a + 1 = 2\n", "SyntaxError 1:5 cannot assign to expression here. Maybe you "
                         "meant '==' instead of '='?" },
    { "(a, f()) = 1\n", "SyntaxError 1:5 cannot assign to function call" },
    { "None = 1\n", "SyntaxError 1:1 cannot assign to None" },
    { "del f()\n", "SyntaxError 1:5 cannot delete function call" },
    { "del a, 1\n", "SyntaxError 1:8 cannot delete literal" },
    { "for 1 in x: pass\n", "SyntaxError 1:5 cannot assign to literal" },
    { "with a as 1: pass\n", "SyntaxError 1:11 cannot assign to literal" },
    { "[x for f() in y]\n", "SyntaxError 1:8 cannot assign to function call" },
    { "f() += 1\n",
      "SyntaxError 1:1 'function call' is an illegal expression for augmented assignment" },
    { "(a, b) += 1\n",
      "SyntaxError 1:1 'tuple' is an illegal expression for augmented assignment" },
    { "a, *b, *c = d\n", "SyntaxError 1:1 multiple starred expressions in assignment" },
    { "*a = b\n", "SyntaxError 1:1 starred assignment target must be in a list or tuple" },
    { "if x\n    pass\n", "SyntaxError 1:5 expected ':'" },
    { "class A\n  pass\n", "SyntaxError 1:8 expected ':'" },
    { "def f(:\n  pass\n", "SyntaxError 1:7 invalid syntax" },
    { "try:\n  pass\n", "SyntaxError 2:7 expected 'except' or 'finally' block" },
    { "x = 1 if y\n", "SyntaxError 1:5 expected 'else' after 'if' expression" },
    { "f(**a, *b)\n", "SyntaxError 1:8 iterable argument unpacking follows keyword "
                      "argument unpacking" },
    { "f(x for x in y, 1)\n", "SyntaxError 1:3 Generator expression must be parenthesized" },
    { "def f(a=1, b): pass\n",
      "SyntaxError 1:12 non-default argument follows default argument" },
    { "def f(x, x): pass\n",
      "SyntaxError 1:10 duplicate argument 'x' in function definition" },
    { "(a, b): int\n", "SyntaxError 1:1 only single target (not tuple) can be annotated" },
    { "x = f'{}'\n", "SyntaxError 1:8 f-string: empty expression not allowed" },
    { "x = f'}'\n", "SyntaxError 1:7 f-string: single '}' is not allowed" },
    { "x = f'{a'\n", "SyntaxError 1:9 f-string: expecting '}'" },
    { "x = f'{a!x}'\n", "SyntaxError 1:10 f-string: invalid conversion character: "
                        "expected 's', 'r', or 'a'" },
    { "x = f'{a#}'\n", "SyntaxError 1:9 f-string expression part cannot include '#'" },
    { "x = f'{a b}'\n", "SyntaxError 1:10 f-string: invalid syntax" },
    { "x = f'{a:{b:{c}}}'\n", "SyntaxError 1:13 f-string: expressions nested too deeply" },
    { "x = (a := 1)\n", "SyntaxError 1:8 assignment expressions (:=) are not supported" },
    { "x = 1 \\ 2\n", "SyntaxError 1:8 unexpected character after line continuation "
                      "character" },
    { "x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
      "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
      "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
      "1", "SyntaxError 1:205 too many nested parentheses" },
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < PV_ARRAY_LEN(error_cases); i++) {
        char want[512];
        snprintf(want, sizeof want, "%s", error_cases[i].want);
        check_text(error_cases[i].src, dump_module(error_cases[i].src), want);
    }
}

static void test_nul_bytes(void **state)
{
    (void)state;
    /* The length, not a terminator, bounds the input: NUL is an error, not the end. */
    check_text("x = NUL", parse_to_text("x = \0\n", 6, false),
               "SyntaxError 1:5 source code cannot contain null bytes");
    check_text("'a NUL b'", parse_to_text("'a\0b'", 5, true), "Str \"a\\x00b\"\n");
}

static void test_deep_nesting(void **state)
{
    (void)state;
    /* Deep unary chains and nested brackets must fail cleanly, not overflow the stack. */
    PvBuf b;
    pvbuf_init(&b);
    pvbuf_adds(&b, "x = ");
    pvbuf_fill(&b, '-', 100000);
    pvbuf_adds(&b, "1\n");
    char *got = dump_module(b.data);
    assert_non_null(strstr(got, "SyntaxError 1:"));
    assert_non_null(strstr(got, "too deeply nested"));
    free(got);
    pvbuf_free(&b);

    pvbuf_init(&b);
    for (int i = 0; i < 150; i++)
        pvbuf_adds(&b, "[f(");
    for (int i = 0; i < 150; i++)
        pvbuf_adds(&b, ")]");
    got = dump_expr(b.data);
    assert_non_null(strstr(got, "SyntaxError"));
    free(got);
    pvbuf_free(&b);
}

/* ---- fuzz: truncations and mutations of valid programs --------------------------- */

static const char *const fuzz_seeds[] = {
    "def f(a, b=1, *c, d, **e):\n    \"\"\"doc\"\"\"\n    if a and not b:\n"
    "        return [x * 2 for x in c if x]\n    elif d:\n        yield from e\n"
    "    else:\n        x = {k: v for k, v in e.items()}\n    return f'{a!r:>{b}} {c=}'\n",
    "class A(B, metaclass=M):\n    x: int = 3\n    def g(self, *, k=lambda y: y ** -2):\n"
    "        try:\n            del self.x[1:2, ::3]\n        except (E, F) as e:\n"
    "            raise G from e\n        finally:\n            pass\n",
    "import a.b as c\nfrom . import (d, e,)\nwith open(p) as f, g as (h, *i):\n"
    "    for j, k in zip(f, g):\n        while j < k <= 3:\n            j += 1; k //= 2\n"
    "        else:\n            continue\n",
    "x = 0x_ff + 0o17 + 0b1 + 1_000.5e-3 + .5 + 1.\ns = 'a\\n' \"b\\x41\" r'''c\n"
    "d''' f\"{x:{y}.{z}}\"\n@dec(1)\ndef h():\n    global q\n    nonlocal_ = [*s, {**t, 1: 2}]\n"
    "    assert x, (yield)\n    print(*a, sep='', **kw)\n",
};

/* A small deterministic PRNG (xorshift) so failures reproduce. */
static uint32_t fuzz_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void fuzz_one(const char *src, size_t len, size_t *ok, size_t *errs)
{
    /* An exact-size heap copy, so ASan catches any read past the end. */
    char *copy = pv_xmalloc(len ? len : 1);
    memcpy(copy, src, len);
    PvArena arena;
    PvSyntaxError err;
    pvarena_init(&arena);
    PvAst *tree = pvparse_module(&arena, copy, len, &err);
    if (tree) {
        assert_int_equal(tree->kind, AST_MODULE);
        ++*ok;
    } else {
        assert_true(err.line >= 1);
        assert_true(err.msg[0] != '\0');
        assert_true(strcmp(err.kind, "SyntaxError") == 0 ||
                    strcmp(err.kind, "IndentationError") == 0 ||
                    strcmp(err.kind, "TabError") == 0);
        ++*errs;
    }
    pvarena_free(&arena);
    free(copy);
}

static void test_fuzz(void **state)
{
    (void)state;
    static const char interesting[] = "()[]{}:;,.=*'\"\\#\n\t {}f!0xe_\x00\xff\xc3";
    uint32_t seed = 0x9e3779b9u;
    size_t ok = 0, errs = 0;
    for (size_t s = 0; s < PV_ARRAY_LEN(fuzz_seeds); s++) {
        const char *src = fuzz_seeds[s];
        size_t len = strlen(src);
        /* The seeds themselves are valid. */
        char *whole = dump_module(src);
        assert_true(strncmp(whole, "Module", 6) == 0);
        free(whole);
        for (size_t n = 0; n <= len; n++)
            fuzz_one(src, n, &ok, &errs);
        char *buf = pv_xmalloc(len);
        for (int round = 0; round < 1500; round++) {
            memcpy(buf, src, len);
            int nmut = 1 + (int)(fuzz_rand(&seed) % 4);
            for (int m = 0; m < nmut; m++) {
                size_t at = fuzz_rand(&seed) % len;
                uint32_t r = fuzz_rand(&seed);
                buf[at] = (r & 1) ? (char)(r >> 8)
                                  : interesting[(r >> 8) % (sizeof interesting - 1)];
            }
            fuzz_one(buf, len, &ok, &errs);
        }
        free(buf);
    }
    /* Both outcomes happen: the mutations are neither all harmless nor all fatal. */
    assert_true(ok > 100);
    assert_true(errs > 1000);
}

/* ---- the language corpus -------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    PvBuf b;
    pvbuf_init(&b);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        pvbuf_add(&b, tmp, n);
    fclose(f);
    *len = b.len;
    if (!b.data)
        pvbuf_adds(&b, "");
    return pvbuf_detach(&b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every .py file in tests/lang and tests/lang/deviations parses. */
static void test_lang_corpus_parses(void **state)
{
    (void)state;
    static const char *const dirs[] = { "tests/lang", "tests/lang/deviations" };
    int failures = 0, files = 0;
    for (size_t d = 0; d < PV_ARRAY_LEN(dirs); d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (!ends_with(e->d_name, ".py"))
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            size_t len;
            char *src = read_file(path, &len);
            assert_non_null(src);
            char *got = parse_to_text(src, len, false);
            files++;
            if (strncmp(got, "Module", 6) != 0) {
                print_error("%s: %s\n", path, got);
                failures++;
            }
            free(got);
            free(src);
        }
        closedir(dir);
    }
    print_message("parsed %d corpus files\n", files);
    assert_int_equal(failures, 0);
}

/* Every tests/lang/syntax/NAME.py fails at the line given in NAME.expect ("LINE COL"). */
static void test_lang_syntax_errors(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/lang/syntax");
    if (!dir)
        return;
    int failures = 0, files = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (!ends_with(e->d_name, ".py"))
            continue;
        char path[1024], expect_path[1024];
        snprintf(path, sizeof path, "tests/lang/syntax/%s", e->d_name);
        snprintf(expect_path, sizeof expect_path, "tests/lang/syntax/%.*s.expect",
                 (int)(strlen(e->d_name) - 3), e->d_name);
        size_t len, elen;
        char *src = read_file(path, &len);
        char *expect = read_file(expect_path, &elen);
        assert_non_null(src);
        if (!expect) {
            print_error("%s: missing %s\n", path, expect_path);
            failures++;
            free(src);
            continue;
        }
        int want_line = 0, want_col = 0;
        if (sscanf(expect, "%d %d", &want_line, &want_col) < 1) {
            print_error("%s: malformed expectation\n", expect_path);
            failures++;
        } else {
            PvArena arena;
            PvSyntaxError err;
            pvarena_init(&arena);
            PvAst *tree = pvparse_module(&arena, src, len, &err);
            files++;
            if (tree) {
                print_error("%s: parsed, but should fail at line %d\n", path, want_line);
                failures++;
            } else if (err.line != want_line) {
                print_error("%s: failed at %d:%d (%s), expected line %d\n", path, err.line,
                            err.col, err.msg, want_line);
                failures++;
            }
            pvarena_free(&arena);
        }
        free(expect);
        free(src);
    }
    closedir(dir);
    print_message("checked %d syntax-error files\n", files);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_fstrings),
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_lang_corpus_parses),
        cmocka_unit_test(test_lang_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
