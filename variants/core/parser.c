/* parser.c — recursive-descent parser from tokens (lexer.h) to the tree of ast.h.
 *
 * The grammar and the precedence follow CPython 3.11's. Errors unwind with longjmp to
 * pvparse_module / pvparse_expression: everything is allocated in the caller's arena,
 * so an error path has nothing to free. The parser also reports the errors CPython
 * finds in its later passes and that need only nesting context ('return' outside
 * function, 'break' outside loop, nonlocal at module level), tracked as it descends.
 *
 * Invariant: p->pos indexes a valid token; the array ends with ENDMARKER or ERROR and
 * the parser never advances past that last token. Touching an ERROR token (through
 * pv_cur) raises the lexer's error, so lexical errors surface where CPython's
 * on-demand tokenizer would raise them. */
#include "lexer.h"
#include "util.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

enum {
    PVPARSE_MAX_DEPTH = 200,        /* nested expressions before giving up */
    PVPARSE_MAX_FSTRING_NEST = 2,   /* f"{x:{y:{z}}}" is one level too deep, as in CPython */
};

typedef struct PvParser {
    PvArena *arena;
    PvToken *toks;
    int ntok, pos;
    PvSyntaxError *err;
    jmp_buf *jmp;
    int depth;          /* current expression nesting, bounded by PVPARSE_MAX_DEPTH */
    int func_depth;     /* enclosing def/lambda bodies (reset by class) */
    int scope_depth;    /* enclosing def/lambda/class bodies */
    int loop_depth;     /* enclosing loops in the current function or class body */
    int fstring_nest;   /* 0 outside f-string replacement fields */
} PvParser;

typedef enum PvTargetCtx { PVT_CTX_ASSIGN, PVT_CTX_FOR, PVT_CTX_WITH, PVT_CTX_DEL } PvTargetCtx;

static PvAst *pv_expr(PvParser *p);
static PvAst *pv_or(PvParser *p);
static PvAst *pv_bitor(PvParser *p);
static PvAst *pv_factor(PvParser *p);
static PvAst *pv_star_expressions(PvParser *p);
static void pv_statement(PvParser *p, PvAstList *out);

/* ---- errors --------------------------------------------------------------------- */

