"""`relais webhooks list / retry`: see deliveries, and send dead ones again."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from bot.app import Relais
from bot.config import load_settings
from bot.db.base import utcnow
from bot.webhooks import dispatch


def _relais(ctx: click.Context) -> Relais:
    relais = ctx.find_object(Relais)
    if relais is None:
        relais = Relais(load_settings())
        ctx.obj = relais
        ctx.call_on_close(relais.close)
    return relais


@click.group()
def webhooks() -> None:
    """Outbound webhook deliveries: list them, retry dead ones."""


@webhooks.command("list")
@click.option(
    "--status",
    type=click.Choice([dispatch.PENDING, dispatch.DELIVERED, dispatch.DEAD]),
    help="Only deliveries in this state.",
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per delivery.")
@click.pass_context
def webhooks_list(ctx: click.Context, status: str | None, limit: int, as_json: bool) -> None:
    """Deliveries, newest first: endpoint, event, state, attempts and the last error."""
    with _relais(ctx).db.session() as session:
        rows = dispatch.listing(session, status, limit)
        totals = dispatch.counts(session)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "endpoint", "event", "type", "subject", "status", "attempts", "last error")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["endpoint"],
            str(row["event_id"]),
            row["type"],
            row["subject"],
            row["status"],
            str(row["attempts"]),
            row["last_error"] or "",
        )
    Console().print(table)
    click.echo(", ".join(f"{n} {s}" for s, n in sorted(totals.items())) or "no deliveries")


@webhooks.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-dead", is_flag=True, help="Every dead delivery.")
@click.pass_context
def webhooks_retry(ctx: click.Context, ids: tuple[int, ...], all_dead: bool) -> None:
    """Send dead deliveries again (by id, or --all-dead), from a fresh count of attempts."""
    if not ids and not all_dead:
        raise click.ClickException("name delivery ids, or --all-dead")
    with _relais(ctx).db.session() as session:
        n = dispatch.retry(session, ids, all_dead)
    click.echo(f"{n} deliver{'y' if n == 1 else 'ies'} queued again")


@webhooks.command("prune")
@click.pass_context
def webhooks_prune(ctx: click.Context) -> None:
    """Drop events and finished deliveries older than [webhooks] retention_days that every
    endpoint has had (`relais serve` does this every hour)."""
    relais = _relais(ctx)
    days = relais.settings.webhooks.retention_days
    if not days:
        click.echo("retention_days is 0: the webhook log is kept whole")
        return
    with relais.db.session() as session:
        events, deliveries = dispatch.prune(session, relais.settings.webhooks, utcnow())
    click.echo(f"pruned {events} event(s) and {deliveries} delivery(ies) older than {days} days")
