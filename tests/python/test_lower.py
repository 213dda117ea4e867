"""The Python lowering (`scopelint/python/lower.py`): a module as a `Program` of plain data.

Nodes are shown as a readable nested form (`show`): node indexes resolved recursively,
`import(requests).get(...)`, `param(f, a)`, `union(...)`, an alias as `alias(...)` once, a
read of a variable as what it reads.
"""

from __future__ import annotations

import ast
import os
import sysconfig
import textwrap
import time
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rule_cases import load_cases
from scopelint.facts.program import Function, Program
from scopelint.python.collect import collect
from scopelint.python.lower import LoweringHints, PythonLowering, lower_module
from scopelint.python.parse import ParsedModule, ParseFailure, parse

HINTS = LoweringHints(url_needles=("/authorize",), url_joiners=("urljoin",))


def lower(source: str, path: str = "app.py") -> Program:
    return lower_module(parse(textwrap.dedent(source).lstrip("\n")), path, HINTS)


def show(program: Program, index: int | None, _open: frozenset[int] = frozenset()) -> str:
    """A node as a readable nested form."""
    if index is None:
        return "-"
    node = program.nodes[index]
    op = node[0]

    def sub(n: int | None) -> str:
        return show(program, n, _open)

    if op == "var":  # a read: shown as what it reads (tests of reads check their locations)
        return sub(node[1])
    if op == "alias":
        if index in _open:
            return "alias(...)"
        return f"alias({show(program, node[1], _open | {index})})"
    if op == "str":
        return repr(node[1])
    if op == "num":
        return node[1]
    if op == "const":
        return node[1]
    if op == "unknown":
        return f"?{node[1]}"
    if op == "global":
        return f"global({node[1]})"
    if op == "import":
        imported = program.imports[node[1]]
        module = "." * imported.level + imported.module
        return f"import({module}:{imported.name})" if imported.name else f"import({module})"
    if op == "function":
        return f"function({program.functions[node[1]].qualname})"
    if op == "class":
        return f"class({program.classes[node[1]].name})"
    if op == "param":
        function = program.functions[node[1]]
        return f"param({function.qualname}, {function.params[node[2]].name})"
    if op == "this":
        return f"this({program.functions[node[1]].qualname})"
    if op == "attr":
        return f"{sub(node[1])}.{node[2]}"
    if op == "item":
        return f"{sub(node[1])}[{sub(node[2])}]"
    if op == "call":
        args = []
        for kind, keyword, value in node[2]:
            prefix = {"pos": "", "kw": f"{keyword}=", "star": "*", "dstar": "**"}[kind]
            args.append(prefix + sub(value))
        return f"{sub(node[1])}({', '.join(args)})"
    if op == "dict":
        return "{" + ", ".join(f"**{sub(v)}" if k is None else f"{sub(k)}: {sub(v)}" for k, v in node[1]) + "}"
    if op == "list":
        return "[" + ", ".join(sub(n) for n in node[1]) + "]"
    if op == "tuple":
        return "(" + ", ".join(sub(n) for n in node[1]) + ("," if len(node[1]) == 1 else "") + ")"
    if op == "spread":
        return f"*{sub(node[1])}"
    if op in ("concat", "union"):
        return f"{op}({', '.join(sub(n) for n in node[1])})"
    if op in ("add", "div"):
        return f"{op}({sub(node[1])}, {sub(node[2])})"
    if op == "percent":
        return f"percent({sub(node[1])}, {', '.join(sub(n) for n in node[2])})"
    raise AssertionError(f"unknown node {node}")


def exported(program: Program, name: str = "probe") -> str:
    return show(program, program.exports[name])


def function(program: Program, qualname: str) -> Function:
    found = [f for f in program.functions if f.qualname == qualname]
    assert len(found) == 1, [f.qualname for f in program.functions]
    return found[0]


def returned(program: Program, qualname: str = "f") -> list[str]:
    return [show(program, n) for n in function(program, qualname).returns]


def called(program: Program, qualname: str = "") -> list[str]:
    return [show(program, n) for n in function(program, qualname).calls]


def written(program: Program, qualname: str = "") -> list[str]:
    shown = []
    for kind, target, key, value in function(program, qualname).writes:
        where = f"{show(program, target)}.{key}" if kind == "attr" else f"{show(program, target)}[{show(program, key)}]"
        shown.append(f"{where} = {show(program, value)}")
    return shown


# --------------------------------------------------------------------------- reaching definitions


def test_a_later_assignment_hides_the_earlier_ones() -> None:
    program = lower("""
        def f():
            x = "a"
            x = "b"
            return x
    """)
    assert returned(program) == ["'b'"]


def test_both_branches_of_an_if_reach() -> None:
    program = lower("""
        def f(c):
            if c:
                x = "a"
            else:
                x = "b"
            return x
    """)
    assert returned(program) == ["union('a', 'b')"]


def test_an_if_without_else_keeps_the_assignment_before_it() -> None:
    program = lower("""
        def f(c):
            x = "a"
            if c:
                x = "b"
            return x
    """)
    assert returned(program) == ["union('a', 'b')"]


def test_an_earlier_assignment_in_an_enclosing_block_hides_what_came_before() -> None:
    program = lower("""
        def f(c):
            x = "a"
            if c:
                x = "b"
            x = "c"
            if c:
                x = "d"
            return x
    """)
    assert returned(program) == ["union('c', 'd')"]


