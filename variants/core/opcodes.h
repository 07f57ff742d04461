/* opcodes.h — the bytecode instruction set, one X-macro list used by the compiler, the
 * eval loop and the disassembler.
 *
 * An instruction is one 16-bit word: opcode in the low byte, argument in the high byte;
 * EXTENDED_ARG words in front supply higher argument bytes. Jump arguments are absolute
 * word offsets. Columns: name, stack effect (when not jumping; 99 = computed from arg by
 * pvcomp_stack_effect), whether the argument is a jump target.
 *
 * Exception blocks: SETUP_FINALLY/SETUP_WITH push a block {handler, stack level}. When
 * an exception reaches a frame, the innermost block is popped, the value stack is cut
 * back to its level, the exception is pushed, a HANDLER block remembering the
 * previously handled exception is pushed, and execution continues at the handler.
 * POP_EXCEPT pops that HANDLER block and restores the previously handled exception. */
#ifndef PARVM_OPCODES_H
#define PARVM_OPCODES_H

#define PV_OPCODES(X) \
    X(NOP,               0, 0) \
    X(EXTENDED_ARG,      0, 0) \
    X(POP_TOP,          -1, 0) \
    X(ROT_TWO,           0, 0) \
    X(ROT_THREE,         0, 0) \
    X(DUP_TOP,           1, 0) \
    X(DUP_TOP_TWO,       2, 0) \
    X(LOAD_CONST,        1, 0) \
    X(LOAD_FAST,         1, 0) \
    X(STORE_FAST,       -1, 0) \
    X(DELETE_FAST,       0, 0) \
    X(LOAD_DEREF,        1, 0)  /* arg: index into cells+frees */ \
    X(STORE_DEREF,      -1, 0) \
    X(DELETE_DEREF,      0, 0) \
    X(LOAD_CLOSURE,      1, 0)  /* pushes the cell itself */ \
    X(LOAD_CLASSDEREF,   1, 0)  /* class body: locals dict first, then the cell */ \
    X(LOAD_GLOBAL,       1, 0) \
    X(STORE_GLOBAL,     -1, 0) \
    X(DELETE_GLOBAL,     0, 0) \
    X(LOAD_NAME,         1, 0) \
    X(STORE_NAME,       -1, 0) \
    X(DELETE_NAME,       0, 0) \
    X(LOAD_ATTR,         0, 0) \
    X(STORE_ATTR,       -2, 0) \
    X(DELETE_ATTR,      -1, 0) \
    X(LOAD_METHOD,       1, 0)  /* obj -> meth self  (or  NULL func) */ \
    X(CALL_METHOD,      99, 0)  /* arg: positional argc */ \
    X(BINARY_OP,        -1, 0)  /* arg: PvBinOp, +16 for in-place */ \
    X(UNARY_OP,          0, 0)  /* arg: PvUnaryOp (not NOT) */ \
    X(UNARY_NOT,         0, 0) \
    X(COMPARE_OP,       -1, 0)  /* arg: PV_LT.. */ \
    X(IS_OP,            -1, 0)  /* arg: 1 = is not */ \
    X(CONTAINS_OP,      -1, 0)  /* arg: 1 = not in */ \
    X(BINARY_SUBSCR,    -1, 0) \
    X(STORE_SUBSCR,     -3, 0) \
    X(DELETE_SUBSCR,    -2, 0) \
    X(BUILD_TUPLE,      99, 0) \
    X(BUILD_LIST,       99, 0) \
    X(BUILD_SET,        99, 0) \
    X(BUILD_MAP,        99, 0)  /* arg: pairs */ \
    X(BUILD_SLICE,      99, 0)  /* arg: 2 or 3 */ \
    X(BUILD_STRING,     99, 0) \
    X(LIST_APPEND,      -1, 0)  /* arg: depth of the list below the value */ \
    X(SET_ADD,          -1, 0) \
    X(MAP_ADD,          -2, 0) \
    X(LIST_EXTEND,      -1, 0) \
    X(SET_UPDATE,       -1, 0) \
    X(DICT_UPDATE,      -1, 0) \
    X(DICT_MERGE,       -1, 0)  /* like DICT_UPDATE, TypeError on duplicate keys */ \
    X(LIST_TO_TUPLE,     0, 0) \
    X(UNPACK_SEQUENCE,  99, 0) \
    X(UNPACK_EX,        99, 0)  /* arg: before | after << 8 */ \
    X(FORMAT_VALUE,     99, 0)  /* arg: conversion (0 s r a = 0..3) | 4 if spec */ \
    X(JUMP_FORWARD,      0, 1) \
    X(JUMP_ABSOLUTE,     0, 1) \
    X(JUMP_BACKWARD,     0, 1)  /* a loop's back edge: ticks */ \
    X(POP_JUMP_IF_FALSE,-1, 1) \
    X(POP_JUMP_IF_TRUE, -1, 1) \
    X(JUMP_IF_FALSE_OR_POP, -1, 1) \
    X(JUMP_IF_TRUE_OR_POP,  -1, 1) \
    X(GET_ITER,          0, 0) \
    X(FOR_ITER,          1, 1)  /* exhausted: pops the iterator and jumps */ \
    X(CALL_FUNCTION,    99, 0)  /* arg: positional argc */ \
    X(CALL_FUNCTION_KW, 99, 0)  /* arg: total argc; a tuple of keyword names on top */ \
    X(CALL_FUNCTION_EX, 99, 0)  /* arg: 1 if a kwargs dict is on top of the args tuple */ \
    X(MAKE_FUNCTION,    99, 0)  /* arg: 1 defaults, 2 kwdefaults, 8 closure */ \
    X(RETURN_VALUE,     -1, 0) \
    X(YIELD_VALUE,       0, 0) \
    X(YIELD_FROM,       -1, 0)  /* iter value -> result; re-runs until exhausted */ \
    X(SETUP_FINALLY,     0, 1) \
    X(SETUP_WITH,        1, 1)  /* ctx -> exit enter_result */ \
    X(POP_BLOCK,         0, 0) \
    X(POP_EXCEPT,        0, 0) \
    X(RERAISE,          -1, 0) \
    X(WITH_EXCEPT,       1, 0)  /* exit exc -> exit exc suppress */ \
    X(JUMP_IF_NOT_EXC_MATCH, -2, 1) \
    X(RAISE_VARARGS,    99, 0) \
    X(LOAD_BUILD_CLASS,  1, 0) \
    X(IMPORT_NAME,       0, 0)  /* level fromlist -> module (arg: name) */ \
    X(IMPORT_FROM,       1, 0) \
    X(IMPORT_STAR,      -1, 0) \
    X(LOAD_ASSERTION_ERROR, 1, 0) \
    X(SETUP_ANNOTATIONS, 0, 0)

typedef enum PvOpcode {
#define PV_OPCODE_ENUM(name, effect, jump) OP_##name,
    PV_OPCODES(PV_OPCODE_ENUM)
#undef PV_OPCODE_ENUM
    PV_NOPCODES
} PvOpcode;

#define PV_INPLACE 16   /* BINARY_OP argument flag */

extern const char *const pv_opcode_names[PV_NOPCODES];

#endif
