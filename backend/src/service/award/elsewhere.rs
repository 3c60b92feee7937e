//! One learner funded once: the awards the same learner holds elsewhere in the same school
//! year (a program's `cycle`), in any organisation, for whoever decides on an application and
//! for the approval itself; and an administrator's report of the possible duplicates among the
//! awards of their organisations.
//!
//! The same pupil may be on two rosters (a school's chapter, a clan), each with its own record:
//! `shared::funding::Identity::same_person` tells them apart. What the decider learns of an
//! award outside their own organisations is its organisation, program, kind and amount, and
//! why it is taken to be the same learner: nothing else of the other record.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter,
    sea_query::{Alias, Condition, Expr, ExprTrait as _, JoinType, Order, Query, SelectStatement},
};
use shared::{
    AwardStatus, DuplicateMatch, Money, ProgramKind, Refusal,
    funding::{DuplicatePolicy, Identity},
};

use super::super::{
    actor::SignedIn, application as applications, learner as learners, organization, parties,
    program::require_program_role,
};
use crate::{
    entity::{application, award, learner, organization as organization_row, program},
    error::{Error, Result},
};

/// Another award to the same learner, as a decider may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherAward {
    pub award_id: i64,
    pub organization_name: String,
    pub program_name: String,
    pub program_kind: ProgramKind,
    pub amount: Money,
    pub status: AwardStatus,
    /// Why it is taken to be for the same learner.
    pub matched: DuplicateMatch,
}

/// Two awards of one school year that look like one learner funded twice, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleDuplicate {
    pub first: AwardOf,
    pub second: AwardOf,
    pub matched: DuplicateMatch,
}

/// An award of the report, with its learner as their organisation keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardOf {
    pub award: OtherAward,
    pub learner_name: String,
}

/// A held award (reserved or paid) with what tells its learner and what a reader may see.
#[derive(Debug, Clone, FromQueryResult)]
struct Held {
    award_id: i64,
    amount: i64,
    status: AwardStatus,
    program_name: String,
    program_kind: ProgramKind,
    organization_name: String,
    learner_id: i64,
    personal_id: Option<String>,
    full_name: String,
    date_of_birth: chrono::NaiveDate,
    commune_id: Option<i64>,
}

impl Held {
    fn identity(&self) -> Identity<'_> {
        Identity {
            learner_id: self.learner_id,
            personal_id: self.personal_id.as_deref(),
            full_name: &self.full_name,
            date_of_birth: self.date_of_birth,
            commune_id: self.commune_id,
        }
    }

    fn seen(&self, matched: DuplicateMatch) -> OtherAward {
        OtherAward {
            award_id: self.award_id,
            organization_name: self.organization_name.clone(),
            program_name: self.program_name.clone(),
            program_kind: self.program_kind,
            amount: Money::from_dong(self.amount),
            status: self.status,
            matched,
        }
    }
}

/// The held awards of school year `cycle`, with their programs, organisations and learners:
/// what both questions filter further. Aliases: `w` award, `a` application, `l` learner, `p`
/// program, `o` the program's organisation.
fn held_in(cycle: &str) -> SelectStatement {
    let (w, a, l, p, o) = (
        Alias::new("w"),
        Alias::new("a"),
        Alias::new("l"),
        Alias::new("p"),
        Alias::new("o"),
    );
    let mut query = Query::select();
    for (alias, column, name) in [
        (&w, Alias::new("id"), "award_id"),
        (&w, Alias::new("amount"), "amount"),
        (&w, Alias::new("status"), "status"),
        (&p, Alias::new("name"), "program_name"),
        (&p, Alias::new("kind"), "program_kind"),
        (&o, Alias::new("name"), "organization_name"),
        (&l, Alias::new("id"), "learner_id"),
        (&l, Alias::new("personal_id"), "personal_id"),
        (&l, Alias::new("full_name"), "full_name"),
        (&l, Alias::new("date_of_birth"), "date_of_birth"),
        (&l, Alias::new("commune_id"), "commune_id"),
    ] {
        query.expr_as(Expr::col((alias.clone(), column)), Alias::new(name));
    }
    query
        .from_as(award::Entity, w.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((w.clone(), award::Column::ApplicationId)),
        )
        .join_as(
            JoinType::InnerJoin,
            learner::Entity,
            l.clone(),
            Expr::col((l.clone(), learner::Column::Id))
                .equals((a.clone(), application::Column::LearnerId)),
        )
        .join_as(
            JoinType::InnerJoin,
            program::Entity,
            p.clone(),
            Expr::col((p.clone(), program::Column::Id))
                .equals((w.clone(), award::Column::ProgramId)),
        )
        .join_as(
            JoinType::InnerJoin,
            organization_row::Entity,
            o.clone(),
            Expr::col((o.clone(), organization_row::Column::Id))
                .equals((p.clone(), program::Column::OrganizationId)),
        )
        .and_where(Expr::col((p, program::Column::Cycle)).eq(cycle))
        .and_where(
            Expr::col((w.clone(), award::Column::Status))
                .is_in([AwardStatus::Reserved, AwardStatus::Paid]),
        )
        .order_by((w, award::Column::Id), Order::Asc);
    query
}