def test_inside_a_branch_its_own_assignment_wins() -> None:
    program = lower("""
        def f(c):
            x = "a"
            if c:
                x = "b"
                return x
    """)
    assert returned(program) == ["'b'"]


def test_try_and_except_both_reach() -> None:
    program = lower("""
        def f():
            try:
                x = "a"
            except ValueError:
                x = "b"
            finally:
                pass
            return x
    """)
    assert returned(program) == ["union('a', 'b')"]


def test_an_assignment_in_a_loop_may_reach_after_it() -> None:
    program = lower("""
        def f(items):
            x = "a"
            for item in items:
                x = "b"
            while items:
                x = "c"
            return x
    """)
    assert returned(program) == ["union('a', 'b', 'c')"]


def test_a_read_before_the_only_assignment_in_a_loop_is_an_alias() -> None:
    program = lower("""
        def f(items):
            while items:
                use(x)
                x = "a"
    """)
    assert called(program, "f") == ["global(use)(alias('a'))"]
    aliases = [n for n in program.nodes if n[0] == "alias"]
    assert len(aliases) == 1 and program.nodes[aliases[0][1]] == ("str", "a")


def test_a_self_referencing_loop_assignment_is_a_cycle_not_a_crash() -> None:
    program = lower("""
        def f(items):
            while items:
                x = x + "a"
            return x
    """)
    assert returned(program) == ["add(alias(add(alias(...), 'a')), 'a')"]


def test_x_equals_x_in_a_loop_is_unknown() -> None:
    program = lower("""
        def f(items):
            while items:
                x = x
            return x
    """)
    assert returned(program) == ["?cycle"]


def test_a_definition_is_lowered_once_and_shared_by_its_reads() -> None:
    program = lower("""
        def f():
            x = {"a": 1}
            g(x)
            h(x)
    """)
    first, second = (program.nodes[c] for c in function(program, "f").calls)
    # each read is its own var node, at the read, whose value is the one shared definition
    first_read, second_read = program.nodes[first[2][0][2]], program.nodes[second[2][0][2]]
    assert first_read[0] == second_read[0] == "var" and first_read[1] == second_read[1]
    assert sum(1 for n in program.nodes if n[0] == "dict") == 1


def test_module_names_read_in_a_function_are_all_their_definitions() -> None:
    program = lower("""
        URL = "a"
        def f():
            return URL
        URL = "b"
    """)
    assert returned(program) == ["union('a', 'b')"]
    assert not any(n[0] == "alias" for n in program.nodes)  # bodies are lowered after the module


def test_a_function_reads_a_module_name_defined_further_down() -> None:
    program = lower("""
        def f():
            return helper()
        def helper():
            return BASE
        BASE = "https://x"
    """)
    assert returned(program) == ["function(helper)()"]
    assert returned(program, "helper") == ["'https://x'"]


def test_module_level_reads_follow_the_reaching_rule() -> None:
    program = lower("""
        x = "a"
        x = "b"
        probe = x
    """)
    assert exported(program) == "'b'"


def test_recursion_reads_the_function_itself() -> None:
    program = lower("""
        def f(n):
            return f(n)
    """)
    assert returned(program) == ["function(f)(param(f, n))"]


def test_a_closure_reads_the_enclosing_functions_definitions() -> None:
    program = lower("""
        def outer(token):
            prefix = "Bearer "
            def inner():
                return prefix + token
            return inner
    """)
    assert returned(program, "outer.inner") == ["add('Bearer ', param(outer, token))"]
    assert returned(program, "outer") == ["function(outer.inner)"]


def test_global_assignments_are_module_definitions() -> None:
    program = lower("""
        TOKEN = None
        def login():
            global TOKEN
            TOKEN = "t"
        def use():
            return TOKEN
    """)
    assert exported(program, "TOKEN") == "union(none, 't')"
    assert returned(program, "use") == ["union(none, 't')"]


def test_nonlocal_assignments_are_the_enclosing_functions_definitions() -> None:
    program = lower("""
        def outer():
            x = "a"
            def inner():
                nonlocal x
                x = "b"
                return x
            inner()
            return x
    """)
    # the inner function's body is lowered after the outer's: a forward reference
    assert returned(program, "outer") == ["union('a', alias('b'))"]
    assert returned(program, "outer.inner") == ["'b'"]  # its own assignment dominates its read


def test_a_functions_own_global_assignment_dominates_its_read() -> None:
    program = lower("""
        X = "module"
        def f():
            global X
            X = "mine"
            return X
    """)
    assert returned(program) == ["'mine'"]
    assert exported(program, "X") == "union('module', 'mine')"


def test_code_that_runs_in_place_follows_the_reaching_rule() -> None:
    program = lower("""
        X = "a"
        X = "b"
        probe = [X for _ in range(2)]
        def f():
            y = "c"
            y = "d"
            class Inner:
                z = y
            return Inner
        class Outer:
            w = X
    """)
    assert called(program) == ["global(range)(2)"]
    classes = {c.name: c for c in program.classes}
    assert show(program, classes["Inner"].attributes["z"]) == "'d'"
    assert show(program, classes["Outer"].attributes["w"]) == "'b'"


def test_a_function_reads_a_global_assigned_by_a_function_lowered_after_it() -> None:
    program = lower("""
        def use():
            return CLIENT
        def init():
            global CLIENT
            CLIENT = make()
    """)
    assert returned(program, "use") == ["alias(global(make)())"]


