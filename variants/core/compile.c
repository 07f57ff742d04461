/* compile.c — from source to code objects: parse (parser.c), analyse scopes, generate
 * bytecode (opcodes.h), assemble.
 *
 * Scopes. A first pass builds one Scope per module, class, function, lambda and
 * comprehension, records which names each binds, uses, or declares global/nonlocal,
 * and resolves every name to one of: fast local, global, cell (a local captured by an
 * inner function), free (captured from an enclosing function), or — in class bodies
 * and at module level — a name looked up in the namespace dict. As in Python 3,
 * comprehensions are functions of their own, and a method that mentions `super`
 * captures the class's implicit `__class__` cell.
 *
 * Code generation appends instructions with symbolic jump targets (labels) to a list;
 * the assembler then picks each jump's EXTENDED_ARG width (iterating until the layout
 * is stable), lays out 16-bit words, and computes the maximum stack depth by a flow
 * analysis over the instructions. try/finally bodies are emitted once per way out
 * (normal exit, return, break, continue) and once more as the exception handler. */
#include <stdio.h>
#include <stdlib.h>

#include "thread.h"
#include "vm.h"
#include "ast.h"
#include "opcodes.h"

const char *const pv_opcode_names[PV_NOPCODES] = {
#define PV_OPCODE_NAME(name, effect, jump) #name,
    PV_OPCODES(PV_OPCODE_NAME)
#undef PV_OPCODE_NAME
};
static const int8_t opcode_effect[PV_NOPCODES] = {
#define PV_OPCODE_EFFECT(name, effect, jump) effect,
    PV_OPCODES(PV_OPCODE_EFFECT)
#undef PV_OPCODE_EFFECT
};

/* ======================================================================== scopes */

enum { SCOPE_MODULE, SCOPE_CLASS, SCOPE_FUNCTION };

enum {
    SYM_ASSIGNED = 1, SYM_PARAM = 2, SYM_USED = 4, SYM_GLOBAL = 8, SYM_NONLOCAL = 16,
};
enum { RES_UNRESOLVED, RES_LOCAL, RES_GLOBAL, RES_NAME, RES_CELL, RES_FREE };

typedef struct Sym {
    const char *name;
    int flags;
    int res;
    int line;              /* of its global/nonlocal declaration, for errors */
    bool free_class;       /* class scope: bound here, and also passed through as a
                              free variable to the methods that read the outer one */
} Sym;

typedef struct Scope {
    int kind;
    struct Scope *parent;
    const PvAst *node;
    const char *name;
    Sym *syms;
    int nsyms, capsyms;
    bool generator;
    bool uses_super;          /* mentions `super` or `__class__` */
    bool class_cell;          /* class scope: provides the __class__ cell */
    struct Scope **children;
    int nchildren, capchildren;
} Scope;

typedef struct Compiler {
    const char *filename;
    PvSyntaxError err;
    bool failed;
    Scope **all;             /* every scope, to free and to find by node */
    int nall, capall;
    PvArena *arena;
} Compiler;

static void cerror(Compiler *c, const PvAst *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cerror(Compiler *c, const PvAst *n, const char *fmt, ...)
{
    if (c->failed) return;
    c->failed = true;
    c->err.line = n ? n->line : 0;
    c->err.col = n ? n->col : 0;
    snprintf(c->err.kind, sizeof c->err.kind, "SyntaxError");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.msg, sizeof c->err.msg, fmt, ap);
    va_end(ap);
}

static Scope *scope_new(Compiler *c, int kind, Scope *parent, const PvAst *node, const char *name)
{
    Scope *s = pv_xcalloc(1, sizeof(Scope));
    s->kind = kind;
    s->parent = parent;
    s->node = node;
    s->name = name;
    if (c->nall == c->capall) {
        c->capall = c->capall ? c->capall * 2 : 32;
        c->all = pv_xrealloc(c->all, (size_t)c->capall * sizeof(Scope *));
    }
    c->all[c->nall++] = s;
    if (parent) {
        if (parent->nchildren == parent->capchildren) {
            parent->capchildren = parent->capchildren ? parent->capchildren * 2 : 8;
            parent->children = pv_xrealloc(parent->children, (size_t)parent->capchildren * sizeof(Scope *));
        }
        parent->children[parent->nchildren++] = s;
    }
    return s;
}

static Scope *scope_of(Compiler *c, const PvAst *node)
{
    for (int i = 0; i < c->nall; i++)
        if (c->all[i]->node == node) return c->all[i];
    pv_fatal("compiler: no scope for node");
}

static Sym *sym_find(Scope *s, const char *name)
{
    for (int i = 0; i < s->nsyms; i++)
        if (!strcmp(s->syms[i].name, name)) return &s->syms[i];
    return NULL;
}

static Sym *sym_add(Scope *s, const char *name, int flags)
{
    Sym *y = sym_find(s, name);
    if (!y) {
        if (s->nsyms == s->capsyms) {
            s->capsyms = s->capsyms ? s->capsyms * 2 : 16;
            s->syms = pv_xrealloc(s->syms, (size_t)s->capsyms * sizeof(Sym));
        }
        y = &s->syms[s->nsyms++];
        y->name = name;
        y->flags = 0;
        y->res = RES_UNRESOLVED;
        y->line = 0;
        y->free_class = false;
    }
    y->flags |= flags;
    return y;
}

static void sym_visit_expr(Compiler *c, Scope *s, const PvAst *n);
static void sym_visit_stmts(Compiler *c, Scope *s, const PvAstList *l);

static void sym_visit_list(Compiler *c, Scope *s, const PvAstList *l)
{
    for (int i = 0; i < l->n; i++) sym_visit_expr(c, s, l->items[i]);
}

/* Names bound by an assignment target. */
static void sym_target(Compiler *c, Scope *s, const PvAst *t)
{
    switch (t->kind) {
    case AST_NAME: sym_add(s, t->name, SYM_ASSIGNED); break;
    case AST_TUPLE: case AST_LIST:
        for (int i = 0; i < t->elts.n; i++) sym_target(c, s, t->elts.items[i]);
        break;
    case AST_STARRED: sym_target(c, s, t->value); break;
    default: sym_visit_expr(c, s, t); break;   /* attribute / subscript: uses */
    }
}

static void sym_params(Compiler *c, Scope *outer, Scope *inner, const PvAstParams *p)
{
    for (int i = 0; i < p->n; i++) {
        if (p->params[i].default_value) sym_visit_expr(c, outer, p->params[i].default_value);
        if (sym_find(inner, p->params[i].name) && (sym_find(inner, p->params[i].name)->flags & SYM_PARAM))
            cerror(c, NULL, "duplicate argument '%s' in function definition", p->params[i].name);
        sym_add(inner, p->params[i].name, SYM_PARAM | SYM_ASSIGNED);
    }
}

static void sym_comprehension(Compiler *c, Scope *s, const PvAst *n)
{
    /* The first iterable is evaluated in the enclosing scope. */
    const PvAst *g0 = n->generators.items[0];
    sym_visit_expr(c, s, g0->iter);
    Scope *inner = scope_new(c, SCOPE_FUNCTION, s, n,
                             n->kind == AST_LISTCOMP ? "<listcomp>" : n->kind == AST_SETCOMP ? "<setcomp>"
                             : n->kind == AST_DICTCOMP ? "<dictcomp>" : "<genexpr>");
    sym_add(inner, ".0", SYM_PARAM | SYM_ASSIGNED);
    if (n->kind == AST_GENEXP) inner->generator = true;
    for (int i = 0; i < n->generators.n; i++) {
        const PvAst *g = n->generators.items[i];
        if (i > 0) sym_visit_expr(c, inner, g->iter);
        sym_target(c, inner, g->target);
        sym_visit_list(c, inner, &g->ifs);
    }
    if (n->kind == AST_DICTCOMP) {
        sym_visit_expr(c, inner, n->key);
        sym_visit_expr(c, inner, n->value);
    } else {
        sym_visit_expr(c, inner, n->elt);
    }
}

static void sym_visit_expr(Compiler *c, Scope *s, const PvAst *n)
{
    if (!n) return;
    switch (n->kind) {
    case AST_NAME:
        sym_add(s, n->name, SYM_USED);
        if (!strcmp(n->name, "super") || !strcmp(n->name, "__class__")) s->uses_super = true;
        break;
    case AST_LAMBDA: {
        Scope *inner = scope_new(c, SCOPE_FUNCTION, s, n, "<lambda>");
        sym_params(c, s, inner, &n->params);
        sym_visit_expr(c, inner, n->body_expr);
        break;
    }
    case AST_LISTCOMP: case AST_SETCOMP: case AST_DICTCOMP: case AST_GENEXP:
        sym_comprehension(c, s, n);
        break;
    case AST_YIELD: case AST_YIELD_FROM:
        s->generator = true;
        sym_visit_expr(c, s, n->value);
        break;
    default:
        sym_visit_expr(c, s, n->value);
        sym_visit_expr(c, s, n->left);
        sym_visit_expr(c, s, n->right);
        sym_visit_expr(c, s, n->operand);
        sym_visit_expr(c, s, n->test);
        sym_visit_expr(c, s, n->func);
        sym_visit_expr(c, s, n->index);
        sym_visit_expr(c, s, n->lower);
        sym_visit_expr(c, s, n->upper);
        sym_visit_expr(c, s, n->step);
        sym_visit_expr(c, s, n->body_expr);
        sym_visit_expr(c, s, n->orelse_expr);
        sym_visit_expr(c, s, n->format_spec);
        sym_visit_list(c, s, &n->elts);
        sym_visit_list(c, s, &n->keys);
        sym_visit_list(c, s, &n->values);
        sym_visit_list(c, s, &n->keywords);
        break;
    }
}

