/* ast.c — the arena that owns a parse tree, node construction, list growth, kind names
 * and the textual dump used by the parser tests and `parvm --dump-ast`.
 *
 * The dump prints one node per line: `FIELD: Kind scalars`, children indented two
 * spaces under their parent, list elements labelled `field[i]`. Every child pointer and
 * list of a node is printed when non-empty, in the fixed order of the tables below, so
 * the dump is complete for every kind without per-kind code. */
#include "ast.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ---- arena ---------------------------------------------------------------------- */

/* A block is a header followed by its payload; `used` never exceeds `cap`. Big requests
 * get a block of their own so the common block size stays small. */
struct PvArenaBlock {
    PvArenaBlock *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

enum { PVARENA_BLOCK = 64 * 1024 };

void pvarena_init(PvArena *a) { a->head = NULL; }

void pvarena_free(PvArena *a)
{
    PvArenaBlock *b = a->head;
    while (b) {
        PvArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void *pvarena_alloc(PvArena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    PvArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > PVARENA_BLOCK / 4 ? n : PVARENA_BLOCK;
        PvArenaBlock *nb = pv_xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        if (b && cap == n) {
            /* A dedicated block goes behind the current one, which keeps its room. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *pvarena_strndup(PvArena *a, const char *s, size_t n)
{
    char *d = pvarena_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- nodes and lists ------------------------------------------------------------ */

void pvast_list_push(PvArena *a, PvAstList *l, PvAst *node)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        PvAst **items = pvarena_alloc(a, (size_t)cap * sizeof *items);
        if (l->n)
            memcpy(items, l->items, (size_t)l->n * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = node;
}

PvAst *pvast_new(PvArena *a, PvAstKind kind, int line, int col)
{
    PvAst *n = pvarena_alloc(a, sizeof *n);
    n->kind = kind;
    n->line = n->end_line = line;
    n->col = n->end_col = col;
    return n;
}

static const char *const pvast_kind_names[] = {
    [AST_NAME] = "Name", [AST_INT] = "Int", [AST_FLOAT] = "Float", [AST_STR] = "Str",
    [AST_NONE] = "None", [AST_TRUE] = "True", [AST_FALSE] = "False",
    [AST_ELLIPSIS] = "Ellipsis", [AST_FSTRING] = "FString",
    [AST_FORMATTED] = "Formatted", [AST_BINOP] = "BinOp", [AST_UNARYOP] = "UnaryOp",
    [AST_BOOLOP] = "BoolOp", [AST_COMPARE] = "Compare", [AST_IFEXP] = "IfExp",
    [AST_LAMBDA] = "Lambda", [AST_CALL] = "Call", [AST_KEYWORD] = "Keyword",
    [AST_ATTRIBUTE] = "Attribute", [AST_SUBSCRIPT] = "Subscript", [AST_SLICE] = "Slice",
    [AST_STARRED] = "Starred", [AST_TUPLE] = "Tuple", [AST_LIST] = "List",
    [AST_SET] = "Set", [AST_DICT] = "Dict", [AST_LISTCOMP] = "ListComp",
    [AST_SETCOMP] = "SetComp", [AST_DICTCOMP] = "DictComp", [AST_GENEXP] = "GenExp",
    [AST_COMPREHENSION] = "Comprehension", [AST_YIELD] = "Yield",
    [AST_YIELD_FROM] = "YieldFrom", [AST_EXPR_STMT] = "Expr", [AST_ASSIGN] = "Assign",
    [AST_AUGASSIGN] = "AugAssign", [AST_ANNASSIGN] = "AnnAssign",
    [AST_DELETE] = "Delete", [AST_PASS] = "Pass", [AST_BREAK] = "Break",
    [AST_CONTINUE] = "Continue", [AST_RETURN] = "Return", [AST_IF] = "If",
    [AST_WHILE] = "While", [AST_FOR] = "For", [AST_FUNCTIONDEF] = "FunctionDef",
    [AST_CLASSDEF] = "ClassDef", [AST_GLOBAL] = "Global", [AST_NONLOCAL] = "Nonlocal",
    [AST_TRY] = "Try", [AST_EXCEPTHANDLER] = "ExceptHandler", [AST_RAISE] = "Raise",
    [AST_WITH] = "With", [AST_WITHITEM] = "WithItem", [AST_ASSERT] = "Assert",
    [AST_IMPORT] = "Import", [AST_IMPORTFROM] = "ImportFrom", [AST_ALIAS] = "Alias",
    [AST_MODULE] = "Module",
};

const char *pvast_kind_name(PvAstKind kind)
{
    if ((unsigned)kind < PV_ARRAY_LEN(pvast_kind_names) && pvast_kind_names[kind])
        return pvast_kind_names[kind];
    return "?";
}

/* ---- dump ----------------------------------------------------------------------- */

static const char *const pvast_binop_names[PV_NBINOPS] = {
    "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "|", "^", "&", "@",
};
static const char *const pvast_unop_names[] = { "not", "-", "+", "~" };
static const char *const pvast_cmp_names[] = {
    "==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in",
};

typedef struct PvAstField {
    const char *name;
    size_t off;
} PvAstField;

#define PVAST_F(f) { #f, offsetof(PvAst, f) }
static const PvAstField pvast_child_fields[] = {
    PVAST_F(func), PVAST_F(target), PVAST_F(left), PVAST_F(operand), PVAST_F(test),
    PVAST_F(value), PVAST_F(right), PVAST_F(iter), PVAST_F(index), PVAST_F(lower),
    PVAST_F(upper), PVAST_F(step), PVAST_F(elt), PVAST_F(key), PVAST_F(exc),
    PVAST_F(cause), PVAST_F(msg), PVAST_F(type), PVAST_F(annotation),
    PVAST_F(format_spec), PVAST_F(body_expr), PVAST_F(orelse_expr),
};
/* Lists printed before the children, so a dump reads in source order. */
static const PvAstField pvast_early_list_fields[] = {
    PVAST_F(decorators), PVAST_F(targets),
};
static const PvAstField pvast_list_fields[] = {
    PVAST_F(bases), PVAST_F(elts), PVAST_F(keys),
    PVAST_F(values), PVAST_F(keywords), PVAST_F(generators), PVAST_F(ifs),
    PVAST_F(items), PVAST_F(names), PVAST_F(body), PVAST_F(handlers), PVAST_F(orelse),
    PVAST_F(finalbody),
};
#undef PVAST_F

/* Writes a string constant with Python-like escapes so the dump stays one line. */
static void pvast_dump_str(PvBuf *out, const char *s, size_t n)
{
    pvbuf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': pvbuf_adds(out, "\\n"); break;
        case '\t': pvbuf_adds(out, "\\t"); break;
        case '\r': pvbuf_adds(out, "\\r"); break;
        case '\\': pvbuf_adds(out, "\\\\"); break;
        case '"':  pvbuf_adds(out, "\\\""); break;
        default:
            if (c < 0x20 || c == 0x7f)
                pvbuf_addf(out, "\\x%02x", c);
            else
                pvbuf_addc(out, (char)c);
        }
    }
    pvbuf_addc(out, '"');
}

static void pvast_dump_node(const PvAst *n, PvBuf *out, int depth, const char *label,
                            int idx);

static void pvast_dump_params(const PvAstParams *ps, PvBuf *out, int depth)
{
    static const char *const prefix[] = { "", "*", "", "**" };
    for (int i = 0; i < ps->n; i++) {
        const PvAstParam *p = &ps->params[i];
        pvbuf_fill(out, ' ', (size_t)depth * 2);
        pvbuf_addf(out, "param[%d]: %s%s%s\n", i, prefix[p->kind], p->name,
                   p->kind == PV_PARAM_KWONLY ? " kwonly" : "");
        if (p->default_value)
            pvast_dump_node(p->default_value, out, depth + 1, "default", -1);
    }
}

static void pvast_dump_node(const PvAst *n, PvBuf *out, int depth, const char *label,
                            int idx)
{
    pvbuf_fill(out, ' ', (size_t)depth * 2);
    if (label) {
        pvbuf_adds(out, label);
        if (idx >= 0)
            pvbuf_addf(out, "[%d]", idx);
        pvbuf_adds(out, ": ");
    }
    if (!n) {
        /* Only dict keys may be NULL inside a list (`**value`). */
        pvbuf_adds(out, "**\n");
        return;
    }
    pvbuf_adds(out, pvast_kind_name(n->kind));
    switch (n->kind) {
    case AST_INT: pvbuf_addf(out, " %lld", (long long)n->int_value); break;
    case AST_FLOAT: pvbuf_addf(out, " %.17g", n->float_value); break;
    case AST_STR: pvbuf_addc(out, ' '); pvast_dump_str(out, n->str, n->str_len); break;
    case AST_BINOP: case AST_AUGASSIGN:
        pvbuf_addf(out, " %s", pvast_binop_names[n->binop]);
        break;
    case AST_UNARYOP: pvbuf_addf(out, " %s", pvast_unop_names[n->unaryop]); break;
    case AST_BOOLOP: pvbuf_adds(out, n->boolop == PV_BOOL_AND ? " and" : " or"); break;
    case AST_COMPARE:
        for (int i = 0; i < n->ncmp; i++)
            pvbuf_addf(out, " %s", pvast_cmp_names[n->cmpops[i]]);
        break;
    case AST_FORMATTED:
        if (n->conversion)
            pvbuf_addf(out, " !%c", n->conversion);
        break;
    case AST_IMPORTFROM:
        pvbuf_addf(out, " %s level=%d", n->module ? n->module : "-", n->level);
        break;
    case AST_KEYWORD: pvbuf_addf(out, " %s", n->name ? n->name : "**"); break;
    default:
        if (n->name)
            pvbuf_addf(out, " %s", n->name);
        break;
    }
    if (n->asname)
        pvbuf_addf(out, " as %s", n->asname);
    for (int i = 0; i < n->nidents; i++)
        pvbuf_addf(out, " %s", n->idents[i]);
    pvbuf_addc(out, '\n');

    if (n->kind == AST_FUNCTIONDEF || n->kind == AST_LAMBDA)
        pvast_dump_params(&n->params, out, depth + 1);
    for (size_t i = 0; i < PV_ARRAY_LEN(pvast_early_list_fields); i++) {
        const PvAstList *l =
            (const PvAstList *)((const char *)n + pvast_early_list_fields[i].off);
        for (int j = 0; j < l->n; j++)
            pvast_dump_node(l->items[j], out, depth + 1, pvast_early_list_fields[i].name, j);
    }
    for (size_t i = 0; i < PV_ARRAY_LEN(pvast_child_fields); i++) {
        const PvAst *c = *(PvAst *const *)((const char *)n + pvast_child_fields[i].off);
        if (c)
            pvast_dump_node(c, out, depth + 1, pvast_child_fields[i].name, -1);
    }
    for (size_t i = 0; i < PV_ARRAY_LEN(pvast_list_fields); i++) {
        const PvAstList *l =
            (const PvAstList *)((const char *)n + pvast_list_fields[i].off);
        for (int j = 0; j < l->n; j++)
            pvast_dump_node(l->items[j], out, depth + 1, pvast_list_fields[i].name, j);
    }
}

void pvast_dump(const PvAst *node, PvBuf *out)
{
    pvast_dump_node(node, out, 0, NULL, -1);
}
