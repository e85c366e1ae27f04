//! The `portal` command line: serve the portal, import and export records,
//! generate demo data, merge subjects, withdraw records, verify the change log.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use app::domain::clock::Clock;
use app::domain::file_rows::FileValues;
use app::domain::kinds::RecordKind;
use app::domain::list_lifecycle::Arrival;
use app::domain::record_validation::ValidationContext;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use portal::config::{load_calendar, DataConfig};
use portal::demo_load::{load_demo, DEFAULT_DEMO_RECORDS};
use portal::export::{export, ExportFormat, ExportSpec};
use portal::import::{read_path, ImportError, ImportJob, ImportReport, ImportSource};
use portal::search::SearchIndex;
use portal::system_clock::SystemClock;

#[derive(Parser)]
#[command(
    name = "portal",
    version,
    about = "城市信用信息公示平台 — integrity and credit disclosure portal"
)]
struct Cli {
    /// Folder for the SQLite database and other files.
    #[arg(long, global = true, env = "PORTAL_DATA", default_value = "data")]
    data: PathBuf,
    /// PostgreSQL URL (postgres://…); when unset, SQLite in the data folder is used.
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Permit,
    Penalty,
    Pledge,
    Redlist,
    Blacklist,
    Integrity,
}

impl From<Kind> for RecordKind {
    fn from(k: Kind) -> RecordKind {
        match k {
            Kind::Permit => RecordKind::Permit,
            Kind::Penalty => RecordKind::Penalty,
            Kind::Pledge => RecordKind::Pledge,
            Kind::Redlist => RecordKind::Redlist,
            Kind::Blacklist => RecordKind::Blacklist,
            Kind::Integrity => RecordKind::Integrity,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal over HTTP (Ctrl-C stops it after in-flight requests).
    Serve {
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Load demo data first if the database holds no records.
        #[arg(long)]
        demo: bool,
    },
    /// Import a CSV, XLSX or XLS file: the national 双公示 columns, the 2015
    /// template, the exchange format's field codes or a published list layout.
    Import {
        #[arg(long, value_enum)]
        kind: Kind,
        file: PathBuf,
        /// Who is importing, for the change log.
        #[arg(long, default_value = "import")]
        actor: String,
        /// A value for every row, for a column the file lacks or leaves empty
        /// (e.g. --set 数据来源单位=某市市场监督管理局); may be repeated.
        #[arg(long = "set", value_name = "列名=值")]
        set: Vec<String>,
        /// Show the column mapping and what would be added, corrected or
        /// refused, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Black lists only: the list was decided by a higher authority that
        /// has already given notice (告知) and heard the defence (申辩); its
        /// entries are published directly, marked 由上级机关认定. Each row must
        /// carry its own 认定文书号 and 列入日期. Without it a new black-list
        /// entry is a proposal (拟列入), public only after the procedure in
        /// /admin/lists.
        #[arg(long)]
        already_decided: bool,
    },
    /// Export a kind's records in the same columns (full IDs unless --public).
    Export {
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only publicly visible records, identity numbers masked.
        #[arg(long)]
        public: bool,
    },
    /// Add synthetic demo records (realistic names, valid codes, all kinds).
    Demo {
        #[arg(long, default_value_t = 10_000)]
        records: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Subject maintenance.
    Subject {
        #[command(subcommand)]
        command: SubjectCommand,
    },
    /// Withdraw a record (a revoked decision); it leaves public view at once.
    Withdraw {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "admin")]
        actor: String,
    },
    /// Benchmark the bulk download: load N demo records into a fresh database,
    /// download one kind's CSV over HTTP and report time and memory; prints Markdown.
    BenchDownload {
        #[arg(long, default_value_t = 100_000)]
        records: u64,
        #[arg(long, value_enum, default_value = "penalty")]
        kind: Kind,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write a consistent copy of the SQLite database while the portal runs.
    Backup {
        /// The backup file to create (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the SQLite database with a backup (stop `portal serve` first).
    /// The backup's change log is verified first; the search index is removed
    /// so the next start rebuilds it from the restored data.
    Restore { file: PathBuf },
    /// Recompute the change log's hash chain and report the first broken link.
    VerifyLog,
    /// Back-office accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Run the scheduled work once (for cron): expire records whose window or
    /// term ended, flag overdue submissions. Safe to run from several hosts.
    Tick,
    /// Rebuild the search index from the database beside the live one, then switch to it.
    Reindex,
    /// Benchmark: load N records into a fresh database, build the index, time a
    /// query mix on the index and on two SQL baselines (LIKE, and on SQLite
    /// FTS5 trigram); prints Markdown.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        records: u64,
        #[arg(long, default_value_t = 300)]
        queries: usize,
        /// Run the (slow) LIKE baseline on at most this many queries of the mix, evenly
        /// sampled (FTS5 runs the whole mix).
        #[arg(long, default_value_t = 300)]
        baseline_queries: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account. Without --password-stdin it prompts for a password on a
    /// terminal (Enter alone generates one) or generates one and prints it once.
    /// The account must choose its own password at first login.
    Add {
        /// Login name: 3–32 of a-z, 0-9, '.', '_', '-'.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The provider's department: its id, exact name or USCC.
        #[arg(long)]
        department: Option<String>,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Provider,
    Reviewer,
    Admin,
}

impl From<RoleArg> for app::domain::staff::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Provider => app::domain::staff::Role::Provider,
            RoleArg::Reviewer => app::domain::staff::Role::Reviewer,
            RoleArg::Admin => app::domain::staff::Role::Admin,
        }
    }
}

#[derive(Subcommand)]
enum SubjectCommand {
    /// Merge subject FROM into INTO; FROM's page then redirects to INTO.
    Merge {
        #[arg(long)]
        from: i64,
        #[arg(long)]
        into: i64,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "admin")]
        actor: String,
    },
}