static PV_NORETURN void pv_fail_kind(PvParser *p, const char *kind, int line, int col,
                                     const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static PV_NORETURN void pv_fail_kind(PvParser *p, const char *kind, int line, int col,
                                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    snprintf(p->err->kind, sizeof p->err->kind, "%s", kind);
    p->err->line = line;
    p->err->col = col;
    longjmp(*p->jmp, 1);
}

#define pv_fail(p, line, col, ...) pv_fail_kind(p, "SyntaxError", line, col, __VA_ARGS__)

static PvToken *pv_cur(PvParser *p)
{
    PvToken *t = &p->toks[p->pos];
    if (t->kind == PVT_ERROR)
        pv_fail_kind(p, t->indent_error ? (strstr(t->text, "tabs") ? "TabError"
                                                                  : "IndentationError")
                                        : "SyntaxError",
                     t->line, t->col, "%s", t->text);
    return t;
}

/* The token k places ahead (k >= 1), or the last token if the stream ends first. It is
 * only inspected, never raised as an error: lookahead must not report a lexical error
 * before the parser gets there. */
static const PvToken *pv_peek(PvParser *p, int k)
{
    int i = p->pos + k;
    if (i >= p->ntok)
        i = p->ntok - 1;
    for (int j = p->pos; j < i; j++)
        if (p->toks[j].kind == PVT_ERROR || p->toks[j].kind == PVT_ENDMARKER)
            return &p->toks[j];
    return &p->toks[i];
}

static const PvToken *pv_prev(PvParser *p)
{
    return &p->toks[p->pos > 0 ? p->pos - 1 : 0];
}

static void pv_advance(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (t->kind != PVT_ENDMARKER)
        p->pos++;
}

/* The generic error at the current token, with CPython's refinements: an unexpected
 * INDENT, a walrus, and a bracket opened on an earlier line that was never closed. */
static PV_NORETURN void pv_fail_syntax(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (t->kind == PVT_INDENT)
        pv_fail_kind(p, "IndentationError", t->line, t->col, "unexpected indent");
    if (t->paren_ch && t->paren_line < t->line)
        pv_fail(p, t->paren_line, t->paren_col, "'%c' was never closed", t->paren_ch);
    if (t->kind == PVT_OP && strcmp(t->text, ":=") == 0)
        pv_fail(p, t->line, t->col, "assignment expressions (:=) are not supported");
    if (t->kind == PVT_KEYWORD && (strcmp(t->text, "async") == 0 ||
                                   strcmp(t->text, "await") == 0))
        pv_fail(p, t->line, t->col, "'%s' is not supported", t->text);
    pv_fail(p, t->line, t->col, "%s", p->fstring_nest ? "f-string: invalid syntax"
                                                     : "invalid syntax");
}

static bool pv_is_op(PvParser *p, const char *op)
{
    PvToken *t = pv_cur(p);
    return t->kind == PVT_OP && strcmp(t->text, op) == 0;
}

static bool pv_is_kw(PvParser *p, const char *kw)
{
    PvToken *t = pv_cur(p);
    return t->kind == PVT_KEYWORD && strcmp(t->text, kw) == 0;
}

static bool pv_accept_op(PvParser *p, const char *op)
{
    if (!pv_is_op(p, op))
        return false;
    pv_advance(p);
    return true;
}

static bool pv_accept_kw(PvParser *p, const char *kw)
{
    if (!pv_is_kw(p, kw))
        return false;
    pv_advance(p);
    return true;
}

static void pv_expect_op(PvParser *p, const char *op)
{
    if (!pv_accept_op(p, op))
        pv_fail_syntax(p);
}

/* `expected ':'` (and the like) is reported just past the previous token when the line
 * ends where the token was wanted, as CPython does; otherwise the generic error. */
static void pv_expect_colon(PvParser *p)
{
    if (pv_accept_op(p, ":"))
        return;
    if (pv_cur(p)->kind == PVT_NEWLINE) {
        const PvToken *prev = pv_prev(p);
        pv_fail(p, prev->end_line, prev->end_col, "expected ':'");
    }
    pv_fail_syntax(p);
}

static const char *pv_expect_name(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (t->kind != PVT_NAME)
        pv_fail_syntax(p);
    pv_advance(p);
    return t->text;
}

/* ---- node helpers --------------------------------------------------------------- */

static PvAst *pv_node(PvParser *p, PvAstKind kind, const PvToken *at)
{
    return pvast_new(p->arena, kind, at->line, at->col);
}

static PvAst *pv_node_at(PvParser *p, PvAstKind kind, const PvAst *at)
{
    return pvast_new(p->arena, kind, at->line, at->col);
}

/* Sets the node's end to the end of the last consumed token. */
static PvAst *pv_end(PvParser *p, PvAst *n)
{
    const PvToken *t = pv_prev(p);
    n->end_line = t->end_line;
    n->end_col = t->end_col;
    return n;
}

static void pv_push(PvParser *p, PvAstList *l, PvAst *n) { pvast_list_push(p->arena, l, n); }

static void pv_enter(PvParser *p)
{
    if (++p->depth > PVPARSE_MAX_DEPTH) {
        PvToken *t = pv_cur(p);
        pv_fail(p, t->line, t->col, "expression too deeply nested");
    }
}

/* Whether the current token can begin an expression (to allow trailing commas). */
static bool pv_starts_expr(PvParser *p)
{
    PvToken *t = pv_cur(p);
    switch (t->kind) {
    case PVT_NAME: case PVT_INT: case PVT_FLOAT: case PVT_STRING: return true;
    case PVT_KEYWORD:
        return !strcmp(t->text, "None") || !strcmp(t->text, "True") ||
               !strcmp(t->text, "False") || !strcmp(t->text, "not") ||
               !strcmp(t->text, "lambda") || !strcmp(t->text, "await");
    case PVT_OP:
        return strchr("([{-+~*", t->text[0]) && (t->text[1] == '\0' || !strcmp(t->text, "**"))
               ? true : !strcmp(t->text, "...");
    default: return false;
    }
}

/* ---- targets -------------------------------------------------------------------- */

static const char *pv_describe(const PvAst *n)
{
    switch (n->kind) {
    case AST_INT: case AST_FLOAT: case AST_STR: case AST_ELLIPSIS: return "literal";
    case AST_FSTRING: return "f-string expression";
    case AST_NONE: return "None";
    case AST_TRUE: return "True";
    case AST_FALSE: return "False";
    case AST_CALL: return "function call";
    case AST_COMPARE: return "comparison";
    case AST_IFEXP: return "conditional expression";
    case AST_LAMBDA: return "lambda";
    case AST_DICT: return "dict literal";
    case AST_SET: return "set display";
    case AST_LISTCOMP: return "list comprehension";
    case AST_SETCOMP: return "set comprehension";
    case AST_DICTCOMP: return "dict comprehension";
    case AST_GENEXP: return "generator expression";
    case AST_YIELD: case AST_YIELD_FROM: return "yield expression";
    case AST_TUPLE: return "tuple";
    case AST_LIST: return "list";
    case AST_STARRED: return "starred";
    default: return "expression";
    }
}

static void pv_check_target(PvParser *p, const PvAst *n, PvTargetCtx ctx, bool top)
{
    switch (n->kind) {
    case AST_NAME: case AST_ATTRIBUTE: case AST_SUBSCRIPT:
        return;
    case AST_TUPLE: case AST_LIST: {
        int stars = 0;
        for (int i = 0; i < n->elts.n; i++) {
            const PvAst *e = n->elts.items[i];
            if (e->kind == AST_STARRED && ctx != PVT_CTX_DEL) {
                if (++stars > 1)
                    pv_fail(p, n->line, n->col, "multiple starred expressions in assignment");
                pv_check_target(p, e->value, ctx, false);
            } else {
                pv_check_target(p, e, ctx, false);
            }
        }
        return;
    }
    case AST_STARRED:
        if (ctx == PVT_CTX_DEL)
            pv_fail(p, n->line, n->col, "cannot delete starred");
        pv_fail(p, n->line, n->col, "starred assignment target must be in a list or tuple");
    default: {
        const char *what = pv_describe(n);
        if (ctx == PVT_CTX_DEL)
            pv_fail(p, n->line, n->col, "cannot delete %s", what);
        bool hint = ctx == PVT_CTX_ASSIGN && top &&
                    (n->kind == AST_INT || n->kind == AST_FLOAT || n->kind == AST_STR ||
                     n->kind == AST_CALL || n->kind == AST_BINOP ||
                     n->kind == AST_UNARYOP || n->kind == AST_BOOLOP);
        pv_fail(p, n->line, n->col, "cannot assign to %s%s", what,
                hint ? " here. Maybe you meant '==' instead of '='?" : "");
    }
    }
}

/* ---- strings and f-strings ------------------------------------------------------ */

/* Position of `at`, a pointer into string token t's body. */
static void pv_pos_in(const PvToken *t, const char *at, int *line, int *col)
{
    *line = t->body_line;
    *col = t->body_col;
    for (const char *q = t->body; q < at; q++) {
        if (*q == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

static void pv_decode(PvParser *p, const PvToken *t, const char *s, size_t n, PvBuf *out)
{
    const char *bad = NULL, *msg = NULL;
    if (!pvlex_decode_string(s, n, t->sflags & PVS_RAW, out, &bad, &msg)) {
        int line, col;
        pv_pos_in(t, bad, &line, &col);
        pvbuf_free(out);
        pv_fail(p, line, col, "(unicode error) %s", msg);
    }
}

/* Appends a literal piece, merging it into a preceding one. */
static void pv_add_piece(PvParser *p, PvAstList *parts, const PvToken *t, const PvBuf *text)
{
    if (text->len == 0)
        return;
    PvAst *last = parts->n ? parts->items[parts->n - 1] : NULL;
    if (last && last->kind == AST_STR) {
        char *joined = pvarena_alloc(p->arena, last->str_len + text->len + 1);
        memcpy(joined, last->str, last->str_len);
        memcpy(joined + last->str_len, text->data, text->len);
        last->str = joined;
        last->str_len += text->len;
        return;
    }
    PvAst *piece = pv_node(p, AST_STR, t);
    piece->str = pvarena_strndup(p->arena, text->data, text->len);
    piece->str_len = text->len;
    pv_push(p, parts, piece);
}

static const char *pv_fstring_parts(PvParser *p, const PvToken *t, const char *s,
                                    const char *end, PvAstList *parts, bool in_spec);

/* Parses the replacement field whose '{' is at s[-1]; returns the pointer past '}'. */
static const char *pv_fstring_field(PvParser *p, const PvToken *t, const char *s,
                                    const char *end, PvAstList *parts)
{
    int line, col;
    const char *expr = s;
    int depth = 0;
    bool selfdoc = false;
    while (s < end) {
        char c = *s;
        if (c == '\'' || c == '"') {
            /* A string inside the expression: skip it whole, so its brackets, colons
             * and braces do not count. */
            bool triple = end - s >= 3 && s[1] == c && s[2] == c;
            const char *q = s + (triple ? 3 : 1);
            for (;;) {
                if (q >= end) {
                    pv_pos_in(t, s, &line, &col);
                    pv_fail(p, line, col, "f-string: unterminated string");
                }
                if (*q == '\\' && q + 1 < end) {
                    q += 2;
                    continue;
                }
                if (*q == c && (!triple || (end - q >= 3 && q[1] == c && q[2] == c))) {
                    q += triple ? 3 : 1;
                    break;
                }
                q++;
            }
            s = q;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) {
                if (c == '}')
                    break;
                pv_pos_in(t, s, &line, &col);
                pv_fail(p, line, col, "f-string: unmatched '%c'", c);
            }
            depth--;
        } else if ((c == '=' || c == '!' || c == '<' || c == '>') && s + 1 < end &&
                   s[1] == '=') {
            s += 2;
            continue;
        } else if (depth == 0 && (c == '!' || c == ':')) {
            break;
        } else if (depth == 0 && c == '=') {
            selfdoc = true;
            break;
        }
        s++;
    }
    if (s >= end) {
        pv_pos_in(t, s, &line, &col);
        pv_fail(p, line, col, "f-string: expecting '}'");
    }
    const char *expr_end = s;
    bool blank = true;
    for (const char *q = expr; q < expr_end; q++)
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
            blank = false;
    pv_pos_in(t, expr, &line, &col);
    if (blank) {
        pv_pos_in(t, s, &line, &col);
        pv_fail(p, line, col, "f-string: empty expression not allowed");
    }

    /* The expression, lexed where it sits in the file so positions are real. */
    PvParser sub = *p;
    sub.pos = 0;
    sub.ntok = pvlex_tokenize(p->arena, expr, (size_t)(expr_end - expr), line, col,
                              PVLEX_EXPRESSION, true, &sub.toks);
    sub.fstring_nest = p->fstring_nest + 1;
    PvAst *value;
    if (pv_is_kw(&sub, "yield"))
        pv_fail_syntax(&sub);
    value = pv_star_expressions(&sub);
    if (pv_cur(&sub)->kind != PVT_ENDMARKER)
        pv_fail_syntax(&sub);

    if (selfdoc) {
        s++;
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
            s++;
        PvBuf text;
        pvbuf_init(&text);
        pvbuf_add(&text, expr, (size_t)(s - expr));
        pv_add_piece(p, parts, t, &text);
        pvbuf_free(&text);
    }
    PvAst *field = pvast_new(p->arena, AST_FORMATTED, value->line, value->col);
    field->value = value;
    if (s < end && *s == '!') {
        s++;
        if (s >= end || (*s != 's' && *s != 'r' && *s != 'a')) {
            pv_pos_in(t, s, &line, &col);
            pv_fail(p, line, col,
                    s < end && *s != '}' && *s != ':'
                    ? "f-string: invalid conversion character: expected 's', 'r', or 'a'"
                    : "f-string: missing conversion character");
        }
        field->conversion = *s++;
    }
    if (s < end && *s == ':') {
        s++;
        if (p->fstring_nest + 1 >= PVPARSE_MAX_FSTRING_NEST) {
            pv_pos_in(t, s, &line, &col);
            pv_fail(p, line, col, "f-string: expressions nested too deeply");
        }
        PvAst *spec = pvast_new(p->arena, AST_FSTRING, line, col);
        p->fstring_nest++;
        s = pv_fstring_parts(p, t, s, end, &spec->elts, true);
        p->fstring_nest--;
        field->format_spec = spec;
    }
    if (s >= end || *s != '}') {
        pv_pos_in(t, s, &line, &col);
        pv_fail(p, line, col, "f-string: expecting '}'");
    }
    if (selfdoc && !field->conversion && !field->format_spec)
        field->conversion = 'r';
    pv_push(p, parts, field);
    return s + 1;
}

/* Literal text and fields up to `end` (or, in a format spec, up to the closing '}',
 * which is not consumed). Returns where it stopped. */
static const char *pv_fstring_parts(PvParser *p, const PvToken *t, const char *s,
                                    const char *end, PvAstList *parts, bool in_spec)
{
    PvBuf text;
    pvbuf_init(&text);
    const char *chunk = s;
    for (;;) {
        bool stop = s >= end || *s == '{' || *s == '}';
        if (!stop) {
            if (*s == '\\' && !(t->sflags & PVS_RAW) && s + 1 < end &&
                s[1] != '{' && s[1] != '}')
                s += 2;
            else
                s++;
            continue;
        }
        pv_decode(p, t, chunk, (size_t)(s - chunk), &text);
        if (s >= end)
            break;
        if (s + 1 < end && s[1] == *s) {
            pvbuf_addc(&text, *s);
            s += 2;
        } else if (*s == '}') {
            if (in_spec)
                break;
            int line, col;
            pv_pos_in(t, s, &line, &col);
            pvbuf_free(&text);
            pv_fail(p, line, col, "f-string: single '}' is not allowed");
        } else {
            pv_add_piece(p, parts, t, &text);
            text.len = 0;
            /* A field's error unwinds past this frame; release the buffer first. */
            pvbuf_free(&text);
            s = pv_fstring_field(p, t, s + 1, end, parts);
        }
        chunk = s;
    }
    pv_add_piece(p, parts, t, &text);
    pvbuf_free(&text);
    return s;
}

/* One or more adjacent string literals. */
static PvAst *pv_strings(PvParser *p)
{
    const PvToken *first = pv_cur(p);
    bool any_f = false;
    for (int i = p->pos; i < p->ntok && p->toks[i].kind == PVT_STRING; i++)
        any_f |= (p->toks[i].sflags & PVS_FSTRING) != 0;
    PvAst *n = pv_node(p, any_f ? AST_FSTRING : AST_STR, first);
    PvBuf text;
    pvbuf_init(&text);
    /* The raw kind test (not pv_cur) keeps a lexical error after the last literal from
     * unwinding while `text` holds memory. */
    while (p->toks[p->pos].kind == PVT_STRING) {
        const PvToken *t = &p->toks[p->pos];
        if (t->sflags & PVS_FSTRING) {
            pv_add_piece(p, &n->elts, t, &text);
            pvbuf_free(&text);
            pv_fstring_parts(p, t, t->body, t->body + t->body_len, &n->elts, false);
        } else {
            pv_decode(p, t, t->body, t->body_len, &text);
        }
        pv_advance(p);
    }
    if (any_f) {
        pv_add_piece(p, &n->elts, first, &text);
    } else {
        n->str = pvarena_strndup(p->arena, text.data ? text.data : "", text.len);
        n->str_len = text.len;
    }
    pvbuf_free(&text);
    return pv_end(p, n);
}

/* ---- parameters ----------------------------------------------------------------- */

/* Parameters up to (not including) `close`: ")" for def, ":" for lambda. */
static void pv_params(PvParser *p, PvAstParams *out, const char *close, bool annotations)
{
    int cap = 0;
    bool star = false, seen_default = false, kwargs = false, bare_star = false;
    while (!pv_is_op(p, close)) {
        PvToken *t = pv_cur(p);
        PvParamKind kind;
        if (kwargs)
            pv_fail_syntax(p);
        if (pv_accept_op(p, "**")) {
            kind = PV_PARAM_VARKW;
            kwargs = true;
        } else if (pv_accept_op(p, "*")) {
            if (star)
                pv_fail(p, t->line, t->col, "* argument may appear only once");
            star = true;
            if (pv_is_op(p, ",")) {
                bare_star = true;
                pv_advance(p);
                if (pv_is_op(p, close) || pv_is_op(p, "**"))
                    pv_fail(p, t->line, t->col, "named arguments must follow bare *");
                continue;
            }
            if (pv_is_op(p, close))
                pv_fail(p, t->line, t->col, "named arguments must follow bare *");
            kind = PV_PARAM_VARARGS;
        } else if (pv_is_op(p, "/")) {
            pv_fail(p, t->line, t->col, "positional-only parameters are not supported");
        } else {
            kind = star ? PV_PARAM_KWONLY : PV_PARAM_POSITIONAL;
        }
        PvToken *nt = pv_cur(p);
        const char *name = pv_expect_name(p);
        for (int i = 0; i < out->n; i++)
            if (strcmp(out->params[i].name, name) == 0)
                pv_fail(p, nt->line, nt->col,
                        "duplicate argument '%s' in function definition", name);
        if (annotations && pv_accept_op(p, ":"))
            (void)pv_expr(p);   /* annotations are checked for syntax, then dropped */
        PvAst *def = NULL;
        if (kind == PV_PARAM_POSITIONAL || kind == PV_PARAM_KWONLY) {
            if (pv_accept_op(p, "="))
                def = pv_expr(p);
            if (kind == PV_PARAM_POSITIONAL) {
                if (def)
                    seen_default = true;
                else if (seen_default)
                    pv_fail(p, nt->line, nt->col,
                            "non-default argument follows default argument");
            }
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            PvAstParam *np = pvarena_alloc(p->arena, (size_t)cap * sizeof *np);
            if (out->n)
                memcpy(np, out->params, (size_t)out->n * sizeof *np);
            out->params = np;
        }
        PvAstParam *pa = &out->params[out->n++];
        pa->name = name;
        pa->default_value = def;
        pa->kind = kind;
        pa->line = nt->line;
        pa->col = nt->col;
        if (!pv_accept_op(p, ","))
            break;
    }
    (void)bare_star;
    if (!pv_is_op(p, close))
        pv_fail_syntax(p);
}

/* ---- expressions ---------------------------------------------------------------- */

/* for-clauses of a comprehension, appended to `gens`. */
static PvAst *pv_target_list(PvParser *p);

static void pv_comp_clauses(PvParser *p, PvAstList *gens)
{
    while (pv_is_kw(p, "for") || pv_is_kw(p, "async")) {
        if (pv_is_kw(p, "async"))
            pv_fail_syntax(p);
        PvAst *c = pv_node(p, AST_COMPREHENSION, pv_cur(p));
        pv_advance(p);
        c->target = pv_target_list(p);
        pv_check_target(p, c->target, PVT_CTX_FOR, true);
        if (!pv_accept_kw(p, "in"))
            pv_fail_syntax(p);
        c->iter = pv_or(p);
        while (pv_accept_kw(p, "if"))
            pv_push(p, &c->ifs, pv_or(p));
        pv_push(p, gens, pv_end(p, c));
    }
}

static PvAst *pv_comp(PvParser *p, PvAstKind kind, const PvToken *at, PvAst *elt)
{
    PvAst *n = pv_node(p, kind, at);
    n->elt = elt;
    pv_comp_clauses(p, &n->generators);
    return n;
}

/* '*' bitwise_or | expression — an element of a tuple, list or set display. */
static PvAst *pv_star_expr(PvParser *p)
{
    if (pv_is_op(p, "*")) {
        PvAst *n = pv_node(p, AST_STARRED, pv_cur(p));
        pv_advance(p);
        n->value = pv_bitor(p);
        return pv_end(p, n);
    }
    return pv_expr(p);
}

/* '*' bitwise_or | bitwise_or — a single assignment-like target. */
static PvAst *pv_star_expr_bitor(PvParser *p)
{
    if (pv_is_op(p, "*")) {
        PvAst *n = pv_node(p, AST_STARRED, pv_cur(p));
        pv_advance(p);
        n->value = pv_bitor(p);
        return pv_end(p, n);
    }
    return pv_bitor(p);
}

/* Comma-separated star_exprs; a tuple if there is a comma. */
static PvAst *pv_star_expressions(PvParser *p)
{
    PvAst *first = pv_star_expr(p);
    if (!pv_is_op(p, ","))
        return first;
    PvAst *t = pv_node_at(p, AST_TUPLE, first);
    pv_push(p, &t->elts, first);
    while (pv_accept_op(p, ",")) {
        if (!pv_starts_expr(p))
            break;
        pv_push(p, &t->elts, pv_star_expr(p));
    }
    return pv_end(p, t);
}

/* A for-target: star targets at bitwise_or level, so `in` is not swallowed. */
static PvAst *pv_target_list(PvParser *p)
{
    PvAst *first;
    if (pv_is_op(p, "*")) {
        first = pv_node(p, AST_STARRED, pv_cur(p));
        pv_advance(p);
        first->value = pv_bitor(p);
        pv_end(p, first);
    } else {
        first = pv_bitor(p);
    }
    if (!pv_is_op(p, ","))
        return first;
    PvAst *t = pv_node_at(p, AST_TUPLE, first);
    pv_push(p, &t->elts, first);
    while (pv_accept_op(p, ",")) {
        if (pv_is_kw(p, "in") || pv_is_op(p, "=") || !pv_starts_expr(p))
            break;
        if (pv_is_op(p, "*")) {
            PvAst *s = pv_node(p, AST_STARRED, pv_cur(p));
            pv_advance(p);
            s->value = pv_bitor(p);
            pv_push(p, &t->elts, pv_end(p, s));
        } else {
            pv_push(p, &t->elts, pv_bitor(p));
        }
    }
    return pv_end(p, t);
}

static PvAst *pv_yield(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (p->func_depth == 0)
        pv_fail(p, t->line, t->col, "'yield' outside function");
    pv_advance(p);
    if (pv_accept_kw(p, "from")) {
        PvAst *n = pv_node(p, AST_YIELD_FROM, t);
        n->value = pv_expr(p);
        return pv_end(p, n);
    }
    PvAst *n = pv_node(p, AST_YIELD, t);
    if (pv_starts_expr(p))
        n->value = pv_star_expressions(p);
    return pv_end(p, n);
}

static PvAst *pv_yield_or_star_expressions(PvParser *p)
{
    if (pv_is_kw(p, "yield"))
        return pv_yield(p);
    return pv_star_expressions(p);
}

/* Call arguments after '('; consumes the ')'. */
static void pv_call_args(PvParser *p, PvAst *call, const PvToken *open)
{
    bool kwunpack = false, keyword = false;
    while (!pv_is_op(p, ")")) {
        PvToken *t = pv_cur(p);
        if (pv_accept_op(p, "*")) {
            if (kwunpack)
                pv_fail(p, t->line, t->col,
                        "iterable argument unpacking follows keyword argument unpacking");
            PvAst *s = pv_node(p, AST_STARRED, t);
            s->value = pv_expr(p);
            pv_push(p, &call->elts, pv_end(p, s));
        } else if (pv_accept_op(p, "**")) {
            PvAst *k = pv_node(p, AST_KEYWORD, t);
            k->value = pv_expr(p);
            pv_push(p, &call->keywords, pv_end(p, k));
            kwunpack = true;
        } else if (t->kind == PVT_NAME && pv_peek(p, 1)->kind == PVT_OP &&
                   strcmp(pv_peek(p, 1)->text, "=") == 0) {
            pv_advance(p);
            pv_advance(p);
            PvAst *k = pv_node(p, AST_KEYWORD, t);
            k->name = t->text;
            k->value = pv_expr(p);
            pv_push(p, &call->keywords, pv_end(p, k));
            keyword = true;
        } else {
            PvAst *e = pv_expr(p);
            if (pv_is_kw(p, "for")) {
                e = pv_comp(p, AST_GENEXP, t, e);
                pv_end(p, e);
                if (call->elts.n || call->keywords.n || !pv_is_op(p, ")"))
                    pv_fail(p, e->line, e->col, "Generator expression must be parenthesized");
            } else if (pv_is_op(p, "=")) {
                PvToken *eq = pv_cur(p);
                pv_fail(p, e->line, e->col, "expression cannot contain assignment, "
                        "perhaps you meant \"==\"?%s", eq ? "" : "");
            }
            if (kwunpack)
                pv_fail(p, e->line, e->col,
                        "positional argument follows keyword argument unpacking");
            if (keyword)
                pv_fail(p, e->line, e->col, "positional argument follows keyword argument");
            pv_push(p, &call->elts, e);
        }
        if (!pv_accept_op(p, ","))
            break;
    }
    (void)open;
    pv_expect_op(p, ")");
}

/* One subscript element: an expression or a slice. */
static PvAst *pv_slice_item(PvParser *p)
{
    PvToken *t = pv_cur(p);
    PvAst *lower = NULL;
    if (!pv_is_op(p, ":")) {
        lower = pv_star_expr(p);
        if (!pv_is_op(p, ":"))
            return lower;
    }
    PvAst *s = pv_node(p, AST_SLICE, t);
    s->lower = lower;
    pv_advance(p);   /* the first ':' */
    if (pv_starts_expr(p))
        s->upper = pv_expr(p);
    if (pv_accept_op(p, ":") && pv_starts_expr(p))
        s->step = pv_expr(p);
    return pv_end(p, s);
}

static PvAst *pv_subscript_index(PvParser *p)
{
    PvAst *first = pv_slice_item(p);
    if (!pv_is_op(p, ","))
        return first;
    PvAst *t = pv_node_at(p, AST_TUPLE, first);
    pv_push(p, &t->elts, first);
    while (pv_accept_op(p, ",")) {
        if (pv_is_op(p, "]"))
            break;
        pv_push(p, &t->elts, pv_slice_item(p));
    }
    return pv_end(p, t);
}

static PvAst *pv_paren(PvParser *p)
{
    PvToken *open = pv_cur(p);
    pv_advance(p);
    if (pv_accept_op(p, ")"))
        return pv_end(p, pv_node(p, AST_TUPLE, open));
    if (pv_is_kw(p, "yield")) {
        PvAst *y = pv_yield(p);
        pv_expect_op(p, ")");
        return y;
    }
    PvAst *first = pv_star_expr(p);
    if (pv_is_kw(p, "for")) {
        if (first->kind == AST_STARRED)
            pv_fail(p, first->line, first->col,
                    "iterable unpacking cannot be used in comprehension");
        PvAst *g = pv_comp(p, AST_GENEXP, open, first);
        pv_expect_op(p, ")");
        return pv_end(p, g);
    }
    if (pv_accept_op(p, ")")) {
        if (first->kind == AST_STARRED)
            pv_fail(p, first->line, first->col, "cannot use starred expression here");
        return first;
    }
    if (!pv_is_op(p, ","))
        pv_fail_syntax(p);
    PvAst *t = pv_node(p, AST_TUPLE, open);
    pv_push(p, &t->elts, first);
    while (pv_accept_op(p, ",")) {
        if (pv_is_op(p, ")"))
            break;
        pv_push(p, &t->elts, pv_star_expr(p));
    }
    pv_expect_op(p, ")");
    return pv_end(p, t);
}

static PvAst *pv_list_display(PvParser *p)
{
    PvToken *open = pv_cur(p);
    pv_advance(p);
    PvAst *l = pv_node(p, AST_LIST, open);
    if (pv_accept_op(p, "]"))
        return pv_end(p, l);
    PvAst *first = pv_star_expr(p);
    if (pv_is_kw(p, "for")) {
        if (first->kind == AST_STARRED)
            pv_fail(p, first->line, first->col,
                    "iterable unpacking cannot be used in comprehension");
        PvAst *c = pv_comp(p, AST_LISTCOMP, open, first);
        pv_expect_op(p, "]");
        return pv_end(p, c);
    }
    pv_push(p, &l->elts, first);
    while (pv_accept_op(p, ",")) {
        if (pv_is_op(p, "]"))
            break;
        pv_push(p, &l->elts, pv_star_expr(p));
    }
    pv_expect_op(p, "]");
    return pv_end(p, l);
}

static PvAst *pv_brace_display(PvParser *p)
{
    PvToken *open = pv_cur(p);
    pv_advance(p);
    if (pv_accept_op(p, "}"))
        return pv_end(p, pv_node(p, AST_DICT, open));
    /* The first element decides between a dict and a set. */
    PvAst *key = NULL, *value;
    bool dict;
    if (pv_accept_op(p, "**")) {
        dict = true;
        value = pv_bitor(p);
    } else {
        PvAst *first = pv_star_expr(p);
        if (first->kind != AST_STARRED && pv_accept_op(p, ":")) {
            dict = true;
            key = first;
            value = pv_expr(p);
        } else {
            dict = false;
            value = first;
        }
    }
    if (pv_is_kw(p, "for")) {
        PvAst *c;
        if (dict && !key)
            pv_fail(p, open->line, open->col,
                    "dict unpacking cannot be used in dict comprehension");
        if (!dict && value->kind == AST_STARRED)
            pv_fail(p, value->line, value->col,
                    "iterable unpacking cannot be used in comprehension");
        if (dict) {
            c = pv_node(p, AST_DICTCOMP, open);
            c->key = key;
            c->value = value;
            pv_comp_clauses(p, &c->generators);
        } else {
            c = pv_comp(p, AST_SETCOMP, open, value);
        }
        pv_expect_op(p, "}");
        return pv_end(p, c);
    }
    PvAst *n = pv_node(p, dict ? AST_DICT : AST_SET, open);
    if (dict) {
        pv_push(p, &n->keys, key);
        pv_push(p, &n->values, value);
    } else {
        pv_push(p, &n->elts, value);
    }
    while (pv_accept_op(p, ",")) {
        if (pv_is_op(p, "}"))
            break;
        if (dict) {
            if (pv_accept_op(p, "**")) {
                pv_push(p, &n->keys, NULL);
                pv_push(p, &n->values, pv_bitor(p));
            } else {
                pv_push(p, &n->keys, pv_expr(p));
                if (!pv_is_op(p, ":")) {
                    if (pv_cur(p)->kind == PVT_OP && (!strcmp(pv_cur(p)->text, ",") ||
                                                     !strcmp(pv_cur(p)->text, "}"))) {
                        PvToken *t = pv_cur(p);
                        pv_fail(p, t->line, t->col, "':' expected after dictionary key");
                    }
                    pv_fail_syntax(p);
                }
                pv_advance(p);
                pv_push(p, &n->values, pv_expr(p));
            }
        } else {
            pv_push(p, &n->elts, pv_star_expr(p));
        }
    }
    pv_expect_op(p, "}");
    return pv_end(p, n);
}

static PvAst *pv_atom(PvParser *p)
{
    PvToken *t = pv_cur(p);
    PvAst *n;
    switch (t->kind) {
    case PVT_NAME:
        n = pv_node(p, AST_NAME, t);
        n->name = t->text;
        pv_advance(p);
        return pv_end(p, n);
    case PVT_INT:
        n = pv_node(p, AST_INT, t);
        n->int_value = t->ival;
        pv_advance(p);
        return pv_end(p, n);
    case PVT_FLOAT:
        n = pv_node(p, AST_FLOAT, t);
        n->float_value = t->fval;
        pv_advance(p);
        return pv_end(p, n);
    case PVT_STRING:
        return pv_strings(p);
    case PVT_KEYWORD:
        if (!strcmp(t->text, "None")) n = pv_node(p, AST_NONE, t);
        else if (!strcmp(t->text, "True")) n = pv_node(p, AST_TRUE, t);
        else if (!strcmp(t->text, "False")) n = pv_node(p, AST_FALSE, t);
        else pv_fail_syntax(p);
        pv_advance(p);
        return pv_end(p, n);
    case PVT_OP:
        if (!strcmp(t->text, "(")) return pv_paren(p);
        if (!strcmp(t->text, "[")) return pv_list_display(p);
        if (!strcmp(t->text, "{")) return pv_brace_display(p);
        if (!strcmp(t->text, "...")) {
            n = pv_node(p, AST_ELLIPSIS, t);
            pv_advance(p);
            return pv_end(p, n);
        }
        pv_fail_syntax(p);
    default:
        pv_fail_syntax(p);
    }
}

static PvAst *pv_primary(PvParser *p)
{
    PvAst *n = pv_atom(p);
    for (;;) {
        PvToken *t = pv_cur(p);
        if (pv_accept_op(p, ".")) {
            PvAst *a = pv_node_at(p, AST_ATTRIBUTE, n);
            a->value = n;
            a->name = pv_expect_name(p);
            n = pv_end(p, a);
        } else if (pv_accept_op(p, "(")) {
            PvAst *c = pv_node_at(p, AST_CALL, n);
            c->func = n;
            pv_enter(p);
            pv_call_args(p, c, t);
            p->depth--;
            n = pv_end(p, c);
        } else if (pv_accept_op(p, "[")) {
            PvAst *s = pv_node_at(p, AST_SUBSCRIPT, n);
            s->value = n;
            pv_enter(p);
            s->index = pv_subscript_index(p);
            p->depth--;
            pv_expect_op(p, "]");
            n = pv_end(p, s);
        } else {
            return n;
        }
    }
}

static PvAst *pv_power(PvParser *p)
{
    if (pv_is_kw(p, "await"))
        pv_fail_syntax(p);
    PvAst *left = pv_primary(p);
    if (!pv_accept_op(p, "**"))
        return left;
    PvAst *n = pv_node_at(p, AST_BINOP, left);
    n->binop = PV_OP_POW;
    n->left = left;
    n->right = pv_factor(p);   /* right-associative, and `2 ** -1` is allowed */
    return pv_end(p, n);
}

static PvAst *pv_factor(PvParser *p)
{
    PvToken *t = pv_cur(p);
    PvUnaryOp op;
    if (pv_is_op(p, "-")) op = PV_UOP_NEG;
    else if (pv_is_op(p, "+")) op = PV_UOP_POS;
    else if (pv_is_op(p, "~")) op = PV_UOP_INVERT;
    else return pv_power(p);
    pv_advance(p);
    pv_enter(p);
    PvAst *n = pv_node(p, AST_UNARYOP, t);
    n->unaryop = op;
    n->operand = pv_factor(p);
    p->depth--;
    return pv_end(p, n);
}

/* Left-associative binary levels, from loosest to tightest. */
typedef struct PvBinLevel {
    const char *ops[5];
    PvBinOp codes[5];
} PvBinLevel;

static const PvBinLevel pv_bin_levels[] = {
    { { "|" }, { PV_OP_BITOR } },
    { { "^" }, { PV_OP_BITXOR } },
    { { "&" }, { PV_OP_BITAND } },
    { { "<<", ">>" }, { PV_OP_LSHIFT, PV_OP_RSHIFT } },
    { { "+", "-" }, { PV_OP_ADD, PV_OP_SUB } },
    { { "*", "/", "//", "%", "@" },
      { PV_OP_MUL, PV_OP_TRUEDIV, PV_OP_FLOORDIV, PV_OP_MOD, PV_OP_MATMUL } },
};

static PvAst *pv_binary(PvParser *p, size_t level)
{
    if (level == PV_ARRAY_LEN(pv_bin_levels))
        return pv_factor(p);
    PvAst *left = pv_binary(p, level + 1);
    for (;;) {
        PvToken *t = pv_cur(p);
        int found = -1;
        if (t->kind == PVT_OP)
            for (int i = 0; i < 5 && pv_bin_levels[level].ops[i]; i++)
                if (strcmp(t->text, pv_bin_levels[level].ops[i]) == 0)
                    found = i;
        if (found < 0)
            return left;
        pv_advance(p);
        PvAst *n = pv_node_at(p, AST_BINOP, left);
        n->binop = pv_bin_levels[level].codes[found];
        n->left = left;
        n->right = pv_binary(p, level + 1);
        left = pv_end(p, n);
    }
}

static PvAst *pv_bitor(PvParser *p) { return pv_binary(p, 0); }

/* Reads a comparison operator at the current token, or returns false. */
static bool pv_cmp_op(PvParser *p, PvCmpOp *op)
{
    PvToken *t = pv_cur(p);
    if (t->kind == PVT_OP) {
        static const char *const names[] = { "==", "!=", "<", "<=", ">", ">=" };
        for (int i = 0; i < 6; i++)
            if (strcmp(t->text, names[i]) == 0) {
                *op = (PvCmpOp)i;
                pv_advance(p);
                return true;
            }
        return false;
    }
    if (pv_is_kw(p, "in")) {
        *op = PV_CMP_IN;
        pv_advance(p);
        return true;
    }
    if (pv_is_kw(p, "is")) {
        pv_advance(p);
        *op = pv_accept_kw(p, "not") ? PV_CMP_IS_NOT : PV_CMP_IS;
        return true;
    }
    if (pv_is_kw(p, "not")) {
        const PvToken *n = pv_peek(p, 1);
        if (n->kind == PVT_KEYWORD && strcmp(n->text, "in") == 0) {
            pv_advance(p);
            pv_advance(p);
            *op = PV_CMP_NOT_IN;
            return true;
        }
    }
    return false;
}

static PvAst *pv_comparison(PvParser *p)
{
    PvAst *left = pv_bitor(p);
    PvCmpOp op;
    if (!pv_cmp_op(p, &op))
        return left;
    PvAst *n = pv_node_at(p, AST_COMPARE, left);
    n->left = left;
    int cap = 0;
    do {
        if (n->ncmp == cap) {
            cap = cap ? cap * 2 : 2;
            PvCmpOp *ops = pvarena_alloc(p->arena, (size_t)cap * sizeof *ops);
            if (n->ncmp)
                memcpy(ops, n->cmpops, (size_t)n->ncmp * sizeof *ops);
            n->cmpops = ops;
        }
        n->cmpops[n->ncmp++] = op;
        pv_push(p, &n->elts, pv_bitor(p));
    } while (pv_cmp_op(p, &op));
    return pv_end(p, n);
}

static PvAst *pv_not(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (!pv_accept_kw(p, "not"))
        return pv_comparison(p);
    pv_enter(p);
    PvAst *n = pv_node(p, AST_UNARYOP, t);
    n->unaryop = PV_UOP_NOT;
    n->operand = pv_not(p);
    p->depth--;
    return pv_end(p, n);
}

static PvAst *pv_boolop(PvParser *p, PvBoolOp op)
{
    PvAst *first = op == PV_BOOL_OR ? pv_boolop(p, PV_BOOL_AND) : pv_not(p);
    const char *kw = op == PV_BOOL_OR ? "or" : "and";
    if (!pv_is_kw(p, kw))
        return first;
    PvAst *n = pv_node_at(p, AST_BOOLOP, first);
    n->boolop = op;
    pv_push(p, &n->elts, first);
    while (pv_accept_kw(p, kw))
        pv_push(p, &n->elts, op == PV_BOOL_OR ? pv_boolop(p, PV_BOOL_AND) : pv_not(p));
    return pv_end(p, n);
}

static PvAst *pv_or(PvParser *p) { return pv_boolop(p, PV_BOOL_OR); }

static PvAst *pv_lambda(PvParser *p)
{
    PvAst *n = pv_node(p, AST_LAMBDA, pv_cur(p));
    pv_advance(p);
    pv_params(p, &n->params, ":", false);
    pv_advance(p);   /* ':' (checked by pv_params) */
    int saved_loop = p->loop_depth;
    p->func_depth++;
    p->scope_depth++;
    p->loop_depth = 0;
    n->body_expr = pv_expr(p);
    p->func_depth--;
    p->scope_depth--;
    p->loop_depth = saved_loop;
    return pv_end(p, n);
}

static PvAst *pv_expr(PvParser *p)
{
    pv_enter(p);
    PvAst *n;
    if (pv_is_kw(p, "lambda")) {
        n = pv_lambda(p);
    } else {
        n = pv_or(p);
        if (pv_is_kw(p, "if")) {
            pv_advance(p);
            PvAst *c = pv_node_at(p, AST_IFEXP, n);
            c->body_expr = n;
            c->test = pv_or(p);
            if (!pv_accept_kw(p, "else")) {
                if (pv_cur(p)->kind == PVT_NEWLINE || pv_cur(p)->kind == PVT_ENDMARKER ||
                    pv_is_op(p, ")") || pv_is_op(p, "]") || pv_is_op(p, "}") ||
                    pv_is_op(p, ","))
                    pv_fail(p, c->line, c->col, "expected 'else' after 'if' expression");
                pv_fail_syntax(p);
            }
            c->orelse_expr = pv_expr(p);
            n = pv_end(p, c);
        }
    }
    p->depth--;
    return n;
}

/* ---- statements ----------------------------------------------------------------- */

/* The body after a compound statement's ':' — an indented block, or simple statements
 * on the same line. `what` names the statement for the IndentationError. */
static void pv_block(PvParser *p, PvAstList *out, const char *what, int header_line)
{
    pv_expect_colon(p);
    if (pv_cur(p)->kind != PVT_NEWLINE) {
        pv_statement(p, out);
        return;
    }
    pv_advance(p);
    if (pv_cur(p)->kind != PVT_INDENT) {
        PvToken *t = pv_cur(p);
        pv_fail_kind(p, "IndentationError", t->line, t->col,
                     "expected an indented block after %s on line %d", what, header_line);
    }
    pv_advance(p);
    while (pv_cur(p)->kind != PVT_DEDENT && pv_cur(p)->kind != PVT_ENDMARKER)
        pv_statement(p, out);
    pv_advance(p);
}

/* A block that is a loop body: `break` and `continue` become legal. */
static void pv_loop_block(PvParser *p, PvAstList *out, const char *what, int line)
{
    p->loop_depth++;
    pv_block(p, out, what, line);
    p->loop_depth--;
}

/* A def or class body: a new function/loop context. */
static void pv_scope_block(PvParser *p, PvAstList *out, bool is_func, const char *what,
                           int line)
{
    int saved_func = p->func_depth, saved_loop = p->loop_depth;
    p->func_depth = is_func ? p->func_depth + 1 : 0;
    p->loop_depth = 0;
    p->scope_depth++;
    pv_block(p, out, what, line);
    p->scope_depth--;
    p->func_depth = saved_func;
    p->loop_depth = saved_loop;
}

static PvAst *pv_if(PvParser *p, const char *what)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);   /* 'if' or 'elif' */
    PvAst *n = pv_node(p, AST_IF, t);
    n->test = pv_expr(p);
    pv_block(p, &n->body, what, t->line);
    if (pv_is_kw(p, "elif")) {
        pv_push(p, &n->orelse, pv_if(p, "'elif' statement"));
    } else if (pv_is_kw(p, "else")) {
        int line = pv_cur(p)->line;
        pv_advance(p);
        pv_block(p, &n->orelse, "'else' statement", line);
    }
    return pv_end(p, n);
}

static void pv_else_clause(PvParser *p, PvAstList *out)
{
    if (pv_is_kw(p, "else")) {
        int line = pv_cur(p)->line;
        pv_advance(p);
        pv_block(p, out, "'else' statement", line);
    }
}

static PvAst *pv_with_item(PvParser *p)
{
    PvAst *e = pv_expr(p);
    PvAst *it = pv_node_at(p, AST_WITHITEM, e);
    it->value = e;
    if (pv_accept_kw(p, "as")) {
        /* One target: `with a as b, c` is two items, not a tuple target. */
        it->target = pv_star_expr_bitor(p);
        pv_check_target(p, it->target, PVT_CTX_WITH, true);
    }
    return pv_end(p, it);
}

/* Whether the with statement uses `with (a as b, c):` — the '(' at the current token
 * closes right before the ':'. */
static bool pv_with_parenthesized(PvParser *p)
{
    if (!pv_is_op(p, "("))
        return false;
    int depth = 0;
    for (int i = p->pos; i < p->ntok; i++) {
        const PvToken *t = &p->toks[i];
        if (t->kind == PVT_ERROR || t->kind == PVT_ENDMARKER || t->kind == PVT_NEWLINE)
            return false;
        if (t->kind != PVT_OP)
            continue;
        if (strchr("([{", t->text[0]) && t->text[1] == '\0')
            depth++;
        else if (strchr(")]}", t->text[0]) && t->text[1] == '\0' && --depth == 0)
            return i + 1 < p->ntok && p->toks[i + 1].kind == PVT_OP &&
                   strcmp(p->toks[i + 1].text, ":") == 0;
    }
    return false;
}

static PvAst *pv_with(PvParser *p)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);
    PvAst *n = pv_node(p, AST_WITH, t);
    if (pv_with_parenthesized(p)) {
        pv_advance(p);
        do {
            if (pv_is_op(p, ")"))
                break;
            pv_push(p, &n->items, pv_with_item(p));
        } while (pv_accept_op(p, ","));
        pv_expect_op(p, ")");
    } else {
        do
            pv_push(p, &n->items, pv_with_item(p));
        while (pv_accept_op(p, ","));
    }
    pv_block(p, &n->body, "'with' statement", t->line);
    return pv_end(p, n);
}