def test_builtins_and_undefined_names_are_globals() -> None:
    program = lower("""
        probe = (dict, undefined_name, __name__)
    """)
    assert exported(program) == "(global(dict), global(undefined_name), global(__name__))"


def test_class_body_names_are_not_visible_in_methods() -> None:
    program = lower("""
        X = "module"
        class C:
            X = "class"
            Y = X
            def m(self):
                return X
    """)
    assert returned(program, "C.m") == ["'module'"]
    assert show(program, program.classes[0].attributes["Y"]) == "'class'"


def test_a_decorator_reads_the_previous_definition_not_the_def_itself() -> None:
    program = lower("""
        class C:
            @property
            def token(self):
                return self._token
            @token.setter
            def token(self, value):
                self._token = value
    """)
    setter = program.functions[2]
    assert [show(program, d) for d in setter.decorators] == ["function(C.token).setter"]
    read = program.nodes[program.nodes[setter.decorators[0]][1]]
    assert read[0] == "var" and read[1] == program.functions[1].node
    assert program.classes[0].methods == {"token": 1}  # the getter stays


def test_a_default_is_read_where_the_def_is() -> None:
    program = lower("""
        x = "a"
        def f(x=x):
            return x
    """)
    assert show(program, function(program, "f").params[0].default) == "'a'"
    assert returned(program) == ["param(f, x)"]


def test_comprehension_variables_and_values_are_unknown_but_their_calls_count() -> None:
    program = lower("""
        def f(urls):
            return [get(u, headers=h) for u in urls if ok(u)]
    """)
    assert returned(program) == ["?comprehension"]
    assert called(program, "f") == [
        "global(get)(?comprehension variable, headers=global(h))",
        "global(ok)(?comprehension variable)",
    ]


def test_a_comprehensions_first_iterable_is_read_outside_it() -> None:
    program = lower("""
        def f():
            x = ["a"]
            return [len(x) for x in g(x)]
    """)
    assert called(program, "f") == ["global(len)(?comprehension variable)", "global(g)(['a'])"]


def test_except_as_is_unknown() -> None:
    program = lower("""
        def f():
            try:
                pass
            except ValueError as error:
                return error
    """)
    assert returned(program) == ["?exception"]


def test_for_over_a_literal_is_the_union_of_its_items() -> None:
    program = lower("""
        def f(other):
            for a in ["x", "y"]:
                pass
            for b in ("z",):
                pass
            for c in other:
                pass
            for d, e in [(1, 2)]:
                pass
            return a, b, c, d
    """)
    assert returned(program) == ["(union('x', 'y'), 'z', ?loop variable, (1, 2)[0])"]


def test_with_as_is_the_context_manager() -> None:
    program = lower("""
        import httpx
        def f():
            with httpx.Client() as client, open("x") as (a, b):
                return client, a
    """)
    assert returned(program) == ["(import(httpx).Client(), global(open)('x')[0])"]


def test_augmented_addition_adds_to_the_previous_definitions() -> None:
    program = lower("""
        def f(c):
            url = "https://x"
            if c:
                url = "https://y"
            url += "/authorize"
            n = 1
            n -= 1
            return url, n
    """)
    assert returned(program) == ["(add(union('https://x', 'https://y'), '/authorize'), ?augmented SubtractAssign)"]


def test_augmented_addition_of_a_global_reads_the_module_definitions() -> None:
    program = lower("""
        COUNT = "a"
        def bump():
            global COUNT
            COUNT += "b"
            return COUNT
    """)
    assert returned(program, "bump") == ["add('a', 'b')"]
    assert exported(program, "COUNT") == "union('a', add('a', 'b'))"


def test_tuple_unpacking_from_a_literal_of_the_same_length() -> None:
    program = lower("""
        def f(g):
            a, b = "x", "y"
            [c, (d, e)] = ["z", (1, 2)]
            p, q = g()
            r, s = "only one",
            t, *u = 1, 2
            return a, b, c, d, e, p, q, r, t, u
    """)
    assert returned(program) == [
        "('x', 'y', 'z', 1, 2, param(f, g)()[0], param(f, g)()[1], ('only one',)[0], (1, 2)[0], ?unpacked)"
    ]


def test_unpacking_anything_else_reads_its_items() -> None:
    """`uid, tokens = signed_in()`: each name is an item of the value, counted from the end
    after a starred name; the starred name itself is unknown."""
    program = lower("""
        def f(g):
            first, *middle, last = g()
            (a, b), c = g()
            return first, middle, last, a, b, c
    """)
    assert returned(program) == [
        "(param(f, g)()[0], ?unpacked, param(f, g)()[-1], param(f, g)()[0][0], param(f, g)()[0][1], param(f, g)()[1])"
    ]


def test_walrus_binds_its_value() -> None:
    program = lower("""
        def f(data):
            if (token := data["id_token"]):
                return token
    """)
    assert returned(program) == ["param(f, data)['id_token']"]


def test_annotated_and_chained_assignments() -> None:
    program = lower("""
        def f():
            a: str = "x"
            b = c = "y"
            return a, b, c
    """)
    assert returned(program) == ["('x', 'y', 'y')"]


def test_match_captures_are_unknown_bindings() -> None:
    program = lower("""
        def f(command):
            x = "before"
            match command:
                case {"token": x}:
                    return x
                case [first, *rest] if first:
                    return rest
            return x
    """)
    assert returned(program) == ["?match capture", "?match capture", "union('before', ?match capture)"]