fn progress_bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_string());
    bar
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tantivy=warn".into());
    // PORTAL_LOG_FORMAT=json: one JSON object per line, for log collectors.
    if std::env::var("PORTAL_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    let cli = Cli::parse();
    let config = DataConfig::new(cli.data.clone(), cli.database_url.clone());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // `cargo run` with no command: serve on the default address with demo data.
    let command = cli.command.unwrap_or(Command::Serve {
        addr: "127.0.0.1:3000".parse()?,
        demo: true,
    });
    match command {
        Command::Serve { addr, demo } => {
            let store = config.open_store().await?;
            if demo && store.record_count().await? == 0 {
                tracing::info!("empty database: loading {DEFAULT_DEMO_RECORDS} demo records");
                let report = load_demo(&store, DEFAULT_DEMO_RECORDS, 2026, clock.now(), &progress_bar("demo")).await?;
                tracing::info!("{}", report.summary());
                portal::demo_follow_up::add_government_integrity_follow_up(&store, clock.now()).await?;
                portal::config::write_demo_site_settings(&config.data_dir)?;
            }
            portal::startup::serve(&config, store, addr, clock).await?;
        }
        Command::Import {
            kind,
            file,
            actor,
            set,
            dry_run,
            already_decided,
        } => {
            let kind: RecordKind = kind.into();
            if already_decided && kind != RecordKind::Blacklist {
                eprintln!("--already-decided 仅用于黑名单（--kind blacklist）");
                std::process::exit(2);
            }
            let values = match FileValues::parse(kind, &set) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("--set 有误：{e}");
                    std::process::exit(2);
                }
            };
            let store = config.open_store().await?;
            let sheet = read_path(&file).with_context(|| format!("{}", file.display()))?;
            let mut job = ImportJob::new(
                &store,
                ImportSource::Cli,
                kind,
                ValidationContext::new(clock.today()),
                actor,
                clock.now(),
            );
            job.values = values;
            job.dry_run = dry_run;
            job.file_name = file.display().to_string();
            if already_decided {
                job.arrival = Arrival::DecidedElsewhere;
            }
            let report = match job.run(&sheet, &progress_bar("import")).await {
                Ok(r) => r,
                Err(ImportError::Store(e)) => return Err(e.into()),
                Err(e) => {
                    eprintln!("导入失败：{e}");
                    std::process::exit(2);
                }
            };
            print_import_report(&report);
            store.refresh_planner_statistics().await?;
            store.close().await;
            if report.rejected > 0 {
                std::process::exit(1);
            }
        }
        Command::Export {
            kind,
            format,
            out,
            public,
        } => {
            let store = config.open_store().await?;
            let spec = ExportSpec {
                kind: kind.into(),
                format,
                public,
                today: clock.today(),
            };
            let n = match out {
                Some(path) => {
                    let file = std::fs::File::create(&path).with_context(|| format!("{}", path.display()))?;
                    export(&store, spec, std::io::BufWriter::new(file)).await?
                }
                None => export(&store, spec, std::io::BufWriter::new(std::io::stdout().lock())).await?,
            };
            eprintln!("已导出 {n} 条");
        }
        Command::Demo { records, seed } => {
            let store = config.open_store().await?;
            let started = std::time::Instant::now();
            let report = load_demo(&store, records, seed, clock.now(), &progress_bar("demo")).await?;
            store.refresh_planner_statistics().await?;
            let (remedies, results) =
                portal::demo_follow_up::add_government_integrity_follow_up(&store, clock.now()).await?;
            portal::config::write_demo_site_settings(&config.data_dir)?;
            println!("{}（用时 {:.1} 秒）", report.summary(), started.elapsed().as_secs_f64());
            println!("政务诚信：责令书面说明或限期整改 {remedies} 项，发布评价结果 {results} 条");
            for e in report.errors.iter().take(20) {
                println!("错误：{e}");
            }
        }
        Command::Subject {
            command:
                SubjectCommand::Merge {
                    from,
                    into,
                    reason,
                    actor,
                },
        } => {
            let store = config.open_store().await?;
            let moved = store.merge_subjects(from, into, &actor, &reason, clock.now()).await?;
            println!("主体 {from} 已并入 {into}，转移记录 {moved} 条");
        }
        Command::Withdraw { id, reason, actor } => {
            let store = config.open_store().await?;
            store.withdraw_record(id, &reason, &actor, clock.now()).await?;
            println!("记录 {id} 已撤销");
        }
        Command::Reindex => {
            let store = config.open_store().await?;
            let search = SearchIndex::open(&config.data_dir)?;
            let started = std::time::Instant::now();
            let n = portal::search::sync::rebuild(&search, &store, &progress_bar("reindex")).await?;
            println!(
                "索引已重建：{n} 条公示信息（用时 {:.1} 秒）",
                started.elapsed().as_secs_f64()
            );
        }
        Command::Bench {
            records,
            queries,
            baseline_queries,
            seed,
        } => {
            let tmp;
            // A fresh database every run, unless --data/DATABASE_URL name one on purpose.
            let data_dir = if cli.data == std::path::Path::new("data") && cli.database_url.is_none() {
                tmp = tempfile::tempdir()?;
                tmp.path().to_path_buf()
            } else {
                config.data_dir.clone()
            };
            let store = DataConfig::new(data_dir.clone(), cli.database_url.clone())
                .open_store()
                .await?;
            anyhow::ensure!(store.record_count().await? == 0, "bench needs an empty database");
            let report =
                portal::bench::run(&store, &data_dir, records, queries, baseline_queries, seed, clock.now()).await?;
            println!("{report}");
        }
        Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    department,
                    password_stdin,
                },
        } => {
            let store = config.open_store().await?;
            let report = add_user(
                &store,
                &name,
                role.into(),
                department.as_deref(),
                password_stdin,
                clock.now(),
            )
            .await?;
            println!("{report}");
        }
        Command::BenchDownload { records, kind, seed } => {
            let tmp = tempfile::tempdir()?;
            let store = DataConfig::new(tmp.path().to_path_buf(), cli.database_url.clone())
                .open_store()
                .await?;
            anyhow::ensure!(
                store.record_count().await? == 0,
                "bench-download needs an empty database"
            );
            let report =
                portal::bench_download::run(&store, tmp.path(), records, kind.into(), seed, clock.now()).await?;
            println!("{report}");
        }
        Command::Tick => {
            let store = config.open_store().await?;
            // Read afresh at every run: a changed calendar file counts at once.
            let calendar = load_calendar(&config.data_dir)?;
            let year = chrono::Datelike::year(&clock.today());
            if !calendar.has_data_for_year(year) {
                eprintln!(
                    "注意：{year} 年放假安排尚未载入（{}/cn_holidays.csv），工作日按周末及固定日期法定节日推算",
                    config.data_dir.display()
                );
            }
            let report = portal::tick::run_tick(&store, &calendar, clock.now()).await?;
            println!("{}", report.summary());
            store.close().await;
        }
        Command::Backup { out } => {
            let store = config.open_store().await?;
            let started = std::time::Instant::now();
            store.backup_to(&out).await?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!(
                "备份完成：{}（{:.1} MB，用时 {:.1} 秒）",
                out.display(),
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Restore { file } => {
            anyhow::ensure!(
                cli.database_url.is_none(),
                "restore replaces the SQLite file; for PostgreSQL use pg_restore (docs/OPERATIONS.md)"
            );
            // Check the backup on its own before touching the live file.
            let check_dir = tempfile::tempdir()?;
            let copy = check_dir.path().join("portal.db");
            std::fs::copy(&file, &copy).with_context(|| format!("{}", file.display()))?;
            let backup = portal::store::Store::connect(&portal::store::Store::sqlite_url(check_dir.path()))
                .await
                .context("the file is not a portal database")?;
            let report = backup.verify_change_log().await?;
            if let Some(b) = report.first_break {
                anyhow::bail!("the backup's change log is broken: {b}");
            }
            backup.close().await;
            std::fs::create_dir_all(&config.data_dir)?;
            let target = config.data_dir.join("portal.db");
            let staged = config.data_dir.join("portal.db.restoring");
            std::fs::copy(&copy, &staged)?;
            for stale in ["portal.db-wal", "portal.db-shm"] {
                let _ = std::fs::remove_file(config.data_dir.join(stale));
            }
            std::fs::rename(&staged, &target)?;
            let _ = std::fs::remove_dir_all(config.data_dir.join("index"));
            println!(
                "已恢复：{}（变更记录 {} 行，校验通过）；搜索索引将在下次启动时重建",
                target.display(),
                report.rows_verified
            );
        }
        Command::VerifyLog => {
            let store = config.open_store().await?;
            let report = store.verify_change_log().await?;
            match report.first_break {
                None => println!("变更记录完整：已校验 {} 行", report.rows_verified),
                Some(b) => {
                    println!("变更记录在第 {} 行之后断裂：{b}", report.rows_verified);
                    std::process::exit(1);
                }
            }
            let (checked, mismatched) = store.records_not_matching_log().await?;
            if mismatched.is_empty() {
                println!("信息与变更记录一致：已核对 {checked} 条");
            } else {
                println!(
                    "{} 条信息与其最后一条变更记录不一致，如编号 {:?}",
                    mismatched.len(),
                    &mismatched[..mismatched.len().min(10)]
                );
                std::process::exit(1);
            }
        }
    }
    Ok(())
}

