//! The command line: every command and option, with clap, and the checks
//! of values that clap hands over as text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use samverkan_domain::time::parse_reference_date;

/// Samverkan: who works against segregation in Sweden, which grants can be
/// applied for and by when, and whether each entry is still true.
#[derive(Parser)]
#[command(name = "samverkan", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The database: sqlite://PATH or postgres://USER@HOST/DB. By default an
    /// SQLite file in the data directory ($SAMVERKAN_DATA_DIR, else the
    /// platform's data directory), created and loaded with the bundled dataset
    /// on first use.
    #[arg(long, global = true, env = "SAMVERKAN_DATABASE_URL", value_name = "URL")]
    pub(crate) database: Option<String>,

    /// Log format on standard error.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "SAMVERKAN_LOG_FORMAT")]
    pub(crate) log_format: LogFormat,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Serve the JSON API (and, later, the website) over HTTP.
    Serve(Box<ServeArgs>),
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
    /// Copy the database to a new file while the service runs (SQLite: a
    /// consistent snapshot by `VACUUM INTO`, writes go on meanwhile). For
    /// PostgreSQL use `pg_dump`; see docs/OPERATIONS.md.
    Backup {
        /// The file to write; it must not exist yet.
        dest: PathBuf,
    },
    /// Replace the database with a backup made by `backup` (SQLite). Stop the
    /// service first. The backup is checked before anything is replaced.
    Restore {
        /// The backup file.
        source: PathBuf,
    },
    /// Manage editors' accounts. Passwords are read from standard input and
    /// stored only as Argon2id hashes.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for the write API, for automation. A token is
    /// printed once, when it is made; the database keeps only its hash.
    #[command(subcommand)]
    Token(TokenCommand),
    /// E-mail alerts (bevakningar): plan what is due and send the outbox.
    /// `serve` does this by itself; this is for cron, and for catching up.
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Fetch the files organisations publish with their grants (each
    /// organisation gives the address in the editors' area) and take what
    /// changed: proposals for review, or direct changes where the
    /// organisation chose so; nothing is deleted. `serve` does this daily.
    /// Exits with status 1 when any file was refused.
    Harvest(HarvestArgs),
}

#[derive(clap::Args)]
pub(crate) struct HarvestArgs {
    /// Only this organisation's file (an actor id).
    #[arg(long, value_name = "ACTOR")]
    pub(crate) organisation: Option<String>,
    /// Set the organisation's file (with --organisation) to this address
    /// before harvesting it; its editors can also set it in the editors' area.
    #[arg(long, value_name = "URL", requires = "organisation")]
    pub(crate) set: Option<String>,
    /// With --set: publish differences directly instead of as proposals
    /// for review.
    #[arg(long, requires = "set")]
    pub(crate) direct: bool,
    /// The address the site is published at, named in the requests' user agent.
    #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    pub(crate) public_url: Option<String>,
    /// Let the harvest ask loopback, private and other non-public
    /// addresses (never by default: an editor gives the address).
    #[arg(long)]
    pub(crate) allow_private_links: bool,
}