/// The awards of school year `cycle`, other than application `application`'s own, held by
/// its learner or by a learner on record who is the same person. Two statements: the learners
/// who may be them, then their held awards of the year.
pub(crate) async fn elsewhere(
    db: &impl ConnectionTrait,
    application: &application::Model,
    cycle: &str,
) -> Result<Vec<OtherAward>> {
    let same = same_learners(db, application.learner_id).await?;
    held_by(db, &same, application.id, cycle).await
}

/// [`elsewhere`], for an approval: the learners who are the same person are locked (in id
/// order, PostgreSQL) before their awards are read, so that two approvals of the same pupil
/// in two programs are checked one after the other, whichever records they go through.
pub(crate) async fn elsewhere_locked(
    txn: &DatabaseTransaction,
    application: &application::Model,
    cycle: &str,
) -> Result<Vec<OtherAward>> {
    let same = same_learners(txn, application.learner_id).await?;
    crate::db::lock_rows::<learner::Entity>(txn, learner::Column::Id, same.keys().copied()).await?;
    held_by(txn, &same, application.id, cycle).await
}

/// The learners on record who are learner `learner_id`, with why (their own record among
/// them): their record, and those of the same commune and day of birth (each an index), told
/// apart by `same_person`. A commune's learners born on one day are a
/// handful: the list stays far from any bind limit.
async fn same_learners(
    db: &impl ConnectionTrait,
    learner_id: i64,
) -> Result<HashMap<i64, DuplicateMatch>> {
    let mine = learners::get(db, learner_id).await?;
    let mut maybe = Condition::any().add(learner::Column::Id.eq(mine.id));
    if let Some(commune_id) = mine.commune_id {
        maybe = maybe.add(
            Condition::all()
                .add(learner::Column::CommuneId.eq(commune_id))
                .add(learner::Column::DateOfBirth.eq(mine.date_of_birth)),
        );
    }
    let me = identity_of(&mine);
    Ok(learner::Entity::find()
        .filter(maybe)
        .all(db)
        .await?
        .iter()
        .filter_map(|other| {
            me.same_person(&identity_of(other))
                .map(|matched| (other.id, matched))
        })
        .collect())
}

fn identity_of(learner: &learner::Model) -> Identity<'_> {
    Identity {
        learner_id: learner.id,
        personal_id: learner.personal_id.as_deref(),
        full_name: &learner.full_name,
        date_of_birth: learner.date_of_birth,
        commune_id: learner.commune_id,
    }
}

/// The held awards of `cycle` of the learners `same`, but application `except`'s.
async fn held_by(
    db: &impl ConnectionTrait,
    same: &HashMap<i64, DuplicateMatch>,
    except: i64,
    cycle: &str,
) -> Result<Vec<OtherAward>> {
    let mut query = held_in(cycle);
    query
        .and_where(Expr::col((Alias::new("l"), learner::Column::Id)).is_in(same.keys().copied()))
        .and_where(Expr::col((Alias::new("w"), award::Column::ApplicationId)).ne(except));
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| {
            let held = Held::from_query_result(row, "")?;
            let matched = same
                .get(&held.learner_id)
                .copied()
                .unwrap_or(DuplicateMatch::SameLearner);
            Ok(held.seen(matched))
        })
        .collect()
}