static PvAst *pv_try(PvParser *p)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);
    PvAst *n = pv_node(p, AST_TRY, t);
    pv_block(p, &n->body, "'try' statement", t->line);
    while (pv_is_kw(p, "except")) {
        PvToken *et = pv_cur(p);
        pv_advance(p);
        if (pv_is_op(p, "*"))
            pv_fail(p, pv_cur(p)->line, pv_cur(p)->col, "except* is not supported");
        PvAst *h = pv_node(p, AST_EXCEPTHANDLER, et);
        if (!pv_is_op(p, ":")) {
            h->type = pv_expr(p);
            if (pv_is_op(p, ","))
                pv_fail(p, h->type->line, h->type->col,
                        "multiple exception types must be parenthesized");
            if (pv_accept_kw(p, "as"))
                h->name = pv_expect_name(p);
        }
        pv_block(p, &h->body, "'except' statement", et->line);
        pv_push(p, &n->handlers, pv_end(p, h));
    }
    if (n->handlers.n)
        pv_else_clause(p, &n->orelse);
    if (pv_is_kw(p, "finally")) {
        int line = pv_cur(p)->line;
        pv_advance(p);
        pv_block(p, &n->finalbody, "'finally' statement", line);
    }
    if (!n->handlers.n && !n->finalbody.n) {
        /* Reported where the try block's last line ends, as CPython does. */
        int i = p->pos;
        while (i > 0 && p->toks[i].kind != PVT_NEWLINE)
            i--;
        pv_fail(p, p->toks[i].line, p->toks[i].col, "expected 'except' or 'finally' block");
    }
    return pv_end(p, n);
}

