//! The `conflict-timeline` binary: parses the command line, sets up logging, runs
//! the command and turns errors into messages and exit codes.

use anyhow::{Context, Result};
use clap::Parser;
use conflict_timeline::cli::{
    AnnotateArgs, AnnotateFormat, Cli, Command, ExportArgs, ExportFormat, GazetteerArg, IngestArgs,
    ServeArgs,
};
use conflict_timeline::extract::{self, ArticleText, Resources};
use conflict_timeline::ingest;
use conflict_timeline::store::Store;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::parse_default()));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

trait ParseDefault {
    fn parse_default() -> Self;
}

impl ParseDefault for ServeArgs {
    /// `conflict-timeline` with no command is `serve --create` with every other
    /// default: the first run from the source tree serves the sample articles.
    fn parse_default() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["conflict-timeline", "--create"]).args
    }
}

fn resources(arg: &GazetteerArg) -> Result<Resources> {
    Ok(match &arg.gazetteer {
        Some(dir) => Resources::from_dir(dir)?,
        None => Resources::embedded()?,
    })
}

async fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Serve(args) => serve(args).await,
        Command::Ingest(args) => ingest_paths(args).await,
        Command::Export(args) => export(args).await,
        Command::Annotate(args) => annotate(args).await,
    }
}

/// Serves the site from an existing database, or from a new one filled with the
/// seeds when `--create` is given.
async fn serve(args: ServeArgs) -> Result<ExitCode> {
    let res = resources(&args.gazetteer)?;
    let fresh = !args.db.exists();
    if fresh {
        if !args.create {
            anyhow::bail!(
                "database {} does not exist; check the path, or pass --create to create it and ingest the articles of --seeds ({}) first",
                args.db.display(),
                args.seeds.display()
            );
        }
        if args.read_only {
            anyhow::bail!(
                "database {} does not exist, and --read-only cannot create it",
                args.db.display()
            );
        }
        folder_exists(&args.db)?;
        if !args.seeds.exists() {
            anyhow::bail!(
                "--seeds {}: no such file or folder (the articles a new database starts with)",
                args.seeds.display()
            );
        }
    }
    let read_only = args.read_only || (!fresh && !writable(&args.db));
    let store = if read_only {
        if !args.read_only {
            tracing::warn!(
                db = %args.db.display(),
                "the database or its folder is not writable: serving it read-only"
            );
        }
        Store::open_read_only(&args.db).await?
    } else {
        Store::open(&args.db).await?
    };
    if fresh {
        tracing::info!(db = %args.db.display(), seeds = %args.seeds.display(), "new database: ingesting the sample articles");
        let summary =
            ingest::ingest(&store, &res, std::slice::from_ref(&args.seeds), &|_, _| {}).await;
        let summary = match summary {
            Ok(s) if s.new > 0 => s,
            outcome => {
                // A new database left empty (or half filled) would serve an empty site.
                store.close().await;
                remove_database(&args.db);
                let summary = outcome?;
                report_rejected(&summary.rejected);
                anyhow::bail!(
                    "--seeds {}: no article could be ingested, so no database was created",
                    args.seeds.display()
                );
            }
        };
        report_rejected(&summary.rejected);
        tracing::info!("{summary}");
    }
    let options = conflict_timeline::web::SiteOptions {
        base_url: args.base_url,
        ..Default::default()
    };
    conflict_timeline::web::serve(store, args.addr, options).await?;
    Ok(ExitCode::SUCCESS)
}

/// The folder a database file goes in must exist: SQLite's own message for a
/// missing one ("unable to open database file") names neither.
fn folder_exists(db: &Path) -> Result<()> {
    match db.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => anyhow::bail!(
            "cannot create database {}: folder {} does not exist",
            db.display(),
            folder.display()
        ),
        _ => Ok(()),
    }
}