# --------------------------------------------------------------------------- self and cls


def test_implicit_class_methods() -> None:
    program = lower("""
        class Plugin:
            def __init_subclass__(cls, **kwargs):
                registry.append(cls)
    """)
    assert function(program, "Plugin.__init_subclass__").kind == "classmethod"
    assert called(program, "Plugin.__init_subclass__") == ["global(registry).append(class(Plugin))"]


def test_self_in_a_method_is_this() -> None:
    program = lower("""
        class Client:
            def __init__(self, token):
                self.token = token
            def headers(self):
                return {"Authorization": "Bearer " + self.token}
    """)
    assert returned(program, "Client.headers") == ["{'Authorization': add('Bearer ', this(Client.headers).token)}"]
    assert written(program, "Client.__init__") == ["this(Client.__init__).token = param(Client.__init__, token)"]


def test_cls_in_a_classmethod_is_the_class() -> None:
    program = lower("""
        class Client:
            @classmethod
            def create(cls, domain):
                return cls(domain)
            @staticmethod
            def plain(value):
                return value
            def __new__(cls):
                return cls
    """)
    assert returned(program, "Client.create") == ["class(Client)(param(Client.create, domain))"]
    assert returned(program, "Client.plain") == ["param(Client.plain, value)"]
    assert returned(program, "Client.__new__") == ["param(Client.__new__, cls)"]
    kinds = {f.name: f.kind for f in program.functions[1:]}
    assert kinds == {"create": "classmethod", "plain": "staticmethod", "__new__": "staticmethod"}


def test_a_reassigned_self_is_its_new_value() -> None:
    program = lower("""
        class C:
            def m(self, other):
                self = other
                return self
    """)
    assert returned(program, "C.m") == ["param(C.m, other)"]


def test_a_function_nested_in_a_method_reads_self_as_the_methods() -> None:
    program = lower("""
        class C:
            def m(self):
                def inner():
                    return self.x
                return inner
    """)
    assert returned(program, "C.m.inner") == ["this(C.m).x"]
    assert function(program, "C.m.inner").kind == "function"


# --------------------------------------------------------------------------- imports


def test_import_of_a_dotted_module_binds_its_first_name() -> None:
    program = lower("""
        import os.path
        probe = os.path.join("a", "b")
    """)
    assert exported(program) == "import(os).path.join('a', 'b')"
    assert [(i.module, i.name, i.level) for i in program.imports] == [("os", None, 0)]


def test_import_as_binds_the_whole_dotted_module() -> None:
    program = lower("""
        import urllib.parse as up
        probe = up.urljoin
    """)
    assert exported(program) == "import(urllib.parse).urljoin"


def test_from_imports_absolute_and_relative() -> None:
    program = lower("""
        from requests import post
        from .auth import get_token as token_of
        from . import views
        from ..pkg.mod import thing
    """)
    imports = [(i.module, i.name, i.level) for i in program.imports]
    assert imports == [("requests", "post", 0), ("auth", "get_token", 1), ("", "views", 1), ("pkg.mod", "thing", 2)]
    assert exported(program, "token_of") == "import(.auth:get_token)"
    assert exported(program, "views") == "import(.:views)"


def test_a_star_import_is_listed_and_binds_nothing() -> None:
    program = lower("""
        from settings import *
        probe = DOMAIN
    """)
    assert [(i.module, i.name) for i in program.imports] == [("settings", "*")]
    assert exported(program) == "global(DOMAIN)"


def test_imports_in_try_except_are_a_union() -> None:
    program = lower("""
        try:
            import simplejson as json
        except ImportError:
            import json
        probe = json.dumps
    """)
    assert exported(program) == "union(import(simplejson), import(json)).dumps"


def test_an_import_inside_a_function_is_local() -> None:
    program = lower("""
        def f():
            import requests
            return requests.get
        probe = requests
    """)
    assert returned(program) == ["import(requests).get"]
    assert exported(program) == "global(requests)"


# --------------------------------------------------------------------------- expressions


def test_strings_and_bytes() -> None:
    program = lower("""
        a = "plain"
        b = 'it\\'s'
        c = b"bytes"
        d = "x" "y" f"{a}z"
        e = b"x" b"y"
    """)
    assert [exported(program, n) for n in "abcde"] == [
        "'plain'",
        '"it\'s"',
        "?bytes",
        "concat('x', 'y', concat('plain', 'z'))",
        "?bytes",
    ]


def test_f_strings_unescape_braces_and_escapes_and_ignore_specs() -> None:
    program = lower(r"""
        x = "v"
        a = f"{{literal}} {x!r:>{width}} \t{x=}"
        b = rf"\t{x}"
    """)
    assert exported(program, "a") == "concat('{literal} ', 'v', ' \\t', ?self-documenting expression)"
    assert exported(program, "b") == "concat('\\\\t', 'v')"


def test_numbers_and_constants() -> None:
    program = lower("""
        probe = (1, 2.5, 3j, 0x10, True, False, None, ...)
    """)
    assert exported(program) == "(1, 2.5, 3j, 0x10, true, false, none, ?ellipsis)"


