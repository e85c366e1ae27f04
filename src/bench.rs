//! `portal bench`: one run that loads N synthetic records, builds the index,
//! and times a fixed mix of realistic queries on the index and, for the same
//! mix, on two SQL baselines: the `LIKE '%…%'` most portals use and, on
//! SQLite, FTS5 with the trigram tokenizer. Prints Markdown.

use std::time::{Duration, Instant};

use app::domain::kinds::RecordKind;
use chrono::{DateTime, Datelike, Utc};
use indicatif::ProgressBar;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::search::query_text::to_traditional;
use crate::search::{SearchIndex, SearchRequest};
use crate::store::{Baseline, BaselineFilter, Store};

/// One query of the mix, with the filters it carries.
#[derive(Clone, Debug)]
pub struct BenchQuery {
    pub label: &'static str,
    pub text: String,
    pub kind: Option<RecordKind>,
    pub authority_id: Option<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// Words from violation facts and list reasons that citizens type.
const VIOLATION_WORDS: [&str; 12] = [
    "虚假宣传",
    "食品安全",
    "安全生产",
    "统计",
    "偷税",
    "拖欠工资",
    "环境污染",
    "无证经营",
    "超标排放",
    "消防",
    "虚报",
    "价格",
];

/// Builds a mix of at least `n` queries from the loaded data, deterministically.
pub async fn query_mix(store: &Store, n: usize, seed: u64) -> anyhow::Result<Vec<BenchQuery>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let subjects = store.sample_subjects(5000).await?;
    let records = store.sample_records(5000).await?;
    anyhow::ensure!(
        !subjects.is_empty() && !records.is_empty(),
        "no data to build queries from"
    );
    let mut out = Vec::new();
    let plain = |label, text: String| BenchQuery {
        label,
        text,
        kind: None,
        authority_id: None,
        from: None,
        to: None,
    };
    while out.len() < n {
        let (name, uscc) = subjects.choose(&mut rng).cloned().unwrap_or_default();
        let (doc_no, title, kind, authority) = records.choose(&mut rng).cloned().unwrap_or_default();
        let chars: Vec<char> = name.chars().collect();
        // A fragment from inside the name, skipping the city prefix most names share.
        let start = rng.gen_range(0..chars.len().saturating_sub(4).max(1));
        let fragment: String = chars.iter().skip(start).take(4).collect();
        let word = VIOLATION_WORDS[rng.gen_range(0..VIOLATION_WORDS.len())].to_string();
        let title_words: String = title.chars().take(6).collect();
        let ascii_doc = doc_no
            .replace('〔', "[")
            .replace('〕', "]")
            .trim_end_matches('号')
            .to_string();
        out.push(plain("name fragment", fragment.clone()));
        out.push(plain("full name", name.clone()));
        if let Some(code) = uscc {
            out.push(plain("USCC", code));
        }
        out.push(plain("document number", doc_no.clone()));
        out.push(plain("document number, ASCII brackets", ascii_doc));
        out.push(plain("violation words", word.clone()));
        out.push(plain("title words", title_words));
        out.push(plain("name fragment, Traditional", to_traditional(&fragment)));
        out.push(plain("full name, Traditional", to_traditional(&name)));
        out.push(BenchQuery {
            label: "violation words + kind + department",
            text: word,
            kind: RecordKind::from_code(&kind),
            authority_id: Some(authority),
            from: None,
            to: None,
        });
        let year = Utc::now().year();
        out.push(BenchQuery {
            label: "name fragment + date range",
            text: fragment,
            kind: None,
            authority_id: None,
            from: chrono::NaiveDate::from_ymd_opt(year - 2, 1, 1),
            to: chrono::NaiveDate::from_ymd_opt(year, 12, 31),
        });
    }
    out.truncate(n.max(200));
    Ok(out)
}

/// Latency percentiles of one side of the comparison.
#[derive(Clone, Debug)]
pub struct Timings {
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub total: Duration,
    pub count: usize,
}

