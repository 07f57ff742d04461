/* lexer.h — turns Python 3 source (UTF-8) into tokens for the parser.
 *
 * The whole input is tokenized at once into an array allocated in the parse arena, so
 * the parser has unlimited lookahead and nothing to free on an error path. A lexical
 * error does not stop the caller: it becomes a final PVT_ERROR token carrying the
 * message, so an earlier syntax error (found by the parser before it reaches that
 * token) is reported first, as CPython's on-demand tokenizer would. */
#ifndef PARVM_LEXER_H
#define PARVM_LEXER_H

#include "ast.h"

typedef enum PvTokKind {
    PVT_ENDMARKER,
    PVT_NEWLINE,
    PVT_INDENT,
    PVT_DEDENT,
    PVT_NAME,      /* text: the identifier */
    PVT_KEYWORD,   /* text: the keyword */
    PVT_INT,       /* ival */
    PVT_FLOAT,     /* fval */
    PVT_STRING,    /* body/body_len/sflags: undecoded; see pvlex_decode_string */
    PVT_OP,        /* text: the operator or delimiter, e.g. "**=" */
    PVT_ERROR      /* text: message; always the last token */
} PvTokKind;

/* String prefix and quoting flags. */
enum {
    PVS_RAW = 1,
    PVS_FSTRING = 2,
    PVS_TRIPLE = 4,
};

typedef struct PvToken {
    PvTokKind kind;
    int line, col;           /* 1-based start */
    int end_line, end_col;   /* just past the end */
    const char *text;        /* NUL-terminated; see PvTokKind */
    int64_t ival;
    double fval;
    /* PVT_STRING: the bytes between the quotes, exactly as in the source, and the
     * position of body[0]. */
    const char *body;
    size_t body_len;
    int body_line, body_col;
    unsigned sflags;
    /* The innermost bracket still open when this token was read (paren_ch 0 if none):
     * lets the parser say "'(' was never closed" instead of a confusing later error. */
    char paren_ch;
    int paren_line, paren_col;
    /* PVT_ERROR: true for IndentationError, false for SyntaxError. */
    bool indent_error;
} PvToken;

typedef enum PvLexMode {
    PVLEX_FILE,        /* NEWLINE / INDENT / DEDENT as in a module */
    PVLEX_EXPRESSION   /* as if inside parentheses: no NEWLINE, INDENT or DEDENT */
} PvLexMode;

/* Tokenizes src[0..len). `line0`/`col0` give the position of src[0] (used to lex an
 * f-string's replacement field where it sits in the file). The array always ends with
 * PVT_ENDMARKER or PVT_ERROR. `fstring_expr` forbids '#' and '\' (as CPython 3.11 does
 * inside f-string expressions). Returns the number of tokens. */
int pvlex_tokenize(PvArena *arena, const char *src, size_t len, int line0, int col0,
                   PvLexMode mode, bool fstring_expr, PvToken **out);

/* Decodes the escapes of a plain string segment s[0..n) into `out` (raw: copied as is).
 * On an escape error returns false and points *bad at the backslash, with *msg set. */
struct PvBuf;
bool pvlex_decode_string(const char *s, size_t n, bool raw, struct PvBuf *out,
                         const char **bad, const char **msg);

#endif
