"""`tip`: the one command line (ingest, docs, sections, responsibilities, ask, eval, serve, bot)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from tip.progress import LogProgress
from tip.settings import Settings
from tip.text import shorten

app = typer.Typer(
    help="tip-assistant: cited answers from Vietnam's counter-trafficking plans and laws.",
    no_args_is_help=True,
)
eval_app = typer.Typer(help="Regression question sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
index_app = typer.Typer(help="Index builds.", no_args_is_help=True)
app.add_typer(index_app, name="index")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Index folder (default TIP_DATA_DIR or ./data).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table (for scripts).")]
Lang = Literal["vi", "en", "vi-nodiac"]


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment plus CLI flags; a bad value is a one-line error, not a traceback."""
    try:
        return Settings().with_overrides(**overrides)
    except ValidationError as exc:
        err.print(f"[red]configuration error[/red]: {setting_error(exc)}", highlight=False)
        raise typer.Exit(2) from exc


def setting_error(exc: ValidationError) -> str:
    """Name the environment variable to fix (TIP_TOP_K), not pydantic's field path."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    variable = f"TIP_{field.upper()}" if field else "a TIP_ setting"
    return f"{variable}: {first['msg']}"


def open_engine(settings: Settings):  # type: ignore[no-untyped-def]
    from index.engine import Engine, Unavailable

    try:
        engine = Engine(settings).load()
    except Unavailable as exc:
        err.print(f"[red]index unavailable[/red]: {exc}", highlight=False)
        raise typer.Exit(3) from exc
    if engine.snap.fallback:
        err.print(f"[bold red]WARNING: damaged index[/bold red]: {engine.snap.fallback}", highlight=False)
    return engine


@app.command()
def ingest(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus folder (default TIP_CORPUS_DIR).")
    ] = None,
    data_dir: DataDir = None,
    if_changed: Annotated[
        bool, typer.Option("--if-changed", help="Skip when the index already matches the corpus.")
    ] = False,
    extra_corpus: Annotated[
        list[Path] | None,
        typer.Option(
            "--extra-corpus", help="Another corpus folder to ingest too (repeatable; TIP_EXTRA_CORPUS_DIRS)."
        ),
    ] = None,
    drop_failed: Annotated[
        bool,
        typer.Option(
            "--drop-failed",
            help="Leave out documents whose file fails now (default: keep their last good version, marked stale).",
        ),
    ] = False,
) -> None:
    """Read the corpus, parse sections and assignments, build the index; swap it in only when complete."""
    from index.build import (
        BuildDamaged,
        BuildInfo,
        build_index,
        current_build_dir,
        fingerprint,
        last_good_documents,
    )
    from index.embeddings import build_embeddings
    from ingest.errors import IngestError
    from ingest.pipeline import CorpusLimits, corpus_files, ingest_corpus, keep_last_good

    settings = load_settings(corpus_dir=corpus, data_dir=data_dir, extra_corpus_dirs=extra_corpus or None)
    started = time.perf_counter()
    try:
        folders = [settings.corpus_dir, *settings.extra_corpus_dirs]
        files = [f for d in folders if d.is_dir() for f in corpus_files(d)]
        with _progress(settings) as progress:
            task = progress.add_task("reading", total=max(1, len(files)))
            report = ingest_corpus(
                settings.corpus_dir,
                on_file=lambda name: progress.advance(task),
                extra_dirs=settings.extra_corpus_dirs,
                limits=CorpusLimits.from_settings(settings),
            )
    except IngestError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(1) from exc
    if report.errors and not drop_failed:
        keep_last_good(report, *last_good_documents(settings.data_dir))
    for e in report.errors:
        err.print(f"[red]error[/red]: {e}", highlight=False)
    for w in report.warnings:
        err.print(f"[yellow]warning[/yellow]: {w}", highlight=False)
    for skip in report.skipped:
        err.print(f"[yellow]not ingested[/yellow]: {skip}", highlight=False)
    for doc_id in report.stale:
        err.print(f"[yellow]stale[/yellow]: {doc_id} keeps its last good version (--drop-failed to drop it)")
    if not report.documents:
        err.print("[red]nothing ingested[/red]: the previous index (if any) keeps serving")
        raise typer.Exit(1)
    embeddings = build_embeddings(settings)
    current = current_build_dir(settings.data_dir)
    if if_changed and current and not report.errors and not report.stale:
        try:
            same = BuildInfo.read(current).fingerprint == fingerprint(report.documents, embeddings.key)
        except BuildDamaged:
            same = False
        if same:
            out.print(f"index up to date ({current.name}); nothing to do")
            return
    try:
        with _progress(settings) as progress:
            task = progress.add_task("embedding", total=None)
            info = build_index(
                report.documents,
                settings,
                embeddings,
                on_embed=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except KeyboardInterrupt:
        err.print("[red]interrupted[/red]: the previous index keeps serving")
        raise typer.Exit(130) from None
    except Exception as exc:
        err.print(
            f"[red]index build failed[/red]: {type(exc).__name__}: {exc}; the previous index keeps serving"
        )
        raise typer.Exit(1) from exc
    _summary(report, info, time.perf_counter() - started)
    if report.errors:
        raise typer.Exit(1)


def _progress(settings: Settings) -> Progress | LogProgress:
    """TIP_PROGRESS: a bar on a terminal, a log line every few seconds elsewhere (see tip.progress)."""
    mode = settings.progress
    if mode == "auto":
        mode = "bar" if err.is_terminal else "log"
    if mode == "log":
        return LogProgress(lambda line: err.print(line, highlight=False), settings.progress_interval_s)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
        disable=mode == "off",
    )


def _summary(report, info, seconds: float) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"ingest summary (build {info.build_id})", show_header=False)
    for key, value in (
        ("documents", len(report.documents)),
        ("sections", report.section_count),
        ("assignments", report.assignment_count),
        ("chunks", info.chunks),
        ("embedded (cache misses)", info.embedded),
        ("errors", len(report.errors)),
        ("stale (last good kept)", ", ".join(report.stale) or 0),
        ("skipped", len(report.skipped)),
        ("warnings", len(report.warnings)),
        ("seconds", f"{seconds:.1f}"),
    ):
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def docs(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List the indexed documents."""
    engine = open_engine(load_settings(data_dir=data_dir))
    metas = engine.documents()
    if as_json:
        print(json.dumps([m.model_dump(mode="json") for m in metas], ensure_ascii=False, indent=2))
        return
    table = Table("doc_id", "type", "number", "issued", "jurisdiction", "title", "stale")
    for m in metas:
        table.add_row(
            m.doc_id,
            m.doc_type,
            m.number or "—",
            str(m.issued or m.year or "—"),
            m.jurisdiction_name,
            shorten(m.title, 70),
            "STALE" if m.stale else "",
        )
    out.print(table)
    for m in metas:
        if m.stale:
            err.print(f"[yellow]stale[/yellow]: {m.doc_id}: {m.stale}", highlight=False)


