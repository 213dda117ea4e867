"""click's context (the `click` store and the `decorator_arguments` of the framework pack):
what a group's callback sets as `ctx.obj` is what its commands read."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scopelint.config import Config
from scopelint.engine import Engine

_CLI = """
import os

import click
import httpx
from auth0.authentication import GetToken
from click import pass_context, pass_obj

DOMAIN = os.environ["AUTH0_DOMAIN"]


@click.group()
@pass_context
def cli(ctx):
    get_token = GetToken(DOMAIN, os.environ["CLIENT_ID"])
    ctx.obj = get_token.login(username="a", password="b", scope="openid read:current_user")


@cli.command()
@{decorator}
def show({parameter}, user_id):
    httpx.get(
        f"https://{{DOMAIN}}/api/v2/users/{{user_id}}",
        headers={{"Authorization": f"Bearer {{{tokens}['access_token']}}"}},
    )
"""


@pytest.mark.parametrize(
    ("decorator", "parameter", "tokens"),
    [("pass_obj", "tokens", "tokens"), ("pass_context", "ctx", "ctx.obj"), ("click.pass_context", "c", "c.obj")],
)
def test_a_command_reads_what_the_group_set_on_the_context(decorator: str, parameter: str, tokens: str) -> None:
    text = textwrap.dedent(_CLI).format(decorator=decorator, parameter=parameter, tokens=tokens)
    findings = Engine(Config(root=Path("."))).check_texts({"cli.py": text}).findings
    assert [f.code for f in findings if f.code == "SL102"] == ["SL102"]


def test_without_the_decorator_the_parameter_is_unknown() -> None:
    text = textwrap.dedent(_CLI).format(decorator="click.argument('tokens')", parameter="tokens", tokens="tokens")
    findings = Engine(Config(root=Path("."))).check_texts({"cli.py": text}).findings
    assert not [f for f in findings if f.code == "SL102"]
