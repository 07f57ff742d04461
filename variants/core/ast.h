/* ast.h — the abstract syntax tree: what the parser produces and the compiler consumes.
 *
 * One node struct for every kind (a tagged union), allocated in an arena that is freed
 * as a whole after compilation. Positions are 1-based line and column (column counts
 * UTF-8 bytes from the start of the line, plus one). Identifiers and string constants
 * are arena-allocated, NUL-terminated UTF-8; string constants also carry their byte
 * length (they may contain NUL). The tree mirrors Python's own `ast` module closely, so
 * the names below mean what they mean there. */
#ifndef PARVM_AST_H
#define PARVM_AST_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* ---- arena ---------------------------------------------------------------------- */
typedef struct PvArenaBlock PvArenaBlock;
typedef struct PvArena {
    PvArenaBlock *head;
} PvArena;

void pvarena_init(PvArena *a);
void pvarena_free(PvArena *a);
void *pvarena_alloc(PvArena *a, size_t n);                 /* zeroed, 16-byte aligned */
char *pvarena_strndup(PvArena *a, const char *s, size_t n); /* NUL-terminated copy */

/* ---- node lists ----------------------------------------------------------------- */
typedef struct PvAst PvAst;
typedef struct PvAstList {
    PvAst **items;
    int n, cap;
} PvAstList;

void pvast_list_push(PvArena *a, PvAstList *l, PvAst *node);

/* ---- operators ------------------------------------------------------------------ */
typedef enum PvBinOp {
    PV_OP_ADD, PV_OP_SUB, PV_OP_MUL, PV_OP_TRUEDIV, PV_OP_FLOORDIV, PV_OP_MOD, PV_OP_POW,
    PV_OP_LSHIFT, PV_OP_RSHIFT, PV_OP_BITOR, PV_OP_BITXOR, PV_OP_BITAND, PV_OP_MATMUL,
    PV_NBINOPS
} PvBinOp;

typedef enum PvUnaryOp { PV_UOP_NOT, PV_UOP_NEG, PV_UOP_POS, PV_UOP_INVERT } PvUnaryOp;

typedef enum PvCmpOp {
    PV_CMP_EQ, PV_CMP_NE, PV_CMP_LT, PV_CMP_LE, PV_CMP_GT, PV_CMP_GE,
    PV_CMP_IS, PV_CMP_IS_NOT, PV_CMP_IN, PV_CMP_NOT_IN
} PvCmpOp;

typedef enum PvBoolOp { PV_BOOL_AND, PV_BOOL_OR } PvBoolOp;

/* ---- function parameters -------------------------------------------------------- */
typedef enum PvParamKind {
    PV_PARAM_POSITIONAL,  /* positional-or-keyword (before `*` / `*args`) */
    PV_PARAM_VARARGS,     /* *args */
    PV_PARAM_KWONLY,      /* after `*` or `*args` */
    PV_PARAM_VARKW        /* **kwargs */
} PvParamKind;

typedef struct PvAstParam {
    const char *name;
    PvAst *default_value;  /* NULL when none (always NULL for *args / **kwargs) */
    PvParamKind kind;
    int line, col;
} PvAstParam;

/* Parameters appear in source order: positional, then *args (or a bare `*`, which is
 * not stored), then keyword-only, then **kwargs. Positional-only (`/`) is not parsed. */
typedef struct PvAstParams {
    PvAstParam *params;
    int n;
} PvAstParams;