/// What the decider of an application sees before approving it: the learner's other awards
/// of the program's school year. For the program's managers who may decide on it; to anyone
/// else who knows of the application, FORBIDDEN; to the rest, NOT_FOUND.
pub async fn elsewhere_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    application_id: i64,
) -> Result<Vec<OtherAward>> {
    let current = applications::get(db, application_id).await?;
    let program = super::super::program::get(db, current.program_id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    if !parties::knows_of(db, actor, &current, &owner).await? {
        return Err(applications::not_found(current.id));
    }
    require_program_role(actor, &owner)?;
    elsewhere(db, &current, &program.program.cycle).await
}

/// Refuses an approval (`DUPLICATE_FUNDING`, naming the other award) when the program blocks
/// duplicates and `others` holds an award from a program of the same kind.
pub(crate) fn refuse_duplicate(
    policy: DuplicatePolicy,
    kind: ProgramKind,
    others: &[OtherAward],
) -> Result<()> {
    if policy != DuplicatePolicy::Block {
        return Ok(());
    }
    match others.iter().find(|other| other.program_kind == kind) {
        Some(other) => Err(Error::Refused(Refusal::DuplicateFunding {
            organization: other.organization_name.clone(),
            program: other.program_name.clone(),
            amount: other.amount,
            matched: other.matched,
        })),
        None => Ok(()),
    }
}

/// The possible duplicates among the held awards of school year `cycle` made by programs of
/// the organisation `organization_id` and those under it: for its administrators (the city's
/// report, when it is the city). One statement finds the awards whose learner shares a record
/// (a personal id is one record) or a commune and day of birth with another award's learner (window counts,
/// so the database sorts and nothing is compared pairwise but within those small groups); the
/// pairs are then told apart by `same_person`. Ordered by the first award's id.
pub async fn duplicates_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    cycle: &str,
) -> Result<Vec<PossibleDuplicate>> {
    let root = organization::get(db, organization_id).await?;
    organization::require_admin(actor, &root)?;
    let mut held = held_in(cycle);
    held.and_where(
        Expr::col((Alias::new("o"), organization_row::Column::Path)).gte(root.path.as_str()),
    )
    .and_where(
        Expr::col((Alias::new("o"), organization_row::Column::Path))
            .lt(organization::path_upper_bound(&root.path)),
    )
    .expr_as(
        Expr::cust("COUNT(*) OVER (PARTITION BY l.id)"),
        Alias::new("by_learner"),
    )
    .expr_as(
        Expr::cust("COUNT(*) OVER (PARTITION BY l.commune_id, l.date_of_birth)"),
        Alias::new("by_birth"),
    );
    let h = Alias::new("h");
    let mut query = Query::select();
    query
        .column(sea_orm::sea_query::Asterisk)
        .from_subquery(held, h.clone())
        .and_where(
            Expr::cust("h.by_learner > 1")
                .or(Expr::cust("h.commune_id IS NOT NULL AND h.by_birth > 1")),
        )
        .order_by((h, Alias::new("award_id")), Order::Asc);
    let candidates = db
        .query_all(&query)
        .await?
        .iter()
        .map(|row| Held::from_query_result(row, ""))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(pairs(&candidates))
}

/// Every pair of `candidates` (in award order) that is one person, each pair once: compared
/// within the groups of a commune and day of birth only (a record has one of each).
fn pairs(candidates: &[Held]) -> Vec<PossibleDuplicate> {
    let mut groups: HashMap<(Option<i64>, chrono::NaiveDate), Vec<usize>> = HashMap::new();
    for (i, held) in candidates.iter().enumerate() {
        groups
            .entry((held.commune_id, held.date_of_birth))
            .or_default()
            .push(i);
    }
    let mut found: Vec<(usize, usize, DuplicateMatch)> = Vec::new();
    for group in groups.values() {
        for (n, &i) in group.iter().enumerate() {
            for &j in &group[n + 1..] {
                if let Some(matched) = candidates[i]
                    .identity()
                    .same_person(&candidates[j].identity())
                {
                    found.push((i, j, matched));
                }
            }
        }
    }
    found.sort_unstable();
    let of = |held: &Held, matched| AwardOf {
        award: held.seen(matched),
        learner_name: held.full_name.clone(),
    };
    found
        .into_iter()
        .map(|(i, j, matched)| PossibleDuplicate {
            first: of(&candidates[i], matched),
            second: of(&candidates[j], matched),
            matched,
        })
        .collect()
}
