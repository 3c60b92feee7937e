//! The load behind `scripts/bench.sh`: signs in the scale data's people, then asks each
//! question of `tests::questions` from many connections at once for a while, and reports
//! requests per second, p50 and p99 latency, the answer's size and the SQL statements one
//! request costs (read from the server's `/metrics`, when it has one).
//!
//! `bench run` measures one server and writes its results as JSON; `bench compare` prints a
//! Markdown table of two such files side by side.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};
use backend::scale::Manifest;
use clap::{Parser, Subcommand};
use serde::{Deserialize, Serialize};
use tests::questions::{self, Persona, QUESTIONS, Question};

#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Loads one server.
    Run {
        #[arg(long)]
        url: String,
        #[arg(long)]
        manifest: PathBuf,
        #[arg(long, default_value_t = 50)]
        connections: usize,
        /// Seconds of load per question (after a second of warm-up).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Requests slower than this count as timeouts.
        #[arg(long, default_value_t = 5000)]
        timeout_ms: u64,
        #[arg(long)]
        out: PathBuf,
        /// The server is the baseline: ask each question as its API took it.
        #[arg(long)]
        baseline: bool,
        /// Ask at this many requests per second in all, each on time whether or not the ones
        /// before were answered (an open load, like many people each clicking now and then),
        /// instead of from `connections` that each ask again as soon as answered. Latency
        /// then counts from when a request was due, so a server falling behind shows in it.
        #[arg(long)]
        rate: Option<f64>,
        /// Only the questions whose name contains this.
        #[arg(long)]
        only: Option<String>,
    },
    /// Prints one run's results as a Markdown table.
    Show { results: PathBuf },
    /// Prints two runs' results as one Markdown table.
    Compare {
        before: PathBuf,
        after: PathBuf,
        #[arg(long, default_value = "before")]
        before_label: String,
        #[arg(long, default_value = "after")]
        after_label: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Measured {
    question: String,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
    timeouts: u64,
    bytes: usize,
    statements: Option<u64>,
    /// The first error, when the question could not be asked at all.
    failure: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Run {
            url,
            manifest,
            connections,
            seconds,
            timeout_ms,
            out,
            baseline,
            rate,
            only,
        } => {
            let manifest: Manifest = serde_json::from_str(
                &std::fs::read_to_string(&manifest)
                    .with_context(|| format!("reading {}", manifest.display()))?,
            )?;
            let client = reqwest::Client::builder()
                .timeout(Duration::from_millis(timeout_ms))
                .pool_max_idle_per_host(connections)
                .build()?;
            let bench = Bench {
                client,
                url,
                manifest,
                connections,
                duration: Duration::from_secs(seconds),
                baseline,
                rate,
            };
            let mut results = Vec::new();
            let mut tokens = std::collections::BTreeMap::new();
            let chosen = QUESTIONS
                .iter()
                .filter(|q| only.as_deref().is_none_or(|only| q.name.contains(only)));
            for question in chosen {
                if let std::collections::btree_map::Entry::Vacant(slot) =
                    tokens.entry(question.persona)
                {
                    slot.insert(bench.sign_in(question.persona).await?);
                }
                let token = tokens[&question.persona].clone();
                let measured = bench.measure(question, token.as_deref()).await;
                eprintln!("{}", row(&measured, None, false));
                results.push(measured);
            }
            std::fs::write(&out, serde_json::to_string_pretty(&results)?)?;
        }
        Command::Show { results } => {
            let results: Vec<Measured> = serde_json::from_str(&std::fs::read_to_string(&results)?)?;
            println!("| question | req/s | p50 ms | p99 ms | SQL/req | KB |");
            println!("|---|---:|---:|---:|---:|---:|");
            for measured in &results {
                println!("{}", row(measured, None, false));
            }
        }
        Command::Compare {
            before,
            after,
            before_label,
            after_label,
        } => {
            let read = |path: &PathBuf| -> anyhow::Result<Vec<Measured>> {
                Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
            };
            let (before, after) = (read(&before)?, read(&after)?);
            println!(
                "| question | {before_label}: req/s | p50 ms | p99 ms | SQL/req | {after_label}: req/s | p50 ms | p99 ms | SQL/req | KB | × req/s |"
            );
            println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for new in &after {
                let old = before.iter().find(|old| old.question == new.question);
                println!("{}", row(new, old, true));
            }
        }
    }
    Ok(())
}

