//! A fund's ledger a page at a time: each entry with its transaction's header, what followed
//! it, and its donor, in one statement for any number of pages.

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, FromQueryResult,
    sea_query::{Expr, ExprTrait},
};
use shared::{DonationMethod, DonorKind, EntryPhase, TransactionKind};

use crate::{
    entity::{donor, ledger_entry, ledger_transaction},
    error::{Error, Result},
    service::Page,
};

/// Which of a fund's entries a ledger page returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EntryFilter {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub kind: Option<TransactionKind>,
    pub donor_id: Option<i64>,
    /// Only POSTED entries (the public sees what happened, not what is pending).
    pub posted_only: bool,
}

/// A line of a fund's ledger as a page shows it, read in one statement: the entry, its
/// transaction's header, the transaction that reversed or resolved it, and its donor with
/// the path of the organisation that keeps the donor's record (whose money staff may see
/// the donor's contact).
#[derive(Debug, Clone, FromQueryResult)]
pub struct EntryLine {
    pub id: i64,
    pub transaction_id: i64,
    pub kind: TransactionKind,
    pub phase: EntryPhase,
    pub amount: i64,
    pub created_at: DateTime<Utc>,
    pub memo: String,
    pub method: Option<DonationMethod>,
    pub bank_reference: Option<String>,
    pub received_on: Option<chrono::NaiveDate>,
    pub receipt_number: Option<String>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub resolved_by: Option<i64>,
    pub donor_id: Option<i64>,
    pub donor_kind: Option<DonorKind>,
    pub donor_name: Option<String>,
    pub donor_anonymous: Option<bool>,
    pub donor_contact: Option<String>,
    pub donor_keeper_path: Option<String>,
}

impl EntryLine {
    /// The transaction that reversed or resolved this entry's, if any.
    pub fn followed_by(&self) -> Option<i64> {
        self.reversed_by.or(self.resolved_by)
    }
}

/// One page of one fund's ledger, as a response asks for it. Equal requests get equal pages,
/// so one read may serve several fields (and several responses).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub fund_id: i64,
    /// The public's view: posted entries only, whatever the filter says.
    pub public: bool,
    pub filter: EntryFilter,
    /// Entries before this id (the previous page's last).
    pub before_id: Option<i64>,
    pub first: u64,
}

/// The most pages [`entry_pages`] reads in one statement: a page of 100 funds' ledgers
/// (and well inside SQLite's 500 arms of a compound select).
pub const MAX_PAGES_AT_ONCE: usize = 100;

/// The pages `requests` ask for, in their order, in one statement. Each page's entries are
/// picked from `ledger_entry` alone, ordered and limited on their own (so the index on
/// `(fund_id, id)` serves every page however long its fund's ledger; see [`picked_ids`]);
/// the picked entries are then joined once with their transactions, what followed them and
/// their donors. Checking access is the caller's part.
pub async fn entry_pages(
    db: &impl ConnectionTrait,
    requests: &[PageRequest],
) -> Result<Vec<Page<EntryLine>>> {
    use ledger_entry::Column;
    use sea_orm::sea_query::{Alias, JoinType, Query};
    if requests.len() > MAX_PAGES_AT_ONCE {
        return Err(Error::Internal(format!(
            "{} ledger pages asked for at once; at most {MAX_PAGES_AT_ONCE}",
            requests.len()
        )));
    }
    let Some(picked) = picked_ids(db.get_database_backend(), requests) else {
        return Ok(Vec::new());
    };
    let (p, e, t, r, v, d, k) = (
        Alias::new("picked"),
        Alias::new("e"),
        Alias::new("t"),
        Alias::new("r"),
        Alias::new("v"),
        Alias::new("d"),
        Alias::new("k"),
    );
    let mut query = Query::select();
    query
        .column((p.clone(), Alias::new("request")))
        .columns([(e.clone(), Column::Phase), (e.clone(), Column::DonorId)])
        .column((t.clone(), ledger_transaction::Column::ReversesId))
        .expr_as(
            Expr::col((r.clone(), ledger_transaction::Column::Id)),
            Alias::new("reversed_by"),
        )
        .expr_as(
            Expr::col((v.clone(), ledger_transaction::Column::Id)),
            Alias::new("resolved_by"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Kind)),
            Alias::new("donor_kind"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Contact)),
            Alias::new("donor_contact"),
        )
        .expr_as(
            Expr::col((k.clone(), crate::entity::organization::Column::Path)),
            Alias::new("donor_keeper_path"),
        )
        .from_subquery(picked, p.clone())
        .join_as(
            JoinType::InnerJoin,
            ledger_entry::Entity,
            e.clone(),
            Expr::col((e.clone(), Column::Id)).equals((p.clone(), Alias::new("entry_id"))),
        );
    with_header_and_donor(&mut query, &e, &t, &d);
    query
        .join_as(
            JoinType::LeftJoin,
            ledger_transaction::Entity,
            r.clone(),
            Expr::col((r.clone(), ledger_transaction::Column::ReversesId))
                .equals((t.clone(), ledger_transaction::Column::Id)),
        )
        .join_as(
            JoinType::LeftJoin,
            ledger_transaction::Entity,
            v.clone(),
            Expr::col((v.clone(), ledger_transaction::Column::ResolvesId))
                .equals((t.clone(), ledger_transaction::Column::Id)),
        )
        .join_as(
            JoinType::LeftJoin,
            crate::entity::organization::Entity,
            k.clone(),
            Expr::col((k.clone(), crate::entity::organization::Column::Id))
                .equals((d.clone(), donor::Column::OrganizationId)),
        );
    let mut pages: Vec<Vec<EntryLine>> = vec![Vec::new(); requests.len()];
    for row in db.query_all(&query).await? {
        let index: i64 = row.try_get("", "request")?;
        let page = usize::try_from(index)
            .ok()
            .and_then(|index| pages.get_mut(index))
            .ok_or_else(|| Error::Internal(format!("a ledger line for page {index}")))?;
        page.push(EntryLine::from_query_result(&row, "")?);
    }
    Ok(pages
        .into_iter()
        .zip(requests)
        .map(|(mut items, request)| {
            // A union keeps no arm's order.
            items.sort_unstable_by_key(|line| std::cmp::Reverse(line.id));
            Page::from_overfetch(items, request.first)
        })
        .collect())
}