static PvAst *pv_funcdef(PvParser *p)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);
    PvAst *n = pv_node(p, AST_FUNCTIONDEF, t);
    n->name = pv_expect_name(p);
    if (!pv_is_op(p, "(")) {
        pv_fail_syntax(p);
    }
    pv_advance(p);
    pv_params(p, &n->params, ")", true);
    pv_advance(p);
    if (pv_accept_op(p, "->"))
        (void)pv_expr(p);   /* the return annotation is checked, then dropped */
    pv_scope_block(p, &n->body, true, "function definition", t->line);
    return pv_end(p, n);
}

static PvAst *pv_classdef(PvParser *p)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);
    PvAst *n = pv_node(p, AST_CLASSDEF, t);
    n->name = pv_expect_name(p);
    if (pv_is_op(p, "(")) {
        PvToken *open = pv_cur(p);
        pv_advance(p);
        /* Bases and keywords parse like call arguments. */
        PvAst call;
        memset(&call, 0, sizeof call);
        pv_call_args(p, &call, open);
        n->bases = call.elts;
        n->keywords = call.keywords;
    }
    pv_scope_block(p, &n->body, false, "class definition", t->line);
    return pv_end(p, n);
}

/* a.b.c as one arena string. Built in the arena (not a PvBuf) because reading the
 * next name may unwind with an error. */
