//! `samverkan`: the command-line tool and server.
//!
//! Thin glue over the `domain`, `store` and `web` crates: it reads arguments,
//! opens the database (an SQLite file in the data directory unless told
//! otherwise), and prints tables for people or JSON for programs.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use samverkan_domain::check::check;
use samverkan_domain::deadline::swedish_date;
use samverkan_domain::time::{parse_reference_date, today_in_sweden};
use samverkan_domain::{Catalog, Dataset, Format, GrantQuery, Slug, Source, bundled};
use samverkan_store::{Change, Store, StoreError};
use samverkan_web::api::views::GrantItem;
use samverkan_web::{AppState, Config};

/// Samverkan: who works against segregation in Sweden, which grants can be
/// applied for and by when, and whether each entry is still true.
#[derive(Parser)]
#[command(name = "samverkan", version, about, long_about = None)]
struct Cli {
    /// The database: sqlite://PATH or postgres://USER@HOST/DB. By default an
    /// SQLite file in the data directory ($SAMVERKAN_DATA_DIR, else the
    /// platform's data directory), created and loaded with the bundled dataset
    /// on first use.
    #[arg(long, global = true, env = "SAMVERKAN_DATABASE_URL", value_name = "URL")]
    database: Option<String>,

    /// Log format on standard error.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "SAMVERKAN_LOG_FORMAT")]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the JSON API (and, later, the website) over HTTP.
    Serve(ServeArgs),
    /// Import a dataset file (.toml or .json) or a directory of them. All or
    /// nothing: with any error, nothing changes.
    Import(ImportArgs),
    /// Write the current dataset to standard output, in the format `import` reads.
    Export(ExportArgs),
    /// List grants by next deadline.
    Deadlines(DeadlinesArgs),
    /// Check data quality: stale entries, passed deadlines, missing fields.
    /// Exits with status 1 when it finds problems.
    Check(CheckArgs),
    /// Write a synthetic dataset (for load tests and benchmarks) to standard
    /// output, in the format `import` reads. The same seed gives the same data.
    Generate(GenerateArgs),
    /// Manage editors' accounts. Passwords are read from standard input and
    /// stored only as Argon2id hashes.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password (12 characters or more) is read from
    /// standard input, for example `printf '%s' "$PASSWORD" | samverkan user add anna`.
    Add {
        /// The username: lower-case letters a–z, digits, dots, hyphens, underscores.
        name: String,
        /// `editor` edits entries; `admin` also manages accounts.
        #[arg(long, value_enum, default_value_t = RoleArg::Editor)]
        role: RoleArg,
    },
    /// Set a new password, read from standard input.
    Passwd { name: String },
    /// Disable an account: it can no longer sign in. Accounts are never deleted.
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
    /// List the accounts.
    List {
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Editor,
    Admin,
}

#[derive(Args)]
struct GenerateArgs {
    /// How many grants.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=2_000_000))]
    grants: u64,
    /// How many actors give them (at least 1).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=200_000))]
    actors: u64,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
}

#[derive(Args)]
struct ServeArgs {
    /// The address to listen on.
    #[arg(
        long,
        default_value = "127.0.0.1:8080",
        env = "SAMVERKAN_ADDR",
        value_name = "HOST:PORT"
    )]
    addr: SocketAddr,
    /// Days after which an unverified entry counts as stale.
    #[arg(long, default_value_t = 365, env = "SAMVERKAN_STALE_DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    stale_days: u32,
    /// The address the site is published at (https://…), for absolute links
    /// in feeds and calendar files and as the origin forms must come from;
    /// over https it also turns on Secure cookies and HSTS. By default
    /// http:// and the address listened on (which must then be a specific one).
    #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    public_url: Option<String>,
    /// A reverse proxy whose X-Forwarded-For is believed for the client's
    /// address (an IP or a range such as 10.0.0.0/8; repeatable, or
    /// comma-separated). None by default: the header is then ignored.
    #[arg(
        long = "trusted-proxy",
        env = "SAMVERKAN_TRUSTED_PROXIES",
        value_name = "IP[/BITS]",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<samverkan_web::http::net::IpRange>,
    /// Let the link checker ask loopback, private and other non-public
    /// addresses. Off by default, so that no editor can make the service
    /// probe its own network; for tests and closed installations.
    #[arg(long, env = "SAMVERKAN_ALLOW_PRIVATE_LINKS")]
    allow_private_links: bool,
    /// Where to report a vulnerability (mailto:… or https://…), published in
    /// /.well-known/security.txt; without it, the contact e-mail address is used.
    #[arg(long, env = "SAMVERKAN_SECURITY_CONTACT", value_name = "URI", value_parser = security_contact)]
    security_contact: Option<String>,
    /// Who runs this installation (an organisation's name), shown in every
    /// page's footer and in the accessibility statement.
    #[arg(long, env = "SAMVERKAN_OPERATOR", value_name = "NAME", value_parser = operator_name)]
    operator: Option<String>,
    /// Where people report problems with the site, shown in the accessibility statement.
    #[arg(long, env = "SAMVERKAN_CONTACT_EMAIL", value_name = "ADDRESS", value_parser = email)]
    contact_email: Option<String>,
    /// Who publishes the data, named in the feeds and the open-data catalogue.
    #[arg(
        long,
        env = "SAMVERKAN_PUBLISHER",
        default_value = "Samverkan",
        value_name = "NAME"
    )]
    publisher: String,
}