def test_division_is_lowered_for_paths() -> None:
    program = lower("""
        from pathlib import Path
        a = Path.home() / ".app" / "token.json"
        b = total / 2
        c = a // 2
    """)
    assert exported(program, "a") == "div(div(import(pathlib:Path).home(), '.app'), 'token.json')"
    assert exported(program, "b") == "div(global(total), 2)"
    assert exported(program, "c") == "?operator FloorDivide"


def test_addition_and_percent() -> None:
    program = lower("""
        a = "x" + y
        b = "%s/%s" % (d, *e)
        c = "%s" % d
        e2 = "x" * 3
        f = -1
        g = a < b
        h = not a
    """)
    assert exported(program, "a") == "add('x', global(y))"
    assert exported(program, "b") == "percent('%s/%s', global(d), *global(e))"
    assert exported(program, "c") == "percent('%s', global(d))"
    assert exported(program, "e2") == "?operator Multiply"
    assert exported(program, "f") == "?operator Minus"
    assert exported(program, "g") == "?comparison"
    assert exported(program, "h") == "?operator Not"


def test_conditional_expressions_and_boolean_operators_are_unions() -> None:
    program = lower("""
        a = "x" if c else "y"
        b = os_token or "default"
        d = p and q
    """)
    assert exported(program, "a") == "union('x', 'y')"
    assert exported(program, "b") == "union(global(os_token), 'default')"
    assert exported(program, "d") == "union(global(p), global(q))"


def test_await_is_its_value() -> None:
    program = lower("""
        async def f(client):
            return await client.get("x")
    """)
    assert returned(program) == ["param(f, client).get('x')"]


def test_subscripts_attributes_and_slices() -> None:
    program = lower("""
        a = tokens["id_token"]
        b = tokens.id_token
        c = tokens[1:2]
        d = tokens[1, 2]
        e = tokens[f()][0]
    """)
    assert exported(program, "a") == "global(tokens)['id_token']"
    assert exported(program, "b") == "global(tokens).id_token"
    assert exported(program, "c") == "?slice"
    assert exported(program, "d") == "global(tokens)[(1, 2)]"  # x[a, b] is x[(a, b)]
    assert exported(program, "e") == "global(tokens)[global(f)()][0]"


def test_call_arguments_of_every_kind() -> None:
    program = lower("""
        probe = post(url, *args, json=body, **extra)
    """)
    assert exported(program) == "global(post)(global(url), *global(args), json=global(body), **global(extra))"
    call = program.nodes[program.exports["probe"]]
    assert [(kind, keyword) for kind, keyword, _ in call[2]] == [
        ("pos", None),
        ("star", None),
        ("kw", "json"),
        ("dstar", None),
    ]


def test_dicts_lists_tuples_and_sets() -> None:
    program = lower("""
        a = {"k": 1, **rest, key: "v"}
        b = [1, *more]
        c = (1,)
        d = {1, 2}
        e = ()
    """)
    assert exported(program, "a") == "{'k': 1, **global(rest), global(key): 'v'}"
    assert exported(program, "b") == "[1, *global(more)]"
    assert exported(program, "c") == "(1,)"
    assert exported(program, "d") == "[1, 2]"
    assert exported(program, "e") == "()"


def test_lambda_is_a_function_returning_its_body() -> None:
    program = lower("""
        probe = lambda token, prefix="Bearer ": prefix + token
    """)
    assert exported(program) == "function(<lambda>)"
    lam = function(program, "<lambda>")
    assert returned(program, "<lambda>") == ["add(param(<lambda>, prefix), param(<lambda>, token))"]
    assert [(p.name, p.kind, show(program, p.default)) for p in lam.params] == [
        ("token", "normal", "-"),
        ("prefix", "normal", "'Bearer '"),
    ]
    assert lam.name == "" and lam.kind == "function" and lam.parent == 0


def test_comprehensions_and_generators_are_unknown() -> None:
    program = lower("""
        a = [x for x in y]
        b = {k: v for k, v in y}
        c = {x for x in y}
        d = (x for x in y)
    """)
    assert [exported(program, n) for n in "abcd"] == ["?comprehension"] * 4


def test_format_is_an_ordinary_call() -> None:
    program = lower("""
        probe = "{}/authorize?{}".format(base, query)
    """)
    assert exported(program) == "'{}/authorize?{}'.format(global(base), global(query))"


def test_other_expressions_are_unknown_with_their_calls_lowered() -> None:
    program = lower("""
        def f():
            x = -g()
            y = not h()
            return x, y
    """)
    assert returned(program) == ["(?operator Minus, ?operator Not)"]
    assert called(program, "f") == ["global(g)()", "global(h)()"]


def test_a_generator_returns_what_it_yields() -> None:
    """What a `with` of a context manager or a framework's dependency gets; `yield from` and
    a bare `yield` give nothing, what is sent in is unknown."""
    program = lower("""
        def dependency():
            with open("x") as client:
                sent = yield client
            yield from other()
            yield
            return sent
    """)
    assert returned(program, "dependency") == ["global(open)('x')", "?yield"]
    assert called(program, "dependency") == ["global(open)('x')", "global(other)()"]


def test_a_very_long_boolean_chain_is_lowered_without_recursion_error() -> None:
    terms = " or ".join(f"a{i}" for i in range(1500))
    program = lower(f"probe = {terms}\n")
    node, depth = program.nodes[program.exports["probe"]], 0
    while node[0] == "union":
        node, depth = program.nodes[node[1][0]], depth + 1
    assert depth > 900 and node == ("unknown", "too deeply nested")  # MAX_DEPTH