impl Timings {
    fn from(mut samples: Vec<Duration>) -> Timings {
        samples.sort();
        let at = |q: f64| samples[((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1];
        Timings {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            total: samples.iter().sum(),
            count: samples.len(),
        }
    }

    pub fn qps(&self) -> f64 {
        self.count as f64 / self.total.as_secs_f64().max(1e-9)
    }
}

pub async fn time_index(index: &SearchIndex, mix: &[BenchQuery], today: chrono::NaiveDate) -> anyhow::Result<Timings> {
    let mut samples = Vec::with_capacity(mix.len());
    for q in mix {
        let request = SearchRequest {
            text: q.text.clone(),
            kind: q.kind,
            authority_id: q.authority_id,
            from: q.from,
            to: q.to,
            limit: 20,
            ..Default::default()
        };
        let started = Instant::now();
        let results = index.search(&request, today)?;
        samples.push(started.elapsed());
        std::hint::black_box(results);
    }
    Ok(Timings::from(samples))
}

/// One SQL baseline over the mix (FTS5: its table must be built first).
pub async fn time_baseline(
    store: &Store,
    baseline: Baseline,
    mix: &[BenchQuery],
    today: chrono::NaiveDate,
) -> anyhow::Result<Timings> {
    let mut samples = Vec::with_capacity(mix.len());
    for q in mix {
        let filter = BaselineFilter {
            kind: q.kind.map(|k| k.code().to_string()),
            authority_id: q.authority_id,
            from: q.from,
            to: q.to,
        };
        let started = Instant::now();
        let ids = store.baseline_search(baseline, &q.text, &filter, today, 20).await?;
        samples.push(started.elapsed());
        std::hint::black_box(ids);
    }
    Ok(Timings::from(samples))
}

/// Peak resident memory of this process (VmHWM), in MiB; None off Linux.
pub fn peak_rss_mib() -> Option<f64> {
    status_kib("VmHWM:").map(|kib| kib as f64 / 1024.0)
}

/// The largest `RssAnon` seen, sampled every 100 ms on a thread of its own:
/// the memory the process itself holds. VmHWM also counts the pages of the
/// index and database files it has mapped and touched, which the kernel
/// shares with its page cache and takes back under pressure.
struct AnonymousPeak {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: std::thread::JoinHandle<Option<u64>>,
}

impl AnonymousPeak {
    fn start() -> AnonymousPeak {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let sampler = std::thread::spawn(move || {
            let mut peak = None;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_kib("RssAnon:"));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            peak.max(status_kib("RssAnon:"))
        });
        AnonymousPeak { stop, sampler }
    }

    /// The peak in MiB; None off Linux.
    fn stop(self) -> Option<f64> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.sampler.join().ok().flatten().map(|kib| kib as f64 / 1024.0)
    }
}

/// A `/proc/self/status` line's value in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Every `step`-th query of the mix, so a sample keeps every kind of query.
pub fn sample(mix: &[BenchQuery], max: usize) -> Vec<BenchQuery> {
    let step = mix.len().div_ceil(max.max(1)).max(1);
    mix.iter().step_by(step).cloned().collect()
}

