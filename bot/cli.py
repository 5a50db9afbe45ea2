"""The `relais` command line: config, database, knowledge base."""

from __future__ import annotations

import contextlib
import getpass
import json
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from pydantic import SecretStr, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Column, Table
from sqlalchemy import select

from bot import logs
from bot.app import Relais
from bot.config import load_settings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db.base import utcnow
from bot.db.engine import DatabaseError, safe_url
from bot.engine import render_statement
from bot.records import ticket_lines, ticket_record
from bot.terminal import run_interactive, run_jsonl, stdin_bytes
from bot.webhooks.cli import webhooks as webhooks_group
from handoff import tickets as ticket_ops
from handoff.tables import TicketRow
from knowledge import health, repository, review
from knowledge.article import Viewer
from knowledge.calibration import shipped_thresholds, thresholds_json
from knowledge.embedder import EmbedderError
from knowledge.markdown import render_article
from knowledge.passages import Passage
from knowledge.search import KnowledgeSearch, SearchResult
from knowledge.text import QueryError
from knowledge.transfer import export_articles, import_path

console = Console()
err_console = Console(stderr=True)


class RelaisGroup(click.Group):
    """Turns known failures into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DatabaseError, EmbedderError) as exc:
            raise click.ClickException(logs.redact(str(exc))) from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise click.ClickException(f"invalid configuration: {problems}") from None


class OneLineErrors(click.Command):
    """Bad options answer in one line ("Error: ..."), without the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise click.ClickException(exc.format_message()) from None


def _relais(ctx: click.Context) -> Relais:
    relais = ctx.find_object(Relais)
    if relais is None:
        relais = Relais(load_settings())
        ctx.obj = relais
        ctx.call_on_close(relais.close)
    return relais


@contextlib.contextmanager
def _announce_loading(model: str) -> Iterator[None]:
    """'loading model …' on stderr before the seconds of silence, and how long it took."""
    err_console.print(f"loading model {model}…", highlight=False)
    started = time.perf_counter()
    yield
    err_console.print(
        f"loaded model {model} in {time.perf_counter() - started:.1f} s", highlight=False
    )


def _search(ctx: click.Context) -> KnowledgeSearch:
    """The knowledge search, saying so on stderr whenever it has to load the model."""
    search = _relais(ctx).search
    search.model_loading = _announce_loading
    if search.notice:
        err_console.print(f"note: {search.notice}", highlight=False)
    return search


def _progress() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )


@click.group(cls=RelaisGroup)
@click.version_option(package_name="relais")
@click.option("--log-level", default="WARNING", show_default=True, help="Logging level.")
def main(log_level: str) -> None:
    """Relais: a Slack support bot built on KCS articles and Kepner-Tregoe appraisal."""
    logs.configure(log_level.upper())


# -- config ------------------------------------------------------------------------------


@main.group()
def config() -> None:
    """Inspect the effective configuration."""


def _masked(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return "********" if value.get_secret_value() else ""
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


@config.command("show")
@click.pass_context
def config_show(ctx: click.Context) -> None:
    """Print the effective configuration (TOML defaults + RELAIS_* env), secrets masked."""
    settings = _relais(ctx).settings
    data = _masked(settings.model_dump())
    data["home"] = str(settings.home_dir)
    data["database_url"] = safe_url(settings.effective_database_url())
    for endpoint in data.get("webhooks", {}).get("endpoints", {}).values():
        endpoint["url"] = _without_query_values(endpoint["url"])
    click.echo(json.dumps(data, indent=2, default=str))


def _without_query_values(url: str) -> str:
    """A receiver URL with its query values masked: some ITSMs put a token there."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    masked = urlencode([(k, "********") for k, _ in pairs], safe="*")
    return urlunsplit(parts._replace(query=masked))


# -- db ----------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Migrate the database to the newest schema."""
    database = _relais(ctx).db  # opening it upgrades
    click.echo(f"{safe_url(database.url)} is at revision {database.current_revision()}")


# -- kb ----------------------------------------------------------------------------------


@main.group()
def kb() -> None:
    """The knowledge base: import, export, list, show, search, reindex, calibrate, tune."""


@kb.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--by", default=None, help="Who is importing (recorded in each revision).")
@click.pass_context
def kb_import(ctx: click.Context, path: Path, by: str | None) -> None:
    """Import articles from a Markdown file or a folder of them (idempotent)."""
    relais = _relais(ctx)
    with relais.db.session() as session:
        report = import_path(
            session,
            path,
            max_bytes=relais.settings.knowledge.max_article_bytes,
            by=by or getpass.getuser(),
        )
    counts = report.counts
    click.echo(
        f"imported {path}: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {len(report.failures)} failed"
    )
    for failure in report.failures:
        click.echo(f"error: {failure.path}: {failure.reason}", err=True)
    if not report.ok:
        ctx.exit(1)


@kb.command("export")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False))
@click.pass_context
def kb_export(ctx: click.Context, path: Path) -> None:
    """Write every article to PATH as <id>.md, in the import format."""
    with _relais(ctx).db.session() as session:
        written = export_articles(session, path)
    click.echo(f"exported {len(written)} articles to {path}")


VIEWER = click.option(
    "--as",
    "viewer",
    type=click.Choice([v.value for v in Viewer]),
    default=Viewer.EMPLOYEE.value,
    show_default=True,
    help="Whose visibility rules apply.",
)