def test_a_very_long_implicit_concatenation() -> None:
    program = lower("probe = (\n" + "".join(f"    'a{i}'\n" for i in range(2500)) + ")\n")
    node = program.nodes[program.exports["probe"]]
    assert node[0] == "concat" and len(node[1]) == 2500


# --------------------------------------------------------------------------- functions


def test_parameters_of_every_kind_in_source_order() -> None:
    program = lower("""
        def f(a, b: int = 1, /, c=2, *args: str, d, e: "T" = 3, **kwargs):
            return a, b, c, args, d, e, kwargs
    """)
    params = function(program, "f").params
    assert [(p.name, p.kind, show(program, p.default), show(program, p.annotation)) for p in params] == [
        ("a", "positional", "-", "-"),
        ("b", "positional", "1", "global(int)"),
        ("c", "normal", "2", "-"),
        ("args", "varargs", "-", "global(str)"),
        ("d", "keyword", "-", "-"),
        ("e", "keyword", "3", "'T'"),
        ("kwargs", "varkw", "-", "-"),
    ]
    assert returned(program) == [
        "(param(f, a), param(f, b), param(f, c), param(f, args), param(f, d), param(f, e), param(f, kwargs))"
    ]


def test_qualnames_kinds_parents_and_owners() -> None:
    program = lower("""
        class Outer:
            class Inner:
                def m(self):
                    def helper():
                        return lambda: 1
                    return helper
        def top():
            pass
    """)
    described = [(f.qualname, f.kind, f.parent, f.owner) for f in program.functions]
    assert described == [
        ("", "module", None, None),
        ("Outer.Inner.m", "method", 0, 1),
        ("top", "function", 0, None),
        ("Outer.Inner.m.helper", "function", 1, None),
        ("Outer.Inner.m.helper.<lambda>", "function", 3, None),
    ]
    assert all(show(program, f.node) == f"function({f.qualname})" for f in program.functions[1:])


def test_calls_are_those_of_the_functions_own_body_in_source_order() -> None:
    program = lower("""
        @route("/x")
        def view(token=default()):
            first(second(token))
            def nested():
                inside()
            handler = lambda: in_lambda()
            third()
        class C(base()):
            attribute = in_class_body()
            def m(self):
                in_method()
    """)
    assert called(program) == ["global(route)('/x')", "global(default)()", "global(base)()", "global(in_class_body)()"]
    assert called(program, "view") == [
        "global(first)(global(second)(param(view, token)))",
        "global(second)(param(view, token))",
        "global(third)()",
    ]
    assert called(program, "view.nested") == ["global(inside)()"]
    assert called(program, "view.<lambda>") == ["global(in_lambda)()"]
    assert called(program, "C.m") == ["global(in_method)()"]


def test_returns_and_decorators() -> None:
    program = lower("""
        import functools
        @functools.cache
        @app.route("/a", methods=["GET"])
        def f(c):
            if c:
                return "a"
            return
    """)
    f = function(program, "f")
    assert returned(program) == ["'a'"]
    assert [show(program, d) for d in f.decorators] == [
        "import(functools).cache",
        "global(app).route('/a', methods=['GET'])",
    ]


# --------------------------------------------------------------------------- writes


def test_item_and_attribute_writes() -> None:
    program = lower("""
        headers = {}
        headers["Authorization"] = "Bearer " + token
        session.headers = headers
        a = b["k"] = obj.attr = "v"
        (x.p, y["q"]) = ("one", "two")
        x.r, x.s = pair()
        count: int = 0
        box.n: int = 1
        x.p += "more"
        tokens[1:2] = []
    """)
    assert written(program) == [
        "{}['Authorization'] = add('Bearer ', global(token))",
        "global(session).headers = {}",
        "global(b)['k'] = 'v'",
        "global(obj).attr = 'v'",
        "global(x).p = 'one'",
        "global(y)['q'] = 'two'",
        "global(x).r = global(pair)()[0]",
        "global(x).s = global(pair)()[1]",
        "global(box).n = 1",
        "global(x).p = add(global(x).p, 'more')",
    ]


def test_writes_in_a_class_body_belong_to_the_code_around_it() -> None:
    program = lower("""
        def f():
            class C:
                registry["c"] = 1
    """)
    assert written(program, "f") == ["global(registry)['c'] = 1"]


# --------------------------------------------------------------------------- classes


def test_class_attributes_and_fields_in_source_order() -> None:
    program = lower("""
        from dataclasses import dataclass
        @dataclass(frozen=True)
        class Settings(Base, *mixins, metaclass=Meta):
            domain: str
            audience: str = "https://api"
            scope = "openid"
            a, b = 1, 2
            domain2: int
            def method(self):
                pass
            scope = "openid profile"
    """)
    klass = program.classes[0]
    assert klass.name == "Settings" and show(program, klass.node) == "class(Settings)"
    assert {k: show(program, v) for k, v in klass.attributes.items()} == {
        "domain": "?field",
        "audience": "'https://api'",
        "scope": "'openid profile'",
        "a": "1",
        "b": "2",
        "domain2": "?field",
    }
    assert list(klass.attributes) == ["domain", "audience", "scope", "a", "b", "domain2"]
    assert [show(program, b) for b in klass.bases] == ["global(Base)", "*global(mixins)"]
    assert [show(program, d) for d in klass.decorators] == ["import(dataclasses:dataclass)(frozen=true)"]
    assert klass.methods == {"method": 1}
    assert exported(program, "Settings") == "class(Settings)"


