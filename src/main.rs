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
    /// `conflict-timeline` with no command serves, with every default.
    fn parse_default() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["conflict-timeline"]).args
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

/// Serves the site, creating and seeding a new database first.
async fn serve(args: ServeArgs) -> Result<ExitCode> {
    let res = resources(&args.gazetteer)?;
    let fresh = !args.db.db.exists();
    let read_only = args.read_only || (!fresh && !writable(&args.db.db));
    let store = if read_only {
        if !args.read_only {
            tracing::warn!(
                db = %args.db.db.display(),
                "the database or its folder is not writable: serving it read-only"
            );
        }
        Store::open_read_only(&args.db.db).await?
    } else {
        Store::open(&args.db.db).await?
    };
    if fresh && !read_only {
        tracing::info!(seeds = %args.seeds.display(), "new database: ingesting the sample articles");
        let summary =
            ingest::ingest(&store, &res, std::slice::from_ref(&args.seeds), &|_, _| {}).await?;
        report_rejected(&summary.rejected);
        tracing::info!("{summary}");
    }
    conflict_timeline::web::serve(store, args.addr).await?;
    Ok(ExitCode::SUCCESS)
}

/// Ingests files and folders with a progress bar, then prints the summary.
async fn ingest_paths(args: IngestArgs) -> Result<ExitCode> {
    let res = resources(&args.gazetteer)?;
    let store = Store::open(&args.db.db).await?;
    let bar = (!args.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
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
    if !args.db.db.exists() {
        anyhow::bail!(
            "database {} does not exist (run `conflict-timeline ingest` first)",
            args.db.db.display()
        );
    }
    // Exporting only reads: a database nobody may write is exported as it is.
    let store = if writable(&args.db.db) {
        Store::open(&args.db.db).await?
    } else {
        Store::open_read_only(&args.db.db).await?
    };
    let export = store.export().await?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    match args.format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &export)?;
            writeln!(out)?;
        }
        ExportFormat::Csv => export.write_csv(&mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Shows what extraction finds in one article, without a database.
async fn annotate(args: AnnotateArgs) -> Result<ExitCode> {
    let res = resources(&args.gazetteer)?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = ingest::read::decode(&bytes)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.file.display()))?;
    let published = match &args.published {
        Some(p) => Some(
            ingest::read::parse_published(p).map_err(|e| anyhow::anyhow!("--published: {e}"))?,
        ),
        None => None,
    };
    let text = text.replace("\r\n", "\n");
    let x = extract::extract(
        ArticleText {
            title: None,
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