static const char *pv_dotted_name(PvParser *p)
{
    const char *name = pv_expect_name(p);
    while (pv_accept_op(p, ".")) {
        const char *part = pv_expect_name(p);
        size_t a = strlen(name), b = strlen(part);
        char *joined = pvarena_alloc(p->arena, a + b + 2);
        memcpy(joined, name, a);
        joined[a] = '.';
        memcpy(joined + a + 1, part, b + 1);
        name = joined;
    }
    return name;
}

static PvAst *pv_alias(PvParser *p, bool dotted)
{
    PvAst *a = pv_node(p, AST_ALIAS, pv_cur(p));
    a->name = dotted ? pv_dotted_name(p) : pv_expect_name(p);
    if (pv_accept_kw(p, "as"))
        a->asname = pv_expect_name(p);
    return pv_end(p, a);
}

static PvAst *pv_import_from(PvParser *p)
{
    PvToken *t = pv_cur(p);
    pv_advance(p);
    PvAst *n = pv_node(p, AST_IMPORTFROM, t);
    for (;;) {
        if (pv_accept_op(p, "."))
            n->level += 1;
        else if (pv_accept_op(p, "..."))
            n->level += 3;
        else
            break;
    }
    if (!pv_is_kw(p, "import") || n->level == 0)
        n->module = pv_dotted_name(p);
    if (!pv_accept_kw(p, "import"))
        pv_fail_syntax(p);
    if (pv_is_op(p, "*")) {
        PvAst *a = pv_node(p, AST_ALIAS, pv_cur(p));
        a->name = "*";
        pv_advance(p);
        pv_push(p, &n->names, pv_end(p, a));
    } else if (pv_accept_op(p, "(")) {
        do {
            if (pv_is_op(p, ")") && n->names.n)
                break;
            pv_push(p, &n->names, pv_alias(p, false));
        } while (pv_accept_op(p, ","));
        pv_expect_op(p, ")");
    } else {
        do
            pv_push(p, &n->names, pv_alias(p, false));
        while (pv_accept_op(p, ","));
        if (pv_is_op(p, ",") || pv_cur(p)->kind != PVT_NEWLINE) {
            if (pv_prev(p)->kind == PVT_OP && !strcmp(pv_prev(p)->text, ","))
                pv_fail(p, pv_prev(p)->line, pv_prev(p)->col,
                        "trailing comma not allowed without surrounding parentheses");
        }
    }
    return pv_end(p, n);
}