def test_methods_nested_in_a_class_body_block_are_methods() -> None:
    program = lower("""
        class C:
            if FEATURE:
                def m(self):
                    return self
            else:
                def m(self):
                    return None
    """)
    assert program.classes[0].methods == {"m": 2}
    assert [show(program, n) for n in program.functions[1].returns] == ["this(C.m)"]


def test_a_class_instantiation_and_its_methods() -> None:
    program = lower("""
        class Api:
            def get(self, path):
                return self
        probe = Api().get("/x")
    """)
    assert exported(program) == "class(Api)().get('/x')"
    assert function(program, "Api.get").owner == 0


# --------------------------------------------------------------------------- exports


def test_exports_are_every_module_level_name() -> None:
    program = lower("""
        import requests
        from .config import DOMAIN
        BASE = "a"
        if DEBUG:
            BASE = "b"
        def fetch():
            local = 1
        class Client:
            inner = 2
        for item in ["x"]:
            pass
        _private = 3
    """)
    assert {k: show(program, v) for k, v in program.exports.items()} == {
        "requests": "import(requests)",
        "DOMAIN": "import(.config:DOMAIN)",
        "BASE": "union('a', 'b')",
        "fetch": "function(fetch)",
        "Client": "class(Client)",
        "item": "'x'",
        "_private": "3",
    }


# --------------------------------------------------------------------------- URL strings and references


def url_strings(source: str) -> list[str]:
    program = lower(source)
    return [show(program, n) for n in program.url_strings]


def test_url_strings_climb_to_the_outermost_string_expression() -> None:
    assert url_strings("""
        url = f"https://{DOMAIN}/authorize?" + urlencode(params)
    """) == ["add(concat('https://', global(DOMAIN), '/authorize?'), global(urlencode)(global(params)))"]


def test_url_strings_of_queries_on_a_constant_base() -> None:
    assert url_strings("""
        a = BASE + "?response_type=id_token"
        b = f"{BASE}?client_id={cid}"
        c = BASE + "/path"
        d = f"{BASE}/path"
    """) == [
        "add(global(BASE), '?response_type=id_token')",
        "concat(global(BASE), '?client_id=', global(cid))",
    ]


def test_url_strings_climb_into_url_joins_and_format() -> None:
    assert url_strings("""
        from urllib.parse import urljoin
        a = urljoin(base, "/authorize") + "?x=1"
        b = "https://{}/authorize?{}".format(domain, query)
        c = "https://%s/authorize" % domain
        d = quote("/authorize")
    """) == [
        "add(import(urllib.parse:urljoin)(global(base), '/authorize'), '?x=1')",
        "'https://{}/authorize?{}'.format(global(domain), global(query))",
        "percent('https://%s/authorize', global(domain))",
        "'/authorize'",
    ]


def test_url_strings_are_listed_once() -> None:
    assert url_strings("""
        u = "https://x/authorize?" + "a=1" + f"&b={b}?"
    """) == ["add(add('https://x/authorize?', 'a=1'), concat('&b=', global(b), '?'))"]


def test_strings_without_a_needle_or_a_query_are_not_url_strings() -> None:
    assert (
        url_strings("""
        a = "https://example.com/path"
        b = f"{x}/y"
        c = "a" + "b"
    """)
        == []
    )


def test_without_hints_there_are_no_needles() -> None:
    program = lower_module(parse('u = "https://x/authorize"\nv = BASE + "?q"\n'), "app.py")
    assert [show(program, n) for n in program.url_strings] == ["add(global(BASE), '?q')"]


def test_references_are_templates_named_by_calls() -> None:
    program = lower("""
        def view(request):
            render_template("profile.html", user=1)
            render(request, "pages/home.jinja2")
            open("data.json")
            render_template(name)
            render_template(f"{name}.html")
            send_file("notes.txt")
            render_template("profile.html")
    """)
    assert program.references == ["profile.html", "pages/home.jinja2", "notes.txt"]


# --------------------------------------------------------------------------- locations


def test_a_node_location_is_its_span_statement_lines_and_context() -> None:
    program = lower("""
        class C:
            def m(self):
                x = call(
                    "a",
                )
                if x:  # header
                    pass
    """)
    call = next(n for n in function(program, "C.m").calls)
    line, column, end_line, end_column, first, last, context = program.locations[call]
    assert (line, column, end_line, end_column, first, last) == (3, 13, 5, 10, 3, 5)
    assert program.contexts[context] == "C.m"
    assert program.contexts[0] == ""


def test_a_read_is_a_var_node_at_the_read_and_synthetic_unions_have_no_location() -> None:
    program = lower("""
        def f(c):
            x = "a"
            if c:
                x = "b"
            return x
    """)
    read = function(program, "f").returns[0]
    assert program.nodes[read][0] == "var" and program.nodes[read][2] == "x"
    assert program.locations[read][:4] == (5, 12, 5, 13)
    union = program.nodes[read][1]
    assert program.nodes[union][0] == "union" and union not in program.locations