@index_app.command("verify")
def index_verify(
    build: Annotated[
        str | None, typer.Option("--build", help="A build id (default: every build, current first).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Check build files against the checksums in build.json; exit 3 if the current (or given) one is damaged."""
    from index.build import build_dirs_newest_first, current_build_dir

    settings = load_settings(data_dir=data_dir)
    current = current_build_dir(settings.data_dir)
    folders = [settings.data_dir / "builds" / build] if build else build_dirs_newest_first(settings.data_dir)
    if not folders:
        err.print(f"[red]no index[/red] in {settings.data_dir}: run `tip ingest`")
        raise typer.Exit(3)
    bad_target = False
    for folder in folders:
        tag = " (current)" if folder == current else ""
        problem = _build_problem(settings, folder)
        if problem is None:
            out.print(
                f"ok       {folder.name}{tag}: files match their checksums, store opens", highlight=False
            )
        else:
            out.print(f"DAMAGED  {folder.name}{tag}: {problem}", highlight=False)
            bad_target |= bool(build) or folder == current
    if bad_target:
        raise typer.Exit(3)


@app.command()
def sections(
    doc_id: Annotated[str, typer.Argument(help="A doc_id from `tip docs`.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Show a document's section outline (ids, headings, sizes)."""
    from index.engine import NotFound

    engine = open_engine(load_settings(data_dir=data_dir))
    try:
        doc = engine.document(doc_id)
    except NotFound as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([s.model_dump() for s in doc.sections], ensure_ascii=False, indent=2))
        return
    for s in doc.sections:
        indent = "  " * (len(s.heading_path) - 1)
        out.print(
            f"{indent}[bold]{s.label}[/bold]  {s.heading}  [dim]({len(s.text)} chars)[/dim]", highlight=False
        )


@app.command()
def responsibilities(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this doc_id.")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Only this province / 'national'.")
    ] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Only tasks naming this agency.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Who leads (chủ trì) and who coordinates (phối hợp) each task."""
    from index.engine import NotFound

    engine = open_engine(load_settings(data_dir=data_dir))
    try:
        records = engine.responsibilities(jurisdiction=jurisdiction, agency=agency, doc_id=doc)
    except NotFound as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([r.model_dump() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table("section", "task", "leads", "coordinators")
    for r in records:
        table.add_row(
            r.section_id, shorten(r.task, 50), "; ".join(r.leads), shorten("; ".join(r.coordinators), 60)
        )
    out.print(table)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Vietnamese or English.")],
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Restrict to doc_id (repeatable).")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Only this province / 'national'.")
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="The question's language (default: detected).")
    ] = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", help="How many citations at most (default TIP_TOP_K).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Answer a question from the documents, with cited sections."""
    from index.engine import EngineError

    engine = open_engine(load_settings(data_dir=data_dir))
    try:
        answer = engine.ask(question, lang=lang, doc_ids=doc, jurisdiction=jurisdiction, top_k=top_k)
    except EngineError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    if answer.understood:  # "Hiểu câu hỏi là: …": restored diacritics, the place and documents searched
        out.print(answer.understood.text, style="dim", highlight=False, markup=False)
    out.print(answer.answer, highlight=False)
    for i, c in enumerate(answer.citations or answer.see_also, start=1):
        tag = "see also" if answer.abstained else f"[{i}]"
        out.print(f"[dim]{tag} {c.doc_short_name} · {c.section_id} · {c.heading_path}[/dim]", highlight=False)


def _build_problem(settings: Settings, folder: Path) -> str | None:
    """Why a build cannot be served (checksums, then a full load with its vector store), or None."""
    from index.build import BuildDamaged
    from index.snapshot import Snapshot
    from index.store import StoreUnavailable

    try:
        Snapshot.load(settings, build_dir=folder)
    except BuildDamaged as exc:
        return exc.reason
    except StoreUnavailable as exc:
        return f"its vector store is unavailable ({exc})"
    return None


@eval_app.command("run")
def eval_run(
    file: Annotated[Path, typer.Argument(help="A question set in YAML (schema: ../shared/evals/README.md).")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write per-question results (JSONL).")
    ] = None,
    summary_path: Annotated[
        Path | None, typer.Option("--summary", help="Write the JSON summary here.")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="A previous JSON summary: mark regressions.")
    ] = None,
    min_hit5: Annotated[
        float | None, typer.Option("--min-hit5", help="Exit 1 if hit@5 is below this.")
    ] = None,
    min_hit1: Annotated[
        float | None, typer.Option("--min-hit1", help="Exit 1 if hit@1 is below this.")
    ] = None,
    min_mrr: Annotated[float | None, typer.Option("--min-mrr", help="Exit 1 if MRR is below this.")] = None,
    min_answer_ok: Annotated[
        float | None, typer.Option("--min-answer-ok", help="Exit 1 if the answer_ok rate is below this.")
    ] = None,
    min_abstain_ok: Annotated[
        float | None, typer.Option("--min-abstain-ok", help="Exit 1 if the abstain_ok rate is below this.")
    ] = None,
    data_dir: DataDir = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print the overall scores as one JSON line (for scripts).")
    ] = False,
) -> None:
    """Run a regression question set (schema: ../shared/evals/README.md) and score it."""
    from evals.runner import EvalSetError, run_eval_command

    settings = load_settings(data_dir=data_dir)
    engine = open_engine(settings)
    minimums = {
        "hit@5": min_hit5,
        "hit@1": min_hit1,
        "mrr": min_mrr,
        "answer_ok": min_answer_ok,
        "abstain_ok": min_abstain_ok,
    }
    try:
        code = run_eval_command(
            engine,
            file,
            out_path,
            summary_path,
            baseline,
            {k: v for k, v in minimums.items() if v is not None},
            out,
            err,
            print_json=as_json,
        )
    except EvalSetError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc
    raise typer.Exit(code)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default TIP_API_HOST).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Port to listen on (default TIP_API_PORT).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Start the HTTP API (and the workshop page) with uvicorn."""
    from api.app import run_server

    settings = load_settings(api_host=host, api_port=port, data_dir=data_dir)
    try:
        run_server(settings)
    except ValueError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc


@app.command()
def bot() -> None:
    """Run the Telegram bot (talks to the API at TIP_API_URL)."""
    from bot.app import run_bot

    settings = load_settings()
    try:
        run_bot(settings)
    except ValueError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from exc


def main() -> None:  # pragma: no cover - entry point for `python -m tip.cli`
    app(sys.argv[1:])


if __name__ == "__main__":  # pragma: no cover
    main()
