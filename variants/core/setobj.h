/* setobj.h — the set operators, called by the generic binary-operator code
 * (abstract.c) when an operand is a set or a frozenset.
 *
 * The table, pv_set_add/contains/discard and pv_set_from_iterable live in dict.c (a set
 * is a dict whose values are ignored); the types, their methods and these operators
 * live in set.c. */
#ifndef PARVM_SETOBJ_H
#define PARVM_SETOBJ_H

#include "object.h"

/* a | b, a & b, a - b, a ^ b for op in PV_OP_BITOR, PV_OP_BITAND, PV_OP_SUB,
 * PV_OP_BITXOR (ast.h). The result is a new set whose type follows the left operand
 * (set or frozenset). Returns pv_NotImplemented when either operand is not a set or
 * frozenset, or for any other op; PV_NULL with an exception on error. */
PvVal pv_set_binop(PvVal a, PvVal b, int op);

/* a |= b, a &= b, a -= b, a ^= b: mutates the set `a` and returns it. A frozenset `a`
 * is never mutated: the result is pv_set_binop(a, b, op), as in CPython. Returns
 * pv_NotImplemented when b is not a set or frozenset. */
PvVal pv_set_inplace_binop(PvVal a, PvVal b, int op);

#endif