/// Selects, of the entry `e` (already in `query`), what every list of entries shows: its id,
/// transaction, kind, amount and time, its transaction's memo, method and bank reference
/// (joined as `t`) and its donor's name and anonymity (joined as `d`, where there is one).
pub(super) fn with_header_and_donor(
    query: &mut sea_orm::sea_query::SelectStatement,
    e: &sea_orm::sea_query::Alias,
    t: &sea_orm::sea_query::Alias,
    d: &sea_orm::sea_query::Alias,
) {
    use ledger_entry::Column;
    use sea_orm::sea_query::{Alias, JoinType};
    query
        .columns([
            (e.clone(), Column::Id),
            (e.clone(), Column::TransactionId),
            (e.clone(), Column::Kind),
            (e.clone(), Column::Amount),
            (e.clone(), Column::CreatedAt),
        ])
        .columns([
            (t.clone(), ledger_transaction::Column::Memo),
            (t.clone(), ledger_transaction::Column::Method),
            (t.clone(), ledger_transaction::Column::BankReference),
            (t.clone(), ledger_transaction::Column::ReceivedOn),
            (t.clone(), ledger_transaction::Column::ReceiptNumber),
        ])
        .expr_as(
            Expr::col((d.clone(), donor::Column::Name)),
            Alias::new("donor_name"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Anonymous)),
            Alias::new("donor_anonymous"),
        )
        .join_as(
            JoinType::InnerJoin,
            ledger_transaction::Entity,
            t.clone(),
            Expr::col((t.clone(), ledger_transaction::Column::Id))
                .equals((e.clone(), Column::TransactionId)),
        )
        .join_as(
            JoinType::LeftJoin,
            donor::Entity,
            d.clone(),
            Expr::col((d.clone(), donor::Column::Id)).equals((e.clone(), Column::DonorId)),
        );
}