static PvAst *pv_names_stmt(PvParser *p, PvAstKind kind)
{
    PvToken *t = pv_cur(p);
    if (kind == AST_NONLOCAL && p->scope_depth == 0)
        pv_fail(p, t->line, t->col, "nonlocal declaration not allowed at module level");
    pv_advance(p);
    PvAst *n = pv_node(p, kind, t);
    int cap = 0;
    do {
        const char *name = pv_expect_name(p);
        if (n->nidents == cap) {
            cap = cap ? cap * 2 : 4;
            const char **ids = pvarena_alloc(p->arena, (size_t)cap * sizeof *ids);
            if (n->nidents)
                memcpy(ids, n->idents, (size_t)n->nidents * sizeof *ids);
            n->idents = ids;
        }
        n->idents[n->nidents++] = name;
    } while (pv_accept_op(p, ","));
    return pv_end(p, n);
}

static const struct { const char *op; PvBinOp code; } pv_augops[] = {
    { "+=", PV_OP_ADD }, { "-=", PV_OP_SUB }, { "*=", PV_OP_MUL },
    { "/=", PV_OP_TRUEDIV }, { "//=", PV_OP_FLOORDIV }, { "%=", PV_OP_MOD },
    { "**=", PV_OP_POW }, { "<<=", PV_OP_LSHIFT }, { ">>=", PV_OP_RSHIFT },
    { "|=", PV_OP_BITOR }, { "^=", PV_OP_BITXOR }, { "&=", PV_OP_BITAND },
    { "@=", PV_OP_MATMUL },
};

