/* lexer.c — the tokenizer for parvm's Python 3 subset (see lexer.h).
 *
 * Follows CPython 3.11's tokenizer: a stack of indentation columns (tabs advance to the
 * next multiple of 8, and a second count with tabs as 1 detects TabError), implicit line
 * joining inside brackets, backslash continuation, blank and comment-only lines that
 * produce nothing, and a NEWLINE plus DEDENTs at end of input even without a final
 * newline. Every read is bounds-checked against the end pointer: the input may contain
 * NUL bytes or invalid UTF-8 and is never assumed to be terminated. */
#include "lexer.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    PVLEX_MAX_INDENT = 100,   /* CPython's MAXINDENT */
    PVLEX_MAX_PAREN = 200,    /* CPython's MAXLEVEL */
};

typedef struct PvLexer {
    PvArena *arena;
    const char *src, *p, *end;
    const char *line_start;   /* first byte of the current physical line */
    int line;
    int col_bias;             /* added to columns while on the first line */
    PvLexMode mode;
    bool fstring_expr;

    int indents[PVLEX_MAX_INDENT + 1], alt_indents[PVLEX_MAX_INDENT + 1];
    int nindent;              /* indents[0] == 0 always; nindent >= 1 */
    struct { char ch; int line, col; } parens[PVLEX_MAX_PAREN];
    int nparen;

    PvToken *toks;
    int ntok, cap;
    bool failed;              /* a PVT_ERROR token was emitted: stop */
} PvLexer;

static const char *const pvlex_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
    "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
    "raise", "return", "try", "while", "with", "yield",
};

static int pvlex_col(const PvLexer *lx, const char *at)
{
    return (int)(at - lx->line_start) + 1 + lx->col_bias;
}

static void pvlex_newline(PvLexer *lx, const char *next_line)
{
    lx->line++;
    lx->line_start = next_line;
    lx->col_bias = 0;
}

