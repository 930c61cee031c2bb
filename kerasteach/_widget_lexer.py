"""A fast Pygments lexer for the code kerasteach generates.

Pygments' ``PythonLexer`` needs about 0.3-0.5 s for the 5,000 lines of
EfficientNetV2L's Functional code, as much as drawing the graph.  Generated
code uses a small part of Python (imports, assignments, calls, literals, the
odd ``def`` stub), so one regular expression lexes it about ten times
faster.  It emits Pygments token types and the usual Pygments formatter and
style colour them; tests check that every character gets the same style as
with ``PythonLexer``.
"""

from __future__ import annotations

import builtins
import keyword
import re
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
)

__all__ = ["GeneratedCodeLexer"]

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<affix>[rRbBuUfF]{1,2}(?=["']))?
    (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<float>(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)
  | (?P<int>\d+)
  | (?P<name>[^\W\d]\w*)
  | (?P<newline>\n)
  | (?P<space>[ \t]+)
  | (?P<punct>[()\[\]{},:;][()\[\]{},:;\ \t]*)  # with the spaces after it
  | (?P<op>\*\*|//|->|[-+*/%@&|^~<>=!.]=?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.UNICODE,
)
_ESCAPE = re.compile(
    r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|.)",
    re.DOTALL,
)


_SIMPLE = {
    "comment": Comment.Single,
    "float": Number.Float,
    "int": Number.Integer,
    "punct": Punctuation,
    "op": Operator,
    "other": Token.Error,
}


@lru_cache(maxsize=1)
def _builtin_types() -> dict[str, object]:
    """How Pygments' own PythonLexer classifies each builtin name."""
    from pygments.lexers import PythonLexer

    lexer = PythonLexer()
    kinds: dict[str, object] = {}
    for name in dir(builtins):
        if name.startswith("_"):
            continue
        tokens = [t for t in lexer.get_tokens(f"x({name})\n") if t[1] == name]
        if tokens and tokens[0][0] is not Name:
            kinds[name] = tokens[0][0]
    return kinds


def _name_type(word: str, after_dot: bool):
    if keyword.iskeyword(word):
        if word in ("True", "False", "None"):
            return Keyword.Constant
        if word in ("import", "from"):
            return Keyword.Namespace
        return Keyword
    if after_dot:
        return Name
    return _builtin_types().get(word, Name)


class GeneratedCodeLexer(Lexer):
    """Lexes generated Python (not any Python) into Pygments tokens."""

    name = "kerasteach generated Python"
    aliases: list[str] = []

    def get_tokens_unprocessed(self, text):
        prev = None  # the previous name on this line, for ``def`` / ``class``
        after_dot = False
        # In ``import a.b as c`` every name is a module (Name.Namespace); in
        # ``from a.b import c`` only the part before ``import`` is.
        mode = None  # None, "import", "from" or "from-import"
        at_line_start = True
        simple = _SIMPLE
        names: dict[str, object] = {}  # name -> type, outside imports and defs
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            value = m.group()
            if kind == "name":
                starts_line, at_line_start = at_line_start, False
                if mode is None and prev not in ("def", "class"):
                    if after_dot:
                        ttype = Keyword if keyword.iskeyword(value) else Name
                    else:
                        ttype = names.get(value)
                        if ttype is None:
                            ttype = names[value] = _name_type(value, False)
                    if starts_line and value in ("import", "from"):
                        mode = value
                elif mode == "from" and value == "import":
                    mode = "from-import"
                    ttype = Keyword.Namespace
                elif mode in ("import", "from") and not keyword.iskeyword(value):
                    ttype = Name.Namespace
                elif prev == "def":
                    ttype = Name.Function
                elif prev == "class":
                    ttype = Name.Class
                else:
                    ttype = _name_type(value, after_dot)
                yield m.start(), ttype, value
                prev, after_dot = value, False
                continue
            if kind == "space":
                yield m.start(), Text, value
                continue
            if kind == "newline":
                yield m.start(), Text.Whitespace, value
                prev, after_dot, mode, at_line_start = None, False, None, True
                continue
            at_line_start = False
            if kind == "string":
                pos = m.start()
                affix = m.group("affix") or ""
                if affix:
                    yield pos, String.Affix, affix
                yield from self._string(
                    pos + len(affix), m.group("string"), "r" in affix.lower()
                )
                prev, after_dot = None, False
                continue
            if value == "." and mode in ("import", "from"):
                yield m.start(), Name.Namespace, value
                continue
            yield m.start(), simple[kind], value
            after_dot = value == "."
            prev = None

    @staticmethod
    def _string(pos: int, body: str, raw: bool):
        ttype = String.Double if body[0] == '"' else String.Single
        if raw or "\\" not in body:
            yield pos, ttype, body
            return
        last = 0
        for m in _ESCAPE.finditer(body):
            if m.start() > last:
                yield pos + last, ttype, body[last : m.start()]
            yield pos + m.start(), String.Escape, m.group()
            last = m.end()
        if last < len(body):
            yield pos + last, ttype, body[last:]