@kb.command("list")
@VIEWER
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
@click.pass_context
def kb_list(ctx: click.Context, viewer: str, as_json: bool) -> None:
    """List the articles a viewer can see."""
    with _relais(ctx).db.session() as session:
        rows = repository.list_articles(session, Viewer(viewer))
        if as_json:
            for row in rows:
                click.echo(json.dumps(repository.summary(row), ensure_ascii=False))
            return
        header = ("id", "title", "type", "confidence", "audience", "lang", "reuse")
        rows_text = [
            (
                row.slug,
                row.title,
                row.type,
                row.confidence,
                row.audience,
                row.language,
                str(row.reuse_count),
            )
            for row in rows
        ]
        footer = f"{len(rows)} articles visible to {viewer}s"
        if not sys.stdout.isatty():  # piped: plain columns, nothing cut or wrapped
            widths = [max([len(h)] + [len(r[i]) for r in rows_text]) for i, h in enumerate(header)]
            for line in (header, *rows_text):
                click.echo(
                    "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
                )
            click.echo(footer)
            return
        longest = max([2] + [len(r[0]) for r in rows_text])
        table = Table(
            Column("id", no_wrap=True, min_width=longest),
            Column("title", ratio=1),
            *header[2:],
        )
        for line in rows_text:
            table.add_row(*line)
        console.print(table)
        console.print(footer)


def _changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """What one revision changed, field by field ('confidence: wip -> validated')."""
    if before is None:
        return ["created"]
    out: list[str] = []
    for key in [*after, *(k for k in before if k not in after)]:
        # a list-valued key written only when set (translations, not_for) is an empty list
        empty: list[Any] | None = [] if isinstance(after.get(key, before.get(key)), list) else None
        old, new = before.get(key, empty), after.get(key, empty)
        if old == new:
            continue
        if isinstance(new, list) and isinstance(old, list):
            added = [x for x in new if x not in old]
            removed = [x for x in old if x not in new]
            out += [f"{key} +{x!r}" for x in added] + [f"{key} -{x!r}" for x in removed]
        elif isinstance(new, str) and len(new) > 60:
            out.append(f"{key} changed")
        else:
            out.append(f"{key}: {old} -> {new}")
    return out or ["no content change"]


@kb.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Everything about the article as JSON.")
@click.option("--history", is_flag=True, help="Every revision: who, when, why, what changed.")
@click.pass_context
def kb_show(ctx: click.Context, article_id: str, as_json: bool, history: bool) -> None:
    """Show one article, its content-standard checklist, review date, revisions and flags."""
    relais = _relais(ctx)
    now = utcnow()
    with relais.db.session() as session:
        row = repository.get(session, article_id)
        if row is None:
            raise click.ClickException(f"no article with id {article_id!r}")
        content = repository.content_of(row)
        checked = health.check(content)
        interval = relais.settings.authoring.review_interval_days
        due = review.review_due(row, interval)
        overdue = review.is_overdue(row, now, interval)
        revisions: list[dict[str, Any]] = []
        previous: dict[str, Any] | None = None
        for r in row.revisions:
            revisions.append(
                {
                    "version": r.version,
                    "by": r.changed_by,
                    "at": r.changed_at.isoformat(),
                    "note": r.note,
                    "changes": _changes(previous, r.content),
                }
            )
            previous = r.content
        flags = [
            {
                "by": f.by,
                "reason": f.reason,
                "at": f.at.isoformat(),
                "status": f.status,
                "kind": f.kind,
                "followed_steps": f.followed_steps,
                "conversation": f.conversation_key,
            }
            for f in row.flags
        ]
        standard = {
            "score": round(checked.score, 3),
            "checks": [
                {"criterion": c.label, "ok": c.ok, "detail": c.detail} for c in checked.checks
            ],
        }
        if as_json:
            data = {
                **repository.summary(row),
                **content.to_snapshot(),
                "created_at": row.created_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
                "last_reused_at": row.last_reused_at.isoformat() if row.last_reused_at else None,
                "linked_tickets": [link.ticket_ref for link in row.links],
                "revisions": revisions,
                "flags": flags,
                "content_standard": standard,
                "review_due": due.isoformat(),
                "review_overdue": overdue,
                "merged_into": row.merged_into,
                "duplicate_of": row.duplicate_of,
            }
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        click.echo(render_article(content), nl=False)
        click.echo(f"\n# version {row.version}, reused {row.reuse_count} times")
        if row.merged_into:
            click.echo(f"# merged into {row.merged_into}: see relais kb show {row.merged_into}")
        if row.duplicate_of:
            click.echo(f"# possible duplicate of {row.duplicate_of}")
        click.echo(f"# {checked.summary()} ({round(checked.score * 100)}%)")
        for miss in checked.misses:
            click.echo(f"#   miss: {miss.label}" + (f" ({miss.detail})" if miss.detail else ""))
        state = "OVERDUE, still answering" if overdue else "next"
        click.echo(f"# review {state}: {due:%Y-%m-%d}")
        for rev in revisions:
            click.echo(f"#   v{rev['version']} {rev['at']} by {rev['by']}: {rev['note']}")
            if history:
                for change in rev["changes"]:
                    click.echo(f"#       {change}")
        for flag in flags:
            strong = ", followed the steps" if flag["followed_steps"] else ""
            click.echo(
                f"# flag ({flag['status']}, {flag['kind']}{strong}) by {flag['by']}: "
                f"{flag['reason']}"
            )