static PvToken *pvlex_push(PvLexer *lx, PvTokKind kind, const char *start)
{
    if (lx->ntok == lx->cap) {
        int cap = lx->cap ? lx->cap * 2 : 64;
        PvToken *t = pvarena_alloc(lx->arena, (size_t)cap * sizeof *t);
        if (lx->ntok)
            memcpy(t, lx->toks, (size_t)lx->ntok * sizeof *t);
        lx->toks = t;
        lx->cap = cap;
    }
    PvToken *t = &lx->toks[lx->ntok++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = t->end_line = lx->line;
    t->col = t->end_col = pvlex_col(lx, start);
    if (lx->nparen > 0) {
        t->paren_ch = lx->parens[lx->nparen - 1].ch;
        t->paren_line = lx->parens[lx->nparen - 1].line;
        t->paren_col = lx->parens[lx->nparen - 1].col;
    }
    return t;
}

static void pvlex_finish(PvLexer *lx, PvToken *t)
{
    t->end_line = lx->line;
    t->end_col = pvlex_col(lx, lx->p);
}

/* Emits the error token that ends the stream. `kind` is NULL for SyntaxError. */
static void pvlex_error_at(PvLexer *lx, int line, int col, bool indent,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void pvlex_error_at(PvLexer *lx, int line, int col, bool indent,
                           const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    PvToken *t = pvlex_push(lx, PVT_ERROR, lx->p);
    t->line = t->end_line = line;
    t->col = t->end_col = col;
    t->text = pvarena_strndup(lx->arena, msg, strlen(msg));
    t->indent_error = indent;
    lx->failed = true;
}

static bool pvlex_is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool pvlex_is_ident_char(unsigned char c)
{
    return pvlex_is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool pvlex_is_keyword(const char *s, size_t n)
{
    for (size_t i = 0; i < PV_ARRAY_LEN(pvlex_keywords); i++)
        if (strlen(pvlex_keywords[i]) == n && memcmp(pvlex_keywords[i], s, n) == 0)
            return true;
    return false;
}

/* ---- numbers -------------------------------------------------------------------- */

static int pvlex_digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

/* Consumes digits of `base` with single '_' separators between them. Returns false
 * (error emitted) on a misplaced '_'. *ndigits counts the digits consumed. */
static bool pvlex_digits(PvLexer *lx, int base, int *ndigits, const char *what)
{
    *ndigits = 0;
    while (lx->p < lx->end) {
        unsigned char c = (unsigned char)*lx->p;
        if (c == '_') {
            if (lx->p + 1 >= lx->end || pvlex_digit_value((unsigned char)lx->p[1]) >= base) {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, lx->p), false,
                               "invalid %s literal", what);
                return false;
            }
            lx->p++;
            continue;
        }
        if (pvlex_digit_value(c) >= base)
            break;
        (*ndigits)++;
        lx->p++;
    }
    return true;
}

/* After a number: a letter glued to it is an error, except a keyword (`1if x else 2`
 * is valid Python). */
static bool pvlex_number_end(PvLexer *lx, const PvToken *t, const char *what)
{
    if (lx->p >= lx->end || !pvlex_is_ident_start((unsigned char)*lx->p))
        return true;
    const char *q = lx->p;
    while (q < lx->end && pvlex_is_ident_char((unsigned char)*q))
        q++;
    if (pvlex_is_keyword(lx->p, (size_t)(q - lx->p)))
        return true;
    if (*lx->p == 'j' || *lx->p == 'J')
        pvlex_error_at(lx, lx->line, pvlex_col(lx, lx->p), false,
                       "complex numbers are not supported");
    else
        pvlex_error_at(lx, t->line, t->col, false, "invalid %s literal", what);
    return false;
}

static void pvlex_number(PvLexer *lx)
{
    const char *start = lx->p;
    PvToken *t = pvlex_push(lx, PVT_INT, start);
    int nd;
    int base = 10;
    const char *what = "decimal";
    if (*lx->p == '0' && lx->p + 1 < lx->end) {
        char c = lx->p[1];
        if (c == 'x' || c == 'X') base = 16, what = "hexadecimal";
        else if (c == 'o' || c == 'O') base = 8, what = "octal";
        else if (c == 'b' || c == 'B') base = 2, what = "binary";
    }
    if (base != 10) {
        lx->p += 2;
        if (lx->p < lx->end && *lx->p == '_')
            lx->p++;
        const char *digits = lx->p;
        if (!pvlex_digits(lx, base, &nd, what))
            return;
        if (nd == 0 || (lx->p < lx->end && pvlex_digit_value((unsigned char)*lx->p) < 10)) {
            pvlex_error_at(lx, lx->line, pvlex_col(lx, lx->p), false, "invalid %s literal",
                           what);
            return;
        }
        if (!pvlex_number_end(lx, t, what))
            return;
        uint64_t v = 0;
        for (const char *q = digits; q < lx->p; q++) {
            if (*q == '_')
                continue;
            unsigned d = (unsigned)pvlex_digit_value((unsigned char)*q);
            if (v > ((uint64_t)INT64_MAX - d) / (uint64_t)base) {
                pvlex_error_at(lx, t->line, t->col, false,
                               "integer literal too large (parvm ints are 64-bit)");
                return;
            }
            v = v * (uint64_t)base + d;
        }
        t->ival = (int64_t)v;
        pvlex_finish(lx, t);
        return;
    }

    /* Decimal integer or float. */
    bool is_float = false;
    if (*lx->p != '.' && !pvlex_digits(lx, 10, &nd, what))
        return;
    if (lx->p < lx->end && *lx->p == '.') {
        is_float = true;
        lx->p++;
        if (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9' &&
            !pvlex_digits(lx, 10, &nd, what))
            return;
    }
    if (lx->p < lx->end && (*lx->p == 'e' || *lx->p == 'E')) {
        const char *e = lx->p + 1;
        if (e < lx->end && (*e == '+' || *e == '-'))
            e++;
        if (e < lx->end && *e >= '0' && *e <= '9') {
            is_float = true;
            lx->p = e;
            if (!pvlex_digits(lx, 10, &nd, what))
                return;
        } else {
            pvlex_error_at(lx, lx->line, pvlex_col(lx, lx->p), false,
                           "invalid decimal literal");
            return;
        }
    }
    if (lx->p < lx->end && (*lx->p == 'j' || *lx->p == 'J')) {
        pvlex_error_at(lx, t->line, t->col, false, "complex numbers are not supported");
        return;
    }
    if (!pvlex_number_end(lx, t, what))
        return;

    /* A copy without separators, for strtod and the zero check. */
    size_t n = (size_t)(lx->p - start), k = 0;
    char *digits = pvarena_alloc(lx->arena, n + 1);
    for (size_t i = 0; i < n; i++)
        if (start[i] != '_')
            digits[k++] = start[i];
    digits[k] = '\0';
    if (is_float) {
        t->kind = PVT_FLOAT;
        t->fval = strtod(digits, NULL);
    } else {
        if (digits[0] == '0') {
            for (size_t i = 0; i < k; i++)
                if (digits[i] != '0') {
                    pvlex_error_at(lx, t->line, t->col, false,
                                   "leading zeros in decimal integer literals are not "
                                   "permitted; use an 0o prefix for octal integers");
                    return;
                }
        }
        uint64_t v = 0;
        for (size_t i = 0; i < k; i++) {
            unsigned d = (unsigned)(digits[i] - '0');
            if (v > ((uint64_t)INT64_MAX - d) / 10) {
                pvlex_error_at(lx, t->line, t->col, false,
                               "integer literal too large (parvm ints are 64-bit)");
                return;
            }
            v = v * 10 + d;
        }
        t->ival = (int64_t)v;
    }
    pvlex_finish(lx, t);
}

/* ---- strings -------------------------------------------------------------------- */

/* If an identifier s[0..n) directly followed by a quote is a string prefix, returns its
 * flags (bytes reported through *bytes); -1 if it is not a prefix. */
static int pvlex_prefix_flags(const char *s, size_t n, bool *bytes)
{
    int flags = 0;
    bool seen_r = false, seen_f = false, seen_b = false, seen_u = false;
    if (n == 0 || n > 2)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'r' || c == 'R') { if (seen_r) return -1; seen_r = true; flags |= PVS_RAW; }
        else if (c == 'f' || c == 'F') { if (seen_f) return -1; seen_f = true; flags |= PVS_FSTRING; }
        else if (c == 'b' || c == 'B') { if (seen_b) return -1; seen_b = true; }
        else if (c == 'u' || c == 'U') { if (seen_u) return -1; seen_u = true; }
        else return -1;
    }
    if (seen_u && n > 1)
        return -1;
    if (seen_b && seen_f)
        return -1;
    *bytes = seen_b;
    return flags;
}

