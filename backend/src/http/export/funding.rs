//! The report of possible duplicate funding to take away, for the administrators of an
//! organisation (the city's, when it is the city):
//! `GET /api/organizations/{id}/duplicate-funding?cycle=2026-2027`.

use axum::{
    extract::{Path, State},
    response::Response,
};

use futures_util::StreamExt as _;

use super::{Asked, Column, Line, Table, Value, column, invalid, path_id};
use crate::{
    http::{AppState, evidence::Signed},
    service::{
        award::{self as awards, AwardOf},
        organization,
    },
};

const COLUMNS: [Column; 12] = [
    column("STT", 6.0),
    column("Lý do", 24.0),
    column("Người học (1)", 24.0),
    column("Tổ chức (1)", 28.0),
    column("Chương trình (1)", 28.0),
    column("Số tiền (1)", 14.0),
    column("Trạng thái (1)", 16.0),
    column("Người học (2)", 24.0),
    column("Tổ chức (2)", 28.0),
    column("Chương trình (2)", 28.0),
    column("Số tiền (2)", 14.0),
    column("Trạng thái (2)", 16.0),
];

fn award_cells(of: AwardOf) -> [Value; 5] {
    [
        Value::Text(of.learner_name),
        Value::Text(of.award.organization_name),
        Value::Text(of.award.program_name),
        Value::Money(of.award.amount.dong()),
        Value::Text(of.award.status.vietnamese_name().to_owned()),
    ]
}

/// `GET /api/organizations/{id}/duplicate-funding?cycle=`: the pairs of awards of the school
/// year that look like one learner funded twice, with why, as the report lists them.
pub async fn duplicate_funding(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let organization_id = path_id(&id, "an organisation's id")?;
        let cycle = asked
            .text("cycle")
            .ok_or_else(|| invalid("cycle", "a school year, 2026-2027"))?;
        let cycle = shared::program::parse_cycle(cycle)?;
        // The report is one list, read at once as the screen reads it.
        let pairs = awards::duplicates_as(&state.db, &actor, organization_id, &cycle).await?;
        let owner = organization::get(&state.db, organization_id).await?;
        let lines = pairs
            .into_iter()
            .zip(1..)
            .map(|(pair, place)| {
                let mut cells = vec![
                    Value::Number(place),
                    Value::Text(pair.matched.vietnamese_name().to_owned()),
                ];
                cells.extend(award_cells(pair.first));
                cells.extend(award_cells(pair.second));
                Line::row(cells)
            })
            .collect();
        Ok(Table {
            file: format!("tai-tro-trung-lap-{organization_id}-{cycle}"),
            sheet: "Trùng lặp",
            title: vec![
                "DANH SÁCH CÓ THỂ TÀI TRỢ TRÙNG LẶP".to_owned(),
                owner.name,
                format!("Năm học {cycle}"),
            ],
            columns: &COLUMNS,
            lines: futures_util::stream::iter([Ok(lines)]).boxed(),
        })
    };
    asked.answer(prepare).await
}