@kb.command("reindex")
@click.option("--full", is_flag=True, help="Re-embed everything instead of catching up.")
@click.pass_context
def kb_reindex(ctx: click.Context, full: bool) -> None:
    """Bring the search index up to date with the database (with a progress bar).

    When nothing changed it says so without loading the model.
    """
    relais = _relais(ctx)
    search = _search(ctx)
    if not full and search.up_to_date():
        stats = search.load()
        click.echo(
            f"index up to date: {search.vector_count} vectors ({search.index_kind}), "
            f"model {search.model_key}; watermark {stats.watermark}"
        )
        return
    with _progress() as progress:
        task = progress.add_task("embedding", total=None)

        def advance(n: int) -> None:
            progress.update(task, advance=n)

        if full:
            with relais.db.session() as session:
                total = sum(
                    len(search_passages(relais, row)) for row in repository.list_articles(session)
                )
            progress.update(task, total=total)
            stats = search.rebuild(advance)
        else:
            stats = search.load(advance)
    click.echo(
        f"index: {search.vector_count} vectors ({search.index_kind}), "
        f"{stats.changed_articles} articles embedded, {stats.vectors_added} vectors added, "
        f"{stats.vectors_removed} removed{', rebuilt' if stats.rebuilt else ''}; "
        f"watermark {stats.watermark}; model {search.model_key}"
    )


@kb.command("calibrate", cls=OneLineErrors)
@click.option(
    "--target-precision",
    type=click.FloatRange(0.5, 1.0),
    default=None,
    help="Answer precision to meet (default: [search.calibration] target_precision).",
)
@click.option("--dry-run", is_flag=True, help="Show the curve and thresholds; save nothing.")
@click.option("--plain", is_flag=True, help="Thresholds only: do not fit the learned answer model.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def kb_calibrate(
    ctx: click.Context, target_precision: float | None, dry_run: bool, plain: bool, as_json: bool
) -> None:
    """Fit the answer/disambiguate thresholds on this knowledge base, for the model in service.

    In-scope queries: each article's phrasings, cross-validated (held out in folds). Out of
    scope: each article's phrasings with that article removed, and bundled off-topic questions.
    A small learned model of "this answer is right" over the score features is fitted on the
    same queries and decides instead of the thresholds when it is expected to cover more.
    Prints the expected precision/coverage curve, and the chosen thresholds and the learned
    model next to the shipped thresholds.
    """
    from knowledge import upkeep

    relais = _relais(ctx)
    search = _search(ctx)
    if target_precision is not None:
        search.settings = search.settings.model_copy(
            update={
                "calibration": search.settings.calibration.model_copy(
                    update={"target_precision": target_precision}
                )
            }
        )
    search.load()
    with _progress() as progress:
        task = progress.add_task("embedding phrasings", total=None)
        outcome = upkeep.calibrate(
            search,
            by=getpass.getuser(),
            progress=lambda n: progress.update(task, advance=n),
            save=not dry_run,
            learn=not plain,
        )
    found = outcome.calibration
    if as_json:
        data: dict[str, Any] = {
            "model": outcome.model_key,
            "articles": outcome.articles,
            "saved": found is not None and not dry_run,
            "reason": outcome.reason or None,
            "shipped_thresholds": thresholds_json(shipped_thresholds(relais.settings.search)),
            "calibration": found.to_json() if found else None,
        }
        click.echo(json.dumps(data, indent=2))
        return
    if found is None:
        click.echo(f"not calibrated: {outcome.reason}")
        return
    _print_calibration(found, outcome.model_key, relais.settings.search)
    if dry_run:
        click.echo("dry run: nothing saved; the search keeps its thresholds")
    elif found.answer_model is not None:
        click.echo(
            f"saved: the search uses the learned answer model with {outcome.model_key} from now on"
        )
    elif not found.answers:
        click.echo(
            f"saved: no answer threshold reaches precision {found.target_precision} on this "
            "knowledge base, so Relais will offer choices or ask questions, never answer alone"
        )
    else:
        click.echo(f"saved: the search uses these thresholds with {outcome.model_key} from now on")


