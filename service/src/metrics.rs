//! `GET /metrics`: Prometheus text exposition (prometheus-client).
//!
//! - `hashbridge_verifies_total{scheme,result}`: verifies by scheme and result (`valid`,
//!   `invalid`, `unknown_user`, or an error kind), fed by the library's observer hook;
//! - `hashbridge_verify_duration_seconds{scheme}`: how long they took (histogram);
//! - `hashbridge_request_duration_seconds{endpoint}`: whole requests, store work included;
//! - `hashbridge_rejected_total{reason}`: requests refused before a verify (`overload`,
//!   `throttled`, `unauthorized`, `store_unavailable`, `bad_request`);
//! - `hashbridge_migrations_total`: accounts this process marked migrated;
//! - `hashbridge_accounts{scheme,state}` and `hashbridge_failed_logins{scheme}`: the store's
//!   census, read at each scrape, so the count-down is right across restarts and replicas;
//! - `hashbridge_hash_queue{kind}`: verifies waiting now (`queued`) and the pool's size
//!   (`threads`, `capacity`).

use std::time::Duration;

use hashbridge::observe::{Observer, VerifyEvent};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::store::SchemeCensus;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerifyLabels {
    scheme: String,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SchemeLabel {
    scheme: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EndpointLabel {
    endpoint: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AccountLabels {
    scheme: String,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabel {
    kind: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency() -> Histogram {
    // 100 µs to about 6.5 s: md5-crypt at the low end, a queued argon2id at the high end.
    Histogram::new(exponential_buckets(0.000_1, 2.0, 17))
}

/// The service's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    verifies: Family<VerifyLabels, Counter>,
    verify_seconds: Histograms<SchemeLabel>,
    request_seconds: Histograms<EndpointLabel>,
    rejected: Family<ReasonLabel, Counter>,
    migrations: Counter,
    accounts: Family<AccountLabels, Gauge>,
    failed_logins: Family<SchemeLabel, Gauge>,
    queue: Family<QueueLabel, Gauge>,
}

/// Why a request was refused before any verify, for `hashbridge_rejected_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// The hashing queue was full.
    Overload,
    /// The account or client is throttled.
    Throttled,
    /// No or a wrong secret.
    Unauthorized,
    /// The store could not be reached.
    StoreUnavailable,
    /// The body was not a request of the endpoint.
    BadRequest,
}

impl Rejection {
    fn label(self) -> &'static str {
        match self {
            Rejection::Overload => "overload",
            Rejection::Throttled => "throttled",
            Rejection::Unauthorized => "unauthorized",
            Rejection::StoreUnavailable => "store_unavailable",
            Rejection::BadRequest => "bad_request",
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric registered, all at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("hashbridge");
        let verifies = Family::<VerifyLabels, Counter>::default();
        let verify_seconds: Histograms<SchemeLabel> = Family::new_with_constructor(latency);
        let request_seconds: Histograms<EndpointLabel> = Family::new_with_constructor(latency);
        let rejected = Family::<ReasonLabel, Counter>::default();
        let migrations = Counter::default();
        let accounts = Family::<AccountLabels, Gauge>::default();
        let failed_logins = Family::<SchemeLabel, Gauge>::default();
        let queue = Family::<QueueLabel, Gauge>::default();
        registry.register(
            "verifies",
            "Password verifies by scheme and result",
            verifies.clone(),
        );
        registry.register(
            "verify_duration_seconds",
            "Time one verify took, by scheme",
            verify_seconds.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time a login request took, store work included, by endpoint",
            request_seconds.clone(),
        );
        registry.register(
            "rejected",
            "Requests refused before a verify, by reason",
            rejected.clone(),
        );
        registry.register(
            "migrations",
            "Accounts this process marked migrated",
            migrations.clone(),
        );
        registry.register(
            "accounts",
            "Accounts in the store by scheme and state",
            accounts.clone(),
        );
        registry.register(
            "failed_logins",
            "Failed logins recorded in the store, by scheme",
            failed_logins.clone(),
        );
        registry.register(
            "hash_queue",
            "The hashing pool: verifies queued now, threads, queue capacity",
            queue.clone(),
        );
        Metrics {
            registry,
            verifies,
            verify_seconds,
            request_seconds,
            rejected,
            migrations,
            accounts,
            failed_logins,
            queue,
        }
    }

    /// Count a refusal.
    pub fn rejected(&self, why: Rejection) {
        self.rejected
            .get_or_create(&ReasonLabel {
                reason: why.label(),
            })
            .inc();
    }

    /// Count an account marked migrated.
    pub fn migrated(&self) {
        self.migrations.inc();
    }

    /// Record a whole request's time.
    pub fn request(&self, endpoint: &'static str, took: Duration) {
        self.request_seconds
            .get_or_create(&EndpointLabel { endpoint })
            .observe(took.as_secs_f64());
    }

    /// The exposition text, with the store's census and the queue's state as of now.
    pub fn render(
        &self,
        census: &[SchemeCensus],
        queued: usize,
        threads: usize,
        depth: usize,
    ) -> String {
        self.accounts.clear();
        self.failed_logins.clear();
        for c in census {
            for (state, n) in [
                ("legacy", c.legacy),
                ("migrated", c.migrated),
                ("locked", c.locked),
            ] {
                self.accounts
                    .get_or_create(&AccountLabels {
                        scheme: c.scheme.clone(),
                        state,
                    })
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
            self.failed_logins
                .get_or_create(&SchemeLabel {
                    scheme: c.scheme.clone(),
                })
                .set(i64::try_from(c.failed_logins).unwrap_or(i64::MAX));
        }
        for (kind, n) in [
            ("queued", queued),
            ("threads", threads),
            ("capacity", depth),
        ] {
            self.queue
                .get_or_create(&QueueLabel { kind })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

impl Observer for Metrics {
    fn verified(&self, e: &VerifyEvent<'_>) {
        let scheme = e.scheme.unwrap_or("unknown").to_owned();
        self.verify_seconds
            .get_or_create(&SchemeLabel {
                scheme: scheme.clone(),
            })
            .observe(e.duration.as_secs_f64());
        self.verifies
            .get_or_create(&VerifyLabels {
                scheme,
                result: e.result.as_str(),
            })
            .inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_and_verifies_are_exposed() {
        let m = Metrics::new();
        m.rejected(Rejection::Overload);
        let text = m.render(
            &[SchemeCensus {
                scheme: "md5_crypt".into(),
                legacy: 3,
                migrated: 1,
                locked: 0,
                failed_logins: 2,
            }],
            0,
            2,
            32,
        );
        for want in [
            "hashbridge_accounts{scheme=\"md5_crypt\",state=\"legacy\"} 3",
            "hashbridge_accounts{scheme=\"md5_crypt\",state=\"migrated\"} 1",
            "hashbridge_failed_logins{scheme=\"md5_crypt\"} 2",
            "hashbridge_rejected_total{reason=\"overload\"} 1",
            "hashbridge_hash_queue{kind=\"capacity\"} 32",
        ] {
            assert!(text.contains(want), "{want} missing from\n{text}");
        }
        // A scheme gone from the census is gone from the gauges.
        let text = m.render(&[], 0, 2, 32);
        assert!(!text.contains("md5_crypt"), "{text}");
    }
}