/* lx->p is at the opening quote; the token started at `start` (the prefix). */
static void pvlex_string(PvLexer *lx, const char *start, int flags, bool bytes)
{
    PvToken *t = pvlex_push(lx, PVT_STRING, start);
    if (bytes) {
        pvlex_error_at(lx, t->line, t->col, false, "bytes literals are not supported");
        return;
    }
    char q = *lx->p;
    bool triple = lx->end - lx->p >= 3 && lx->p[1] == q && lx->p[2] == q;
    lx->p += triple ? 3 : 1;
    t->sflags = (unsigned)flags | (triple ? PVS_TRIPLE : 0);
    t->body = lx->p;
    t->body_line = lx->line;
    t->body_col = pvlex_col(lx, lx->p);
    for (;;) {
        if (lx->p >= lx->end) {
            pvlex_error_at(lx, t->line, t->col, false,
                           triple ? "unterminated triple-quoted string literal "
                                    "(detected at line %d)"
                                  : "unterminated string literal (detected at line %d)",
                           lx->line);
            return;
        }
        char c = *lx->p;
        if (c == q) {
            if (!triple) {
                t->body_len = (size_t)(lx->p - t->body);
                lx->p++;
                break;
            }
            if (lx->end - lx->p >= 3 && lx->p[1] == q && lx->p[2] == q) {
                t->body_len = (size_t)(lx->p - t->body);
                lx->p += 3;
                break;
            }
            lx->p++;
        } else if (c == '\\') {
            lx->p++;
            if (lx->p < lx->end) {
                if (*lx->p == '\n') {
                    pvlex_newline(lx, lx->p + 1);
                } else if (*lx->p == '\r') {
                    if (lx->p + 1 < lx->end && lx->p[1] == '\n')
                        lx->p++;
                    pvlex_newline(lx, lx->p + 1);
                }
                lx->p++;
            }
        } else if (c == '\n' || c == '\r') {
            if (!triple) {
                pvlex_error_at(lx, t->line, t->col, false,
                               "unterminated string literal (detected at line %d)",
                               lx->line);
                return;
            }
            if (c == '\r' && lx->p + 1 < lx->end && lx->p[1] == '\n')
                lx->p++;
            lx->p++;
            pvlex_newline(lx, lx->p);
        } else {
            lx->p++;
        }
    }
    pvlex_finish(lx, t);
}