/* Expression statement, assignment, augmented or annotated assignment. */
static PvAst *pv_expr_stmt(PvParser *p)
{
    PvToken *start = pv_cur(p);
    PvAst *first = pv_yield_or_star_expressions(p);
    PvToken *t = pv_cur(p);

    if (t->kind == PVT_OP && strcmp(t->text, ":") == 0) {
        if (first->kind == AST_TUPLE)
            pv_fail(p, first->line, first->col,
                    "only single target (not tuple) can be annotated");
        if (first->kind == AST_LIST)
            pv_fail(p, first->line, first->col,
                    "only single target (not list) can be annotated");
        if (first->kind != AST_NAME && first->kind != AST_ATTRIBUTE &&
            first->kind != AST_SUBSCRIPT)
            pv_fail(p, first->line, first->col, "illegal target for annotation");
        pv_advance(p);
        PvAst *n = pv_node(p, AST_ANNASSIGN, start);
        n->target = first;
        n->annotation = pv_expr(p);
        if (pv_accept_op(p, "="))
            n->value = pv_yield_or_star_expressions(p);
        return pv_end(p, n);
    }
    if (t->kind == PVT_OP) {
        for (size_t i = 0; i < PV_ARRAY_LEN(pv_augops); i++) {
            if (strcmp(t->text, pv_augops[i].op) != 0)
                continue;
            if (first->kind != AST_NAME && first->kind != AST_ATTRIBUTE &&
                first->kind != AST_SUBSCRIPT) {
                const char *what = pv_describe(first);
                if (first->kind == AST_BINOP || first->kind == AST_UNARYOP ||
                    first->kind == AST_BOOLOP)
                    what = "expression";
                pv_fail(p, first->line, first->col,
                        "'%s' is an illegal expression for augmented assignment", what);
            }
            pv_advance(p);
            PvAst *n = pv_node(p, AST_AUGASSIGN, start);
            n->target = first;
            n->binop = pv_augops[i].code;
            n->value = pv_yield_or_star_expressions(p);
            return pv_end(p, n);
        }
    }
    if (t->kind == PVT_OP && strcmp(t->text, "=") == 0) {
        PvAst *n = pv_node(p, AST_ASSIGN, start);
        PvAst *value = first;
        while (pv_accept_op(p, "=")) {
            pv_check_target(p, value, PVT_CTX_ASSIGN, true);
            pv_push(p, &n->targets, value);
            value = pv_yield_or_star_expressions(p);
        }
        n->value = value;
        return pv_end(p, n);
    }
    if (first->kind == AST_STARRED)
        pv_fail(p, first->line, first->col, "can't use starred expression here");
    PvAst *n = pv_node(p, AST_EXPR_STMT, start);
    n->value = first;
    return pv_end(p, n);
}