static void sym_visit_stmt(Compiler *c, Scope *s, const PvAst *n)
{
    switch (n->kind) {
    case AST_FUNCTIONDEF: {
        sym_visit_list(c, s, &n->decorators);
        sym_add(s, n->name, SYM_ASSIGNED);
        Scope *inner = scope_new(c, SCOPE_FUNCTION, s, n, n->name);
        sym_params(c, s, inner, &n->params);
        sym_visit_stmts(c, inner, &n->body);
        break;
    }
    case AST_CLASSDEF: {
        sym_visit_list(c, s, &n->decorators);
        sym_visit_list(c, s, &n->bases);
        sym_visit_list(c, s, &n->keywords);
        sym_add(s, n->name, SYM_ASSIGNED);
        Scope *inner = scope_new(c, SCOPE_CLASS, s, n, n->name);
        sym_visit_stmts(c, inner, &n->body);
        break;
    }
    case AST_ASSIGN:
        sym_visit_expr(c, s, n->value);
        for (int i = 0; i < n->targets.n; i++) sym_target(c, s, n->targets.items[i]);
        break;
    case AST_AUGASSIGN:
        sym_visit_expr(c, s, n->value);
        if (n->target->kind == AST_NAME) sym_add(s, n->target->name, SYM_ASSIGNED | SYM_USED);
        else sym_visit_expr(c, s, n->target);
        break;
    case AST_ANNASSIGN:
        sym_visit_expr(c, s, n->value);
        if (n->target->kind == AST_NAME) {
            if (n->value) sym_add(s, n->target->name, SYM_ASSIGNED);
        } else sym_visit_expr(c, s, n->target);
        break;
    case AST_DELETE:
        for (int i = 0; i < n->targets.n; i++) sym_target(c, s, n->targets.items[i]);
        break;
    case AST_FOR:
        sym_visit_expr(c, s, n->iter);
        sym_target(c, s, n->target);
        sym_visit_stmts(c, s, &n->body);
        sym_visit_stmts(c, s, &n->orelse);
        break;
    case AST_WHILE: case AST_IF:
        sym_visit_expr(c, s, n->test);
        sym_visit_stmts(c, s, &n->body);
        sym_visit_stmts(c, s, &n->orelse);
        break;
    case AST_WITH:
        for (int i = 0; i < n->items.n; i++) {
            sym_visit_expr(c, s, n->items.items[i]->value);
            if (n->items.items[i]->target) sym_target(c, s, n->items.items[i]->target);
        }
        sym_visit_stmts(c, s, &n->body);
        break;
    case AST_TRY:
        sym_visit_stmts(c, s, &n->body);
        for (int i = 0; i < n->handlers.n; i++) {
            const PvAst *h = n->handlers.items[i];
            sym_visit_expr(c, s, h->type);
            if (h->name) sym_add(s, h->name, SYM_ASSIGNED);
            sym_visit_stmts(c, s, &h->body);
        }
        sym_visit_stmts(c, s, &n->orelse);
        sym_visit_stmts(c, s, &n->finalbody);
        break;
    case AST_GLOBAL: case AST_NONLOCAL:
        for (int i = 0; i < n->nidents; i++) {
            Sym *y = sym_find(s, n->idents[i]);
            if (y && (y->flags & (SYM_ASSIGNED | SYM_USED)) && !(y->flags & (SYM_GLOBAL | SYM_NONLOCAL))) {
                cerror(c, n, "name '%s' is %s prior to %s declaration", n->idents[i],
                       (y->flags & SYM_ASSIGNED) ? "assigned to" : "used",
                       n->kind == AST_GLOBAL ? "global" : "nonlocal");
                return;
            }
            sym_add(s, n->idents[i], n->kind == AST_GLOBAL ? SYM_GLOBAL : SYM_NONLOCAL)->line = n->line;
        }
        break;
    case AST_IMPORT: case AST_IMPORTFROM:
        for (int i = 0; i < n->names.n; i++) {
            const PvAst *a = n->names.items[i];
            if (!strcmp(a->name, "*")) continue;
            const char *bound = a->asname;
            if (!bound) {
                /* `import a.b` binds `a` */
                const char *dot = strchr(a->name, '.');
                bound = dot ? pvarena_strndup(c->arena, a->name, (size_t)(dot - a->name)) : a->name;
            }
            sym_add(s, bound, SYM_ASSIGNED);
        }
        break;
    default:
        sym_visit_expr(c, s, n->value);
        sym_visit_expr(c, s, n->test);
        sym_visit_expr(c, s, n->msg);
        sym_visit_expr(c, s, n->exc);
        sym_visit_expr(c, s, n->cause);
        break;
    }
}

static void sym_visit_stmts(Compiler *c, Scope *s, const PvAstList *l)
{
    for (int i = 0; i < l->n; i++) sym_visit_stmt(c, s, l->items[i]);
}

/* Is `name` bound as a function local (or cell) in some enclosing function scope of s?
 * Marks the binding scope's symbol as a cell and returns true. */
static bool bind_free(Scope *s, const char *name)
{
    for (Scope *p = s->parent; p; p = p->parent) {
        if (p->kind == SCOPE_CLASS) continue;
        if (p->kind == SCOPE_MODULE) return false;
        Sym *y = sym_find(p, name);
        if (!y) continue;
        if (y->flags & SYM_GLOBAL) return false;
        if (y->flags & SYM_NONLOCAL) { y->res = RES_FREE; return true; }
        if (y->flags & (SYM_ASSIGNED | SYM_PARAM)) {
            y->res = RES_CELL;
            return true;
        }
    }
    return false;
}

/* Adds `name` as free to every function scope strictly between s and the binder. */
static void pass_through(Scope *s, const char *name)
{
    for (Scope *p = s->parent; p; p = p->parent) {
        if (p->kind == SCOPE_CLASS) {
            /* The class body must carry the cell to its methods; if it binds the name
             * itself, that binding stays a class attribute (free_class). */
            Sym *z = sym_add(p, name, 0);
            if (z->flags & (SYM_ASSIGNED | SYM_PARAM | SYM_GLOBAL)) z->free_class = true;
            else if (z->res == RES_UNRESOLVED || z->res == RES_GLOBAL || z->res == RES_NAME) z->res = RES_FREE;
            continue;
        }
        Sym *y = sym_find(p, name);
        if (y && (y->flags & (SYM_ASSIGNED | SYM_PARAM | SYM_NONLOCAL)) && !(y->flags & SYM_GLOBAL)) return;
        Sym *z = sym_add(p, name, 0);
        if (z->res == RES_UNRESOLVED || z->res == RES_GLOBAL) z->res = RES_FREE;
    }
}

static void resolve(Compiler *c, Scope *s)
{
    /* Implicit __class__ cell: a method that mentions super gets it as a free var. */
    if (s->kind == SCOPE_FUNCTION && s->uses_super && s->parent && s->parent->kind == SCOPE_CLASS) {
        Sym *y = sym_add(s, "__class__", SYM_USED);
        y->res = RES_FREE;
        s->parent->class_cell = true;
    }
    for (int i = 0; i < s->nsyms; i++) {
        Sym *y = &s->syms[i];
        if (y->res == RES_FREE && !strcmp(y->name, "__class__")) continue;
        if (y->flags & SYM_GLOBAL) { y->res = RES_GLOBAL; continue; }
        if (y->flags & SYM_NONLOCAL) {
            if (s->kind == SCOPE_MODULE) {
                cerror(c, NULL, "nonlocal declaration not allowed at module level");
                return;
            }
            if (!bind_free(s, y->name)) {
                PvAst where = {.line = y->line, .col = 1};
                cerror(c, y->line ? &where : s->node, "no binding for nonlocal '%s' found", y->name);
                return;
            }
            y->res = RES_FREE;
            pass_through(s, y->name);
            continue;
        }
        if (s->kind == SCOPE_MODULE) { y->res = RES_GLOBAL; continue; }
        if (y->flags & (SYM_ASSIGNED | SYM_PARAM)) {
            if (y->res != RES_CELL) y->res = s->kind == SCOPE_CLASS ? RES_NAME : RES_LOCAL;
            continue;
        }
        /* Only used here. */
        if (y->res == RES_FREE || y->res == RES_CELL) continue;
        if (bind_free(s, y->name)) {
            y->res = RES_FREE;
            pass_through(s, y->name);
        } else {
            y->res = s->kind == SCOPE_CLASS ? RES_NAME : RES_GLOBAL;
        }
    }
    for (int i = 0; i < s->nchildren && !c->failed; i++) resolve(c, s->children[i]);
}

/* Children resolve after parents, but a child may turn a parent's local into a cell.
 * Running the resolution until nothing changes settles that. */
static void resolve_all(Compiler *c, Scope *top)
{
    for (int round = 0; round < 3 && !c->failed; round++) resolve(c, top);
}

/* ===================================================================== code units */

typedef struct Instr {
    uint8_t op;
    int32_t arg;
    int32_t label;         /* jump target label, or -1 */
    int32_t line;
    int32_t size;          /* words incl. EXTENDED_ARG (assembler) */
} Instr;

enum { FB_LOOP, FB_FOR, FB_TRY_FINALLY, FB_HANDLER, FB_FINALLY_HANDLER, FB_WITH };

typedef struct FBlock {
    int kind;
    int label_continue, label_break;
    const PvAst *finalbody_owner;  /* FB_TRY_FINALLY: the AST_TRY */
} FBlock;

typedef struct Unit {
    Scope *scope;
    Instr *code;
    int ncode, capcode;
    int32_t *labels;       /* label -> instruction index */
    int nlabels, caplabels;
    PvVal consts;          /* list */
    PvVal const_index;     /* dict: (type, value) -> index */
    PvVal names, name_index;
    PvVal varnames, cellvars, freevars;
    FBlock fblocks[32];
    int nfblocks;
    int maxblocks, curblocks;
    int line;
    int argcount, kwonlycount;
    uint32_t flags;
    const char *qualname;
} Unit;