/// `portal user add`: checks the name, role and department, gets a password
/// (stdin, prompt or generated) and stores its argon2id hash.
async fn add_user(
    store: &portal::store::Store,
    name: &str,
    role: app::domain::staff::Role,
    department: Option<&str>,
    password_stdin: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<String> {
    use app::domain::staff::{password_problem, username_problem, Role};
    use portal::auth::password::{generate_password, hash_password};
    use std::io::IsTerminal;

    let name = name.trim().to_lowercase();
    if let Some(p) = username_problem(&name) {
        anyhow::bail!("--name: {p}");
    }
    let department_id = match (role, department) {
        (Role::Provider, None) => anyhow::bail!("--department is required for a provider"),
        (Role::Provider, Some(d)) => {
            let all = store.all_departments().await?;
            let found = all
                .iter()
                .find(|x| x.id.to_string() == d || x.name == d || x.uscc.eq_ignore_ascii_case(d));
            match found {
                Some(x) => Some(x.id),
                None => anyhow::bail!("--department: no department with id, name or USCC “{d}”"),
            }
        }
        (_, Some(_)) => anyhow::bail!("--department applies to providers only"),
        (_, None) => None,
    };
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (Enter alone generates one): ")?;
        if first.is_empty() {
            (generate_password(), true)
        } else {
            let again = rpassword::prompt_password("Repeat the password: ")?;
            anyhow::ensure!(first == again, "the two passwords differ");
            (first, false)
        }
    } else {
        (generate_password(), true)
    };
    if let Some(p) = password_problem(&name, &password) {
        anyhow::bail!("password: {p}");
    }
    let hash = hash_password(&password);
    let id = store
        .create_staff(&name, role.code(), department_id, &hash, "cli", now)
        .await?;
    let mut report = format!(
        "user {name} (#{id}, {}) added; the password must be changed at first login",
        role.code()
    );
    if generated {
        report.push_str(&format!("\ninitial password (shown once): {password}"));
    }
    Ok(report)
}

