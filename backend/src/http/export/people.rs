//! Lists of people to take away: an organisation's donors (for those who keep its money), the
//! learners of a subtree (for its staff, in the columns of the import template, so that a
//! file exported, corrected and imported again updates them), and the audit log (for
//! administrators).
//!
//! - `GET /api/organizations/{id}/donors?search=`
//! - `GET /api/organizations/{id}/learners?search=`
//! - `GET /api/audit-events?action=&objectType=&objectId=&actorId=&since=&until=`

use axum::{
    extract::{Path, State},
    response::Response,
};
use chrono::{DateTime, Utc};
use shared::{AuditAction, AuditObject, date::vietnam_day, sheet::Cell};

use futures_util::StreamExt as _;

use super::{Asked, Column, Line, PAGE, Table, Value, column, invalid, pages, path_id, streamed};
use crate::{
    error::Error,
    http::{AppState, evidence::Signed},
    service::{
        audit_log as audit, fund as funds, learner_import,
        membership::{self, Named},
        organization, roster,
    },
};

const DONOR_COLUMNS: [Column; 5] = [
    column("Tên", 32.0),
    column("Loại", 12.0),
    column("Ẩn danh", 10.0),
    column("Liên hệ", 32.0),
    column("Ngày ghi nhận", 14.0),
];