static void pvlex_utf8(PvBuf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        pvbuf_add(out, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        pvbuf_add(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        pvbuf_add(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        pvbuf_add(out, b, 4);
    }
}

bool pvlex_decode_string(const char *s, size_t n, bool raw, PvBuf *out,
                         const char **bad, const char **msg)
{
    if (raw) {
        /* Raw strings keep every byte, but a CRLF line end is still one newline. */
        for (size_t i = 0; i < n; i++)
            if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
                pvbuf_addc(out, s[i]);
        return true;
    }
    const char *p = s, *end = s + n;
    while (p < end) {
        if (*p != '\\') {
            if (!(*p == '\r' && p + 1 < end && p[1] == '\n'))
                pvbuf_addc(out, *p);
            p++;
            continue;
        }
        const char *esc = p++;
        if (p >= end) {
            pvbuf_addc(out, '\\');
            break;
        }
        char c = *p++;
        switch (c) {
        case '\n': break;
        case '\r': if (p < end && *p == '\n') p++; break;
        case '\\': pvbuf_addc(out, '\\'); break;
        case '\'': pvbuf_addc(out, '\''); break;
        case '"': pvbuf_addc(out, '"'); break;
        case 'a': pvbuf_addc(out, '\a'); break;
        case 'b': pvbuf_addc(out, '\b'); break;
        case 'f': pvbuf_addc(out, '\f'); break;
        case 'n': pvbuf_addc(out, '\n'); break;
        case 'r': pvbuf_addc(out, '\r'); break;
        case 't': pvbuf_addc(out, '\t'); break;
        case 'v': pvbuf_addc(out, '\v'); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            uint32_t v = (uint32_t)(c - '0');
            for (int i = 0; i < 2 && p < end && *p >= '0' && *p <= '7'; i++)
                v = v * 8 + (uint32_t)(*p++ - '0');
            pvlex_utf8(out, v);
            break;
        }
        case 'x': case 'u': case 'U': {
            int nd = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            uint32_t v = 0;
            for (int i = 0; i < nd; i++) {
                if (p >= end || pvlex_digit_value((unsigned char)*p) >= 16) {
                    *bad = esc;
                    *msg = c == 'x' ? "truncated \\xXX escape"
                         : c == 'u' ? "truncated \\uXXXX escape"
                                    : "truncated \\UXXXXXXXX escape";
                    return false;
                }
                v = v * 16 + (uint32_t)pvlex_digit_value((unsigned char)*p++);
            }
            if (v > 0x10FFFF) {
                *bad = esc;
                *msg = "illegal Unicode character";
                return false;
            }
            pvlex_utf8(out, v);
            break;
        }
        case 'N':
            *bad = esc;
            *msg = "\\N{...} escapes are not supported";
            return false;
        default:
            /* Unknown escapes stay as written, backslash included. */
            pvbuf_addc(out, '\\');
            p--;
            break;
        }
    }
    return true;
}

/* ---- operators ------------------------------------------------------------------ */

static const char *const pvlex_ops3[] = { "**=", "//=", ">>=", "<<=", "..." };
static const char *const pvlex_ops2[] = {
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "@=", ":=",
};
static const char pvlex_ops1[] = "+-*/%@&|^~<>()[]{},:.;=";

static void pvlex_op(PvLexer *lx)
{
    const char *start = lx->p;
    size_t avail = (size_t)(lx->end - lx->p);
    const char *op = NULL;
    size_t n = 0;
    for (size_t i = 0; !op && avail >= 3 && i < PV_ARRAY_LEN(pvlex_ops3); i++)
        if (memcmp(start, pvlex_ops3[i], 3) == 0)
            op = pvlex_ops3[i], n = 3;
    for (size_t i = 0; !op && avail >= 2 && i < PV_ARRAY_LEN(pvlex_ops2); i++)
        if (memcmp(start, pvlex_ops2[i], 2) == 0)
            op = pvlex_ops2[i], n = 2;
    if (!op && *start && strchr(pvlex_ops1, *start))
        op = start, n = 1;
    if (!op) {
        unsigned char c = (unsigned char)*start;
        if (c == 0)
            pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                           "source code cannot contain null bytes");
        else if (c < 0x20 || c == 0x7f)
            pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                           "invalid non-printable character U+%04X", c);
        else
            pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false, "invalid syntax");
        return;
    }
    char ch = *start;
    if (ch == '(' || ch == '[' || ch == '{') {
        if (lx->nparen >= PVLEX_MAX_PAREN) {
            pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                           "too many nested parentheses");
            return;
        }
        lx->parens[lx->nparen].ch = ch;
        lx->parens[lx->nparen].line = lx->line;
        lx->parens[lx->nparen].col = pvlex_col(lx, start);
        lx->nparen++;
    } else if (ch == ')' || ch == ']' || ch == '}') {
        if (lx->nparen == 0) {
            pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false, "unmatched '%c'",
                           ch);
            return;
        }
        char open = lx->parens[lx->nparen - 1].ch;
        char want = open == '(' ? ')' : open == '[' ? ']' : '}';
        if (ch != want) {
            if (lx->parens[lx->nparen - 1].line != lx->line)
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                               "closing parenthesis '%c' does not match opening "
                               "parenthesis '%c' on line %d",
                               ch, open, lx->parens[lx->nparen - 1].line);
            else
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                               "closing parenthesis '%c' does not match opening "
                               "parenthesis '%c'", ch, open);
            return;
        }
        lx->nparen--;
    }
    PvToken *t = pvlex_push(lx, PVT_OP, start);
    t->text = pvarena_strndup(lx->arena, op, n);
    lx->p += n;
    pvlex_finish(lx, t);
}