def _print_calibration(found: Any, key: str, settings: Any) -> None:
    click.echo(
        f"calibrated {key} on {found.articles} articles: {found.in_scope} in-scope phrasings "
        f"(cross-validated), {found.on_topic_oos} on-topic out-of-scope (article removed), "
        f"{found.off_topic} off-topic questions"
        + (
            f" ({found.off_topic_in_scope} more left out: this knowledge base answers them "
            "as well as its own phrasings)"
            if found.off_topic_in_scope
            else ""
        )
    )
    curve = Table(
        "answer threshold",
        "precision",
        "coverage",
        "OOS answered",
        title=f"expected precision/coverage (margin {found.thresholds.answer_margin:.2f})",
    )
    for point in found.curve:
        curve.add_row(
            f"{point['threshold']:.3f}",
            f"{point['precision']:.3f}",
            f"{point['coverage']:.3f}",
            f"{point['oos_false_answer']:.3f}",
        )
    console.print(curve)
    shipped = thresholds_json(shipped_thresholds(settings))
    chosen = thresholds_json(found.thresholds)
    model = found.learned_model
    learned = found.learned if model is not None else {}
    table = Table(
        "",
        "shipped",
        f"calibrated thresholds (precision ≥ {found.target_precision})",
        "learned model" + (" (in use)" if found.answer_model is not None else ""),
    )
    for name in chosen:
        table.add_row(name, _num(shipped[name]), _num(chosen[name]), "")
    if model is not None:
        cuts = model.to_json()
        table.add_row("P(answer is right) to answer", "", "", _num(cuts["answer_cut"]))
        table.add_row("P(right one in 3) for choices", "", "", _num(cuts["choices_cut"]))
    for name, label in (
        ("answer_precision", "expected precision"),
        ("coverage", "expected coverage"),
        ("reach", "reach (answer or choices)"),
        ("oos_false_answer", "out of scope answered"),
    ):
        table.add_row(
            label,
            _num(found.shipped.get(name)),
            _num(found.expected.get(name)),
            _num(learned.get(name)) if model is not None else "",
        )
    table.add_row(
        "out of scope offered choices",
        _num(found.shipped_oos_offered),
        _num(found.oos_offered),
        _num(found.learned_oos_offered) if model is not None else "",
    )
    console.print(table)
    if found.answer_model_note:
        click.echo(found.answer_model_note)


def _num(value: float | None) -> str:
    return "never" if value is None else f"{value:.3f}"