static void emit(Unit *u, int op, int arg)
{
    if (u->ncode == u->capcode) {
        u->capcode = u->capcode ? u->capcode * 2 : 64;
        u->code = pv_xrealloc(u->code, (size_t)u->capcode * sizeof(Instr));
    }
    Instr *in = &u->code[u->ncode++];
    in->op = (uint8_t)op;
    in->arg = arg;
    in->label = -1;
    in->line = u->line;
    in->size = 1;
}

static int new_label(Unit *u)
{
    if (u->nlabels == u->caplabels) {
        u->caplabels = u->caplabels ? u->caplabels * 2 : 32;
        u->labels = pv_xrealloc(u->labels, (size_t)u->caplabels * sizeof(int32_t));
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

static void place(Unit *u, int label) { u->labels[label] = u->ncode; }

static void emit_jump(Unit *u, int op, int label)
{
    emit(u, op, 0);
    u->code[u->ncode - 1].label = label;
}

static int add_to(PvVal list, PvVal index, PvVal key, PvVal value)
{
    PvVal ix = pv_dict_get(index, key);
    if (ix) return (int)pv_int_value(ix);
    int n = (int)pv_list_len(list);
    pv_list_append(list, value);
    pv_dict_set(index, key, pv_int(n));
    return n;
}

static int const_index(Unit *u, PvVal v)
{
    /* Key by (type, value) so that 1, 1.0 and True stay distinct constants; -0.0 and
     * 0.0 compare equal, so floats are keyed by their repr. */
    PvVal key;
    if (PV_IS_FLOAT(v)) key = pv_tuple_pack(2, PV_VAL(&pv_type_float), pv_repr(v));
    else if (PV_IS_PTR(v) && (PV_OBJ(v)->type == &pv_type_code || PV_OBJ(v)->type == &pv_type_tuple))
        key = pv_int((int64_t)(v >> 3));  /* identity */
    else key = pv_tuple_pack(2, PV_VAL(pv_type(v)), v);
    return add_to(u->consts, u->const_index, key, v);
}

static int name_index(Unit *u, const char *name)
{
    PvVal s = pv_intern(name);
    return add_to(u->names, u->name_index, s, s);
}

static int list_find_str(PvVal list, const char *name)
{
    int64_t n = pv_list_len(list);
    for (int64_t i = 0; i < n; i++)
        if (!strcmp(pv_str_data(pv_list_get(list, i)), name)) return (int)i;
    return -1;
}

static void emit_const(Unit *u, PvVal v) { emit(u, OP_LOAD_CONST, const_index(u, v)); }

/* ============================================================== code generation */

typedef struct Gen {
    Compiler *c;
    Unit *u;
} Gen;

static void gen_expr(Gen *g, const PvAst *n);
static void gen_stmts(Gen *g, const PvAstList *l);
static PvCode *gen_code_for(Compiler *c, Scope *s, const PvAst *node, const char *qualname);

static void set_line(Gen *g, const PvAst *n) { if (n && n->line) g->u->line = n->line; }

static int cell_index(Unit *u, const char *name)
{
    int i = list_find_str(u->cellvars, name);
    if (i >= 0) return i;
    i = list_find_str(u->freevars, name);
    if (i >= 0) return (int)pv_list_len(u->cellvars) + i;
    return -1;
}

typedef enum { NAME_LOAD, NAME_STORE, NAME_DEL } NameCtx;

static void gen_name(Gen *g, const char *name, NameCtx ctx, const PvAst *where)
{
    Unit *u = g->u;
    Sym *y = sym_find(u->scope, name);
    int res = y ? y->res : (u->scope->kind == SCOPE_FUNCTION ? RES_GLOBAL : RES_NAME);
    if (u->scope->kind == SCOPE_MODULE && res != RES_GLOBAL) res = RES_GLOBAL;
    switch (res) {
    case RES_LOCAL: {
        int i = list_find_str(u->varnames, name);
        if (i < 0) { pv_list_append(u->varnames, pv_intern(name)); i = (int)pv_list_len(u->varnames) - 1; }
        emit(u, ctx == NAME_LOAD ? OP_LOAD_FAST : ctx == NAME_STORE ? OP_STORE_FAST : OP_DELETE_FAST, i);
        return;
    }
    case RES_CELL: case RES_FREE: {
        int i = cell_index(u, name);
        if (i < 0) { cerror(g->c, where, "internal error: no cell for '%s'", name); return; }
        if (ctx == NAME_LOAD && u->scope->kind == SCOPE_CLASS) {
            emit(u, OP_LOAD_CLASSDEREF, i);
            return;
        }
        emit(u, ctx == NAME_LOAD ? OP_LOAD_DEREF : ctx == NAME_STORE ? OP_STORE_DEREF : OP_DELETE_DEREF, i);
        return;
    }
    case RES_NAME:
        emit(u, ctx == NAME_LOAD ? OP_LOAD_NAME : ctx == NAME_STORE ? OP_STORE_NAME : OP_DELETE_NAME,
             name_index(u, name));
        return;
    default:
        if (u->scope->kind == SCOPE_CLASS && ctx != NAME_LOAD && !(y && (y->flags & SYM_GLOBAL))) {
            emit(u, ctx == NAME_STORE ? OP_STORE_NAME : OP_DELETE_NAME, name_index(u, name));
            return;
        }
        if (u->scope->kind == SCOPE_CLASS && ctx == NAME_LOAD && !(y && (y->flags & SYM_GLOBAL))) {
            emit(u, OP_LOAD_NAME, name_index(u, name));
            return;
        }
        emit(u, ctx == NAME_LOAD ? OP_LOAD_GLOBAL : ctx == NAME_STORE ? OP_STORE_GLOBAL : OP_DELETE_GLOBAL,
             name_index(u, name));
        return;
    }
}

static PvVal int_const(int64_t v) { return pv_int(v); }

static void gen_store(Gen *g, const PvAst *t);

static bool has_starred(const PvAstList *l)
{
    for (int i = 0; i < l->n; i++)
        if (l->items[i]->kind == AST_STARRED) return true;
    return false;
}

/* Builds a list/tuple/set display with possible *unpacking. */
static void gen_sequence(Gen *g, const PvAstList *elts, int kind)
{
    Unit *u = g->u;
    if (!has_starred(elts)) {
        for (int i = 0; i < elts->n; i++) gen_expr(g, elts->items[i]);
        emit(u, kind == AST_LIST ? OP_BUILD_LIST : kind == AST_SET ? OP_BUILD_SET : OP_BUILD_TUPLE, elts->n);
        return;
    }
    emit(u, kind == AST_SET ? OP_BUILD_SET : OP_BUILD_LIST, 0);
    for (int i = 0; i < elts->n; i++) {
        const PvAst *e = elts->items[i];
        if (e->kind == AST_STARRED) {
            gen_expr(g, e->value);
            emit(u, kind == AST_SET ? OP_SET_UPDATE : OP_LIST_EXTEND, 1);
        } else {
            gen_expr(g, e);
            emit(u, kind == AST_SET ? OP_SET_ADD : OP_LIST_APPEND, 1);
        }
    }
    if (kind == AST_TUPLE) emit(u, OP_LIST_TO_TUPLE, 0);
}

static void gen_call(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    bool star = has_starred(&n->elts);
    bool dstar = false;
    for (int i = 0; i < n->keywords.n; i++)
        if (!n->keywords.items[i]->name) dstar = true;
    /* obj.method(args) without keywords or unpacking: LOAD_METHOD / CALL_METHOD. */
    if (n->func->kind == AST_ATTRIBUTE && !star && !dstar && n->keywords.n == 0) {
        gen_expr(g, n->func->value);
        set_line(g, n->func);
        emit(u, OP_LOAD_METHOD, name_index(u, n->func->name));
        for (int i = 0; i < n->elts.n; i++) gen_expr(g, n->elts.items[i]);
        set_line(g, n);
        emit(u, OP_CALL_METHOD, n->elts.n);
        return;
    }
    gen_expr(g, n->func);
    if (!star && !dstar) {
        for (int i = 0; i < n->elts.n; i++) gen_expr(g, n->elts.items[i]);
        if (n->keywords.n == 0) {
            set_line(g, n);
            emit(u, OP_CALL_FUNCTION, n->elts.n);
            return;
        }
        PvVal names = pv_tuple_new(n->keywords.n);
        for (int i = 0; i < n->keywords.n; i++) {
            const PvAst *k = n->keywords.items[i];
            for (int j = 0; j < i; j++)
                if (!strcmp(n->keywords.items[j]->name, k->name)) {
                    cerror(g->c, k, "keyword argument repeated: %s", k->name);
                    return;
                }
            gen_expr(g, k->value);
            PV_TUPLE(names)->items[i] = pv_intern(k->name);
        }
        emit_const(u, names);
        set_line(g, n);
        emit(u, OP_CALL_FUNCTION_KW, n->elts.n + n->keywords.n);
        return;
    }
    /* General form: build an args tuple and a kwargs dict. */
    gen_sequence(g, &n->elts, AST_TUPLE);
    if (n->keywords.n) {
        emit(u, OP_BUILD_MAP, 0);
        for (int i = 0; i < n->keywords.n; i++) {
            const PvAst *k = n->keywords.items[i];
            if (k->name) {
                emit_const(u, pv_intern(k->name));
                gen_expr(g, k->value);
                emit(u, OP_BUILD_MAP, 1);
                emit(u, OP_DICT_MERGE, 1);
            } else {
                gen_expr(g, k->value);
                emit(u, OP_DICT_MERGE, 1);
            }
        }
    }
    set_line(g, n);
    emit(u, OP_CALL_FUNCTION_EX, n->keywords.n ? 1 : 0);
}

/* Pushes a function object for `scope` (defaults, kwdefaults, closure first). */
static void gen_make_function(Gen *g, Scope *s, const PvAst *node, const PvAstParams *params,
                              const char *qualname)
{
    Unit *u = g->u;
    int flags = 0;
    if (params) {
        int ndef = 0;
        for (int i = 0; i < params->n; i++)
            if (params->params[i].kind == PV_PARAM_POSITIONAL && params->params[i].default_value) {
                gen_expr(g, params->params[i].default_value);
                ndef++;
            }
        if (ndef) { emit(u, OP_BUILD_TUPLE, ndef); flags |= 1; }
        int nkwd = 0;
        for (int i = 0; i < params->n; i++)
            if (params->params[i].kind == PV_PARAM_KWONLY && params->params[i].default_value) {
                emit_const(u, pv_intern(params->params[i].name));
                gen_expr(g, params->params[i].default_value);
                nkwd++;
            }
        if (nkwd) { emit(u, OP_BUILD_MAP, nkwd); flags |= 2; }
    }
    PvCode *code = gen_code_for(g->c, s, node, qualname);
    if (!code) return;
    int64_t nfree = pv_tuple_len(code->freevars);
    if (nfree) {
        for (int64_t i = 0; i < nfree; i++) {
            const char *name = pv_str_data(pv_tuple_get(code->freevars, i));
            int ci = cell_index(u, name);
            if (ci < 0) { cerror(g->c, node, "internal error: cannot close over '%s'", name); return; }
            emit(u, OP_LOAD_CLOSURE, ci);
        }
        emit(u, OP_BUILD_TUPLE, (int)nfree);
        flags |= 8;
    }
    emit_const(u, PV_VAL(code));
    emit_const(u, pv_str_cstr(qualname));
    emit(u, OP_MAKE_FUNCTION, flags);
}

static const char *child_qualname(Gen *g, const char *name)
{
    Unit *u = g->u;
    PvBuf b;
    pvbuf_init(&b);
    if (u->scope->kind == SCOPE_MODULE) pvbuf_adds(&b, name);
    else if (u->scope->kind == SCOPE_CLASS) pvbuf_addf(&b, "%s.%s", u->qualname, name);
    else pvbuf_addf(&b, "%s.<locals>.%s", u->qualname, name);
    char *s = pvarena_strndup(g->c->arena, b.data, b.len);
    pvbuf_free(&b);
    return s;
}

static void gen_comprehension(Gen *g, const PvAst *n)
{
    Scope *s = scope_of(g->c, n);
    const char *qn = child_qualname(g, s->name);
    gen_make_function(g, s, n, NULL, qn);
    gen_expr(g, n->generators.items[0]->iter);
    emit(g->u, OP_GET_ITER, 0);
    emit(g->u, OP_CALL_FUNCTION, 1);
}

/* Body of a comprehension function: generator `gi` and the element. */
static void gen_comp_body(Gen *g, const PvAst *n, int gi)
{
    Unit *u = g->u;
    const PvAst *gen = n->generators.items[gi];
    int start = new_label(u), end = new_label(u);
    if (gi == 0) emit(u, OP_LOAD_FAST, 0);   /* .0: the iterator */
    else { gen_expr(g, gen->iter); emit(u, OP_GET_ITER, 0); }
    place(u, start);
    emit_jump(u, OP_FOR_ITER, end);
    gen_store(g, gen->target);
    for (int i = 0; i < gen->ifs.n; i++) {
        gen_expr(g, gen->ifs.items[i]);
        emit_jump(u, OP_POP_JUMP_IF_FALSE, start);
    }
    if (gi + 1 < n->generators.n) {
        gen_comp_body(g, n, gi + 1);
    } else {
        int depth = n->generators.n + 1;   /* iterators below, result container under */
        switch (n->kind) {
        case AST_LISTCOMP: gen_expr(g, n->elt); emit(u, OP_LIST_APPEND, depth); break;
        case AST_SETCOMP: gen_expr(g, n->elt); emit(u, OP_SET_ADD, depth); break;
        case AST_DICTCOMP:
            gen_expr(g, n->key);
            gen_expr(g, n->value);
            emit(u, OP_MAP_ADD, depth);
            break;
        default:
            gen_expr(g, n->elt);
            emit(u, OP_YIELD_VALUE, 0);
            emit(u, OP_POP_TOP, 0);
            break;
        }
    }
    emit_jump(u, OP_JUMP_BACKWARD, start);
    place(u, end);
}

static void gen_compare(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    static const int cmpop_to_arg[] = {PV_EQ, PV_NE, PV_LT, PV_LE, PV_GT, PV_GE};
    gen_expr(g, n->left);
    int cleanup = n->ncmp > 1 ? new_label(u) : -1;
    for (int i = 0; i < n->ncmp; i++) {
        gen_expr(g, n->elts.items[i]);
        if (i + 1 < n->ncmp) {
            emit(u, OP_DUP_TOP, 0);
            emit(u, OP_ROT_THREE, 0);
        }
        set_line(g, n);
        PvCmpOp op = n->cmpops[i];
        switch (op) {
        case PV_CMP_IS: emit(u, OP_IS_OP, 0); break;
        case PV_CMP_IS_NOT: emit(u, OP_IS_OP, 1); break;
        case PV_CMP_IN: emit(u, OP_CONTAINS_OP, 0); break;
        case PV_CMP_NOT_IN: emit(u, OP_CONTAINS_OP, 1); break;
        default: emit(u, OP_COMPARE_OP, cmpop_to_arg[op]); break;
        }
        if (i + 1 < n->ncmp) emit_jump(u, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    if (cleanup >= 0) {
        int end = new_label(u);
        emit_jump(u, OP_JUMP_FORWARD, end);
        place(u, cleanup);
        emit(u, OP_ROT_TWO, 0);
        emit(u, OP_POP_TOP, 0);
        place(u, end);
    }
}

/* Jumps to `label` when the truth of n equals `when`. */
static void gen_jump_if(Gen *g, const PvAst *n, bool when, int label)
{
    Unit *u = g->u;
    if (n->kind == AST_UNARYOP && n->unaryop == PV_UOP_NOT) {
        gen_jump_if(g, n->operand, !when, label);
        return;
    }
    if (n->kind == AST_BOOLOP) {
        bool is_and = n->boolop == PV_BOOL_AND;
        if (is_and != when) {
            /* and-chain jumping on false / or-chain jumping on true: any operand does it */
            for (int i = 0; i < n->elts.n; i++) gen_jump_if(g, n->elts.items[i], when, label);
        } else {
            int skip = new_label(u);
            for (int i = 0; i + 1 < n->elts.n; i++) gen_jump_if(g, n->elts.items[i], !when, skip);
            gen_jump_if(g, n->elts.items[n->elts.n - 1], when, label);
            place(u, skip);
        }
        return;
    }
    gen_expr(g, n);
    emit_jump(u, when ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
}

static void gen_fstring(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    int count = 0;
    for (int i = 0; i < n->elts.n; i++) {
        const PvAst *p = n->elts.items[i];
        if (p->kind == AST_STR) {
            if (p->str_len == 0) continue;
            emit_const(u, pv_str_new(p->str, p->str_len));
        } else if (p->kind == AST_FORMATTED) {
            gen_expr(g, p->value);
            int flags = p->conversion == 's' ? 1 : p->conversion == 'r' ? 2 : p->conversion == 'a' ? 3 : 0;
            if (p->format_spec) {
                gen_fstring(g, p->format_spec);
                flags |= 4;
            }
            emit(u, OP_FORMAT_VALUE, flags);
        } else {
            gen_expr(g, p);
        }
        count++;
    }
    if (count == 0) emit_const(u, pv_intern(""));
    else if (count > 1) emit(u, OP_BUILD_STRING, count);
    else if (n->elts.n >= 1 && n->elts.items[0]->kind == AST_STR) {
        /* a single literal piece is already a str */
    }
}

static void gen_expr(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    if (g->c->failed) return;
    set_line(g, n);
    switch (n->kind) {
    case AST_NAME: gen_name(g, n->name, NAME_LOAD, n); break;
    case AST_INT: emit_const(u, int_const(n->int_value)); break;
    case AST_FLOAT: emit_const(u, pv_float(n->float_value)); break;
    case AST_STR: emit_const(u, pv_str_new(n->str, n->str_len)); break;
    case AST_NONE: emit_const(u, pv_None); break;
    case AST_TRUE: emit_const(u, pv_True); break;
    case AST_FALSE: emit_const(u, pv_False); break;
    case AST_ELLIPSIS: emit_const(u, pv_Ellipsis); break;
    case AST_FSTRING: gen_fstring(g, n); break;
    case AST_FORMATTED: {
        PvAstList l = {.items = (PvAst **)&n, .n = 1, .cap = 1};
        PvAst tmp = *n;
        tmp.kind = AST_FSTRING;
        tmp.elts = l;
        gen_fstring(g, &tmp);
        break;
    }
    case AST_BINOP:
        gen_expr(g, n->left);
        gen_expr(g, n->right);
        set_line(g, n);
        emit(u, OP_BINARY_OP, n->binop);
        break;
    case AST_UNARYOP:
        gen_expr(g, n->operand);
        if (n->unaryop == PV_UOP_NOT) emit(u, OP_UNARY_NOT, 0);
        else emit(u, OP_UNARY_OP, n->unaryop);
        break;
    case AST_BOOLOP: {
        int end = new_label(u);
        for (int i = 0; i < n->elts.n; i++) {
            gen_expr(g, n->elts.items[i]);
            if (i + 1 < n->elts.n)
                emit_jump(u, n->boolop == PV_BOOL_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP, end);
        }
        place(u, end);
        break;
    }
    case AST_COMPARE: gen_compare(g, n); break;
    case AST_IFEXP: {
        int orelse = new_label(u), end = new_label(u);
        gen_jump_if(g, n->test, false, orelse);
        gen_expr(g, n->body_expr);
        emit_jump(u, OP_JUMP_FORWARD, end);
        place(u, orelse);
        gen_expr(g, n->orelse_expr);
        place(u, end);
        break;
    }
    case AST_LAMBDA: {
        Scope *s = scope_of(g->c, n);
        gen_make_function(g, s, n, &n->params, child_qualname(g, "<lambda>"));
        break;
    }
    case AST_CALL: gen_call(g, n); break;
    case AST_ATTRIBUTE:
        gen_expr(g, n->value);
        set_line(g, n);
        emit(u, OP_LOAD_ATTR, name_index(u, n->name));
        break;
    case AST_SUBSCRIPT:
        gen_expr(g, n->value);
        gen_expr(g, n->index);
        set_line(g, n);
        emit(u, OP_BINARY_SUBSCR, 0);
        break;
    case AST_SLICE:
        if (n->lower) gen_expr(g, n->lower); else emit_const(u, pv_None);
        if (n->upper) gen_expr(g, n->upper); else emit_const(u, pv_None);
        if (n->step) { gen_expr(g, n->step); emit(u, OP_BUILD_SLICE, 3); }
        else emit(u, OP_BUILD_SLICE, 2);
        break;
    case AST_STARRED:
        cerror(g->c, n, "can't use starred expression here");
        break;
    case AST_TUPLE: case AST_LIST: case AST_SET:
        gen_sequence(g, &n->elts, n->kind);
        break;
    case AST_DICT: {
        bool dstar = false;
        for (int i = 0; i < n->keys.n; i++) if (!n->keys.items[i]) dstar = true;
        if (!dstar) {
            for (int i = 0; i < n->keys.n; i++) {
                gen_expr(g, n->keys.items[i]);
                gen_expr(g, n->values.items[i]);
            }
            emit(u, OP_BUILD_MAP, n->keys.n);
        } else {
            emit(u, OP_BUILD_MAP, 0);
            for (int i = 0; i < n->keys.n; i++) {
                if (n->keys.items[i]) {
                    gen_expr(g, n->keys.items[i]);
                    gen_expr(g, n->values.items[i]);
                    emit(u, OP_MAP_ADD, 1);
                } else {
                    gen_expr(g, n->values.items[i]);
                    emit(u, OP_DICT_UPDATE, 1);
                }
            }
        }
        break;
    }
    case AST_LISTCOMP: case AST_SETCOMP: case AST_DICTCOMP: case AST_GENEXP:
        gen_comprehension(g, n);
        break;
    case AST_YIELD:
        if (u->scope->kind != SCOPE_FUNCTION) { cerror(g->c, n, "'yield' outside function"); break; }
        if (n->value) gen_expr(g, n->value); else emit_const(u, pv_None);
        emit(u, OP_YIELD_VALUE, 0);
        break;
    case AST_YIELD_FROM:
        if (u->scope->kind != SCOPE_FUNCTION) { cerror(g->c, n, "'yield' outside function"); break; }
        gen_expr(g, n->value);
        emit(u, OP_GET_ITER, 0);
        emit_const(u, pv_None);
        emit(u, OP_YIELD_FROM, 0);
        break;
    default:
        cerror(g->c, n, "unsupported expression (%s)", pvast_kind_name(n->kind));
        break;
    }
}

/* Stores TOS into an assignment target. */
static void gen_store(Gen *g, const PvAst *t)
{
    Unit *u = g->u;
    set_line(g, t);
    switch (t->kind) {
    case AST_NAME: gen_name(g, t->name, NAME_STORE, t); break;
    case AST_ATTRIBUTE:
        gen_expr(g, t->value);
        emit(u, OP_STORE_ATTR, name_index(u, t->name));
        break;
    case AST_SUBSCRIPT:
        gen_expr(g, t->value);
        gen_expr(g, t->index);
        emit(u, OP_STORE_SUBSCR, 0);
        break;
    case AST_TUPLE: case AST_LIST: {
        int star = -1;
        for (int i = 0; i < t->elts.n; i++)
            if (t->elts.items[i]->kind == AST_STARRED) {
                if (star >= 0) { cerror(g->c, t, "multiple starred expressions in assignment"); return; }
                star = i;
            }
        if (star < 0) emit(u, OP_UNPACK_SEQUENCE, t->elts.n);
        else emit(u, OP_UNPACK_EX, star | ((t->elts.n - star - 1) << 8));
        for (int i = 0; i < t->elts.n; i++) {
            const PvAst *e = t->elts.items[i];
            gen_store(g, e->kind == AST_STARRED ? e->value : e);
        }
        break;
    }
    case AST_STARRED:
        cerror(g->c, t, "starred assignment target must be in a list or tuple");
        break;
    default:
        cerror(g->c, t, "cannot assign to %s", pvast_kind_name(t->kind));
        break;
    }
}

static void gen_delete(Gen *g, const PvAst *t)
{
    Unit *u = g->u;
    set_line(g, t);
    switch (t->kind) {
    case AST_NAME: gen_name(g, t->name, NAME_DEL, t); break;
    case AST_ATTRIBUTE: gen_expr(g, t->value); emit(u, OP_DELETE_ATTR, name_index(u, t->name)); break;
    case AST_SUBSCRIPT: gen_expr(g, t->value); gen_expr(g, t->index); emit(u, OP_DELETE_SUBSCR, 0); break;
    case AST_TUPLE: case AST_LIST:
        for (int i = 0; i < t->elts.n; i++) gen_delete(g, t->elts.items[i]);
        break;
    default: cerror(g->c, t, "cannot delete %s", pvast_kind_name(t->kind)); break;
    }
}

static void push_fblock(Gen *g, int kind, int lcont, int lbreak, const PvAst *owner)
{
    Unit *u = g->u;
    if (u->nfblocks == (int)PV_ARRAY_LEN(u->fblocks)) {
        cerror(g->c, owner, "too many statically nested blocks");
        return;
    }
    FBlock *f = &u->fblocks[u->nfblocks++];
    f->kind = kind;
    f->label_continue = lcont;
    f->label_break = lbreak;
    f->finalbody_owner = owner;
}

static void block_enter(Unit *u)
{
    if (++u->curblocks > u->maxblocks) u->maxblocks = u->curblocks;
}

/* Emits the clean-up of one enclosing block when leaving it by return/break/continue.
 * `preserve_tos`: a return value sits on the stack above the block's own items. */
static void unwind_fblock(Gen *g, FBlock *f, bool preserve_tos)
{
    Unit *u = g->u;
    switch (f->kind) {
    case FB_LOOP: break;
    case FB_FOR:
        if (preserve_tos) emit(u, OP_ROT_TWO, 0);
        emit(u, OP_POP_TOP, 0);            /* the iterator */
        break;
    case FB_TRY_FINALLY: {
        emit(u, OP_POP_BLOCK, 0);
        /* Run the finally body; it must not see this block again. */
        int saved = u->nfblocks;
        u->nfblocks = (int)(f - u->fblocks);
        gen_stmts(g, &f->finalbody_owner->finalbody);
        u->nfblocks = saved;
        break;
    }
    case FB_HANDLER:
        emit(u, OP_POP_EXCEPT, 0);
        break;
    case FB_FINALLY_HANDLER:
        if (preserve_tos) emit(u, OP_ROT_TWO, 0);
        emit(u, OP_POP_TOP, 0);            /* the exception */
        emit(u, OP_POP_EXCEPT, 0);
        break;
    case FB_WITH:
        emit(u, OP_POP_BLOCK, 0);
        if (preserve_tos) emit(u, OP_ROT_TWO, 0);
        emit_const(u, pv_None);
        emit(u, OP_DUP_TOP, 0);
        emit(u, OP_DUP_TOP, 0);
        emit(u, OP_CALL_FUNCTION, 3);
        emit(u, OP_POP_TOP, 0);
        break;
    }
}

static void gen_return(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    if (n->value) gen_expr(g, n->value); else emit_const(u, pv_None);
    for (int i = u->nfblocks - 1; i >= 0; i--) unwind_fblock(g, &u->fblocks[i], true);
    set_line(g, n);
    emit(u, OP_RETURN_VALUE, 0);
}

static void gen_break_continue(Gen *g, const PvAst *n, bool is_break)
{
    Unit *u = g->u;
    for (int i = u->nfblocks - 1; i >= 0; i--) {
        FBlock *f = &u->fblocks[i];
        if (f->kind == FB_LOOP || f->kind == FB_FOR) {
            if (is_break) {
                unwind_fblock(g, f, false);
                emit_jump(u, OP_JUMP_ABSOLUTE, f->label_break);
            } else {
                emit_jump(u, OP_JUMP_BACKWARD, f->label_continue);
            }
            return;
        }
        unwind_fblock(g, f, false);
    }
    cerror(g->c, n, is_break ? "'break' outside loop" : "'continue' not properly in loop");
}

static void gen_try(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    bool has_finally = n->finalbody.n > 0;
    int fin_handler = -1, end_all = new_label(u);
    if (has_finally) {
        fin_handler = new_label(u);
        emit_jump(u, OP_SETUP_FINALLY, fin_handler);
        block_enter(u);
        push_fblock(g, FB_TRY_FINALLY, -1, -1, n);
    }
    if (n->handlers.n) {
        int handler = new_label(u), orelse = new_label(u), end = new_label(u);
        emit_jump(u, OP_SETUP_FINALLY, handler);
        block_enter(u);
        push_fblock(g, FB_LOOP + 100, -1, -1, n);  /* placeholder: body of try-except */
        u->fblocks[u->nfblocks - 1].kind = -1;
        gen_stmts(g, &n->body);
        u->nfblocks--;
        emit(u, OP_POP_BLOCK, 0);
        u->curblocks--;
        emit_jump(u, OP_JUMP_FORWARD, orelse);
        place(u, handler);
        block_enter(u);                    /* the HANDLER block the VM pushes */
        for (int i = 0; i < n->handlers.n; i++) {
            const PvAst *h = n->handlers.items[i];
            set_line(g, h);
            int next = new_label(u);
            if (h->type) {
                emit(u, OP_DUP_TOP, 0);
                gen_expr(g, h->type);
                emit_jump(u, OP_JUMP_IF_NOT_EXC_MATCH, next);
            } else if (i + 1 < n->handlers.n) {
                cerror(g->c, h, "default 'except:' must be last");
                return;
            }
            if (h->name) gen_name(g, h->name, NAME_STORE, h);
            else emit(u, OP_POP_TOP, 0);
            push_fblock(g, FB_HANDLER, -1, -1, h);
            gen_stmts(g, &h->body);
            u->nfblocks--;
            emit(u, OP_POP_EXCEPT, 0);
            if (h->name) {
                emit_const(u, pv_None);
                gen_name(g, h->name, NAME_STORE, h);
                gen_name(g, h->name, NAME_DEL, h);
            }
            emit_jump(u, OP_JUMP_FORWARD, end);
            place(u, next);
        }
        emit(u, OP_RERAISE, 0);
        u->curblocks--;
        place(u, orelse);
        gen_stmts(g, &n->orelse);
        place(u, end);
    } else {
        gen_stmts(g, &n->body);
    }
    if (has_finally) {
        u->nfblocks--;
        emit(u, OP_POP_BLOCK, 0);
        u->curblocks--;
        gen_stmts(g, &n->finalbody);       /* normal exit */
        emit_jump(u, OP_JUMP_FORWARD, end_all);
        place(u, fin_handler);
        block_enter(u);
        push_fblock(g, FB_FINALLY_HANDLER, -1, -1, n);
        gen_stmts(g, &n->finalbody);       /* exceptional exit: exc on the stack */
        u->nfblocks--;
        emit(u, OP_RERAISE, 0);
        u->curblocks--;
    }
    place(u, end_all);
}

static void gen_with(Gen *g, const PvAst *n, int item)
{
    Unit *u = g->u;
    const PvAst *it = n->items.items[item];
    int handler = new_label(u), end = new_label(u), suppress = new_label(u);
    gen_expr(g, it->value);
    set_line(g, n);
    emit_jump(u, OP_SETUP_WITH, handler);
    block_enter(u);
    if (it->target) gen_store(g, it->target); else emit(u, OP_POP_TOP, 0);
    push_fblock(g, FB_WITH, -1, -1, n);
    if (item + 1 < n->items.n) gen_with(g, n, item + 1);
    else gen_stmts(g, &n->body);
    u->nfblocks--;
    emit(u, OP_POP_BLOCK, 0);
    u->curblocks--;
    set_line(g, n);
    emit_const(u, pv_None);
    emit(u, OP_DUP_TOP, 0);
    emit(u, OP_DUP_TOP, 0);
    emit(u, OP_CALL_FUNCTION, 3);
    emit(u, OP_POP_TOP, 0);
    emit_jump(u, OP_JUMP_FORWARD, end);
    place(u, handler);                  /* stack: exit exc; a HANDLER block */
    block_enter(u);
    emit(u, OP_WITH_EXCEPT, 0);
    emit_jump(u, OP_POP_JUMP_IF_TRUE, suppress);
    emit(u, OP_RERAISE, 0);
    place(u, suppress);
    emit(u, OP_POP_TOP, 0);             /* exc */
    emit(u, OP_POP_EXCEPT, 0);
    emit(u, OP_POP_TOP, 0);             /* exit */
    u->curblocks--;
    place(u, end);
}

static void gen_import(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    for (int i = 0; i < n->names.n; i++) {
        const PvAst *a = n->names.items[i];
        emit_const(u, PV_SMALL(0));
        emit_const(u, pv_None);
        emit(u, OP_IMPORT_NAME, name_index(u, a->name));
        if (a->asname) {
            /* import a.b as c: bind the innermost module */
            const char *p = a->name;
            while ((p = strchr(p, '.'))) {
                p++;
                const char *q = strchr(p, '.');
                char *part = pvarena_strndup(g->c->arena, p, q ? (size_t)(q - p) : strlen(p));
                emit(u, OP_LOAD_ATTR, name_index(u, part));
            }
            gen_name(g, a->asname, NAME_STORE, a);
        } else {
            const char *dot = strchr(a->name, '.');
            const char *bound = dot ? pvarena_strndup(g->c->arena, a->name, (size_t)(dot - a->name)) : a->name;
            gen_name(g, bound, NAME_STORE, a);
        }
    }
}

static void gen_importfrom(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    PvVal fromlist = pv_tuple_new(n->names.n);
    for (int i = 0; i < n->names.n; i++) PV_TUPLE(fromlist)->items[i] = pv_intern(n->names.items[i]->name);
    emit_const(u, PV_SMALL(n->level));
    emit_const(u, fromlist);
    emit(u, OP_IMPORT_NAME, name_index(u, n->module ? n->module : ""));
    if (n->names.n == 1 && !strcmp(n->names.items[0]->name, "*")) {
        if (u->scope->kind == SCOPE_FUNCTION) {
            cerror(g->c, n, "import * only allowed at module level");
            return;
        }
        emit(u, OP_IMPORT_STAR, 0);
        return;
    }
    for (int i = 0; i < n->names.n; i++) {
        const PvAst *a = n->names.items[i];
        emit(u, OP_IMPORT_FROM, name_index(u, a->name));
        gen_name(g, a->asname ? a->asname : a->name, NAME_STORE, a);
    }
    emit(u, OP_POP_TOP, 0);
}

static void gen_funcdef(Gen *g, const PvAst *n)
{
    Scope *s = scope_of(g->c, n);
    for (int i = 0; i < n->decorators.n; i++) gen_expr(g, n->decorators.items[i]);
    gen_make_function(g, s, n, &n->params, child_qualname(g, n->name));
    for (int i = 0; i < n->decorators.n; i++) emit(g->u, OP_CALL_FUNCTION, 1);
    gen_name(g, n->name, NAME_STORE, n);
}

static void gen_classdef(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    Scope *s = scope_of(g->c, n);
    for (int i = 0; i < n->decorators.n; i++) gen_expr(g, n->decorators.items[i]);
    emit(u, OP_LOAD_BUILD_CLASS, 0);
    gen_make_function(g, s, n, NULL, child_qualname(g, n->name));
    emit_const(u, pv_intern(n->name));
    for (int i = 0; i < n->bases.n; i++) gen_expr(g, n->bases.items[i]);
    set_line(g, n);
    emit(u, OP_CALL_FUNCTION, 2 + n->bases.n);
    for (int i = 0; i < n->decorators.n; i++) emit(u, OP_CALL_FUNCTION, 1);
    gen_name(g, n->name, NAME_STORE, n);
}

static void gen_stmt(Gen *g, const PvAst *n)
{
    Unit *u = g->u;
    if (g->c->failed) return;
    set_line(g, n);
    switch (n->kind) {
    case AST_EXPR_STMT:
        gen_expr(g, n->value);
        emit(u, OP_POP_TOP, 0);
        break;
    case AST_ASSIGN:
        /* a, b = x, y (and three targets): no tuple is built; the values are rotated
         * into place, as CPython does. */
        if (n->targets.n == 1 && (n->targets.items[0]->kind == AST_TUPLE || n->targets.items[0]->kind == AST_LIST) &&
            (n->value->kind == AST_TUPLE || n->value->kind == AST_LIST) &&
            n->value->elts.n == n->targets.items[0]->elts.n && (n->value->elts.n == 2 || n->value->elts.n == 3) &&
            !has_starred(&n->value->elts) && !has_starred(&n->targets.items[0]->elts)) {
            const PvAst *t = n->targets.items[0];
            for (int i = 0; i < n->value->elts.n; i++) gen_expr(g, n->value->elts.items[i]);
            if (t->elts.n == 3) emit(u, OP_ROT_THREE, 0);
            emit(u, OP_ROT_TWO, 0);
            for (int i = 0; i < t->elts.n; i++) gen_store(g, t->elts.items[i]);
            break;
        }
        gen_expr(g, n->value);
        for (int i = 0; i < n->targets.n; i++) {
            if (i + 1 < n->targets.n) emit(u, OP_DUP_TOP, 0);
            gen_store(g, n->targets.items[i]);
        }
        break;
    case AST_AUGASSIGN: {
        const PvAst *t = n->target;
        int op = n->binop | PV_INPLACE;
        if (t->kind == AST_NAME) {
            gen_name(g, t->name, NAME_LOAD, t);
            gen_expr(g, n->value);
            set_line(g, n);
            emit(u, OP_BINARY_OP, op);
            gen_name(g, t->name, NAME_STORE, t);
        } else if (t->kind == AST_ATTRIBUTE) {
            gen_expr(g, t->value);
            emit(u, OP_DUP_TOP, 0);
            emit(u, OP_LOAD_ATTR, name_index(u, t->name));
            gen_expr(g, n->value);
            set_line(g, n);
            emit(u, OP_BINARY_OP, op);
            emit(u, OP_ROT_TWO, 0);
            emit(u, OP_STORE_ATTR, name_index(u, t->name));
        } else if (t->kind == AST_SUBSCRIPT) {
            gen_expr(g, t->value);
            gen_expr(g, t->index);
            emit(u, OP_DUP_TOP_TWO, 0);
            emit(u, OP_BINARY_SUBSCR, 0);
            gen_expr(g, n->value);
            set_line(g, n);
            emit(u, OP_BINARY_OP, op);
            emit(u, OP_ROT_THREE, 0);
            emit(u, OP_STORE_SUBSCR, 0);
        } else {
            cerror(g->c, t, "'%s' is an illegal expression for augmented assignment",
                   pvast_kind_name(t->kind));
        }
        break;
    }
    case AST_ANNASSIGN:
        if (n->value) {
            gen_expr(g, n->value);
            gen_store(g, n->target);
        }
        break;
    case AST_DELETE:
        for (int i = 0; i < n->targets.n; i++) gen_delete(g, n->targets.items[i]);
        break;
    case AST_PASS: break;
    case AST_BREAK: gen_break_continue(g, n, true); break;
    case AST_CONTINUE: gen_break_continue(g, n, false); break;
    case AST_RETURN:
        if (u->scope->kind != SCOPE_FUNCTION) { cerror(g->c, n, "'return' outside function"); break; }
        gen_return(g, n);
        break;
    case AST_IF: {
        int orelse = new_label(u), end = new_label(u);
        gen_jump_if(g, n->test, false, orelse);
        gen_stmts(g, &n->body);
        if (n->orelse.n) emit_jump(u, OP_JUMP_FORWARD, end);
        place(u, orelse);
        gen_stmts(g, &n->orelse);
        place(u, end);
        break;
    }
    case AST_WHILE: {
        int top = new_label(u), orelse = new_label(u), end = new_label(u), body = new_label(u);
        emit_jump(u, OP_JUMP_FORWARD, top);
        place(u, body);
        push_fblock(g, FB_LOOP, top, end, n);
        gen_stmts(g, &n->body);
        u->nfblocks--;
        place(u, top);
        set_line(g, n);
        /* Test at the bottom: one jump per iteration. The back edge ticks. */
        gen_expr(g, n->test);
        emit_jump(u, OP_POP_JUMP_IF_FALSE, orelse);
        emit_jump(u, OP_JUMP_BACKWARD, body);
        place(u, orelse);
        gen_stmts(g, &n->orelse);
        place(u, end);
        break;
    }
    case AST_FOR: {
        int top = new_label(u), orelse = new_label(u), end = new_label(u);
        gen_expr(g, n->iter);
        emit(u, OP_GET_ITER, 0);
        place(u, top);
        set_line(g, n);
        emit_jump(u, OP_FOR_ITER, orelse);
        gen_store(g, n->target);
        push_fblock(g, FB_FOR, top, end, n);
        gen_stmts(g, &n->body);
        u->nfblocks--;
        set_line(g, n);
        emit_jump(u, OP_JUMP_BACKWARD, top);
        place(u, orelse);
        gen_stmts(g, &n->orelse);
        place(u, end);
        break;
    }
    case AST_FUNCTIONDEF: gen_funcdef(g, n); break;
    case AST_CLASSDEF: gen_classdef(g, n); break;
    case AST_GLOBAL: case AST_NONLOCAL: break;
    case AST_TRY: gen_try(g, n); break;
    case AST_RAISE:
        if (n->exc) gen_expr(g, n->exc);
        if (n->cause) gen_expr(g, n->cause);
        set_line(g, n);
        emit(u, OP_RAISE_VARARGS, n->exc ? (n->cause ? 2 : 1) : 0);
        break;
    case AST_WITH: gen_with(g, n, 0); break;
    case AST_ASSERT: {
        int end = new_label(u);
        gen_jump_if(g, n->test, true, end);
        emit(u, OP_LOAD_ASSERTION_ERROR, 0);
        if (n->msg) {
            gen_expr(g, n->msg);
            emit(u, OP_CALL_FUNCTION, 1);
        }
        set_line(g, n);
        emit(u, OP_RAISE_VARARGS, 1);
        place(u, end);
        break;
    }
    case AST_IMPORT: gen_import(g, n); break;
    case AST_IMPORTFROM: gen_importfrom(g, n); break;
    default:
        cerror(g->c, n, "unsupported statement (%s)", pvast_kind_name(n->kind));
        break;
    }
}

static void gen_stmts(Gen *g, const PvAstList *l)
{
    for (int i = 0; i < l->n && !g->c->failed; i++) gen_stmt(g, l->items[i]);
}

/* ============================================================== assembler */

static int arg_words(int32_t arg)
{
    if (arg < 0) return 4;
    if (arg <= 0xff) return 1;
    if (arg <= 0xffff) return 2;
    if (arg <= 0xffffff) return 3;
    return 4;
}

/* Maximum stack depth by abstract interpretation over instructions. */
static int stack_effect(const Instr *in, bool jumping)
{
    int arg = in->arg;
    switch (in->op) {
    case OP_CALL_METHOD: return -(arg + 1);
    case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET: case OP_BUILD_STRING: return 1 - arg;
    case OP_BUILD_MAP: return 1 - 2 * arg;
    case OP_BUILD_SLICE: return 1 - arg;
    case OP_UNPACK_SEQUENCE: return arg - 1;
    case OP_UNPACK_EX: return (arg & 0xff) + (arg >> 8);
    case OP_FORMAT_VALUE: return (arg & 4) ? -1 : 0;
    case OP_CALL_FUNCTION: return -arg;
    case OP_CALL_FUNCTION_KW: return -arg - 1;
    case OP_CALL_FUNCTION_EX: return -1 - (arg & 1);
    case OP_MAKE_FUNCTION:
        return -1 - ((arg & 1) != 0) - ((arg & 2) != 0) - ((arg & 8) != 0);
    case OP_RAISE_VARARGS: return -arg;
    case OP_FOR_ITER: return jumping ? -1 : 1;
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP: return jumping ? 0 : -1;
    case OP_SETUP_FINALLY: return jumping ? 1 : 0;      /* handler entry: exc pushed */
    case OP_SETUP_WITH: return jumping ? 1 : 1;         /* handler: exit exc */
    default: return opcode_effect[in->op];
    }
}

static int max_stack(Unit *u)
{
    int n = u->ncode;
    int *depth = pv_xmalloc((size_t)(n + 1) * sizeof(int));
    for (int i = 0; i <= n; i++) depth[i] = -1;
    int *work = pv_xmalloc((size_t)(n + 1) * sizeof(int));
    int nwork = 0, maxd = 0;
    depth[0] = 0;
    work[nwork++] = 0;
    while (nwork) {
        int i = work[--nwork];
        int d = depth[i];
        for (; i < n; i++) {
            Instr *in = &u->code[i];
            if (depth[i] < 0) depth[i] = d;
            else if (depth[i] >= d && i != 0 && depth[i] != -1) { if (depth[i] > d) {} }
            int op = in->op;
            if (in->label >= 0) {
                int target = u->labels[in->label];
                int td;
                if (op == OP_SETUP_WITH) td = d + 1;      /* exit + exc (ctx consumed) */
                else td = d + stack_effect(in, true);
                if (td > maxd) maxd = td;
                if (depth[target] < td) {
                    depth[target] = td;
                    work[nwork++] = target;
                }
            }
            d += stack_effect(in, false);
            if (d > maxd) maxd = d;
            if (op == OP_JUMP_FORWARD || op == OP_JUMP_ABSOLUTE || op == OP_JUMP_BACKWARD ||
                op == OP_RETURN_VALUE || op == OP_RERAISE || op == OP_RAISE_VARARGS)
                break;
            if (i + 1 < n && depth[i + 1] >= d) break;
            if (i + 1 < n) depth[i + 1] = d;
        }
    }
    free(depth);
    free(work);
    return maxd + 2;
}

static PvCode *assemble(Compiler *c, Unit *u, const char *name, int firstline)
{
    /* Resolve label positions to instruction indices, then word offsets, iterating
     * until every jump's width fits its target. */
    int n = u->ncode;
    int32_t *offset = pv_xmalloc((size_t)(n + 1) * sizeof(int32_t));
    for (int i = 0; i < n; i++) u->code[i].size = arg_words(u->code[i].label >= 0 ? 0 : u->code[i].arg);
    for (;;) {
        int32_t off = 0;
        for (int i = 0; i < n; i++) { offset[i] = off; off += u->code[i].size; }
        offset[n] = off;
        bool changed = false;
        for (int i = 0; i < n; i++) {
            Instr *in = &u->code[i];
            if (in->label < 0) continue;
            int target = u->labels[in->label];
            if (target < 0) pv_fatal("compiler: unplaced label");
            in->arg = offset[target];
            int w = arg_words(in->arg);
            if (w > in->size) { in->size = w; changed = true; }
        }
        if (!changed) break;
    }
    int64_t nwords = offset[n];
    PvVal bc = pv_bytes_new(NULL, nwords * 2);
    PvVal lt = pv_bytes_new(NULL, nwords * 4);
    uint16_t *words = (uint16_t *)((PvBytes *)bc)->data;
    int32_t *lines = (int32_t *)((PvBytes *)lt)->data;
    int64_t w = 0;
    for (int i = 0; i < n; i++) {
        Instr *in = &u->code[i];
        uint32_t arg = (uint32_t)in->arg;
        for (int k = in->size - 1; k >= 1; k--) {
            lines[w] = in->line;
            words[w++] = (uint16_t)(OP_EXTENDED_ARG | (((arg >> (8 * k)) & 0xff) << 8));
        }
        lines[w] = in->line;
        words[w++] = (uint16_t)(in->op | ((arg & 0xff) << 8));
    }
    free(offset);

    PvCode *code = PV_NEW(PvCode, &pv_type_code);
    code->bytecode = bc;
    code->ncode = nwords;
    code->linetable = lt;
    code->consts = pv_sequence_to_tuple(u->consts);
    code->names = pv_sequence_to_tuple(u->names);
    code->varnames = pv_sequence_to_tuple(u->varnames);
    code->cellvars = pv_sequence_to_tuple(u->cellvars);
    code->freevars = pv_sequence_to_tuple(u->freevars);
    code->name = pv_str_cstr(name);
    code->qualname = pv_str_cstr(u->qualname ? u->qualname : name);
    code->filename = pv_str_cstr(c->filename);
    code->argcount = u->argcount;
    code->kwonlycount = u->kwonlycount;
    code->nlocals = (int32_t)pv_tuple_len(code->varnames);
    code->ncells = (int32_t)pv_tuple_len(code->cellvars);
    code->nfree = (int32_t)pv_tuple_len(code->freevars);
    code->stacksize = max_stack(u);
    code->maxblocks = u->maxblocks + 2;
    code->firstline = firstline;
    code->flags = u->flags;
    code->caches_store = pv_bytes_new(NULL, nwords * (int64_t)sizeof(PvCache));
    code->caches = (PvCache *)((PvBytes *)code->caches_store)->data;
    /* Cells that are also parameters start with the argument's value. */
    if (code->ncells) {
        code->cell2arg_store = pv_bytes_new(NULL, code->ncells * (int64_t)sizeof(int32_t));
        code->cell2arg = (int32_t *)((PvBytes *)code->cell2arg_store)->data;
        for (int i = 0; i < code->ncells; i++) {
            code->cell2arg[i] = -1;
            const char *cn = pv_str_data(pv_tuple_get(code->cellvars, i));
            int nparams = code->argcount + code->kwonlycount + !!(code->flags & PV_CODE_VARARGS) +
                          !!(code->flags & PV_CODE_VARKW);
            for (int j = 0; j < nparams && j < code->nlocals; j++)
                if (!strcmp(pv_str_data(pv_tuple_get(code->varnames, j)), cn)) code->cell2arg[i] = j;
        }
    }
    return code;
}

static void unit_init(Unit *u, Scope *s, const char *qualname)
{
    memset(u, 0, sizeof *u);
    u->scope = s;
    u->consts = pv_list_with_capacity(8);
    u->const_index = pv_dict_new();
    u->names = pv_list_with_capacity(8);
    u->name_index = pv_dict_new();
    u->varnames = pv_list_with_capacity(8);
    u->cellvars = pv_list_with_capacity(2);
    u->freevars = pv_list_with_capacity(2);
    u->qualname = qualname;
    u->line = s->node ? s->node->line : 1;
    /* Cells and free variables, in symbol order. */
    for (int i = 0; i < s->nsyms; i++) {
        if (s->syms[i].res == RES_CELL) pv_list_append(u->cellvars, pv_intern(s->syms[i].name));
        else if (s->syms[i].res == RES_FREE || s->syms[i].free_class)
            pv_list_append(u->freevars, pv_intern(s->syms[i].name));
    }
    if (s->class_cell) pv_list_append(u->cellvars, pv_intern("__class__"));
}

static void unit_free(Unit *u)
{
    free(u->code);
    free(u->labels);
}

static PvCode *gen_code_for(Compiler *c, Scope *s, const PvAst *node, const char *qualname)
{
    Unit u;
    unit_init(&u, s, qualname);
    Gen g = {c, &u};
    PvCode *code = NULL;
    const char *name = s->name;
    if (node->kind == AST_FUNCTIONDEF || node->kind == AST_LAMBDA) {
        const PvAstParams *p = &node->params;
        u.flags = PV_CODE_NEWLOCALS;
        for (int i = 0; i < p->n; i++)
            if (p->params[i].kind == PV_PARAM_POSITIONAL) { pv_list_append(u.varnames, pv_intern(p->params[i].name)); u.argcount++; }
        for (int i = 0; i < p->n; i++)
            if (p->params[i].kind == PV_PARAM_KWONLY) { pv_list_append(u.varnames, pv_intern(p->params[i].name)); u.kwonlycount++; }
        for (int i = 0; i < p->n; i++)
            if (p->params[i].kind == PV_PARAM_VARARGS) { pv_list_append(u.varnames, pv_intern(p->params[i].name)); u.flags |= PV_CODE_VARARGS; }
        for (int i = 0; i < p->n; i++)
            if (p->params[i].kind == PV_PARAM_VARKW) { pv_list_append(u.varnames, pv_intern(p->params[i].name)); u.flags |= PV_CODE_VARKW; }
        if (s->generator) u.flags |= PV_CODE_GENERATOR;
        if (node->kind == AST_LAMBDA) {
            gen_expr(&g, node->body_expr);
            emit(&u, OP_RETURN_VALUE, 0);
        } else {
            /* A docstring is consts[0] (function __doc__). */
            PvAstList body = node->body;
            if (body.n && body.items[0]->kind == AST_EXPR_STMT && body.items[0]->value->kind == AST_STR) {
                const_index(&u, pv_str_new(body.items[0]->value->str, body.items[0]->value->str_len));
                body.items++;      /* the docstring is a constant, not code to run */
                body.n--;
            } else {
                const_index(&u, pv_None);
            }
            gen_stmts(&g, &body);
            emit_const(&u, pv_None);
            emit(&u, OP_RETURN_VALUE, 0);
        }
    } else if (node->kind == AST_CLASSDEF) {
        u.line = node->line;
        gen_stmts(&g, &node->body);
        if (s->class_cell) {
            emit(&u, OP_LOAD_CLOSURE, list_find_str(u.cellvars, "__class__"));
        } else {
            emit_const(&u, pv_None);
        }
        emit(&u, OP_RETURN_VALUE, 0);
    } else {   /* comprehension */
        u.flags = PV_CODE_NEWLOCALS;
        pv_list_append(u.varnames, pv_intern(".0"));
        u.argcount = 1;
        if (node->kind == AST_GENEXP) {
            u.flags |= PV_CODE_GENERATOR;
        } else {
            emit(&u, node->kind == AST_LISTCOMP ? OP_BUILD_LIST : node->kind == AST_SETCOMP ? OP_BUILD_SET : OP_BUILD_MAP, 0);
        }
        gen_comp_body(&g, node, 0);
        if (node->kind == AST_GENEXP) emit_const(&u, pv_None);
        emit(&u, OP_RETURN_VALUE, 0);
    }
    if (!c->failed) code = assemble(c, &u, name, node->line);
    unit_free(&u);
    return code;
}

static PvCode *compile_module(Compiler *c, Scope *top, const PvAst *mod, const char *name)
{
    Unit u;
    unit_init(&u, top, name);
    Gen g = {c, &u};
    u.line = 1;
    gen_stmts(&g, &mod->body);
    emit_const(&u, pv_None);
    emit(&u, OP_RETURN_VALUE, 0);
    PvCode *code = c->failed ? NULL : assemble(c, &u, name, 1);
    unit_free(&u);
    return code;
}

static void raise_syntax(const char *filename, const PvSyntaxError *e, const char *src, size_t len)
{
    PvType *type = !strcmp(e->kind, "IndentationError") ? pv_exc_IndentationError : pv_exc_SyntaxError;
    PvVal exc = pv_exc_new(type, pv_tuple_pack(1, pv_str_cstr(e->msg)));
    pv_setattr(exc, pv_intern("filename"), pv_str_cstr(filename));
    pv_setattr(exc, pv_intern("lineno"), pv_int(e->line));
    pv_setattr(exc, pv_intern("offset"), pv_int(e->col));
    pv_setattr(exc, pv_intern("msg"), pv_str_cstr(e->msg));
    /* The offending source line, for the caret display. */
    const char *p = src, *end = src + len;
    for (int line = 1; line < e->line && p < end; p++)
        if (*p == '\n') line++;
    const char *q = p;
    while (q < end && *q != '\n') q++;
    pv_setattr(exc, pv_intern("text"), e->line >= 1 && p <= end ? pv_str_new(p, (size_t)(q - p)) : pv_None);
    pv_raise_value(exc);
}

PvCode *pv_compile(const char *src, size_t len, const char *filename, const char *name)
{
    PvArena arena;
    pvarena_init(&arena);
    Compiler c;
    memset(&c, 0, sizeof c);
    c.filename = filename;
    c.arena = &arena;
    PvCode *code = NULL;
    pvgc_disable();
    PvAst *mod = pvparse_module(&arena, src, len, &c.err);
    if (!mod) {
        raise_syntax(filename, &c.err, src, len);
    } else {
        Scope *top = scope_new(&c, SCOPE_MODULE, NULL, mod, name);
        sym_visit_stmts(&c, top, &mod->body);
        if (!c.failed) resolve_all(&c, top);
        if (!c.failed) code = compile_module(&c, top, mod, name);
        if (c.failed) raise_syntax(filename, &c.err, src, len);
    }
    for (int i = 0; i < c.nall; i++) {
        free(c.all[i]->syms);
        free(c.all[i]->children);
        free(c.all[i]);
    }
    free(c.all);
    pvgc_enable();
    pvarena_free(&arena);
    return code;
}

/* ============================================================== disassembler */

void pv_disassemble(PvCode *code, FILE *out)
{
    const uint16_t *w = (const uint16_t *)((PvBytes *)code->bytecode)->data;
    const int32_t *lines = (const int32_t *)((PvBytes *)code->linetable)->data;
    fprintf(out, "code %s (file %s, line %d): %ld words, stack %d, blocks %d, locals %d, cells %d, free %d\n",
            pv_str_data(code->qualname), pv_str_data(code->filename), code->firstline,
            (long)code->ncode, code->stacksize, code->maxblocks, code->nlocals, code->ncells, code->nfree);
    uint32_t ext = 0;
    for (int64_t i = 0; i < code->ncode; i++) {
        unsigned op = w[i] & 0xff, arg = (w[i] >> 8) | ext;
        if (op == OP_EXTENDED_ARG) { ext = arg << 8; continue; }
        ext = 0;
        fprintf(out, "%5ld %4d  %-22s %u", (long)i, lines[i], op < PV_NOPCODES ? pv_opcode_names[op] : "?", arg);
        PvVal v = PV_NULL;
        if (op == OP_LOAD_CONST) v = pv_tuple_get(code->consts, arg);
        else if (op == OP_LOAD_GLOBAL || op == OP_STORE_GLOBAL || op == OP_LOAD_NAME || op == OP_STORE_NAME ||
                 op == OP_LOAD_ATTR || op == OP_STORE_ATTR || op == OP_LOAD_METHOD || op == OP_IMPORT_NAME)
            v = pv_tuple_get(code->names, arg);
        else if (op == OP_LOAD_FAST || op == OP_STORE_FAST) v = pv_tuple_get(code->varnames, arg);
        if (v) {
            PvVal r = pv_repr(v);
            if (r) fprintf(out, " (%.60s)", pv_str_data(r));
            else pv_err_clear();
        }
        fputc('\n', out);
    }
    for (int64_t i = 0; i < pv_tuple_len(code->consts); i++) {
        PvVal c = pv_tuple_get(code->consts, i);
        if (PV_HAS_TYPE(c, pv_type_code)) pv_disassemble((PvCode *)c, out);
    }
}