/// The whole benchmark; `data_dir` should be empty (a fresh database is measured).
/// At a million records one baseline query takes seconds, so `baseline_max`
/// limits the baseline to an even sample of the mix; the ratio is then taken
/// against the index on the same sample.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    store: &Store,
    data_dir: &std::path::Path,
    records: u64,
    queries: usize,
    baseline_max: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let today = app::domain::clock::china_date(now);
    let hidden = ProgressBar::hidden();
    let anonymous = AnonymousPeak::start();
    let started = Instant::now();
    let report = crate::demo_load::load_demo(store, records, seed, now, &hidden).await?;
    let import = started.elapsed();
    anyhow::ensure!(
        report.rejected == 0,
        "demo rows were rejected: {:?}",
        report.errors.first()
    );

    let index = SearchIndex::open(data_dir)?;
    let started = Instant::now();
    let indexed = crate::search::sync::rebuild(&index, store, &hidden).await?;
    index.follow_switch()?;
    let build = started.elapsed();

    let mix = query_mix(store, queries, seed).await?;
    // One untimed pass each warms caches the same way for both sides.
    time_index(&index, &mix, today).await?;
    time_baseline(store, Baseline::Like, &mix[..mix.len().min(20)], today).await?;
    let tantivy = time_index(&index, &mix, today).await?;
    let baseline_mix = sample(&mix, baseline_max);
    let sql = time_baseline(store, Baseline::Like, &baseline_mix, today).await?;
    let tantivy_same = time_index(&index, &baseline_mix, today).await?;
    // FTS5 is fast enough for the whole mix; its table is built (and timed) here.
    let started = Instant::now();
    let fts5 = if store.build_fts5_baseline().await? {
        let build = started.elapsed();
        time_baseline(store, Baseline::Fts5, &mix[..mix.len().min(20)], today).await?;
        Some((build, time_baseline(store, Baseline::Fts5, &mix, today).await?))
    } else {
        None
    };

    let db_bytes = dir_size(data_dir) - dir_size(&data_dir.join("index"));
    let mut out = String::new();
    out.push_str(&format!(
        "| measure | value |\n|---|---|\n| engine | {} |\n",
        store.engine()
    ));
    out.push_str(&format!(
        "| records loaded | {records} in {:.1} s = **{:.0} rows/s** (validation + store + change log) |\n",
        import.as_secs_f64(),
        records as f64 / import.as_secs_f64()
    ));
    out.push_str(&format!(
        "| index build (`reindex`) | {indexed} documents in {:.1} s |\n",
        build.as_secs_f64()
    ));
    out.push_str(&format!(
        "| index size | {:.1} MiB |\n",
        index.size_bytes() as f64 / 1048576.0
    ));
    out.push_str(&format!("| database size | {:.1} MiB |\n", db_bytes as f64 / 1048576.0));
    if let Some((build, _)) = &fts5 {
        out.push_str(&format!(
            "| FTS5 trigram table build (baseline) | {:.1} s |\n",
            build.as_secs_f64()
        ));
    }
    if let Some(rss) = peak_rss_mib() {
        out.push_str(&format!("| peak RSS | {rss:.0} MiB |\n"));
    }
    if let Some(peak) = anonymous.stop() {
        out.push_str(&format!(
            "| peak anonymous RSS (heap, caches; without the index and database files mapped) | {peak:.0} MiB |\n"
        ));
    }
    out.push_str(&format!(
        "\n{} queries in the mix; the SQL baseline ran {} of them (an even sample), and the ratio compares \
         both sides on that sample.\n\n",
        mix.len(),
        baseline_mix.len()
    ));
    out.push_str("| | queries | p50 ms | p95 ms | p99 ms | queries/s |\n|---|---|---|---|---|---|\n");
    for (name, t) in [
        ("tantivy index, whole mix", &tantivy),
        ("tantivy index, baseline sample", &tantivy_same),
        ("SQL `LIKE '%…%'` baseline", &sql),
    ] {
        let (p50, p95, p99) = (ms(t.p50), ms(t.p95), ms(t.p99));
        out.push_str(&format!(
            "| {name} | {} | {p50} | {p95} | {p99} | {:.0} |\n",
            t.count,
            t.qps()
        ));
    }
    let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    let ratios = |name: &str, index: &Timings, other: &Timings| {
        format!(
            "| {name} | | {:.1}× | {:.1}× | {:.1}× | {:.1}× |\n",
            ratio(index.p50, other.p50),
            ratio(index.p95, other.p95),
            ratio(index.p99, other.p99),
            index.qps() / other.qps().max(1e-9)
        )
    };
    if let Some((_, f)) = &fts5 {
        let (p50, p95, p99) = (ms(f.p50), ms(f.p95), ms(f.p99));
        out.push_str(&format!(
            "| SQLite FTS5 trigram baseline, whole mix | {} | {p50} | {p95} | {p99} | {:.0} |\n",
            f.count,
            f.qps()
        ));
    }
    out.push_str(&ratios("`LIKE` baseline ÷ index (sample)", &tantivy_same, &sql));
    if let Some((_, f)) = &fts5 {
        out.push_str(&ratios("FTS5 baseline ÷ index (whole mix)", &tantivy, f));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_samples() {
        let t = Timings::from((1..=100).map(Duration::from_millis).collect());
        assert_eq!(t.p50, Duration::from_millis(50));
        assert_eq!(t.p95, Duration::from_millis(95));
        assert_eq!(t.p99, Duration::from_millis(99));
        assert_eq!(t.count, 100);
        assert!((t.qps() - 100.0 / 5.05).abs() < 0.01);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_anonymous_peak_sees_memory_the_process_held_and_let_go() {
        let sampler = AnonymousPeak::start();
        let before = status_kib("RssAnon:").unwrap();
        // 64 MiB touched page by page, held past a few samples, then freed.
        let held = vec![1u8; 64 * 1024 * 1024];
        std::thread::sleep(Duration::from_millis(350));
        std::hint::black_box(&held);
        drop(held);
        let peak = sampler.stop().unwrap();
        assert!(
            peak * 1024.0 >= (before + 60 * 1024) as f64,
            "peak {peak} MiB, before {before} KiB"
        );
        assert!(peak_rss_mib().unwrap() >= peak, "VmHWM counts the anonymous pages too");
    }
}