#[derive(Args)]
struct ImportArgs {
    /// A .toml or .json dataset file, or a directory of them.
    path: PathBuf,
    /// Who is importing, recorded in each revision.
    #[arg(long, default_value = "import")]
    author: String,
    /// Why, recorded in each revision.
    #[arg(long, default_value = "")]
    comment: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Toml,
}

#[derive(Args)]
struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Args)]
struct DeadlinesArgs {
    /// The reference date (YYYY-MM-DD); by default today in Europe/Stockholm.
    #[arg(long, value_parser = reference_date, value_name = "DATE")]
    on: Option<Date>,
    /// Only deadlines at most this many days after the reference date.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3660))]
    within: Option<u32>,
    /// Only grants in this area (an id such as "boende"; repeatable).
    #[arg(long, value_name = "AREA")]
    area: Vec<String>,
    /// Only grants open to this applicant type (an id such as "ideell-forening"; repeatable).
    #[arg(long, value_name = "TYPE")]
    applicant: Vec<String>,
    /// Also list grants without a next deadline (rolling, unknown, passed).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

#[derive(Args)]
struct CheckArgs {
    /// The reference date (YYYY-MM-DD); by default today in Europe/Stockholm.
    #[arg(long, value_parser = reference_date, value_name = "DATE")]
    on: Option<Date>,
    /// Days after which an unverified entry counts as stale.
    #[arg(long, default_value_t = 365, env = "SAMVERKAN_STALE_DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    stale_days: u32,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Also ask every web address in the catalogue whether it answers, and
    /// record the results for the editors' dashboard.
    #[arg(long)]
    links: bool,
    /// Seconds to wait for each address.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=120))]
    link_timeout: u64,
    /// How many addresses to ask at once.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=32))]
    link_concurrency: u64,
    /// Where the service is published, named in the link checker's user agent.
    #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    public_url: Option<String>,
    /// Let the link checker ask loopback, private and other non-public
    /// addresses (off by default).
    #[arg(long, env = "SAMVERKAN_ALLOW_PRIVATE_LINKS")]
    allow_private_links: bool,
}

/// A public URL: http(s), a host, no query, fragment, user or control characters.
fn public_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or("give an address that starts with https:// or http://")?;
    let host = rest.split('/').next().unwrap_or("");
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        && rest
            .chars()
            .all(|c| c.is_ascii_graphic() && !"?#@\\\"<>".contains(c));
    if ok {
        Ok(text.trim_end_matches('/').to_string())
    } else {
        Err(format!(
            "\"{text}\" is not a plain web address such as https://samverkan.example"
        ))
    }
}

/// An e-mail address: one word with an @ between two parts.
fn email(text: &str) -> Result<String, String> {
    let ok = text
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && text
            .chars()
            .all(|c| c.is_ascii_graphic() && !"<>\"(),;:\\[]".contains(c));
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "\"{text}\" is not an e-mail address such as kontakt@example.se"
        ))
    }
}