/// Removes a database this run created and could not fill, with SQLite's side files.
fn remove_database(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

/// Ingests files and folders with a progress bar (bytes read), then prints the summary.
async fn ingest_paths(args: IngestArgs) -> Result<ExitCode> {
    // Every input is checked before the database is opened (which creates it).
    for path in &args.paths {
        if let Err(e) = std::fs::metadata(path) {
            anyhow::bail!("{}: {e}; nothing was ingested", path.display());
        }
    }
    if !args.db.exists() {
        folder_exists(&args.db)?;
    }
    let res = resources(&args.gazetteer)?;
    let store = Store::open(&args.db).await?;
    let bar = (!args.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    };
    let summary = ingest::ingest(&store, &res, &args.paths, &progress).await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    store.close().await;
    report_rejected(&summary.rejected);
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// Writes every event as JSON or CSV.
async fn export(args: ExportArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        anyhow::bail!(
            "database {} does not exist (run `conflict-timeline ingest` first)",
            args.db.display()
        );
    }
    // Exporting only reads: a database nobody may write is exported as it is.
    let store = if writable(&args.db) {
        Store::open(&args.db).await?
    } else {
        Store::open_read_only(&args.db).await?
    };
    // Buffered both ways: serde and the CSV writer make one small write per token.
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // Streamed a chunk of events at a time (`store::export`): memory stays bounded
    // whatever the database holds.
    match args.format {
        ExportFormat::Json => store.write_export_json(&mut out).await?,
        ExportFormat::Csv => {
            store
                .write_export_csv(&mut out, conflict_timeline::web::event_url)
                .await?;
        }
    }
    store.close().await;
    out.flush().context("cannot finish writing the export")?;
    Ok(ExitCode::SUCCESS)
}

/// Shows what extraction finds in one article, without a database. The file is
/// read as ingest reads it (a `.md` file's front matter and a `.txt` file's
/// dateline give the date and are not sentences), so offsets match the stored ones.
async fn annotate(args: AnnotateArgs) -> Result<ExitCode> {
    let res = resources(&args.gazetteer)?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let origin = args.file.display().to_string();
    let is_jsonl = args.file.extension().is_some_and(|e| e == "jsonl");
    let (mut articles, rejected) = ingest::read::read_bytes(&origin, &origin, is_jsonl, &bytes);
    if let Some(r) = rejected.first() {
        anyhow::bail!("{r}");
    }
    let article = match (articles.pop(), articles.is_empty()) {
        (Some(a), true) => a,
        (None, _) => anyhow::bail!("{origin}: no article in the file"),
        (Some(_), false) => anyhow::bail!(
            "{origin}: holds {} articles; annotate reads one",
            articles.len() + 1
        ),
    };
    let published = match &args.published {
        Some(p) => Some(
            ingest::read::parse_published(p).map_err(|e| anyhow::anyhow!("--published: {e}"))?,
        ),
        None => article.published,
    };
    let text = article.text;
    // The headline counts as ingest counts it (whether the article is about war).
    let x = extract::extract(
        ArticleText {
            title: article.title.as_deref(),
            text: &text,
            published,
        },
        &res,
        None,
    );
    match args.format {
        AnnotateFormat::Json => {
            println!("{}", conflict_timeline::annotate::to_json(&text, &x)?)
        }
        AnnotateFormat::Timeml => {
            print!("{}", conflict_timeline::annotate::to_timeml(&text, &x))
        }
        AnnotateFormat::Text => {
            print!("{}", conflict_timeline::annotate::to_text(&text, &x))
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether this process may write the existing database file and create SQLite's
/// side files next to it. The file is tested by opening it for writing (which
/// changes nothing), so read-only mounts and other owners' files count; the folder
/// only by its permission bits.
fn writable(db: &std::path::Path) -> bool {
    let file_ok = std::fs::OpenOptions::new().write(true).open(db).is_ok();
    let folder = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let folder_ok = std::fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly());
    file_ok && folder_ok
}

fn report_rejected(rejected: &[ingest::Rejected]) {
    for r in rejected {
        eprintln!("skipped {r}");
    }
}
