# A small complete program using many features together: a tokenizer and recursive
# descent evaluator for arithmetic with variables, with error reporting.
class EvalError(Exception):
    pass
def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            text = src[i:j]
            tokens.append(("num", float(text) if "." in text else int(text)))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(("name", src[i:j]))
            i = j
        elif ch in "+-*/%()=":
            tokens.append(("op", ch))
            i += 1
        else:
            raise EvalError("bad character %r at %d" % (ch, i))
    tokens.append(("end", None))
    return tokens
class Parser:
    def __init__(self, tokens, env):
        self.tokens = tokens
        self.pos = 0
        self.env = env
    def peek(self):
        return self.tokens[self.pos]
    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok
    def expr(self):
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value
    def term(self):
        value = self.factor()
        while self.peek()[0] == "op" and self.peek()[1] in "*/%":
            op = self.take()[1]
            rhs = self.factor()
            if op != "*" and rhs == 0:
                raise EvalError("division by zero")
            value = {"*": lambda a, b: a * b, "/": lambda a, b: a / b, "%": lambda a, b: a % b}[op](value, rhs)
        return value
    def factor(self):
        kind, val = self.take()
        if kind == "num":
            return val
        if kind == "name":
            if val not in self.env:
                raise EvalError("unknown name " + val)
            return self.env[val]
        if (kind, val) == ("op", "-"):
            return -self.factor()
        if (kind, val) == ("op", "("):
            v = self.expr()
            if self.take() != ("op", ")"):
                raise EvalError("expected )")
            return v
        raise EvalError("unexpected %s %r" % (kind, val))
def run(lines):
    env = {}
    for line in lines:
        try:
            toks = tokenize(line)
            if len(toks) > 2 and toks[1] == ("op", "="):
                name = toks[0][1]
                env[name] = Parser(toks[2:], env).expr()
                print(f"{name} = {env[name]!r}")
            else:
                p = Parser(toks, env)
                v = p.expr()
                if p.peek()[0] != "end":
                    raise EvalError("trailing input")
                print(f"{line.strip():<20} => {v}")
        except EvalError as e:
            print(f"{line.strip():<20} !! {e}")
    return env
env = run(["1 + 2 * 3", "(1 + 2) * 3", "x = 10", "y = x / 4", "x % 3 - -y", "2 * (x + y",
           "7 / (x - 10)", "z + 1", "3 $ 4", "1.5 * 4", "x x"])
print(sorted(env.items()))
