# parser.mk — builds the parser unit test (lexer, parser, AST dump, fuzzing).
# Included by the top Makefile; objects live in $(OBJ)/unit/parser/.

PARSER_TEST_SRCS := tests/unit/test_parser.c variants/core/lexer.c \
                    variants/core/parser.c variants/core/ast.c variants/core/util.c
PARSER_TEST_OBJS := $(patsubst %.c,$(OBJ)/unit/parser/%.o,$(PARSER_TEST_SRCS))
PARSER_TEST_FLAGFILE := $(call flagfile,unit-parser,$(UNIT_CFLAGS))

$(OBJ)/unit/parser/%.o: %.c variants/core/lexer.h variants/core/ast.h \
                        variants/core/util.h $(PARSER_TEST_FLAGFILE)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -c $< -o $@

$(BUILD)/test/test_parser: $(PARSER_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lcmocka -lm

UNIT_TESTS += $(BUILD)/test/test_parser