@kb.command("tune", cls=OneLineErrors)
@click.option("--off", is_flag=True, help="Go back to the base model (and reindex).")
@click.option(
    "--steps",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Training steps (default: one per article within [search.tuning] min/max_steps).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def kb_tune(ctx: click.Context, off: bool, steps: int | None, as_json: bool) -> None:
    """Fine-tune the model on this knowledge base's phrasings and put it in service.

    CPU only, seeded, bounded. The tuned model is stored in the database by its SHA-256 so
    that every replica serves the same one, then calibrated and indexed before it replaces
    the current model in one step. --off returns to the base model.
    """
    from knowledge import tuning, upkeep

    relais = _relais(ctx)
    search = _search(ctx)
    search.load()
    if off:
        with _progress() as progress:
            task = progress.add_task("indexing with the base model", total=None)
            stats = upkeep.tune_off(search, lambda n: progress.update(task, advance=n))
        if stats is None:
            message = f"the base model {relais.settings.search.model} is already in service"
        else:
            message = (
                f"back to the base model {search.model_key}: index rebuilt, "
                f"{search.vector_count} vectors; thresholds {search.threshold_source}"
            )
        click.echo(
            json.dumps({"model": search.model_key, "changed": stats is not None})
            if as_json
            else message
        )
        return
    with _progress() as progress:
        tasks: dict[str, Any] = {}

        def stage(name: str, total: int | None) -> None:
            tasks[name] = progress.add_task(name, total=total)

        try:
            outcome = upkeep.tune(
                search,
                by=getpass.getuser(),
                on_step=lambda name: lambda n: progress.update(tasks[name], advance=n),
                on_embed=lambda n: progress.update(tasks["indexing"], advance=n),
                on_stage=stage,
                steps=steps,
            )
        except tuning.TuningError as exc:
            progress.stop()
            click.echo(
                json.dumps({"model": search.model_key, "tuned": False, "reason": str(exc)})
                if as_json
                else f"not tuned: {exc}"
            )
            return
    trained = outcome.trained
    calibrated = outcome.calibration.calibration if outcome.calibration else None
    if as_json:
        click.echo(
            json.dumps(
                {
                    "model": search.model_key,
                    "sha256": outcome.sha,
                    "articles": trained.articles,
                    "pairs": trained.pairs,
                    "steps": trained.steps,
                    "seed": trained.seed,
                    "seconds": trained.seconds,
                    "peak_rss_mb": trained.peak_rss_mb,
                    "vectors": search.vector_count,
                    "calibration": calibrated.to_json() if calibrated else None,
                    "thresholds": search.threshold_source,
                },
                indent=2,
            )
        )
        return
    click.echo(
        f"tuned {relais.settings.search.model} on {trained.articles} articles: {trained.steps} "
        f"steps of {relais.settings.search.tuning.batch_size} pairs ({trained.pairs} pairs), "
        f"seed {trained.seed}, {trained.seconds:.0f} s, peak memory {trained.peak_rss_mb:.0f} MiB"
    )
    click.echo(
        f"in service: {search.model_key} (stored in the database, cached in "
        f"{search.models_dir / outcome.sha}); index rebuilt: {search.vector_count} vectors"
    )
    if calibrated is not None:
        _print_calibration(calibrated, search.model_key, relais.settings.search)
    elif outcome.calibration is not None:
        click.echo(f"thresholds: {outcome.calibration.reason}")
    click.echo(f"thresholds {search.threshold_source}; `relais kb tune --off` goes back")


def search_passages(relais: Relais, row: Any) -> list[Passage]:
    return relais.search.passages(row.pk, repository.content_of(row))


def _result_json(result: SearchResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "query": result.query,
        "decision": result.decision.value,
        "results": [
            {"id": h.article_id, "title": h.title, "score": round(h.score, 4)} for h in result.hits
        ],
    }
    if result.decision.value != "none":
        data["offered"] = [h.article_id for h in result.choices]
    if result.truncated:
        data["truncated"] = True
    return data


def _print_table(result: SearchResult, search: KnowledgeSearch) -> None:
    table = Table("#", "id", "title", "score", "dense", "lexical", title=f"“{result.query}”")
    for i, hit in enumerate(result.hits, 1):
        marker = "→ " if i <= result.offered else ""
        table.add_row(
            f"{marker}{i}",
            hit.article_id,
            hit.title,
            f"{hit.score:.3f}",
            f"{hit.dense:.3f}",
            f"{hit.lexical:.3f}",
        )
    console.print(table)
    meaning = {
        "answer": "answer: one article clearly fits",
        "disambiguate": f"disambiguate: {result.offered} articles fit about equally",
        "none": "none: nothing fits well enough, Relais would ask questions instead",
    }
    console.print(f"decision: [bold]{meaning[result.decision.value]}[/bold]")
    t = search.thresholds
    console.print(
        f"model {search.model_key}; thresholds {search.threshold_source}: answer ≥ "
        f"{t.answer_threshold:.3f} leading by ≥ {t.answer_margin:.3f}, choices ≥ "
        f"{t.disambiguate_threshold:.3f} within {t.disambiguate_window:.3f}",
        style="dim",
        highlight=False,
    )
    if result.truncated:
        console.print("(the query was truncated)")


@kb.command("search")
@click.argument("text", required=False)
@VIEWER
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def kb_search(ctx: click.Context, text: str | None, viewer: str, as_json: bool) -> None:
    """Search the knowledge base. Without TEXT: one query per stdin line, one JSON line each.

    On a terminal, without TEXT, it opens an interactive prompt instead.
    """
    search = _search(ctx)
    who = Viewer(viewer)
    search.load()
    if text is not None:
        try:
            result = search.search(text, who)
        except QueryError as exc:
            if as_json:
                click.echo(json.dumps({"query": text[:200], "error": str(exc)}, ensure_ascii=False))
                ctx.exit(2)
            raise click.ClickException(str(exc)) from None
        if as_json:
            click.echo(json.dumps(_result_json(result), ensure_ascii=False))
        else:
            _print_table(result, search)
        return
    if sys.stdin.isatty():
        console.print("Search the knowledge base (empty line or Ctrl-D to quit).")
        while True:
            try:
                line = console.input("[bold]?[/bold] ")
            except EOFError:
                break
            if not line.strip():
                break
            try:
                _print_table(search.search(line, who), search)
            except QueryError as exc:
                console.print(f"[red]{exc}[/red]")
        return
    for batch in _stdin_batches():
        texts = [raw if raw is not None else "" for raw, _ in batch]
        found = search.search_batch(texts, who)
        for (raw, decode_error), outcome in zip(batch, found, strict=True):
            row = (
                _result_json(outcome)
                if decode_error is None and isinstance(outcome, SearchResult)
                else _error_row(raw, decode_error or str(outcome))
            )
            click.echo(json.dumps(row, ensure_ascii=False))
        sys.stdout.flush()


STDIN_CHUNK = 65_536
MAX_BATCH = 64


def _stdin_batches() -> Iterator[list[tuple[str | None, str | None]]]:
    """Stdin lines as (text, error), in batches of what has arrived (at most MAX_BATCH).

    A file or a fast pipe gives big batches (one encode for many queries); a process that
    writes a line and waits for its answer gets it at once.
    """
    stream: Any = sys.stdin.buffer  # a BufferedReader (or BytesIO in tests): has read1
    pending = b""
    while True:
        chunk = stream.read1(STDIN_CHUNK)
        if not chunk:
            if pending:
                yield [_decoded(pending)]
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for start in range(0, len(lines), MAX_BATCH):
            yield [_decoded(line) for line in lines[start : start + MAX_BATCH]]


def _decoded(raw: bytes) -> tuple[str | None, str | None]:
    try:
        return raw.rstrip(b"\r").decode("utf-8"), None
    except UnicodeDecodeError:
        return None, "the query is not UTF-8 text"


def _error_row(line: str | None, error: str) -> dict[str, Any]:
    """One output row of `kb search` over stdin for a line that could not be searched."""
    shown = (line or "")[:200]
    return {"query": "".join(ch for ch in shown if ch.isprintable()), "error": error}


# -- chat and tickets ----------------------------------------------------------------------


@main.command("chat")
@click.option("--jsonl", is_flag=True, help="Machine interface: JSON lines in and out.")
@click.option("--user", default=None, help="Who is talking (default: your login name).")
@click.option(
    "--conversation", default=None, help="Conversation key; the same key continues it later."
)
@click.pass_context
def chat(ctx: click.Context, jsonl: bool, user: str | None, conversation: str | None) -> None:
    """Talk to Relais in the terminal, exactly as an employee would in Slack."""
    relais = _relais(ctx)
    who = user or getpass.getuser()
    key = f"terminal:{who}:{conversation or uuid.uuid4().hex[:12]}"
    search = _search(ctx)
    search.load()
    _ = search.embedder  # the model loads now, announced, not after the first "you" prompt
    from handoff.contact_model import warm_readers

    warm_readers()  # and the readers of what people write, so the first answer is not slower
    if jsonl:
        run_jsonl(relais.engine, who, key, stdin_bytes(), sys.stdout)
        return
    run_interactive(relais.engine, who, key, console)


@main.command("serve")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="HTTP port (default: [slack] port)."
)
@click.option("--host", default=None, help="HTTP interface (default: [slack] host).")
@click.option(
    "--socket-mode/--http",
    default=None,
    help="Force a mode (default: Socket Mode when SLACK_APP_TOKEN is set, else HTTP).",
)
@click.pass_context
def serve(ctx: click.Context, port: int | None, host: str | None, socket_mode: bool | None) -> None:
    """Run the Slack bot: Socket Mode, or the Events API at /slack/events.

    SIGTERM (docker stop, systemctl stop) and Ctrl-C drain: no new work is taken, what runs
    finishes within [slack] drain_grace_s, the rest is left to other replicas; exit status 0.
    """
    import signal

    from bot.slack.service import SlackConfigError, SlackService, bound_address
    from bot.webhooks.config import WebhookConfigError
    from bot.webhooks.dispatch import Dispatcher
    from handoff.contact_model import warm_readers
    from knowledge.embedder import import_libraries
    from knowledge.upkeep import SearchUpkeep

    relais = _relais(ctx)
    settings = relais.settings.slack
    search = _search(ctx)
    search.switch_in_background = True  # a newly tuned model never stops the answers
    try:
        secrets = relais.settings.webhooks.secrets()
    except WebhookConfigError as exc:
        raise click.ClickException(str(exc)) from None

    def terminate(_signum: int, _frame: object) -> None:
        raise _Terminated

    # The imports take seconds: a SIGTERM meanwhile stops it cleanly, nothing taken yet.
    default = signal.signal(signal.SIGTERM, terminate)
    try:
        # inside the try: a SIGTERM that lands while this line is written is a clean stop too
        click.echo("relais: starting (loading torch and sentence-transformers)…", err=True)
        import_libraries()  # before listening: see its docstring
        warm_readers()  # the readers' weights load now: not while acks wait for the GIL
    except _Terminated:
        click.echo("relais: stopped while starting; nothing was taken yet", err=True)
        return
    finally:
        signal.signal(signal.SIGTERM, default)
    upkeep = SearchUpkeep(search)
    api_server = None
    try:
        service = SlackService(relais, socket_mode=socket_mode)
        server = None
        where_host, where_port = host or settings.host, settings.port if port is None else port
        if relais.settings.api_token is not None:
            from bot.api.app import make_api

            token = relais.settings.api_token.get_secret_value()
            service.api = make_api(relais, token, service.people.name)
        if not service.socket_mode:
            server = service.http_server(where_host, where_port)
        elif service.api is not None:  # Socket Mode has no HTTP server: one for the API
            from bot.api.server import api_server as make_api_server

            try:
                api_server = make_api_server(
                    service.api, where_host, where_port, settings.http_threads
                )
            except OSError as exc:
                raise SlackConfigError(
                    f"cannot listen on {where_host}:{where_port}: {exc}"
                ) from None
    except SlackConfigError as exc:
        raise click.ClickException(logs.redact(str(exc))) from None
    service.start()
    if api_server is not None:
        threading.Thread(target=api_server.run, name="relais-api", daemon=True).start()
        click.echo(f"relais: API on http://{where_host}:{where_port}/api/v1/", err=True)
    hooks = Dispatcher(relais.db, relais.settings.webhooks, secrets)
    hooks.start()  # its own thread: a slow receiver never delays a reply
    upkeep.start()
    # Answering is CPU-bound (the model); acks are short and must not wait 5 ms for the GIL
    # each time a worker holds it: hand it over more often.
    sys.setswitchinterval(0.0005)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        if server is None:
            click.echo("relais: connected to Slack in Socket Mode; Ctrl-C stops", err=True)
            threading.Event().wait()
        else:
            where, bound = bound_address(server)
            click.echo(
                f"relais: listening on http://{where}:{bound}/slack/events "
                "(health: /healthz); Ctrl-C stops",
                err=True,
            )
            server.run()
    except (KeyboardInterrupt, _Terminated):
        click.echo("relais: stopping; finishing the work in flight", err=True)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal does not cut the drain
        upkeep.stop()
        drained = service.close()
        hooks.close()
        signal.signal(signal.SIGTERM, previous)
    click.echo(
        "relais: stopped" + ("" if drained else " (unfinished work left to other replicas)"),
        err=True,
    )


