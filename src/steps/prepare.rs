//! Step 1, be prepared: what is known before reading the complaint. The case's own date (against
//! which "last Tuesday" is read) and the client's earlier cases in the same batch.
//!
//! Preparing is the one sequential step: it sees cases in input order so "earlier" means
//! earlier in the batch, whatever the number of threads analysing them afterwards.

use crate::case::Case;
use crate::records::{Record, Records};
use crate::report::CaseContext;
use crate::steps::facts::date::Ymd;
use std::collections::HashMap;
use std::sync::Arc;

/// Column names that carry the case's date, most specific first.
const DATE_FIELDS: &[&str] = &[
    "date_received",
    "date received",
    "created_at",
    "created",
    "creation_date",
    "submitted_at",
    "received",
    "opened",
    "date",
    "timestamp",
    "time",
];

/// Column names that identify the client across cases.
const CLIENT_FIELDS: &[&str] = &[
    "client_id",
    "customer_id",
    "account_id",
    "account_number",
    "client",
    "customer",
    "account",
    "user_id",
    "user",
    "email",
];

#[derive(Debug, Clone, Default)]
pub struct Context {
    pub report: CaseContext,
    pub date: Option<Ymd>,
    /// The client record of the case (`--records`), when there is one.
    pub record: Option<Arc<Record>>,
}

/// Remembers clients seen so far in the batch.
#[derive(Debug, Default)]
pub struct Preparer {
    date_field: Option<String>,
    by_client: HashMap<String, Vec<String>>,
    records: Option<Arc<Records>>,
}

impl Preparer {
    /// `date_field` names the date column when the user chose one (`--date-field`).
    pub fn new(date_field: Option<String>) -> Preparer {
        Preparer { date_field, by_client: HashMap::new(), records: None }
    }

    /// Looks each case up in `records` (`--records FILE`).
    pub fn with_records(mut self, records: Option<Arc<Records>>) -> Preparer {
        self.records = records;
        self
    }

    pub fn prepare(&mut self, case: &Case) -> Context {
        let mut ctx = Context { record: self.records.as_ref().and_then(|r| r.lookup(case)), ..Context::default() };
        ctx.report.record = ctx.record.as_ref().map(|r| r.source.clone());
        let date_text = match &self.date_field {
            Some(f) => case.field(f).map(str::to_string),
            None => DATE_FIELDS.iter().find_map(|f| case.field(f)).map(str::to_string),
        }
        .or_else(|| case.turns.iter().find_map(|t| t.time.clone()));
        if let Some(d) = date_text.as_deref().and_then(Ymd::parse_record_date) {
            ctx.date = Some(d);
            ctx.report.date = Some(d.to_string());
        }
        if let Some(client) = CLIENT_FIELDS.iter().find_map(|f| case.field(f)).map(str::trim)
            && !client.is_empty()
        {
            let seen = self.by_client.entry(client.to_string()).or_default();
            ctx.report.earlier_cases = seen.clone();
            seen.push(case.id.clone());
            ctx.report.client = Some(client.to_string());
        }
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, fields: &[(&str, &str)]) -> Case {
        let mut c = Case::new(id, "text");
        c.fields = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        c
    }

    #[test]
    fn finds_date_and_earlier_cases_of_the_client() {
        let mut p = Preparer::new(None);
        let a = p.prepare(&case("T1", &[("created_at", "2026-03-14T09:00:00Z"), ("customer_id", "C7")]));
        assert_eq!(a.report.date.as_deref(), Some("2026-03-14"));
        assert!(a.report.earlier_cases.is_empty());
        p.prepare(&case("T2", &[("customer_id", "C9")]));
        let c = p.prepare(&case("T3", &[("Date received", "03/20/2026"), ("customer_id", "C7")]));
        assert_eq!(c.report.earlier_cases, vec!["T1"]);
        assert_eq!(c.report.date.as_deref(), Some("2026-03-20"));
        assert_eq!(c.report.client.as_deref(), Some("C7"));
    }

    #[test]
    fn chosen_date_field_wins_and_bad_dates_are_ignored() {
        let mut p = Preparer::new(Some("closed".into()));
        let c = p.prepare(&case("1", &[("date", "2026-01-01"), ("closed", "2026-02-02")]));
        assert_eq!(c.report.date.as_deref(), Some("2026-02-02"));
        let d = Preparer::new(None).prepare(&case("2", &[("date", "soon")]));
        assert_eq!(d.date, None);
    }
}