/// `GET /api/organizations/{id}/donors`: the donors on record with an organisation, whose
/// name contains `search`, by name, with their contact: for its treasurers and admins.
pub async fn donors(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let organization_id = path_id(&id, "an organisation's id")?;
        let search = asked.text("search").unwrap_or_default().to_owned();
        // Asked once before the first byte, so that a refusal is answered with its status.
        funds::search_donors(&state.db, &actor, organization_id, &search, None, 0).await?;
        let owner = organization::get(&state.db, organization_id).await?;
        let title = vec!["DANH SÁCH NHÀ HẢO TÂM".to_owned(), owner.name];
        let context = (state.db.clone(), actor, search);
        let lines = pages(
            context,
            move |(db, actor, search), after: Option<i64>| async move {
                let page = funds::search_donors(&db, &actor, organization_id, &search, after, PAGE)
                    .await?;
                let next = page.next_cursor(|d| d.id);
                let lines = page
                    .items
                    .into_iter()
                    .map(|donor| {
                        Line::row(vec![
                            Value::Text(donor.name),
                            Value::Text(donor.kind.vietnamese_name().to_owned()),
                            Value::text(donor.anonymous.then_some("Có")),
                            Value::text(donor.contact),
                            Value::Date(vietnam_day(donor.created_at)),
                        ])
                    })
                    .collect();
                Ok((lines, next))
            },
        );
        Ok(Table {
            file: format!("nha-hao-tam-{organization_id}"),
            sheet: "Nhà hảo tâm",
            title,
            columns: &DONOR_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}

/// The columns of the learners' import template.
const LEARNER_COLUMNS: [Column; 12] = {
    use shared::learner_import::Column as C;
    [
        column(C::FullName.header(), 28.0),
        column(C::DateOfBirth.header(), 12.0),
        column(C::Gender.header(), 10.0),
        column(C::PersonalId.header(), 16.0),
        column(C::EducationLevel.header(), 20.0),
        column(C::School.header(), 28.0),
        column(C::ClassName.header(), 8.0),
        column(C::Circumstances.header(), 24.0),
        column(C::Gpa.header(), 10.0),
        column(C::Achievements.header(), 30.0),
        column(C::GuardianName.header(), 24.0),
        column(C::GuardianPhone.header(), 16.0),
    ]
};

fn value_of(cell: Cell) -> Value {
    match cell {
        Cell::Empty => Value::Empty,
        Cell::Text(text) => Value::Text(text),
        Cell::Date(day) => Value::Date(day),
        // The template writes none.
        Cell::Number(number) => Value::Text(number.to_string()),
    }
}

/// `GET /api/organizations/{id}/learners`: the learners of an organisation's subtree (where
/// they live, or which organisation keeps their record), by name, searched as the roster is
/// (`search=` part of a name or a school, or a personal id), in the template's columns: for
/// its program managers and admins.
pub async fn learners(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let organization_id = path_id(&id, "an organisation's id")?;
        let search = asked.text("search").unwrap_or_default();
        let chosen = roster::Roster::open_as(&state.db, &actor, organization_id, search).await?;
        let owner = organization::get(&state.db, organization_id).await?;
        let db = state.db.clone();
        // One statement for the whole list: a city's roster paged by name would be searched
        // again for every page.
        let lines = streamed(move |sink| async move {
            let rows = chosen.stream(&db).await?;
            let mut pages = std::pin::pin!(rows.chunks(usize::try_from(PAGE).unwrap_or(1_000)));
            while let Some(page) = pages.next().await {
                let lines = page
                    .into_iter()
                    .map(|model| {
                        model.map(|model| {
                            Line::row(
                                learner_import::template_cells(model)
                                    .into_iter()
                                    .map(value_of)
                                    .collect(),
                            )
                        })
                    })
                    .collect::<Result<Vec<Line>, Error>>()?;
                if !sink.send(lines).await {
                    // The download stopped, or stalled.
                    break;
                }
            }
            Ok(())
        });
        let mut title = vec!["DANH SÁCH NGƯỜI HỌC".to_owned(), owner.name];
        if !search.is_empty() {
            title.push(format!("Tìm: {search}"));
        }
        Ok(Table {
            file: format!("nguoi-hoc-{organization_id}"),
            sheet: "Người học",
            title,
            columns: &LEARNER_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}

const AUDIT_COLUMNS: [Column; 7] = [
    column("Thời điểm", 18.0),
    column("Người thực hiện", 24.0),
    column("Hành động", 28.0),
    column("Đối tượng", 18.0),
    column("Mã đối tượng", 12.0),
    column("Tổ chức", 28.0),
    column("Nội dung", 60.0),
];

/// The audit log's filters, as the API's `AuditFilterInput` takes them.
fn audit_filter(asked: &Asked) -> Result<audit::AuditFilter, Error> {
    let instant = |field: &str| {
        asked
            .text(field)
            .map(|text| {
                DateTime::parse_from_rfc3339(text)
                    .map(|at| at.with_timezone(&Utc))
                    .map_err(|_| invalid(field, "an instant, RFC 3339"))
            })
            .transpose()
    };
    Ok(audit::AuditFilter {
        action: asked.coded("action", AuditAction::from_code, "an audit action")?,
        actor_id: asked
            .text("actorId")
            .map(|id| {
                id.parse()
                    .map_err(|_| invalid("actorId", "an account's id"))
            })
            .transpose()?,
        object_type: asked.coded("objectType", AuditObject::from_code, "an audit object type")?,
        object_id: asked.text("objectId").map(str::to_owned),
        since: instant("since")?,
        until: instant("until")?,
    })
}

/// `GET /api/audit-events`: the audit log of the organisations you administer, newest
/// first, with the filters of the screen, who did it and where named.
pub async fn audit_events(
    State(state): State<AppState>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let filter = audit_filter(&asked)?;
        // Asked once before the first byte, so that a refusal is answered with its status.
        audit::list_as(&state.db, &actor, &filter, None, 0).await?;
        let context = (state.db.clone(), actor, filter);
        let lines = pages(context, move |(db, actor, filter), before: Option<i64>| {
            async move {
                let page = audit::list_as(&db, &actor, &filter, before, PAGE).await?;
                let next = page.next_cursor(|e| e.id);
                // Every name the page needs, in one statement.
                let wanted: std::collections::HashSet<Named> = page
                    .items
                    .iter()
                    .flat_map(|e| {
                        [
                            e.actor_id.map(Named::Person),
                            e.organization_id.map(Named::Organization),
                        ]
                    })
                    .flatten()
                    .collect();
                let wanted: Vec<Named> = wanted.into_iter().collect();
                let names = membership::names_of(&db, &wanted).await?;
                let name = |named: Option<Named>| {
                    Value::text(named.and_then(|named| names.get(&named).cloned()))
                };
                let lines = page
                    .items
                    .into_iter()
                    .map(|event| {
                        Line::row(vec![
                            Value::Moment(event.at),
                            name(event.actor_id.map(Named::Person)),
                            Value::Text(event.action.vietnamese_name().to_owned()),
                            Value::Text(event.object_type.vietnamese_name().to_owned()),
                            Value::text(event.object_id),
                            name(event.organization_id.map(Named::Organization)),
                            Value::Text(event.summary),
                        ])
                    })
                    .collect();
                Ok((lines, next))
            }
        });
        Ok(Table {
            file: "nhat-ky-he-thong".to_owned(),
            sheet: "Nhật ký",
            title: vec!["NHẬT KÝ HỆ THỐNG".to_owned()],
            columns: &AUDIT_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}
