/* strobj.h — the parts of the str implementation (str.c) that object.h does not
 * declare: the operators the generic binop dispatches to, and UTF-8 helpers other
 * files may share (the lexer, ord/chr, f-strings).
 *
 * Strings are immutable UTF-8 (PvStr in object.h): `len` counts bytes, `ncp` code
 * points, and ncp == len exactly when the string is pure ASCII, which every function
 * here uses as its fast path. */
#ifndef PARVM_STROBJ_H
#define PARVM_STROBJ_H

#include "object.h"

/* `a + b` with a a str (or a str subclass). b a str: the concatenation. Otherwise
 * raises CPython's TypeError "can only concatenate str (not "int") to str": the binop
 * tries b's reflected method (__radd__) before calling this. */
PvVal pv_str_add(PvVal a, PvVal b);

/* `s * n` and `n * s`: `s` is the str operand, n the int value of the other one (the
 * caller checks that it is an int or bool, and raises "can't multiply sequence by
 * non-int of type 'float'" otherwise). n <= 0 gives ''. */
PvVal pv_str_repeat(PvVal s, int64_t n);

/* ascii(v): repr(v) with every non-ASCII code point escaped (\xNN, \uNNNN, \UNNNNNNNN). */
PvVal pv_ascii(PvVal v);

/* A str from one Unicode code point, as chr() needs; cp must be < 0x110000. */
#define pv_str_from_cp(cp) pv_str_char(cp)

/* UTF-8 helpers. pv_utf8_decode reads the code point starting at p (at most `avail`
 * bytes, avail >= 1) and stores its byte length in *n; the input is assumed valid.
 * pv_utf8_encode writes cp's encoding into buf (4 bytes suffice) and returns its
 * length. */
uint32_t pv_utf8_decode(const char *p, size_t avail, int *n);
int pv_utf8_encode(uint32_t cp, char buf[4]);

/* Byte offset of code point `i` (0 <= i <= ncp) in s. */
int64_t pv_str_offset(PvVal s, int64_t i);

#endif