/// Refusals a dry run prints; the rest are counted.
const DRY_RUN_SHOWN: usize = 20;

/// What `portal import` prints: how the headers were read, then the rows' problems and the counts.
fn print_import_report(report: &ImportReport) {
    println!("表头：第 {} 行", report.header_row);
    for (header, reading) in &report.mapping {
        println!("  {header} → {reading}");
    }
    for (column, value) in &report.file_values {
        println!("统一填写：{column} = {value}");
    }
    for u in &report.unknown_headers {
        let private = if u.personal_id {
            "（含身份证件号码，不公开）"
        } else {
            ""
        };
        match u.nearest {
            Some(n) => println!(
                "提示：未使用的列“{}”已随记录保留，仅后台可见{private}（最接近的国家标准列：{n}）",
                u.header
            ),
            None => println!("提示：未使用的列“{}”已随记录保留，仅后台可见{private}", u.header),
        }
    }
    let shown = if report.dry_run { DRY_RUN_SHOWN } else { usize::MAX };
    for w in report.warnings.iter().take(shown) {
        println!("警告：{w}");
    }
    for e in report.errors.iter().take(shown) {
        println!("错误：{e}");
    }
    if report.errors.len() > shown {
        println!("……另有 {} 条错误未列出", report.errors.len() - shown);
    }
    println!("{}", report.summary());
}
