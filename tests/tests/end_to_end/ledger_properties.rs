//! Property tests of the ledger's rules (DESIGN.md §4). Random sequences of donations,
//! transfers, reservations, posts, voids, reversals and retried requests run against the
//! service layer on a real database, beside a model of what each fund should hold. After
//! every step: the database agrees with the model, no fund is overdrawn, every transaction's
//! entries sum to zero and every balance recomputes from the entries (rules 1, 3, 5, 6); each
//! retried key is applied once (rule 4); at the end of each sequence, what was written earlier
//! is unchanged (rule 2) and statements over random periods reconcile and start from the
//! right opening balance (rule 7).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use backend::{
    Error,
    service::{
        access,
        actor::SignedIn,
        audit::RequestMeta,
        fund::DonorForCreate,
        ledger::{self, DonorRef, Movement, Recorded},
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::{prelude::*, test_runner::TestRunner};
use sea_orm::{DatabaseConnection, EntityTrait};
use shared::{DonationMethod, DonorKind, IdempotencyKey, Money};
use tests::{AppOptions, Engine, TestApp, key};

/// How many funds a sequence plays with.
const FUNDS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Donate {
        fund: usize,
        amount: i64,
    },
    Transfer {
        from: usize,
        to: usize,
        amount: i64,
    },
    Reserve {
        fund: usize,
        amount: i64,
    },
    Post {
        pick: usize,
    },
    Void {
        pick: usize,
    },
    Reverse {
        pick: usize,
    },
    /// Sends an earlier request again with its key.
    Retry {
        pick: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let fund = 0..FUNDS;
    let amount = 1i64..=2_000;
    prop_oneof![
        3 => (fund.clone(), amount.clone()).prop_map(|(fund, amount)| Op::Donate { fund, amount }),
        3 => (fund.clone(), 1..FUNDS, amount.clone())
            .prop_map(|(from, step, amount)| Op::Transfer { from, to: (from + step) % FUNDS, amount }),
        2 => (fund, amount).prop_map(|(fund, amount)| Op::Reserve { fund, amount }),
        1 => any::<usize>().prop_map(|pick| Op::Post { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Void { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Reverse { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Retry { pick }),
    ]
}

/// A fund's (index, posted Δ, reserved Δ).
type Change = (usize, i64, i64);

/// What each fund should hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Balance {
    posted: i64,
    reserved: i64,
}

impl Balance {
    fn available(self) -> i64 {
        self.posted - self.reserved
    }
}

/// The model of one sequence.
struct Model {
    fund_ids: [i64; FUNDS],
    balances: [Balance; FUNDS],
    /// Reservations not yet posted or voided: (transaction, fund, amount).
    open_reservations: Vec<(i64, usize, i64)>,
    /// Donations, transfers and disbursements not yet reversed: (transaction, posted Δ per fund).
    reversible: Vec<(i64, Vec<(usize, i64)>)>,
    /// Every request applied: its key, the movement, and what it produced.
    applied: Vec<(IdempotencyKey, Movement, Recorded)>,
    /// Posted Δ per fund of each applied transaction, with its time (for statements).
    history: Vec<(DateTime<Utc>, [i64; FUNDS])>,
}

struct Ledger {
    db: DatabaseConnection,
    actor: SignedIn,
    fund_ids: [i64; FUNDS],
}

async fn ledger_on(app: &TestApp) -> Ledger {
    let db = backend::db::connect(app.database_url()).await.unwrap();
    let admin = access::create_admin(
        &db,
        "city@example.vn",
        "Quản trị",
        Some("hoc-tap-suot-doi"),
        None,
    )
    .await
    .unwrap();
    let actor = SignedIn {
        user_id: admin.user_id,
        session_id: 0,
        grants: backend::service::actor::grants_of(&db, admin.user_id)
            .await
            .unwrap(),
    };
    let funds = backend::entity::fund::Entity::find()
        .all(&db)
        .await
        .unwrap();
    assert!(funds.len() >= FUNDS, "the seeds open enough funds");
    let fund_ids = [funds[0].id, funds[1].id, funds[2].id];
    Ledger {
        db,
        actor,
        fund_ids,
    }
}

impl Ledger {
    async fn balances(&self) -> [Balance; FUNDS] {
        let mut balances = [Balance::default(); FUNDS];
        for (slot, id) in balances.iter_mut().zip(self.fund_ids) {
            let fund = backend::service::fund::get(&self.db, id).await.unwrap();
            *slot = Balance {
                posted: fund.posted_balance,
                reserved: fund.reserved_balance,
            };
        }
        balances
    }

    async fn apply(&self, key: &IdempotencyKey, movement: Movement) -> Result<Recorded, Error> {
        ledger::apply(
            &self.db,
            &RequestMeta::default(),
            &self.actor,
            key,
            movement,
        )
        .await
    }
}

fn new_key() -> IdempotencyKey {
    IdempotencyKey::parse(&key()).unwrap()
}

/// Runs one sequence, checking the rules after every step.
async fn run_sequence(ledger: &Ledger, ops: &[Op]) -> Result<(), String> {
    let mut model = Model {
        fund_ids: ledger.fund_ids,
        balances: ledger.balances().await,
        open_reservations: Vec::new(),
        reversible: Vec::new(),
        applied: Vec::new(),
        history: Vec::new(),
    };
    let index_of = |model: &Model, id: i64| model.fund_ids.iter().position(|f| *f == id);
    for (step, op) in ops.iter().enumerate() {
        let fund = |i: usize| model.fund_ids[i];
        // What the model says should happen: the movement, and the posted/reserved Δ per fund
        // if it succeeds, or `None` if it must be refused for want of money.
        // The reservation a post or void settles, or the transaction a reversal undoes.
        let mut target = None;
        let (movement, change): (Movement, Option<Vec<Change>>) = match op.clone() {
            Op::Donate { fund: f, amount } => (
                Movement::Donation {
                    fund_id: fund(f),
                    amount: Money::from_dong(amount),
                    donor: DonorRef::New(DonorForCreate {
                        kind: DonorKind::Person,
                        name: format!("Nhà hảo tâm {step}"),
                        anonymous: step % 3 == 0,
                        contact: None,
                    }),
                    method: DonationMethod::Cash,
                    bank_reference: None,
                    memo: String::new(),
                    campaign_id: None,
                    received: None,
                },
                Some(vec![(f, amount, 0)]),
            ),
            Op::Transfer { from, to, amount } => (
                Movement::Transfer {
                    from_fund_id: fund(from),
                    to_fund_id: fund(to),
                    amount: Money::from_dong(amount),
                    memo: String::new(),
                },
                (model.balances[from].available() >= amount)
                    .then(|| vec![(from, -amount, 0), (to, amount, 0)]),
            ),
            Op::Reserve { fund: f, amount } => (
                Movement::Reserve {
                    fund_id: fund(f),
                    amount: Money::from_dong(amount),
                    memo: String::new(),
                },
                (model.balances[f].available() >= amount).then(|| vec![(f, 0, amount)]),
            ),
            Op::Post { pick } | Op::Void { pick } => {
                if model.open_reservations.is_empty() {
                    continue;
                }
                let (reservation_id, f, amount) =
                    model.open_reservations[pick % model.open_reservations.len()];
                target = Some(reservation_id);
                if matches!(op, Op::Post { .. }) {
                    (
                        Movement::Post {
                            reservation_id,
                            memo: String::new(),
                        },
                        Some(vec![(f, -amount, -amount)]),
                    )
                } else {
                    (
                        Movement::Void {
                            reservation_id,
                            reason: "huỷ".into(),
                        },
                        Some(vec![(f, 0, -amount)]),
                    )
                }
            }
            Op::Reverse { pick } => {
                if model.reversible.is_empty() {
                    continue;
                }
                let (transaction_id, deltas) =
                    model.reversible[pick % model.reversible.len()].clone();
                target = Some(transaction_id);
                let mirror: Vec<Change> = deltas.iter().map(|(f, d)| (*f, -d, 0)).collect();
                let affordable = mirror
                    .iter()
                    .all(|(f, d, _)| model.balances[*f].available() + d >= 0);
                (
                    Movement::Reverse {
                        transaction_id,
                        reason: "ghi nhầm".into(),
                    },
                    affordable.then_some(mirror),
                )
            }
            Op::Retry { pick } => {
                if model.applied.is_empty() {
                    continue;
                }
                let (key, movement, first) = &model.applied[pick % model.applied.len()];
                let before = ledger.balances().await;
                let again = ledger
                    .apply(key, movement.clone())
                    .await
                    .map_err(|e| format!("step {step}: retry failed: {e}"))?;
                if again.transaction.id != first.transaction.id {
                    return Err(format!(
                        "step {step}: a retry made transaction {} instead of replaying {}",
                        again.transaction.id, first.transaction.id
                    ));
                }
                if ledger.balances().await != before {
                    return Err(format!("step {step}: a retry moved money"));
                }
                continue;
            }
        };
        let key = new_key();
        let outcome = ledger.apply(&key, movement.clone()).await;
        match (outcome, change) {
            (Ok(recorded), Some(change)) => {
                let mut deltas = [0i64; FUNDS];
                for (f, posted, reserved) in &change {
                    model.balances[*f].posted += posted;
                    model.balances[*f].reserved += reserved;
                    deltas[*f] += posted;
                }
                let id = recorded.transaction.id;
                match op {
                    Op::Reserve { fund: f, amount } => {
                        model.open_reservations.push((id, *f, *amount))
                    }
                    Op::Post { .. } | Op::Void { .. } => {
                        model
                            .open_reservations
                            .retain(|(r, _, _)| Some(*r) != target);
                    }
                    Op::Reverse { .. } => model.reversible.retain(|(t, _)| Some(*t) != target),
                    _ => {}
                }
                if matches!(
                    op,
                    Op::Donate { .. } | Op::Transfer { .. } | Op::Post { .. }
                ) {
                    let posted: Vec<(usize, i64)> = deltas
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| **d != 0)
                        .map(|(f, d)| (f, *d))
                        .collect();
                    model.reversible.push((id, posted));
                }
                for entry in &recorded.entries {
                    if let Some(fund_id) = entry.fund_id
                        && index_of(&model, fund_id).is_none()
                    {
                        return Err(format!(
                            "step {step}: an entry touched fund {fund_id}, outside the sequence"
                        ));
                    }
                }
                model
                    .history
                    .push((recorded.transaction.created_at, deltas));
                model.applied.push((key, movement, recorded));
            }
            (Err(Error::InsufficientFunds { .. }), None) => {}
            (outcome, expected) => {
                return Err(format!(
                    "step {step}: {op:?} gave {:?}, the model expected {}",
                    outcome.map(|r| r.transaction.id),
                    if expected.is_some() {
                        "success"
                    } else {
                        "INSUFFICIENT_FUNDS"
                    }
                ));
            }
        }
        // The rules, after every step.
        let stored = ledger.balances().await;
        if stored != model.balances {
            return Err(format!(
                "step {step} ({op:?}): database {stored:?}, model {:?}",
                model.balances
            ));
        }
        if let Some(overdrawn) = stored.iter().find(|b| b.available() < 0 || b.reserved < 0) {
            return Err(format!("step {step}: overdrawn {overdrawn:?}"));
        }
        let check = ledger::verify(&ledger.db)
            .await
            .map_err(|e| e.to_string())?;
        if !check.mismatches.is_empty() {
            return Err(format!("step {step}: verify found {:?}", check.mismatches));
        }
    }

    // Rule 2: everything written earlier is still exactly as it was.
    for (_, _, recorded) in &model.applied {
        let now = ledger::get_recorded(&ledger.db, recorded.transaction.id)
            .await
            .map_err(|e| e.to_string())?;
        if now.transaction != recorded.transaction || now.entries != recorded.entries {
            return Err(format!(
                "transaction {} changed after it was written",
                recorded.transaction.id
            ));
        }
    }

    // Rule 7: statements by Vietnam's calendar days reconcile, hold what the fund's posted
    // entries of those days add up to (counted here from the entries themselves, apart from
    // the per-day totals statements read), and end where the model says the fund stands.
    // Earlier sequences wrote to the same funds on the same days, so the entries, not the
    // model, say what came before this one.
    let mut posted: [Vec<(NaiveDate, i64)>; FUNDS] = Default::default();
    for (f, fund_id) in model.fund_ids.iter().enumerate() {
        use backend::entity::ledger_entry::{Column, Entity};
        use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
        let rows: Vec<(DateTime<Utc>, i64)> = Entity::find()
            .select_only()
            .column(Column::CreatedAt)
            .column(Column::Amount)
            .filter(Column::FundId.eq(*fund_id))
            .filter(Column::Phase.eq(shared::EntryPhase::Posted))
            .into_tuple()
            .all(&ledger.db)
            .await
            .map_err(|e| e.to_string())?;
        posted[f] = rows
            .into_iter()
            .map(|(at, amount)| (shared::date::vietnam_day(at), amount))
            .collect();
    }
    let held_before = |day: NaiveDate, f: usize| {
        posted[f]
            .iter()
            .filter(|(d, _)| *d < day)
            .map(|(_, amount)| amount)
            .sum::<i64>()
    };
    let mut days: Vec<NaiveDate> = model
        .history
        .iter()
        .map(|(t, _)| shared::date::vietnam_day(*t))
        .chain(posted.iter().flatten().map(|(day, _)| *day))
        .collect();
    days.sort_unstable();
    days.dedup();
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return Ok(());
    };
    days.insert(0, first - chrono::Days::new(1));
    days.push(last + chrono::Days::new(1));
    for (i, from) in days.iter().enumerate() {
        for to in &days[i..] {
            for f in 0..FUNDS {
                let statement = ledger::statement(&ledger.db, model.fund_ids[f], *from, *to)
                    .await
                    .map_err(|e| e.to_string())?;
                if !statement.reconciles() {
                    return Err(format!("a statement does not reconcile: {statement:?}"));
                }
                let next = *to + chrono::Days::new(1);
                let expected = (held_before(*from, f), held_before(next, f));
                if (statement.opening.dong(), statement.closing.dong()) != expected {
                    return Err(format!(
                        "statement of fund {f} from {from} to {to}: {statement:?}, expected opening/closing {expected:?}"
                    ));
                }
                if next > last && statement.closing.dong() != model.balances[f].posted {
                    return Err(format!(
                        "statement of fund {f} to {to} closes at {}, the model holds {}",
                        statement.closing.dong(),
                        model.balances[f].posted
                    ));
                }
            }
        }
    }
    Ok(())
}

fn property_test(engine: Engine, cases: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(app) = runtime.block_on(TestApp::spawn(
        engine,
        AppOptions {
            seeded: true,
            ..Default::default()
        },
    )) else {
        return;
    };
    let ledger = runtime.block_on(ledger_on(&app));
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let steps = std::cell::Cell::new(0usize);
    let result = runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
        steps.set(steps.get() + ops.len());
        runtime
            .block_on(run_sequence(&ledger, &ops))
            .map_err(TestCaseError::fail)
    });
    eprintln!(
        "{engine:?}: {cases} sequences, {} steps checked",
        steps.get()
    );
    drop(ledger);
    drop(app);
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

#[test]
fn every_ledger_rule_holds_after_every_step_of_random_sequences_on_sqlite() {
    property_test(Engine::Sqlite, 96);
}

#[test]
fn every_ledger_rule_holds_after_every_step_of_random_sequences_on_postgres() {
    property_test(Engine::Postgres, 32);
}