#[derive(Subcommand)]
pub(crate) enum AlertsCommand {
    /// Plan the reminders and digests due (catching up on any days missed)
    /// and send every message due, then exit.
    Send {
        /// Plan as on this day (YYYY-MM-DD, at noon Swedish time); by default now.
        #[arg(long, value_parser = reference_date, value_name = "DATE")]
        on: Option<Date>,
        /// The address the site is published at, for the links in messages.
        #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
        public_url: Option<String>,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Counts of subscriptions and messages (never addresses).
    Status {
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

/// How alert messages are sent.
#[derive(Args, Clone)]
pub(crate) struct MailArgs {
    /// The SMTP server: smtps://USER@HOST[:PORT] (implicit TLS),
    /// smtp://USER@HOST[:PORT]?tls=required (STARTTLS), or smtp://HOST:PORT
    /// (no encryption: only for a server on the same machine). Without it,
    /// each message is written as an .eml file in the mail directory.
    #[arg(long, env = "SAMVERKAN_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub(crate) smtp_url: Option<String>,
    /// A file holding the SMTP password (so that it is on no command line);
    /// SAMVERKAN_SMTP_PASSWORD works too. Either replaces a password in the URL.
    #[arg(long, env = "SAMVERKAN_SMTP_PASSWORD_FILE", value_name = "FILE")]
    pub(crate) smtp_password_file: Option<PathBuf>,
    /// The sender of alert messages, such as "Samverkan <bevakning@kommun.example>";
    /// by default samverkan@ the public address's host.
    #[arg(long, env = "SAMVERKAN_MAIL_FROM", value_name = "ADDRESS")]
    pub(crate) mail_from: Option<String>,
    /// Where messages are written as .eml files when no SMTP server is
    /// given; by default `mail` in the data directory.
    #[arg(long, env = "SAMVERKAN_MAIL_DIR", value_name = "DIR")]
    pub(crate) mail_dir: Option<PathBuf>,
    /// Seconds a sender holds a message it is sending before another sender
    /// (another instance, or this one restarted after a crash) may take it over.
    #[arg(long, env = "SAMVERKAN_MAIL_LEASE_SECONDS", default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) mail_lease_seconds: u64,
    /// Seconds to wait after a temporary SMTP failure before trying again;
    /// the wait doubles each time (up to six hours), 10 attempts in all.
    #[arg(long, env = "SAMVERKAN_MAIL_RETRY_SECONDS", default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) mail_retry_seconds: u64,
    /// How often (seconds) `serve` looks for messages that other processes
    /// wrote (another instance, `samverkan alerts send` from cron).
    #[arg(long, env = "SAMVERKAN_MAIL_POLL_SECONDS", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) mail_poll_seconds: u64,
}

#[derive(Subcommand)]
pub(crate) enum TokenCommand {
    /// Make a token that acts as ACCOUNT, and print it (once).
    Add {
        /// The account the token acts as (enabled).
        account: String,
        /// What the token is for, 1 to 100 characters.
        #[arg(long)]
        name: String,
    },
    /// List the tokens, revoked ones too (never the tokens themselves).
    List {
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Revoke a token for good, by its number (see `token list`).
    Revoke { id: i64 },
}

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// Create an account; the password (12 characters or more) is read from
    /// standard input, for example `printf '%s' "$PASSWORD" | samverkan user add anna`.
    Add {
        /// The username: lower-case letters a–z, digits, dots, hyphens, underscores.
        name: String,
        /// `editor` edits entries; `admin` also manages accounts.
        #[arg(long, value_enum, default_value_t = RoleArg::Editor)]
        role: RoleArg,
        /// Make the editor an organisation's editor: only what this actor
        /// owns (its own entry, the grants it provides, the initiatives it
        /// takes part in) can be changed. An actor id such as "boverket";
        /// repeatable.
        #[arg(long = "organisation", value_name = "ACTOR")]
        organisations: Vec<String>,
    },
    /// Add an account to an organisation (an actor): it can then change only
    /// what its organisations own.
    Join { name: String, actor: String },
    /// End an account's membership of an organisation (not its last one:
    /// disable the account instead).
    Leave { name: String, actor: String },
    /// Set the e-mail address an account's reminders go to (entries of its
    /// organisations falling due for a check); without ADDRESS, remove it.
    Email { name: String, address: Option<String> },
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
pub(crate) enum RoleArg {
    Editor,
    Admin,
}

#[derive(Args)]
pub(crate) struct GenerateArgs {
    /// How many grants.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=2_000_000))]
    pub(crate) grants: u64,
    /// How many actors give them (at least 1).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=200_000))]
    pub(crate) actors: u64,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on.
    #[arg(
        long,
        default_value = "127.0.0.1:8080",
        env = "SAMVERKAN_ADDR",
        value_name = "HOST:PORT"
    )]
    pub(crate) addr: SocketAddr,
    /// Days after its last check by which an entry is due to be checked
    /// again (a grant also 30 days before each dated deadline); past that
    /// it counts as overdue ("stale").
    #[arg(long, default_value_t = 365, env = "SAMVERKAN_STALE_DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub(crate) stale_days: u32,
    /// Days before an entry's check falls due that its organisation's
    /// editors (with an e-mail address) are reminded, and the dashboard
    /// lists it.
    #[arg(long, default_value_t = 14, env = "SAMVERKAN_VERIFY_REMIND_DAYS", value_parser = clap::value_parser!(u32).range(1..=365))]
    pub(crate) verify_remind_days: u32,
    /// The address the site is published at (https://…), for absolute links
    /// in feeds and calendar files and as the origin forms must come from;
    /// over https it also turns on Secure cookies and HSTS. By default
    /// http:// and the address listened on (which must then be a specific one).
    #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    pub(crate) public_url: Option<String>,
    /// A reverse proxy whose X-Forwarded-For is believed for the client's
    /// address (an IP or a range such as 10.0.0.0/8; repeatable, or
    /// comma-separated). None by default: the header is then ignored.
    #[arg(
        long = "trusted-proxy",
        env = "SAMVERKAN_TRUSTED_PROXIES",
        value_name = "IP[/BITS]",
        value_delimiter = ','
    )]
    pub(crate) trusted_proxies: Vec<samverkan_web::http::net::IpRange>,
    /// Let the link checker ask loopback, private and other non-public
    /// addresses. Off by default, so that no editor can make the service
    /// probe its own network; for tests and closed installations.
    #[arg(long, env = "SAMVERKAN_ALLOW_PRIVATE_LINKS")]
    pub(crate) allow_private_links: bool,
    /// Where to report a vulnerability (mailto:… or https://…), published in
    /// /.well-known/security.txt; without it, the contact e-mail address is used.
    #[arg(long, env = "SAMVERKAN_SECURITY_CONTACT", value_name = "URI", value_parser = security_contact)]
    pub(crate) security_contact: Option<String>,
    /// How many connections are served at once; keep it below the process's
    /// open-file limit (`ulimit -n`). Beyond it, clients wait to be accepted.
    #[arg(long, env = "SAMVERKAN_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub(crate) max_connections: u32,
    /// Serve Prometheus metrics at /metrics on this address (for example
    /// 127.0.0.1:9090), apart from the public one. Without it, none are served.
    #[arg(long, env = "SAMVERKAN_METRICS_ADDR", value_name = "ADDR")]
    pub(crate) metrics_addr: Option<SocketAddr>,
    /// How much memory (MiB) the cache of public answers may hold; 0 turns
    /// it off. Each page is kept compressed, as it is sent.
    #[arg(long, env = "SAMVERKAN_RESPONSE_CACHE_MIB", default_value_t = 64, value_name = "MIB", value_parser = clap::value_parser!(u64).range(0..=65_536))]
    pub(crate) response_cache_mib: u64,
    /// Where to keep the search index between runs, so that start-up opens
    /// it instead of indexing every entry again. By default, beside an
    /// SQLite database (`samverkan.db-search`); with PostgreSQL, in the data
    /// directory (`postgres-search`). The index records which database and
    /// which change it is of, and is built again when it is not of the
    /// database at hand; one process at a time keeps it there (others build
    /// theirs in memory).
    #[arg(long, env = "SAMVERKAN_SEARCH_INDEX_DIR", value_name = "DIR")]
    pub(crate) search_index_dir: Option<std::path::PathBuf>,
    /// Serve a database that is not to be written (a replica, a mounted
    /// snapshot): it is opened read-only, nothing is migrated or loaded into
    /// it, and the editors' area and the write API are switched off.
    #[arg(long, env = "SAMVERKAN_READ_ONLY")]
    pub(crate) read_only: bool,
    /// Who runs this installation (an organisation's name), shown in every
    /// page's footer and in the accessibility statement.
    #[arg(long, env = "SAMVERKAN_OPERATOR", value_name = "NAME", value_parser = operator_name)]
    pub(crate) operator: Option<String>,
    /// Where people report problems with the site, shown in the accessibility statement.
    #[arg(long, env = "SAMVERKAN_CONTACT_EMAIL", value_name = "ADDRESS", value_parser = email)]
    pub(crate) contact_email: Option<String>,
    /// Who publishes the data, named in the feeds and the open-data catalogue.
    #[arg(
        long,
        env = "SAMVERKAN_PUBLISHER",
        default_value = "Samverkan",
        value_name = "NAME"
    )]
    pub(crate) publisher: String,
    #[command(flatten)]
    pub(crate) mail: MailArgs,
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// A .toml or .json dataset file, or a directory of them.
    pub(crate) path: PathBuf,
    /// Who is importing, recorded in each revision.
    #[arg(long, default_value = "import")]
    pub(crate) author: String,
    /// Why, recorded in each revision.
    #[arg(long, default_value = "")]
    pub(crate) comment: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    Json,
    Toml,
}