class _Terminated(Exception):
    """SIGTERM arrived: stop serving and drain."""


@main.group()
def tickets() -> None:
    """Handed-off tickets and their problem statements."""


@tickets.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per ticket.")
@click.pass_context
def tickets_list(ctx: click.Context, as_json: bool) -> None:
    """List tickets, newest first."""
    with _relais(ctx).db.session() as session:
        rows = session.scalars(select(TicketRow).order_by(TicketRow.id.desc())).all()
        if as_json:
            for row in rows:
                click.echo(json.dumps(_ticket_json(row), ensure_ascii=False))
            return
        table = Table("id", "priority", "status", "type", "requester", "title", "opened")
        for row in rows:
            table.add_row(
                row.ref,
                row.priority,
                row.status,
                row.contact_type,
                row.requester,
                row.title,
                row.created_at.strftime("%Y-%m-%d %H:%M"),
            )
        console.print(table)


@tickets.command("show")
@click.argument("ticket_id")
@click.option("--json", "as_json", is_flag=True, help="The ticket and its statement as JSON.")
@click.pass_context
def tickets_show(ctx: click.Context, ticket_id: str, as_json: bool) -> None:
    """Show one ticket (T-00001 or 1) with its problem statement."""
    number = ticket_id.upper().removeprefix("T-").lstrip("0") or "0"
    if not number.isdigit():
        raise click.ClickException(f"no ticket {ticket_id!r}")
    with _relais(ctx).db.session() as session:
        row = session.get(TicketRow, int(number))
        if row is None:
            raise click.ClickException(f"no ticket {ticket_id!r}")
        trail = ticket_ops.history(session, row.id)
        transcript = session.scalars(
            select(MessageRow)
            .where(MessageRow.conversation_id == row.conversation_id)
            .order_by(MessageRow.at, MessageRow.id)
        ).all()
        record = ticket_record(row, trail, transcript, _names(ctx))
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
            return
        statement = render_statement(row.statement, row.language).replace("*", "")
        click.echo("\n".join(ticket_lines(record, statement)))