/* ---- nodes ---------------------------------------------------------------------- */
typedef enum PvAstKind {
    /* expressions */
    AST_NAME,         /* name */
    AST_INT,          /* int_value (fits int64; a larger literal is a syntax error) */
    AST_FLOAT,        /* float_value */
    AST_STR,          /* str, str_len; adjacent literals are already concatenated */
    AST_NONE, AST_TRUE, AST_FALSE, AST_ELLIPSIS,
    AST_FSTRING,      /* elts: AST_STR pieces and AST_FORMATTED fields, in order */
    AST_FORMATTED,    /* value; conversion ('r','s','a' or 0); format_spec: an
                         AST_FSTRING (may be nested fields) or NULL. `f"{x=}"` is
                         expanded by the parser into an AST_STR "x=" piece followed by
                         the field (with conversion 'r' when no spec/conversion). */
    AST_BINOP,        /* binop, left, right */
    AST_UNARYOP,      /* unaryop, operand */
    AST_BOOLOP,       /* boolop, elts (two or more operands; `a and b and c` is one) */
    AST_COMPARE,      /* left, cmpops[ncmp], elts (ncmp comparators) */
    AST_IFEXP,        /* test, body (the value if true), orelse (the value if false) */
    AST_LAMBDA,       /* params, body (the expression) */
    AST_CALL,         /* func, elts (positional args; AST_STARRED for *x),
                         keywords (AST_KEYWORD nodes; name NULL for **x) */
    AST_KEYWORD,      /* name (or NULL for **value), value */
    AST_ATTRIBUTE,    /* value, name */
    AST_SUBSCRIPT,    /* value, index (an expression, an AST_SLICE, or an AST_TUPLE
                         whose elements may be slices: `a[1:2, 3]`) */
    AST_SLICE,        /* lower, upper, step (each may be NULL) */
    AST_STARRED,      /* value */
    AST_TUPLE,        /* elts */
    AST_LIST,         /* elts */
    AST_SET,          /* elts */
    AST_DICT,         /* keys, values: parallel lists; a NULL key means `**value` */
    AST_LISTCOMP,     /* elt, generators (AST_COMPREHENSION nodes) */
    AST_SETCOMP,      /* elt, generators */
    AST_DICTCOMP,     /* key, value, generators */
    AST_GENEXP,       /* elt, generators */
    AST_COMPREHENSION,/* target, iter, ifs (list of conditions) */
    AST_YIELD,        /* value (may be NULL) */
    AST_YIELD_FROM,   /* value */

    /* statements */
    AST_EXPR_STMT,    /* value */
    AST_ASSIGN,       /* targets (`a = b = v` has two), value */
    AST_AUGASSIGN,    /* target, binop, value */
    AST_ANNASSIGN,    /* target, annotation, value (may be NULL) */
    AST_DELETE,       /* targets */
    AST_PASS, AST_BREAK, AST_CONTINUE,
    AST_RETURN,       /* value (may be NULL) */
    AST_IF,           /* test, body, orelse (`elif` is a nested AST_IF in orelse) */
    AST_WHILE,        /* test, body, orelse */
    AST_FOR,          /* target, iter, body, orelse */
    AST_FUNCTIONDEF,  /* name, params, body, decorators */
    AST_CLASSDEF,     /* name, bases (elts), keywords, body, decorators */
    AST_GLOBAL,       /* names */
    AST_NONLOCAL,     /* names */
    AST_TRY,          /* body, handlers (AST_EXCEPTHANDLER), orelse, finalbody */
    AST_EXCEPTHANDLER,/* type (may be NULL for bare except), name (may be NULL), body */
    AST_RAISE,        /* exc (may be NULL), cause (may be NULL) */
    AST_WITH,         /* items (AST_WITHITEM), body */
    AST_WITHITEM,     /* value (the context expression), target (may be NULL) */
    AST_ASSERT,       /* test, msg (may be NULL) */
    AST_IMPORT,       /* names: AST_ALIAS nodes */
    AST_IMPORTFROM,   /* module (dotted name), names: AST_ALIAS nodes (name "*" for
                         `from m import *`), level (number of leading dots) */
    AST_ALIAS,        /* name (dotted for import), asname (may be NULL) */
    AST_MODULE        /* body */
} PvAstKind;

struct PvAst {
    PvAstKind kind;
    int line, col;           /* where the node starts */
    int end_line, end_col;   /* just past where it ends (for error carets) */

    /* Scalars (which ones are meaningful depends on kind; see the list above). */
    const char *name;        /* NAME, ATTRIBUTE, KEYWORD, FUNCTIONDEF, CLASSDEF,
                                EXCEPTHANDLER, ALIAS */
    const char *asname;      /* ALIAS */
    const char *module;      /* IMPORTFROM (NULL for `from . import x`) */
    int level;               /* IMPORTFROM */
    int64_t int_value;       /* INT */
    double float_value;      /* FLOAT */
    const char *str;         /* STR */
    size_t str_len;
    PvBinOp binop;           /* BINOP, AUGASSIGN */
    PvUnaryOp unaryop;       /* UNARYOP */
    PvBoolOp boolop;         /* BOOLOP */
    PvCmpOp *cmpops;         /* COMPARE */
    int ncmp;
    char conversion;         /* FORMATTED */

    /* Children. */
    PvAst *value, *left, *right, *operand, *test, *target, *iter, *func, *index,
          *lower, *upper, *step, *elt, *key, *exc, *cause, *msg, *type,
          *annotation, *format_spec;
    PvAst *body_expr;        /* LAMBDA body, IFEXP body */
    PvAst *orelse_expr;      /* IFEXP orelse */
    PvAstList elts, keys, values, keywords, generators, ifs, targets, items, handlers,
              bases, decorators, names;
    PvAstList body, orelse, finalbody;  /* statement lists */
    PvAstParams params;      /* FUNCTIONDEF, LAMBDA */
    const char **idents;     /* GLOBAL, NONLOCAL: the names */
    int nidents;
};

PvAst *pvast_new(PvArena *a, PvAstKind kind, int line, int col);
const char *pvast_kind_name(PvAstKind kind);

/* Writes a deterministic, one-node-per-line indented dump of the tree (for tests and
 * `parvm --dump-ast`). */
struct PvBuf;
void pvast_dump(const PvAst *node, struct PvBuf *out);

/* ---- the parser ----------------------------------------------------------------- */
typedef struct PvSyntaxError {
    int line, col;           /* 1-based; col 0 when unknown */
    char msg[256];           /* e.g. "expected ':'", "invalid syntax",
                                "unterminated string literal", "unexpected indent" */
    char kind[32];           /* "SyntaxError" or "IndentationError" */
} PvSyntaxError;

/* Parses a whole module. Returns an AST_MODULE node allocated in `arena`, or NULL with
 * `err` filled in. Never crashes and never reads outside src[0..len), whatever the
 * input (including NUL bytes and invalid UTF-8). */
PvAst *pvparse_module(PvArena *arena, const char *src, size_t len, PvSyntaxError *err);

/* Parses a single expression (used for tests and eval-like helpers). */
PvAst *pvparse_expression(PvArena *arena, const char *src, size_t len, PvSyntaxError *err);

#endif