#[derive(Args)]
pub(crate) struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Args)]
pub(crate) struct DeadlinesArgs {
    /// The reference date (YYYY-MM-DD); by default today in Europe/Stockholm.
    #[arg(long, value_parser = reference_date, value_name = "DATE")]
    pub(crate) on: Option<Date>,
    /// Only deadlines at most this many days after the reference date.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub(crate) within: Option<u32>,
    /// Only grants in this area (an id such as "boende"; repeatable).
    #[arg(long, value_name = "AREA")]
    pub(crate) area: Vec<String>,
    /// Only grants open to this applicant type (an id such as "ideell-forening"; repeatable).
    #[arg(long, value_name = "TYPE")]
    pub(crate) applicant: Vec<String>,
    /// Also list grants without a next deadline (rolling, unknown, passed).
    #[arg(long)]
    pub(crate) all: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// The reference date (YYYY-MM-DD); by default today in Europe/Stockholm.
    #[arg(long, value_parser = reference_date, value_name = "DATE")]
    pub(crate) on: Option<Date>,
    /// Days after which an unverified entry counts as stale.
    #[arg(long, default_value_t = 365, env = "SAMVERKAN_STALE_DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub(crate) stale_days: u32,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
    /// Also ask every web address in the catalogue whether it answers, and
    /// record the results for the editors' dashboard.
    #[arg(long)]
    pub(crate) links: bool,
    /// Seconds to wait for each address.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=120))]
    pub(crate) link_timeout: u64,
    /// How many addresses to ask at once.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=32))]
    pub(crate) link_concurrency: u64,
    /// Where the service is published, named in the link checker's user agent.
    #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_name = "URL", value_parser = public_url)]
    pub(crate) public_url: Option<String>,
    /// Let the link checker ask loopback, private and other non-public
    /// addresses (off by default).
    #[arg(long, env = "SAMVERKAN_ALLOW_PRIVATE_LINKS")]
    pub(crate) allow_private_links: bool,
}

/// A public URL: http(s), a host, no query, fragment, user or control characters.
pub(crate) fn public_url(text: &str) -> Result<String, String> {
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
pub(crate) fn email(text: &str) -> Result<String, String> {
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
pub(crate) fn operator_name(text: &str) -> Result<String, String> {
    let text = text.trim();
    match samverkan_domain::text::check_text(text, false) {
        Ok(()) if !text.is_empty() && text.chars().count() <= 200 => Ok(text.to_string()),
        Ok(()) => Err("give a name of 1 to 200 characters".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// A security contact as RFC 9116 asks: a `mailto:` or `https://` URI.
pub(crate) fn security_contact(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("mailto:") || text.starts_with("https://"))
        && text.len() > "mailto:".len()
        && text.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(text.to_string())
    } else {
        Err("give a mailto: or https:// address".to_string())
    }
}

pub(crate) fn reference_date(text: &str) -> Result<Date, String> {
    parse_reference_date(text).map_err(|e| e.to_string())
}