struct Bench {
    client: reqwest::Client,
    url: String,
    manifest: Manifest,
    connections: usize,
    duration: Duration,
    /// Whether the server is the baseline (see `questions::baseline_body`).
    baseline: bool,
    /// An open load's requests per second (see `Command::Run`).
    rate: Option<f64>,
}

impl Bench {
    async fn sign_in(&self, persona: Persona) -> anyhow::Result<Option<String>> {
        let Some(login) = persona.login(&self.manifest) else {
            return Ok(None);
        };
        let body = serde_json::json!({
            "query": "mutation($l: String!, $p: String!) { signIn(login: $l, password: $p) { id } }",
            "variables": { "l": login, "p": self.manifest.password },
        });
        let response = self.post(None, body.to_string()).await?;
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("kh_session="))
            .map(|rest| rest.split(';').next().unwrap_or_default().to_owned());
        match cookie {
            Some(token) => Ok(Some(token)),
            None => bail!("{login} could not sign in: {}", response.text().await?),
        }
    }

    async fn post(&self, token: Option<&str>, body: String) -> reqwest::Result<reqwest::Response> {
        post(&self.client, &self.url, token, body).await
    }

    async fn statements(&self) -> Option<u64> {
        let text = self
            .client
            .get(format!("{}/metrics", self.url))
            .send()
            .await
            .ok()
            .filter(|response| response.status().is_success())?
            .text()
            .await
            .ok()?;
        text.lines()
            .find_map(|line| line.strip_prefix("khuyenhoc_sql_statements_total "))
            .and_then(|value| value.trim().parse().ok())
    }

    async fn measure(&self, question: &Question, token: Option<&str>) -> Measured {
        let body = if self.baseline {
            questions::baseline_body(question, &self.manifest, 50)
        } else {
            questions::body(question, &self.manifest, 50)
        };
        let mut measured = Measured {
            question: question.name.into(),
            requests_per_second: 0.0,
            p50_ms: 0.0,
            p99_ms: 0.0,
            errors: 0,
            timeouts: 0,
            bytes: 0,
            statements: None,
            failure: None,
        };
        // One at a time first: is the answer right, how big, and how many statements.
        for _ in 0..3 {
            let before = self.statements().await;
            match ask(&self.client, &self.url, token, &body).await {
                Ok(bytes) => measured.bytes = bytes,
                Err(failure) => {
                    measured.failure = Some(failure);
                    return measured;
                }
            }
            if let (Some(before), Some(after)) = (before, self.statements().await) {
                let spent = after - before;
                measured.statements = Some(measured.statements.map_or(spent, |s| s.min(spent)));
            }
        }
        // Then under load: a second of warm-up, then the measured window.
        let body = Arc::new(body);
        let token = token.map(str::to_owned);
        let warm_up = Instant::now() + Duration::from_secs(1);
        let end = warm_up + self.duration;
        let (mut latencies, errors, timeouts) = match self.rate {
            Some(rate) => self.open_load(rate, &body, token, warm_up, end).await,
            None => self.closed_load(&body, token, warm_up, end).await,
        };
        measured.errors = errors;
        measured.timeouts = timeouts;
        latencies.sort();
        // Nearest rank: the smallest latency at least a fraction q of requests did not exceed.
        let at = |q: f64| {
            let rank = (latencies.len() as f64 * q).ceil() as usize;
            latencies
                .get(rank.saturating_sub(1))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        let answered = latencies.len() as u64 - measured.timeouts;
        measured.requests_per_second = answered as f64 / self.duration.as_secs_f64();
        measured.p50_ms = at(0.50);
        measured.p99_ms = at(0.99);
        measured
    }
}

/// What a load found: the latencies of the requests asked inside the window (timeouts
/// included, at their timeout), the errors, and the timeouts.
type Load = (Vec<Duration>, u64, u64);

impl Bench {
    /// Every connection asks again as soon as it is answered.
    async fn closed_load(
        &self,
        body: &Arc<String>,
        token: Option<String>,
        warm_up: Instant,
        end: Instant,
    ) -> Load {
        let mut workers = Vec::new();
        for _ in 0..self.connections {
            let (client, url, body, token) = (
                self.client.clone(),
                self.url.clone(),
                body.clone(),
                token.clone(),
            );
            workers.push(tokio::spawn(async move {
                let mut found = Vec::new();
                loop {
                    let started = Instant::now();
                    if started >= end {
                        break;
                    }
                    let answer = ask(&client, &url, token.as_deref(), &body).await;
                    let finished = Instant::now();
                    // Only what was asked and answered inside the window counts.
                    if started < warm_up || finished > end {
                        continue;
                    }
                    found.push((finished - started, answer));
                }
                found
            }));
        }
        let mut found = Vec::new();
        for worker in workers {
            found.extend(worker.await.unwrap_or_default());
        }
        tally(found)
    }