def _names(ctx: click.Context) -> Callable[[str], str]:
    """Display names from Slack when a bot token is configured; ids otherwise."""
    settings = _relais(ctx).settings
    if settings.slack_bot_token is None:
        return str
    from bot.slack.client import web_client
    from bot.slack.people import Directory

    token = settings.slack_bot_token.get_secret_value()
    try:
        client = web_client(token, settings.slack_api_url, timeout=5)
    except ValueError:
        return str
    return Directory(client, settings.handoff, settings.authoring).name


def _ticket_json(row: TicketRow) -> dict[str, Any]:
    return {
        "id": row.ref,
        "priority": row.priority,
        "status": row.status,
        "contact_type": row.contact_type,
        "requester": row.requester,
        "title": row.title,
        "created_at": row.created_at.isoformat(),
        "assignee": row.assignee,
        "first_response_at": row.first_response_at.isoformat() if row.first_response_at else None,
        "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
        "response_due": row.response_due.isoformat() if row.response_due else None,
        "resolution_due": row.resolution_due.isoformat() if row.resolution_due else None,
        "priority_overridden_from": row.priority_overridden_from,
        "problem_statement": row.statement,
    }


# -- reports -------------------------------------------------------------------------------


@main.group()
def report() -> None:
    """Reports for support leads and knowledge authors."""