def _sites(text: str, name: str) -> None:
    """Every node with a location has exactly the site ParsedModule gives its origin (a fresh
    ParsedModule: its positions are computed per statement, not by the lowering's pass);
    every node without one is a union or an alias; no alias is left unpatched."""
    parsed = parse(text)
    lowering = PythonLowering(parsed, name, HINTS)
    program = lowering.program
    assert _plain(program.nodes) and _plain([f.writes for f in program.functions]), "nodes are plain data"
    fresh = ParsedModule(parsed.module, text, ast.parse(text))
    fresh.attach_parents(collect(parsed.module).scopes.parents)
    for index, node in enumerate(program.nodes):
        if node[0] == "alias":
            assert 0 <= node[1] < len(program.nodes) and node[1] != index
        if index not in program.locations:
            assert node[0] in ("union", "alias"), (index, node)
            continue
        site = fresh.site(lowering.origins[index], name, lambda line: "")
        span = site.span
        line, column, end_line, end_column, first, last, context = program.locations[index]
        assert (line, column, end_line, end_column) == (span.line, span.column, span.end_line, span.end_column), node
        assert (first, last) == (site.first_line, site.last_line), node
        assert program.contexts[context] == site.context, node


def _plain(value: object) -> bool:
    """Tuples, lists, strings, ints and None only (what the cache stores)."""
    if isinstance(value, (tuple, list)):
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int)


CASE_FILES = {
    f"{case.id}/{path}": text for case in load_cases() for path, text in case.files.items() if path.endswith(".py")
}


@pytest.mark.parametrize("name", sorted(CASE_FILES))
def test_locations_of_every_node_of_every_rule_case(name: str) -> None:
    _sites(CASE_FILES[name], name)


SHAPES = {
    "decorators": "@a(lambda: 1)\n# c\n@b(1)\nclass C:\n    @property\n    def f(self, x=g()): return h(x)\n",
    "one-liners": (
        "def f():\n    if x: y = 1; z = call(2)\n    else: w(3)\n"
        "    for i in x: k(i)\n    while y: break\n    class D: q = r()\n"
    ),
    "match": "match p:\n    case [1, *rest] if g(rest):\n        q = rest\n    case _:\n        h()\n",
    "try": "try:\n    a()\nexcept E as e:\n    b(e)\nelse:\n    c()\nfinally:\n    d()\n",
    "crlf": 'a = "x"\r\nb = (1,\r\n     f"{a}")\r\n',
    "comprehension": "def f():\n    return [g(x) for x in h() if k(x)]\n",
    "elif": "if a():\n    pass\nelif b():\n    c()\nelse:\n    d()\n",
    "with": "async def f():\n    async with a() as b, c():\n        await b.d()\n",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_locations_of_statement_shapes(name: str) -> None:
    _sites(SHAPES[name], name)


# --------------------------------------------------------------------------- robustness


def test_deeply_nested_code_does_not_raise() -> None:
    nested = "x = " + "a." * 240 + "b\n"
    blocks = "".join("    " * i + "if x:\n" for i in range(90)) + "    " * 90 + "y = f(" + "[" * 100 + "]" * 100 + ")\n"
    for text in (nested, blocks):
        program = lower_module(parse(text), "deep.py", HINTS)
        assert program.nodes


STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_FILES = sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts) if STDLIB.is_dir() else []
# One file in SAMPLE, spread over the whole library (every package, old and new code): the
# full sweep (about 300 s of CPU) is a run of this test with SCOPELINT_FULL_STDLIB=1.
SAMPLE = 1 if os.environ.get("SCOPELINT_FULL_STDLIB") else 8
CHUNKS = 2


@pytest.mark.skipif(not STDLIB_FILES, reason="no standard library sources")
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")  # CPython's parse of old files
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_lowering_never_raises_on_the_standard_library(chunk: int) -> None:
    """Files of the standard library that parse (1,777 on CPython 3.11, 31 MB, in all), in
    chunks that xdist spreads."""
    lowered = 0
    started = time.perf_counter()
    files = STDLIB_FILES[::SAMPLE][chunk::CHUNKS]
    for path in files:
        try:
            parsed = parse(path.read_text(encoding="utf-8"))
        except (ParseFailure, UnicodeDecodeError, SyntaxError):
            continue
        program = lower_module(parsed, str(path), HINTS)
        assert all(n[1] >= 0 for n in program.nodes if n[0] == "alias"), path
        lowered += 1
    assert lowered > len(files) * 0.95, time.perf_counter() - started


try:
    import hypothesmith
except ImportError:  # not a test extra
    hypothesmith = None


@pytest.mark.skipif(hypothesmith is None, reason="hypothesmith is not installed")
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=hypothesmith.from_grammar() if hypothesmith else st.nothing())
def test_lowering_never_raises_on_generated_programs(text: str) -> None:
    try:
        parsed = parse(text)
    except ParseFailure:
        assume(False)
        return
    program = lower_module(parsed, "generated.py", HINTS)
    for index, node in enumerate(program.nodes):
        assert index in program.locations or node[0] in ("union", "alias")
        if node[0] == "alias":
            assert 0 <= node[1] < len(program.nodes)


def test_lower_module_is_cheap_beside_the_parse() -> None:
    texts = list(CASE_FILES.values())
    parsed = [parse(t) for t in texts]
    started = time.perf_counter()
    for text in texts:
        cst.parse_module(text)
    parsing = time.perf_counter() - started
    started = time.perf_counter()
    for module in parsed:
        lower_module(module, "x.py", HINTS)
    lowering = time.perf_counter() - started
    assert lowering < 3 * parsing, (lowering, parsing)