/* ---- lines and indentation ------------------------------------------------------ */

/* At the start of a physical line outside brackets. Skips blank and comment-only lines;
 * for a real line, compares its indentation with the stack and emits INDENT/DEDENTs.
 * Returns false at end of input. */
static bool pvlex_line_start(PvLexer *lx)
{
    for (;;) {
        int col = 0, alt = 0;
        const char *q = lx->p;
        while (q < lx->end) {
            if (*q == ' ') col++, alt++;
            else if (*q == '\t') col = (col / 8 + 1) * 8, alt++;
            else if (*q == '\f') col = alt = 0;
            else break;
            q++;
        }
        if (q >= lx->end) {
            lx->p = q;
            return false;
        }
        if (*q == '#' || *q == '\n' || *q == '\r') {
            /* Blank or comment-only: skip the whole physical line. */
            while (q < lx->end && *q != '\n' && *q != '\r')
                q++;
            if (q < lx->end && *q == '\r' && q + 1 < lx->end && q[1] == '\n')
                q++;
            if (q >= lx->end) {
                lx->p = q;
                return false;
            }
            lx->p = q + 1;
            pvlex_newline(lx, lx->p);
            continue;
        }
        lx->p = q;
        int top = lx->indents[lx->nindent - 1], alt_top = lx->alt_indents[lx->nindent - 1];
        if (col == top) {
            if (alt != alt_top)
                goto tab_error;
        } else if (col > top) {
            if (alt <= alt_top)
                goto tab_error;
            if (lx->nindent > PVLEX_MAX_INDENT) {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, q), true,
                               "too many levels of indentation");
                return false;
            }
            lx->indents[lx->nindent] = col;
            lx->alt_indents[lx->nindent] = alt;
            lx->nindent++;
            /* CPython reports an unexpected indent at the indentation's width. */
            PvToken *t = pvlex_push(lx, PVT_INDENT, q);
            t->col = t->end_col = pvlex_col(lx, q) - 1;
        } else {
            while (lx->nindent > 1 && col < lx->indents[lx->nindent - 1]) {
                lx->nindent--;
                pvlex_push(lx, PVT_DEDENT, q);
            }
            if (col != lx->indents[lx->nindent - 1]) {
                const char *e = q;
                while (e < lx->end && *e != '\n' && *e != '\r')
                    e++;
                pvlex_error_at(lx, lx->line, pvlex_col(lx, e), true,
                               "unindent does not match any outer indentation level");
                return false;
            }
            if (alt != lx->alt_indents[lx->nindent - 1])
                goto tab_error;
        }
        return true;
    tab_error:
        pvlex_error_at(lx, lx->line, 1, true,
                       "inconsistent use of tabs and spaces in indentation");
        return false;
    }
}