/// An operator's name: one plain line.
fn operator_name(text: &str) -> Result<String, String> {
    let text = text.trim();
    match samverkan_domain::text::check_text(text, false) {
        Ok(()) if !text.is_empty() && text.chars().count() <= 200 => Ok(text.to_string()),
        Ok(()) => Err("give a name of 1 to 200 characters".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// A security contact as RFC 9116 asks: a `mailto:` or `https://` URI.
fn security_contact(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("mailto:") || text.starts_with("https://"))
        && text.len() > "mailto:".len()
        && text.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(text.to_string())
    } else {
        Err("give a mailto: or https:// address".to_string())
    }
}

fn reference_date(text: &str) -> Result<Date, String> {
    parse_reference_date(text).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat, serving: bool) {
    let default = if serving { "info,sqlx=warn" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Generate(args) = &cli.command {
        // Needs no database.
        let data =
            samverkan_domain::synthetic::generate(args.grants as usize, args.actors as usize, args.seed);
        print!(
            "{}",
            match args.format {
                ExportFormat::Json => data.to_json(),
                ExportFormat::Toml => data.to_toml(),
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let url = database_url(cli.database.as_deref())?;
    match cli.command {
        Command::Serve(args) => serve(&url, args).await,
        Command::Import(args) => import(&url, args).await,
        Command::Export(args) => {
            let store = open_seeded(&url).await?;
            let data = store.load().await?.sorted();
            print!(
                "{}",
                match args.format {
                    ExportFormat::Json => data.to_json(),
                    ExportFormat::Toml => data.to_toml(),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Deadlines(args) => deadlines(&url, args).await,
        Command::Check(args) => check_data(&url, args).await,
        Command::Generate(_) => unreachable!("handled before the database is opened"),
        Command::User(command) => user(&url, command).await,
    }
}

/// The database URL: the one given, else an SQLite file in the data directory.
fn database_url(given: Option<&str>) -> Result<String> {
    if let Some(url) = given.filter(|u| !u.trim().is_empty()) {
        return Ok(url.to_string());
    }
    let dir = match std::env::var_os("SAMVERKAN_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .context("cannot find a data directory; set SAMVERKAN_DATA_DIR or give --database")?
            .join("samverkan"),
    };
    // Only its owner may look inside: the database holds password hashes.
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    Ok(format!("sqlite://{}", dir.join("samverkan.db").display()))
}

async fn open(url: &str) -> Result<Store> {
    Store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(url)))
}

/// Opens the database and, if it is empty, loads the bundled dataset.
async fn open_seeded(url: &str) -> Result<Store> {
    let store = open(url).await?;
    if store.is_empty().await? {
        let data = bundled::dataset().context("the bundled dataset is invalid")?;
        let change = Change {
            author: samverkan_store::FIRST_LOAD_AUTHOR,
            // Revision comments are data, and the data is Swedish.
            comment: "den medföljande datamängden, inläst vid första start",
        };
        match store.import(&data, &Default::default(), &change).await {
            Ok(report) => tracing::info!(
                created = report.created,
                "loaded the bundled dataset into the empty database"
            ),
            // Another instance seeded the same database at the same moment.
            Err(StoreError::Database(_)) | Err(StoreError::Conflict { .. }) if !store.is_empty().await? => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(store)
}

/// The URL without its password, for messages (parsed by the `url` crate;
/// a URL it cannot read is shown as it was given, since it holds no
/// password it could find either).
fn redact(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Cannot fail: the URL has a password, so it has a host.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => text.to_string(),
    }
}

async fn serve(url: &str, args: ServeArgs) -> Result<ExitCode> {
    if args.public_url.is_none() && args.addr.ip().is_unspecified() {
        bail!(
            "listening on every interface ({}) needs --public-url (or SAMVERKAN_PUBLIC_URL): the address people reach the site at, for its links and to check where forms come from",
            args.addr
        );
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let store = open_seeded(url).await?;
    let backend = store.backend_name();
    let security_contact = args
        .security_contact
        .or_else(|| args.contact_email.as_ref().map(|e| format!("mailto:{e}")));
    let state = AppState::new(
        store,
        Config {
            stale_days: args.stale_days,
            public_url: Some(args.public_url.unwrap_or_else(|| format!("http://{addr}"))),
            contact_email: args.contact_email,
            publisher: args.publisher,
            operator: args.operator,
            trusted_proxies: args.trusted_proxies,
            allow_private_links: args.allow_private_links,
            security_contact,
        },
    )
    .await?;
    state.spawn_watcher(Duration::from_secs(1));
    tracing::info!(%addr, database = %redact(url), backend, "serving");
    eprintln!("Samverkan serves http://{addr}/  (database: {})", redact(url));
    samverkan_web::serve(listener, state, shutdown_signal())
        .await
        .context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// Reads a dataset file, or every .toml and .json file of a directory.
fn read_files(path: &Path) -> Result<Vec<(String, String, Format)>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read the directory {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && Format::from_path(&p.to_string_lossy()).is_some())
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("{} holds no .toml or .json files", path.display());
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|p| {
            let shown = p.display().to_string();
            let format = Format::from_path(&shown)
                .with_context(|| format!("{shown}: a dataset file ends in .toml or .json"))?;
            let text = std::fs::read_to_string(&p).with_context(|| format!("cannot read {shown}"))?;
            Ok((shown, text, format))
        })
        .collect()
}

async fn import(url: &str, args: ImportArgs) -> Result<ExitCode> {
    let files = read_files(&args.path)?;
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|(origin, text, format)| Source {
            origin: origin.clone(),
            text,
            format: *format,
        })
        .collect();
    let (incoming, origins) = match Dataset::read_sources(&sources) {
        Ok(read) => read,
        Err(errors) => {
            eprint!("{errors}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let store = open(url).await?;
    let change = Change {
        author: &args.author,
        comment: &args.comment,
    };
    match store.import(&incoming, &origins, &change).await {
        Ok(report) => {
            println!(
                "Imported {} entries: {} new, {} changed, {} unchanged.",
                incoming.len(),
                report.created,
                report.updated,
                report.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Invalid(errors)) => {
            eprint!("{errors}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks ids given on the command line against the catalogue.
fn known_slugs(
    values: &[String],
    flag: &str,
    exists: impl Fn(&str) -> bool,
    known: Vec<String>,
) -> Result<Vec<Slug>> {
    values
        .iter()
        .map(|v| match Slug::parse(v).ok().filter(|s| exists(s.as_str())) {
            Some(s) => Ok(s),
            None => bail!(
                "--{flag}: there is no {flag} \"{v}\"; known: {}",
                known.join(", ")
            ),
        })
        .collect()
}

async fn deadlines(url: &str, args: DeadlinesArgs) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    let catalog = Catalog::new(store.load().await?);
    let on = args.on.unwrap_or_else(today_in_sweden);
    let areas = known_slugs(
        &args.area,
        "area",
        |id| catalog.area(id).is_some(),
        catalog.areas().iter().map(|a| a.id.to_string()).collect(),
    )?;
    let applicants = known_slugs(
        &args.applicant,
        "applicant",
        |id| catalog.applicant_type(id).is_some(),
        catalog
            .applicant_types()
            .iter()
            .map(|a| a.id.to_string())
            .collect(),
    )?;
    let q = GrantQuery {
        areas,
        applicants,
        within_days: args.within,
        ..Default::default()
    };
    let hits: Vec<_> = catalog
        .find_grants(&q, on)
        .into_iter()
        .filter(|h| args.all || h.next_deadline.is_some())
        .collect();
    match args.format {
        OutputFormat::Json => {
            let items: Vec<GrantItem> = hits.iter().map(|h| GrantItem::new(h, on, 365)).collect();
            let out = serde_json::json!({ "on": on.to_string(), "total": items.len(), "items": items });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.next_deadline.map(swedish_date).unwrap_or_else(|| "–".into()),
                        h.days_left.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                        h.status.to_string(),
                        h.grant.title.clone(),
                        h.provider
                            .map(|p| p.short_name.clone().unwrap_or_else(|| p.name.clone()))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            println!(
                "Sista ansökningsdag från och med {} ({} bidrag)",
                swedish_date(on),
                rows.len()
            );
            print_table(&["Sista dag", "Dagar", "Status", "Bidrag", "Ges av"], &rows);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks every link in the catalogue, records the results, and returns a
/// finding for each entry whose link is broken.
async fn broken_links(
    store: &samverkan_store::Store,
    catalog: &Catalog,
    args: &CheckArgs,
) -> Result<Vec<samverkan_domain::check::Finding>> {
    use samverkan_links::{LinkOptions, check_links, links_in};
    let used = links_in(catalog);
    let mut options = LinkOptions::polite(args.public_url.as_deref());
    options.allow_private = args.allow_private_links;
    options.timeout = std::time::Duration::from_secs(args.link_timeout);
    options.concurrency = args.link_concurrency as usize;
    let results = check_links(used.keys().cloned().collect(), &options).await?;
    store.record_link_checks(&results).await?;
    let mut out = Vec::new();
    for r in results.iter().filter(|r| !r.ok) {
        let why = match (r.status, &r.error) {
            (Some(status), _) => format!("status {status}"),
            (None, Some(e)) => e.clone(),
            (None, None) => "no answer".into(),
        };
        for (kind, id) in used.get(&r.url).into_iter().flatten() {
            out.push(samverkan_domain::check::Finding {
                kind: samverkan_domain::check::FindingKind::BrokenLink,
                entry_kind: *kind,
                id: id.clone(),
                message: format!("{} – {why}", r.url),
                field: Some(if *kind == samverkan_domain::EntryKind::Actor {
                    "website"
                } else {
                    "url"
                }),
                verified: None,
            });
        }
    }
    Ok(out)
}

async fn check_data(url: &str, args: CheckArgs) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    let catalog = Catalog::new(store.load().await?);
    let on = args.on.unwrap_or_else(today_in_sweden);
    let mut findings = check(&catalog, on, args.stale_days);
    if args.links {
        findings.extend(broken_links(&store, &catalog, &args).await?);
    }
    match args.format {
        OutputFormat::Json => {
            let out =
                serde_json::json!({ "on": on.to_string(), "total": findings.len(), "findings": findings });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = findings
                .iter()
                .map(|f| {
                    vec![
                        f.kind.as_str().to_string(),
                        f.entry_kind.to_string(),
                        f.id.to_string(),
                        f.message.clone(),
                    ]
                })
                .collect();
            print_table(&["Problem", "Kind", "Id", "Details"], &rows);
            let count = |k| findings.iter().filter(|f| f.kind == k).count();
            use samverkan_domain::check::FindingKind::*;
            println!(
                "\n{} problems on {}: {} stale, {} passed deadlines, {} missing fields{}.",
                findings.len(),
                on,
                count(Stale),
                count(PassedDeadline),
                count(MissingField),
                if args.links {
                    format!(", {} broken links", count(BrokenLink))
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints rows under a header, with `comfy-table`. Cells longer than 70
/// characters are cut with "…", so that a long title does not push the
/// other columns off the screen.
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    const MAX: usize = 70;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::ASCII_NO_BORDERS)
        .set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.iter().map(|c| cut(c)));
    }
    println!("{table}");
}

/// Reads a password from standard input: everything up to the end, without a
/// final line break.
fn read_password() -> Result<String> {
    use std::io::{IsTerminal, Read};
    if std::io::stdin().is_terminal() {
        eprintln!(
            "Type the password, then press Enter and Ctrl-D (it is shown as you type; pipe it in to avoid that):"
        );
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    Ok(text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text)
        .to_string())
}

async fn user(url: &str, command: UserCommand) -> Result<ExitCode> {
    use samverkan_web::auth::{check_username, hash_password};
    let store = open(url).await?;
    match command {
        UserCommand::Add { name, role } => {
            check_username(&name)?;
            if store.user(&name).await?.is_some() {
                bail!("there is already an account \"{name}\"");
            }
            let hash = hash_password(&read_password()?)?;
            let role = match role {
                RoleArg::Editor => samverkan_store::Role::Editor,
                RoleArg::Admin => samverkan_store::Role::Admin,
            };
            store.create_user(&name, role, &hash).await?;
            println!("Created the account \"{name}\" ({}).", role.as_str());
        }
        UserCommand::Passwd { name } => {
            if store.user(&name).await?.is_none() {
                bail!("there is no account \"{name}\"");
            }
            let hash = hash_password(&read_password()?)?;
            store.set_password(&name, &hash).await?;
            println!("Set a new password for \"{name}\".");
        }
        UserCommand::Disable { name } => {
            store.set_disabled(&name, true).await?;
            println!("Disabled the account \"{name}\".");
        }
        UserCommand::Enable { name } => {
            store.set_disabled(&name, false).await?;
            println!("Enabled the account \"{name}\".");
        }
        UserCommand::List { format } => {
            let users = store.users().await?;
            match format {
                OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&users)?),
                OutputFormat::Table => {
                    let rows: Vec<Vec<String>> = users
                        .iter()
                        .map(|u| {
                            vec![
                                u.username.clone(),
                                u.role.as_str().to_string(),
                                if u.disabled { "disabled" } else { "active" }.to_string(),
                                samverkan_domain::time::date_in_sweden(u.created_at).to_string(),
                            ]
                        })
                        .collect();
                    print_table(&["Account", "Role", "State", "Created"], &rows);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn database_passwords_are_never_shown() {
        assert_eq!(
            redact("postgres://samverkan:hemligt@db.example:5432/samverkan"),
            "postgres://samverkan:***@db.example:5432/samverkan"
        );
        assert_eq!(
            redact("postgres://samverkan@127.0.0.1/test"),
            "postgres://samverkan@127.0.0.1/test"
        );
        assert_eq!(
            redact("sqlite:///var/lib/samverkan/samverkan.db"),
            "sqlite:///var/lib/samverkan/samverkan.db"
        );
        assert!(!redact("postgres://a:p%40ss@h/d").contains("p%40ss"));
    }
}