static PvAst *pv_simple_stmt(PvParser *p)
{
    PvToken *t = pv_cur(p);
    if (t->kind != PVT_KEYWORD)
        return pv_expr_stmt(p);
    const char *kw = t->text;
    PvAst *n;
    if (!strcmp(kw, "pass") || !strcmp(kw, "break") || !strcmp(kw, "continue")) {
        if (kw[0] == 'b' && p->loop_depth == 0)
            pv_fail(p, t->line, t->col, "'break' outside loop");
        if (kw[0] == 'c' && p->loop_depth == 0)
            pv_fail(p, t->line, t->col, "'continue' not properly in loop");
        n = pv_node(p, kw[0] == 'p' ? AST_PASS : kw[0] == 'b' ? AST_BREAK : AST_CONTINUE, t);
        pv_advance(p);
    } else if (!strcmp(kw, "return")) {
        if (p->func_depth == 0)
            pv_fail(p, t->line, t->col, "'return' outside function");
        pv_advance(p);
        n = pv_node(p, AST_RETURN, t);
        if (pv_starts_expr(p))
            n->value = pv_star_expressions(p);
    } else if (!strcmp(kw, "raise")) {
        pv_advance(p);
        n = pv_node(p, AST_RAISE, t);
        if (pv_starts_expr(p)) {
            n->exc = pv_expr(p);
            if (pv_accept_kw(p, "from"))
                n->cause = pv_expr(p);
        }
    } else if (!strcmp(kw, "global")) {
        n = pv_names_stmt(p, AST_GLOBAL);
    } else if (!strcmp(kw, "nonlocal")) {
        n = pv_names_stmt(p, AST_NONLOCAL);
    } else if (!strcmp(kw, "del")) {
        pv_advance(p);
        n = pv_node(p, AST_DELETE, t);
        do {
            if (n->targets.n && !pv_starts_expr(p))
                break;
            PvAst *e = pv_star_expr_bitor(p);
            pv_check_target(p, e, PVT_CTX_DEL, true);
            pv_push(p, &n->targets, e);
        } while (pv_accept_op(p, ","));
    } else if (!strcmp(kw, "assert")) {
        pv_advance(p);
        n = pv_node(p, AST_ASSERT, t);
        n->test = pv_expr(p);
        if (pv_accept_op(p, ","))
            n->msg = pv_expr(p);
    } else if (!strcmp(kw, "import")) {
        pv_advance(p);
        n = pv_node(p, AST_IMPORT, t);
        do
            pv_push(p, &n->names, pv_alias(p, true));
        while (pv_accept_op(p, ","));
    } else if (!strcmp(kw, "from")) {
        n = pv_import_from(p);
    } else {
        return pv_expr_stmt(p);
    }
    return pv_end(p, n);
}

static void pv_simple_stmts(PvParser *p, PvAstList *out)
{
    for (;;) {
        pv_push(p, out, pv_simple_stmt(p));
        if (!pv_accept_op(p, ";") || pv_cur(p)->kind == PVT_NEWLINE)
            break;
    }
    if (pv_cur(p)->kind != PVT_NEWLINE)
        pv_fail_syntax(p);
    pv_advance(p);
}

static void pv_statement(PvParser *p, PvAstList *out)
{
    PvToken *t = pv_cur(p);
    if (t->kind == PVT_OP && strcmp(t->text, "@") == 0) {
        PvAstList decorators = { 0 };
        while (pv_accept_op(p, "@")) {
            pv_push(p, &decorators, pv_expr(p));
            if (pv_cur(p)->kind != PVT_NEWLINE)
                pv_fail_syntax(p);
            pv_advance(p);
        }
        PvAst *d;
        if (pv_is_kw(p, "def"))
            d = pv_funcdef(p);
        else if (pv_is_kw(p, "class"))
            d = pv_classdef(p);
        else
            pv_fail_syntax(p);
        d->decorators = decorators;
        d->line = t->line;
        d->col = t->col;
        pv_push(p, out, d);
        return;
    }
    if (t->kind != PVT_KEYWORD) {
        pv_simple_stmts(p, out);
        return;
    }
    const char *kw = t->text;
    if (!strcmp(kw, "if")) {
        pv_push(p, out, pv_if(p, "'if' statement"));
    } else if (!strcmp(kw, "while")) {
        pv_advance(p);
        PvAst *n = pv_node(p, AST_WHILE, t);
        n->test = pv_expr(p);
        pv_loop_block(p, &n->body, "'while' statement", t->line);
        pv_else_clause(p, &n->orelse);
        pv_push(p, out, pv_end(p, n));
    } else if (!strcmp(kw, "for")) {
        pv_advance(p);
        PvAst *n = pv_node(p, AST_FOR, t);
        n->target = pv_target_list(p);
        pv_check_target(p, n->target, PVT_CTX_FOR, true);
        if (!pv_accept_kw(p, "in"))
            pv_fail_syntax(p);
        n->iter = pv_star_expressions(p);
        pv_loop_block(p, &n->body, "'for' statement", t->line);
        pv_else_clause(p, &n->orelse);
        pv_push(p, out, pv_end(p, n));
    } else if (!strcmp(kw, "try")) {
        pv_push(p, out, pv_try(p));
    } else if (!strcmp(kw, "with")) {
        pv_push(p, out, pv_with(p));
    } else if (!strcmp(kw, "def")) {
        pv_push(p, out, pv_funcdef(p));
    } else if (!strcmp(kw, "class")) {
        pv_push(p, out, pv_classdef(p));
    } else if (!strcmp(kw, "async")) {
        pv_fail_syntax(p);
    } else {
        pv_simple_stmts(p, out);
    }
}

/* ---- entry points --------------------------------------------------------------- */

static void pv_init(PvParser *p, PvArena *arena, PvSyntaxError *err, jmp_buf *jmp)
{
    memset(p, 0, sizeof *p);
    p->arena = arena;
    p->err = err;
    p->jmp = jmp;
    memset(err, 0, sizeof *err);
}

PvAst *pvparse_module(PvArena *arena, const char *src, size_t len, PvSyntaxError *err)
{
    PvParser p;
    jmp_buf jmp;
    pv_init(&p, arena, err, &jmp);
    if (setjmp(jmp))
        return NULL;
    p.ntok = pvlex_tokenize(arena, src, len, 1, 1, PVLEX_FILE, false, &p.toks);
    PvAst *mod = pvast_new(arena, AST_MODULE, 1, 1);
    while (pv_cur(&p)->kind != PVT_ENDMARKER)
        pv_statement(&p, &mod->body);
    return pv_end(&p, mod);
}

PvAst *pvparse_expression(PvArena *arena, const char *src, size_t len, PvSyntaxError *err)
{
    PvParser p;
    jmp_buf jmp;
    pv_init(&p, arena, err, &jmp);
    if (setjmp(jmp))
        return NULL;
    p.ntok = pvlex_tokenize(arena, src, len, 1, 1, PVLEX_EXPRESSION, false, &p.toks);
    PvAst *e = pv_star_expressions(&p);
    if (pv_cur(&p)->kind != PVT_ENDMARKER)
        pv_fail_syntax(&p);
    return e;
}