/// The ids of every page's entries, one more than each page holds (which tells whether
/// another follows), tagged with the request's index: `(request, entry_id)` rows.
///
/// On PostgreSQL the pages that differ only in their fund and where they start (a page of
/// funds, each with its latest entries) are one lateral subquery over the list of them,
/// whose text is the same however many funds there are; a `UNION ALL` of one arm per fund
/// was planned anew for every request. SQLite has no `LATERAL`: it reads one arm per page.
fn picked_ids(
    backend: sea_orm::DatabaseBackend,
    requests: &[PageRequest],
) -> Option<sea_orm::sea_query::SelectStatement> {
    use sea_orm::sea_query::{Alias, Asterisk, Query, SelectStatement, UnionType};
    let index = |index: usize| i64::try_from(index).unwrap_or(i64::MAX);
    let arms: Vec<SelectStatement> = if backend == sea_orm::DatabaseBackend::Postgres {
        // Grouped by what the pages share, in the order first asked.
        let mut groups: Vec<(&PageRequest, Vec<Start>)> = Vec::new();
        for (at, request) in requests.iter().enumerate() {
            let row = (
                index(at),
                request.fund_id,
                request.before_id.unwrap_or(i64::MAX),
            );
            match groups
                .iter_mut()
                .find(|(shape, _)| same_shape(shape, request))
            {
                Some((_, rows)) => rows.push(row),
                None => groups.push((request, vec![row])),
            }
        }
        groups
            .into_iter()
            .map(|(shape, rows)| {
                // The list as three arrays, so that the statement's text is the same for any
                // number of funds (the connection's prepared statement is reused) and one
                // subquery is planned, not one per fund.
                let array = |part: fn(&Start) -> i64| {
                    let list: Vec<String> = rows.iter().map(|row| part(row).to_string()).collect();
                    Expr::cust_with_values(
                        "unnest(string_to_array($1, ',')::bigint[])",
                        [list.join(",")],
                    )
                };
                let req = Alias::new("req");
                let list = Query::select()
                    .expr_as(array(|row| row.0), Alias::new("request"))
                    .expr_as(array(|row| row.1), Alias::new("fund_id"))
                    .expr_as(array(|row| row.2), Alias::new("before_id"))
                    .to_owned();
                let column = |n: &str| Expr::col((req.clone(), Alias::new(n)));
                let ids = entry_ids(shape, column("fund_id"), Some(column("before_id")));
                Query::select()
                    .column((req.clone(), Alias::new("request")))
                    .column((Alias::new("x"), Alias::new("entry_id")))
                    .from_subquery(list, req.clone())
                    .join_lateral(
                        sea_orm::sea_query::JoinType::InnerJoin,
                        ids,
                        Alias::new("x"),
                        Expr::cust("TRUE"),
                    )
                    .to_owned()
            })
            .collect()
    } else {
        requests
            .iter()
            .enumerate()
            .map(|(at, request)| {
                let mut ids = entry_ids(
                    request,
                    Expr::val(request.fund_id),
                    request.before_id.map(Expr::val),
                );
                ids.expr_as(Expr::val(index(at)), Alias::new("request"));
                Query::select()
                    .column(Asterisk)
                    .from_subquery(ids, Alias::new(format!("p{at}")))
                    .to_owned()
            })
            .collect()
    };
    let mut arms = arms.into_iter();
    let mut picked = arms.next()?;
    for other in arms {
        picked.union(UnionType::All, other);
    }
    Some(picked)
}

/// Where one page of a group starts: the request's index, its fund, and the entry it comes
/// before (`i64::MAX` for the first page).
type Start = (i64, i64, i64);

/// Whether two requests differ only in their fund and where they start.
fn same_shape(one: &PageRequest, other: &PageRequest) -> bool {
    one.public == other.public && one.filter == other.filter && one.first == other.first
}

/// The ids of a page's entries (`entry_id`), newest first, one more than the page holds: of
/// the fund `fund`, before the entry `before` if given.
fn entry_ids(
    request: &PageRequest,
    fund: Expr,
    before: Option<Expr>,
) -> sea_orm::sea_query::SelectStatement {
    use ledger_entry::Column;
    use sea_orm::sea_query::{Alias, Order, Query};
    let e = Alias::new("e");
    let entry = |column: Column| Expr::col((e.clone(), column));
    let filter = &request.filter;
    let mut query = Query::select();
    query
        .expr_as(entry(Column::Id), Alias::new("entry_id"))
        .from_as(ledger_entry::Entity, e.clone())
        // The fund as a one-value range, ordered by (fund_id, id): only the index on
        // (fund_id, id) yields that order. With `fund_id = ?` the order is just `id`, and
        // PostgreSQL may walk the primary key backwards instead, hoping to meet the fund's
        // entries soon: for a fund whose latest entries are old, that read 675k rows (1.5 s).
        .and_where(entry(Column::FundId).gte(fund.clone()))
        .and_where(entry(Column::FundId).lte(fund));
    if request.public || filter.posted_only {
        query.and_where(entry(Column::Phase).eq(EntryPhase::Posted));
    }
    if let Some(since) = filter.since {
        query.and_where(entry(Column::CreatedAt).gte(since));
    }
    if let Some(until) = filter.until {
        query.and_where(entry(Column::CreatedAt).lt(until));
    }
    if let Some(kind) = filter.kind {
        query.and_where(entry(Column::Kind).eq(kind));
    }
    if let Some(donor_id) = filter.donor_id {
        query.and_where(entry(Column::DonorId).eq(donor_id));
    }
    if let Some(before) = before {
        query.and_where(entry(Column::Id).lt(before));
    }
    query
        .order_by((e.clone(), Column::FundId), Order::Desc)
        .order_by((e.clone(), Column::Id), Order::Desc)
        .limit(request.first + 1);
    query
}