static void pvlex_run(PvLexer *lx)
{
    bool file = lx->mode == PVLEX_FILE;
    bool at_line_start = file;
    bool line_has_tokens = false;
    while (!lx->failed) {
        if (at_line_start) {
            at_line_start = false;
            if (!pvlex_line_start(lx) || lx->failed)
                break;
        }
        if (lx->p >= lx->end)
            break;
        const char *start = lx->p;
        unsigned char c = (unsigned char)*start;
        if (c == ' ' || c == '\t' || c == '\f') {
            lx->p++;
        } else if (c == '\n' || c == '\r') {
            lx->p++;
            if (c == '\r' && lx->p < lx->end && *lx->p == '\n')
                lx->p++;
            if (file && lx->nparen == 0 && line_has_tokens) {
                PvToken *t = pvlex_push(lx, PVT_NEWLINE, start);
                t->end_col = t->col + 1;
                line_has_tokens = false;
            }
            pvlex_newline(lx, lx->p);
            if (file && lx->nparen == 0)
                at_line_start = true;
        } else if (c == '#') {
            if (lx->fstring_expr) {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                               "f-string expression part cannot include '#'");
                break;
            }
            while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
                lx->p++;
        } else if (c == '\\') {
            if (lx->fstring_expr) {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                               "f-string expression part cannot include a backslash");
                break;
            }
            lx->p++;
            if (lx->p < lx->end && *lx->p == '\r')
                lx->p++;
            if (lx->p < lx->end && *lx->p == '\n') {
                lx->p++;
                pvlex_newline(lx, lx->p);
            } else if (lx->p >= lx->end) {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start), false,
                               "unexpected EOF while parsing");
            } else {
                pvlex_error_at(lx, lx->line, pvlex_col(lx, start) + 1, false,
                               "unexpected character after line continuation character");
            }
        } else if (pvlex_is_ident_start(c)) {
            const char *q = lx->p;
            while (q < lx->end && pvlex_is_ident_char((unsigned char)*q))
                q++;
            size_t n = (size_t)(q - start);
            bool bytes = false;
            int flags;
            if (q < lx->end && (*q == '\'' || *q == '"') &&
                (flags = pvlex_prefix_flags(start, n, &bytes)) >= 0) {
                lx->p = q;
                pvlex_string(lx, start, flags, bytes);
            } else {
                PvToken *t = pvlex_push(lx, pvlex_is_keyword(start, n) ? PVT_KEYWORD
                                                                       : PVT_NAME, start);
                t->text = pvarena_strndup(lx->arena, start, n);
                lx->p = q;
                pvlex_finish(lx, t);
            }
            line_has_tokens = true;
        } else if ((c >= '0' && c <= '9') ||
                   (c == '.' && lx->p + 1 < lx->end && lx->p[1] >= '0' && lx->p[1] <= '9')) {
            pvlex_number(lx);
            line_has_tokens = true;
        } else if (c == '\'' || c == '"') {
            pvlex_string(lx, start, 0, false);
            line_has_tokens = true;
        } else {
            pvlex_op(lx);
            line_has_tokens = true;
        }
    }
    if (lx->failed)
        return;
    if (lx->nparen > 0) {
        int i = lx->nparen - 1;
        pvlex_error_at(lx, lx->parens[i].line, lx->parens[i].col, false,
                       "'%c' was never closed", lx->parens[i].ch);
        return;
    }
    if (file) {
        if (line_has_tokens) {
            PvToken *t = pvlex_push(lx, PVT_NEWLINE, lx->p);
            t->end_col = t->col + 1;
        }
        while (lx->nindent > 1) {
            lx->nindent--;
            pvlex_push(lx, PVT_DEDENT, lx->p);
        }
    }
    pvlex_push(lx, PVT_ENDMARKER, lx->p);
}

int pvlex_tokenize(PvArena *arena, const char *src, size_t len, int line0, int col0,
                   PvLexMode mode, bool fstring_expr, PvToken **out)
{
    PvLexer lx;
    memset(&lx, 0, sizeof lx);
    lx.arena = arena;
    lx.src = lx.p = lx.line_start = src;
    lx.end = src + len;
    lx.line = line0;
    lx.col_bias = col0 - 1;
    lx.mode = mode;
    lx.fstring_expr = fstring_expr;
    lx.nindent = 1;
    pvlex_run(&lx);
    *out = lx.toks;
    return lx.ntok;
}