    /// A request falls due every 1/`rate` s whether or not the ones before were answered;
    /// each one's latency counts from when it was due.
    async fn open_load(
        &self,
        rate: f64,
        body: &Arc<String>,
        token: Option<String>,
        warm_up: Instant,
        end: Instant,
    ) -> Load {
        let every = Duration::from_secs_f64(1.0 / rate.max(0.1));
        let mut due = warm_up - Duration::from_secs(1);
        let mut asked = tokio::task::JoinSet::new();
        while due < end {
            tokio::time::sleep_until(due.into()).await;
            let (client, url, body, token) = (
                self.client.clone(),
                self.url.clone(),
                body.clone(),
                token.clone(),
            );
            let counts = due >= warm_up;
            asked.spawn(async move {
                let answer = ask(&client, &url, token.as_deref(), &body).await;
                (counts, due.elapsed(), answer)
            });
            due += every;
        }
        let mut found = Vec::new();
        while let Some(done) = asked.join_next().await {
            if let Ok((true, latency, answer)) = done {
                found.push((latency, answer));
            }
        }
        tally(found)
    }
}

/// Latencies, errors and timeouts of answered requests. A timeout is a latency too (at least
/// the timeout): leaving it out would flatter p99.
fn tally(found: Vec<(Duration, Result<usize, String>)>) -> Load {
    let (mut latencies, mut errors, mut timeouts) = (Vec::new(), 0, 0);
    for (latency, answer) in found {
        match answer {
            Ok(_) => latencies.push(latency),
            Err(failure) if failure.contains("timed out") => {
                timeouts += 1;
                latencies.push(latency);
            }
            Err(_) => errors += 1,
        }
    }
    (latencies, errors, timeouts)
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: String,
) -> reqwest::Result<reqwest::Response> {
    let mut request = client
        .post(format!("{url}/graphql"))
        .header("content-type", "application/json")
        .header("x-khuyenhoc-client", "bench")
        .body(body);
    if let Some(token) = token {
        request = request.header("cookie", format!("kh_session={token}"));
    }
    request.send().await
}

/// Asks once; the answer's size, or what went wrong (an HTTP status, a GraphQL error code).
async fn ask(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &str,
) -> Result<usize, String> {
    let response = post(client, url, token, body.to_owned())
        .await
        .map_err(|error| {
            if error.is_timeout() {
                "timed out".to_owned()
            } else {
                error.to_string()
            }
        })?;
    let status = response.status();
    let text = response.text().await.map_err(|error| error.to_string())?;
    if !status.is_success() {
        return Err(format!("HTTP {status}: {text}"));
    }
    // Errors are reported as `"errors":[…]`; a successful answer has only `data`.
    if text.contains("\"errors\"") {
        return Err(text.chars().take(300).collect());
    }
    Ok(text.len())
}

fn row(new: &Measured, old: Option<&Measured>, compare: bool) -> String {
    let cells = |m: &Measured| match &m.failure {
        Some(failure) => format!(
            "failed: {} | | | ",
            failure
                .replace('|', "/")
                .chars()
                .take(60)
                .collect::<String>()
        ),
        None => format!(
            "{:.0}{} | {:.1} | {:.1} | {}",
            m.requests_per_second,
            if m.timeouts + m.errors > 0 {
                format!(" ({} timeouts, {} errors)", m.timeouts, m.errors)
            } else {
                String::new()
            },
            m.p50_ms,
            m.p99_ms,
            m.statements.map_or("–".into(), |s| s.to_string())
        ),
    };
    match old {
        None if compare => format!(
            "| {} | not asked | | | | {} | {:.1} | – |",
            new.question,
            cells(new),
            new.bytes as f64 / 1024.0
        ),
        None => format!(
            "| {} | {} | {:.1} |",
            new.question,
            cells(new),
            new.bytes as f64 / 1024.0
        ),
        Some(old) => format!(
            "| {} | {} | {} | {:.1} | {} |",
            new.question,
            cells(old),
            cells(new),
            new.bytes as f64 / 1024.0,
            if old.requests_per_second > 0.0 && new.failure.is_none() {
                format!("{:.1}×", new.requests_per_second / old.requests_per_second)
            } else {
                "–".into()
            }
        ),
    }
}
