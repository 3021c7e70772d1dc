"""The subset of Solr's (Lucene) query syntax that CKAN clients send in `q` and `fq`, parsed into a tree.

    tags:economy   -tags:economy   +organization:"phuket-pao"   tags:(roads OR water)
    res_format:CSV OR res_format:XLSX   metadata_modified:[2024-05-01T00:00:00Z TO *]   ถนน "ป่าตอง"

Clauses side by side must all hold (CKAN sends q.op=AND); AND binds tighter than OR; `-`, `!` and NOT
negate, `+` marks a clause required. A word without a field searches the dataset's text (`text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.server.errors import SearchQueryError

TEXT = "text"  # Solr's default search field in CKAN: name, title, notes, tags, groups, resources, ...
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_STOP = set(" \t\r\n()")


@dataclass(frozen=True)
class Everything:
    """`*:*`, or an empty query."""


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    quoted: bool = False
    wildcard: bool = False  # has an unescaped * or ?


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None  # None = open (*)
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class Not:
    clause: object


@dataclass(frozen=True)
class And:
    clauses: tuple


@dataclass(frozen=True)
class Or:
    clauses: tuple


def parse(text: str) -> object:
    """The query tree of `text`; SearchQueryError if it is not valid query syntax."""
    if not text.strip() or text.strip() in ("*", "*:*"):
        return Everything()
    return _Parser(text).parse()


def parse_q(text: str) -> object:
    """`q` as CKAN reads it: with a colon it is Lucene syntax (errors are errors); without one CKAN uses
    dismax, which forgives what a person types into a search box (an unclosed quote or bracket, a
    dangling operator): then the words that are left must all match."""
    try:
        return parse(text)
    except SearchQueryError:
        if ":" in text:
            raise
    words = [w.strip("+-!") for w in re.split(r'[\s"()\[\]{}]+', text)]
    words = [w for w in words if w and w not in ("AND", "OR", "NOT", "&&", "||")]
    if not words:
        return Everything()
    terms = tuple(_term(TEXT, w, "*" in w or "?" in w) for w in words)
    return terms[0] if len(terms) == 1 else And(terms)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def parse(self):
        tree = self.parse_or(TEXT)
        self.skip_space()
        if self.pos < len(self.text):
            self.fail(f"unexpected {self.text[self.pos]!r}")
        return tree

    def fail(self, why: str):
        raise SearchQueryError(f"{why} at character {self.pos + 1} of {self.text!r}")

    # --- the operators --------------------------------------------------------------------------

    def parse_or(self, field: str):
        clauses = [self.parse_and(field)]
        while self.keyword("OR") or self.symbol("||"):
            clauses.append(self.parse_and(field))
        return clauses[0] if len(clauses) == 1 else Or(tuple(clauses))

    def parse_and(self, field: str):
        clauses = [self.parse_unary(field)]
        while True:
            self.skip_space()
            if self.pos >= len(self.text) or self.peek(")") or self.at_keyword("OR") or self.peek("||"):
                break
            self.keyword("AND") or self.symbol("&&")
            clauses.append(self.parse_unary(field))
        return clauses[0] if len(clauses) == 1 else And(tuple(clauses))

    def parse_unary(self, field: str):
        self.skip_space()
        if self.symbol("-") or self.symbol("!") or self.keyword("NOT"):
            return Not(self.parse_unary(field))
        if self.symbol("+"):
            return self.parse_unary(field)
        return self.parse_primary(field)

    def parse_primary(self, field: str):
        self.skip_space()
        if self.pos >= len(self.text):
            self.fail("a clause is missing")
        if self.symbol("("):
            tree = self.parse_or(field)
            self.expect(")")
            return tree
        if self.peek(")"):
            self.fail("unexpected ')'")
        if self.at_keyword("AND") or self.at_keyword("OR"):
            self.fail("an operator without a clause before it")
        if self.peek('"'):
            return Term(field, self.quoted(), quoted=True)
        start = self.pos
        word, wildcard, at_colon = self.word(stop_at_colon=True)
        if at_colon and (FIELD_RE.match(word) or word == "*"):
            self.pos += 1  # the colon
            return self.field_value(word)
        if at_colon:  # "http://..." in free text: the colon is part of the word
            self.pos = start
            word, wildcard, _ = self.word(stop_at_colon=False)
        return _term(field, word, wildcard)

    def field_value(self, field: str):
        if self.pos >= len(self.text) or self.text[self.pos] in " \t\r\n)":
            self.fail(f"{field}: has no value")
        if self.symbol("("):
            tree = self.parse_or(field)
            self.expect(")")
            return tree
        if self.peek("[") or self.peek("{"):
            return self.range(field)
        if self.peek('"'):
            return Term(field, self.quoted(), quoted=True)
        word, wildcard, _ = self.word(stop_at_colon=False)
        if field == "*" and word == "*":
            return Everything()
        if field == "*":
            self.fail("only *:* may search every field")
        return _term(field, word, wildcard)

    def range(self, field: str):
        include_low = self.text[self.pos] == "["
        self.pos += 1
        low = self.endpoint("TO")
        self.skip_space()
        if not self.keyword("TO"):
            self.fail("a range needs TO")
        high = self.endpoint("]}")
        self.skip_space()
        if not (self.peek("]") or self.peek("}")):
            self.fail("a range must end with ] or }")
        include_high = self.text[self.pos] == "]"
        self.pos += 1
        return Range(field, None if low == "*" else low, None if high == "*" else high, include_low, include_high)

    def endpoint(self, stops: str) -> str:
        self.skip_space()
        if self.peek('"'):
            return self.quoted()
        out = []
        while self.pos < len(self.text) and self.text[self.pos] not in " \t\r\n]}":
            if self.text[self.pos] == "\\" and self.pos + 1 < len(self.text):
                self.pos += 1
            out.append(self.text[self.pos])
            self.pos += 1
        if not out:
            self.fail("a range bound is missing")
        return "".join(out)

    # --- the lexical pieces ----------------------------------------------------------------------

    def word(self, stop_at_colon: bool) -> tuple[str, bool, bool]:
        """(text, has wildcard, stopped at an unescaped colon)."""
        out, wildcard = [], False
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in _STOP:
                break
            if char == ":" and stop_at_colon:
                return "".join(out), wildcard, True
            if char == "\\" and self.pos + 1 < len(self.text):
                self.pos += 1
                char = self.text[self.pos]
                out.append("\\" + char if char in "*?" else char)  # an escaped wildcard is literal
            else:
                if char in "*?":
                    wildcard = True
                if char == '"':
                    self.fail('a quote inside a word')
                out.append(char)
            self.pos += 1
        if not out:
            self.fail("a term is missing")
        return "".join(out), wildcard, False

    def quoted(self) -> str:
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if char == '"':
                self.pos += 1
                return "".join(out)
            out.append(char)
            self.pos += 1
        self.fail("a quote is not closed")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self, symbol: str) -> bool:
        return self.text.startswith(symbol, self.pos)

    def symbol(self, symbol: str) -> bool:
        self.skip_space()
        if self.peek(symbol):
            self.pos += len(symbol)
            return True
        return False

    def at_keyword(self, word: str) -> bool:
        end = self.pos + len(word)
        return self.text.startswith(word, self.pos) and (end == len(self.text) or self.text[end] in _STOP)

    def keyword(self, word: str) -> bool:
        self.skip_space()
        if self.at_keyword(word):
            self.pos += len(word)
            return True
        return False

    def expect(self, symbol: str) -> None:
        if not self.symbol(symbol):
            self.fail(f"{symbol!r} expected")


def _term(field: str, word: str, wildcard: bool):
    if wildcard and word.strip("*") == "":
        return Everything() if field == TEXT else Term(field, "*", wildcard=True)  # field:* = has the field
    return Term(field, word if wildcard else unescape(word), wildcard=wildcard)


def wildcard_parts(value: str) -> list[str]:
    """A wildcard value split into literal text and the tokens "*" and "?" (escaped ones stay literal)."""
    parts, literal, i = [], [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in "*?":
            literal.append(value[i + 1])
            i += 2
            continue
        if value[i] in "*?":
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(value[i])
        else:
            literal.append(value[i])
        i += 1
    if literal:
        parts.append("".join(literal))
    return parts


def unescape(value: str) -> str:
    """A non-wildcard value with its escaped wildcards made plain."""
    return value.replace("\\*", "*").replace("\\?", "?")