@report.command("gaps")
@click.option("--days", type=click.IntRange(min=1), default=30, show_default=True)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Clusters shown."
)
@click.option(
    "--distance",
    type=click.FloatRange(0.0, 2.0),
    default=None,
    help="Cosine distance under which phrasings are one problem (default: calibrated 0.5).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def report_gaps(
    ctx: click.Context, days: int, limit: int, distance: float | None, as_json: bool
) -> None:
    """Problems the knowledge base did not solve, clustered by meaning, biggest first.

    From conversations that ended without an accepted article: nothing found, answers
    rejected, or handed off with no article linked. Weight = volume x priority.
    """
    from bot import gaps  # loads scikit-learn: only for this command
    from bot.db.base import utcnow
    from knowledge.embedder import is_loaded, shared_embedder

    relais = _relais(ctx)
    now = utcnow()
    since = now - timedelta(days=days)
    with relais.db.session() as session:
        cases = gaps.collect(session, since, now)
    clusters: list[gaps.GapCluster] = []
    if cases:
        model = relais.settings.search.model
        with contextlib.nullcontext() if is_loaded(model) else _announce_loading(model):
            embedder = shared_embedder(model)
        threshold = gaps.DEFAULT_DISTANCE if distance is None else distance
        clusters = gaps.cluster(cases, embedder, threshold)[:limit]
    if as_json:
        data = {
            "since": since.isoformat(),
            "until": now.isoformat(),
            "conversations": len(cases),
            "clusters": [{"rank": i, **c.to_json()} for i, c in enumerate(clusters, 1)],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    span = "the last day" if days == 1 else f"the last {days} days"
    if not clusters:
        click.echo(f"no gaps in {span}")
        return
    click.echo(
        f"Knowledge gaps in {span} (since {since:%Y-%m-%d %H:%M} UTC): {len(cases)} "
        f"conversations ended without an accepted article; top {len(clusters)} problems."
    )
    for rank, found in enumerate(clusters, 1):
        reasons = ", ".join(f"{n} {_GAP_REASONS.get(r, r)}" for r, n in found.reasons.items())
        languages = ", ".join(f"{lang} {n}" for lang, n in found.languages.items())
        click.echo(
            f"\n#{rank}  weight {found.weight}  ·  {found.size} conversation"
            f"{'s' if found.size != 1 else ''}  ·  {reasons}  ·  {languages}"
        )
        for statement in found.statements:
            click.echo(f"    “{_one_line(statement, 160)}”")
        if found.rejected_articles:
            shown = ", ".join(f"{a} ({n})" for a, n in found.rejected_articles.items())
            click.echo(f"    rejected articles: {shown}")
        click.echo(f"    draft: {found.draft.title}")


@report.command("metrics", cls=OneLineErrors)
@click.option(
    "--since", default=None, help="First day (YYYY-MM-DD); default: 30 days before --until."
)
@click.option("--until", default=None, help="Last day, included (YYYY-MM-DD); default: now.")
@click.option("--by", default="week", show_default=True, help="Trend buckets: day, week or month.")
@click.option("--team", default=None, help="Only what touches this owning team's articles.")
@click.option("--lang", default="en", show_default=True, help="Labels: en or fr.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write one self-contained HTML page (charts inline).",
)
@click.option(
    "--png",
    "png_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write the charts as PNG files into this folder.",
)
@click.pass_context
def report_metrics(
    ctx: click.Context,
    since: str | None,
    until: str | None,
    by: str,
    team: str | None,
    lang: str,
    as_json: bool,
    html_file: Path | None,
    png_dir: Path | None,
) -> None:
    """Self-service, service, KCS and voice-of-the-customer measures, computed in the database.

    Every rate shows its numerator and denominator; * marks a small sample.
    """
    from bot.reports import metrics
    from bot.reports.labels import LANGUAGES, label

    if lang not in LANGUAGES:
        raise click.ClickException(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    relais = _relais(ctx)
    now = utcnow()
    try:
        end = metrics.parse_when(until, "--until", end_of_day=True) if until else now
        start = metrics.parse_when(since, "--since") if since else end - timedelta(days=30)
        period = metrics.Period(start, end, by)
        with relais.db.session() as session:
            built = metrics.build(
                session,
                period,
                now=now,
                team=team,
                business_priorities=frozenset(
                    p
                    for p, t in relais.settings.handoff.sla.items()
                    if t.business_days or t.business_hours
                ),
                configured_teams=list(relais.settings.authoring.teams),
            )
            anything = session.scalar(select(ConversationRow.id).limit(1)) is not None
    except metrics.ReportError as exc:
        raise click.ClickException(str(exc)) from None
    _write_metrics(built, lang, relais.settings.report.workspace_url, as_json, html_file, png_dir)
    if built.empty and not as_json:
        key = "empty" if anything else "empty_db"
        last = period.until - timedelta(seconds=1)
        click.echo(label(key, lang, since=f"{period.since:%Y-%m-%d}", until=f"{last:%Y-%m-%d}"))


def _write_metrics(
    built: Any,
    lang: str,
    workspace_url: str,
    as_json: bool,
    html_file: Path | None,
    png_dir: Path | None,
) -> None:
    from bot.reports import text

    if as_json:
        click.echo(json.dumps(built.to_json(), ensure_ascii=False, indent=2))
    elif not built.empty:
        click.echo("\n".join(text.render(built, lang, workspace_url)))
    if html_file is None and png_dir is None:
        return
    from bot.reports import charts, html

    drawn = {} if built.empty else charts.draw_all(built, lang)
    try:
        if png_dir is not None and drawn:
            png_dir.mkdir(parents=True, exist_ok=True)
            for name, png in drawn.items():
                (png_dir / f"{name}.png").write_bytes(png)
            click.echo(f"wrote {len(drawn)} charts to {png_dir}", err=True)
        if html_file is not None:
            html_file.write_text(html.render(built, drawn, lang, workspace_url), encoding="utf-8")
            click.echo(f"wrote {html_file}", err=True)
    except OSError as exc:
        raise click.ClickException(f"cannot write: {exc.strerror}: {exc.filename}") from None


# -- demo ----------------------------------------------------------------------------------


@main.group()
def demo() -> None:
    """A realistic month of support in an empty database, to try the reports."""


@demo.command("seed", cls=OneLineErrors)
@click.option("--days", type=click.IntRange(1, 366), default=30, show_default=True)
@click.option("--seed", "seed_value", type=int, default=7, show_default=True, help="Random seed.")
@click.pass_context
def demo_seed(ctx: click.Context, days: int, seed_value: int) -> None:
    """Play employees (EN and FR), agents and authors through the real engine and desk.

    Imports the sample knowledge base first when the database has no articles.
    """
    from bot import demo as demo_module
    from bot.desk import Desk

    relais = _relais(ctx)
    existing = demo_module.is_empty(relais.db)
    if existing:
        raise click.ClickException(
            f"the database already has {existing} conversations: demo seed only fills an empty "
            "one (point RELAIS_HOME or RELAIS_DATABASE_URL at a new database)"
        )
    if not demo_module.articles_count(relais.db):
        folder = relais.settings.knowledge.resolved_articles_dir()
        with relais.db.session() as session:
            import_path(
                session,
                folder,
                max_bytes=relais.settings.knowledge.max_article_bytes,
                by="relais-demo",
            )
        click.echo(f"imported the sample knowledge base from {folder}", err=True)
    _search(ctx).load()
    handoff = relais.settings.handoff
    desk = Desk(relais.db, private_prefix=handoff.private_prefix)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
    ) as progress:
        task = progress.add_task("days", total=days)
        try:
            summary = demo_module.seed(
                relais.db,
                relais.engine,
                desk,
                handoff.sla_targets(),
                days=days,
                seed_value=seed_value,
                progress=lambda n: progress.update(task, advance=n),
            )
        except demo_module.DemoError as exc:
            raise click.ClickException(str(exc)) from None
    langs = ", ".join(f"{n} {lang.upper()}" for lang, n in summary.by_language.items())
    click.echo(
        f"seeded {summary.conversations} conversations ({langs}), {summary.tickets} tickets and "
        f"{summary.ratings} ratings over {days} days; now try: relais report metrics "
        "--html report.html"
    )


_GAP_REASONS = {
    "none": "nothing found",
    "rejected": "answer rejected",
    "handoff_unlinked": "handed off without an article",
}


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


main.add_command(webhooks_group)

if __name__ == "__main__":
    main()
