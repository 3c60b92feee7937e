//! A learning society's yearly report to take away, as associations send it upward before
//! mid-December: `GET /api/organizations/{id}/society-report?year=2026`. For the organisation
//! and each one directly below it, per model: how many there are, registered, assessed,
//! passed, recognised, the share, the target and the gap. Public, numbers only (no household
//! is named), as its page is.

use axum::{
    extract::{Path, State},
    response::Response,
};
use futures_util::StreamExt as _;
use shared::date::day_month_year;

use super::{Asked, Column, Line, Table, Value, column, invalid, path_id};
use crate::{
    http::AppState,
    service::society::{self, indicator},
};

const COLUMNS: [Column; 11] = [
    column("STT", 6.0),
    column("Đơn vị", 36.0),
    column("Danh hiệu", 22.0),
    column("Tổng số", 12.0),
    column("Đăng ký", 10.0),
    column("Đã đánh giá", 12.0),
    column("Đạt", 10.0),
    column("Công nhận", 12.0),
    column("Tỷ lệ (%)", 10.0),
    column("Chỉ tiêu (%)", 12.0),
    column("Còn thiếu", 11.0),
];

/// The year a report is asked for (`?year=2026`).
fn year_asked(asked: &Asked) -> Result<i32, crate::error::Error> {
    asked
        .text("year")
        .and_then(|year| year.parse().ok())
        .filter(|year| (2000..=2100).contains(year))
        .ok_or_else(|| invalid("year", "a year, 2026"))
}

/// A report's title lines: what it reports, for whom, and the day its figures are of.
fn titled(heading: String, organization: String) -> Vec<String> {
    let today = shared::date::vietnam_day(chrono::Utc::now());
    vec![
        heading,
        organization,
        format!("Số liệu đến ngày {}", day_month_year(today)),
    ]
}

/// A count as a cell.
fn count(n: u64) -> Value {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `GET /api/organizations/{id}/society-report?year=`.
pub async fn society_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Response {
    let prepare = async {
        let organization_id = path_id(&id, "an organisation's id")?;
        let year = year_asked(&asked)?;
        let report = society::report_of(&state.db, organization_id, year).await?;
        let title = report
            .first()
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
        let mut lines = Vec::new();
        for (place, (name, progress)) in (1..).zip(report) {
            for row in progress {
                lines.push(Line::row(vec![
                    Value::Number(place),
                    Value::Text(name.clone()),
                    Value::Text(row.model.vietnamese_name().to_owned()),
                    row.denominator.map_or(Value::Empty, count),
                    count(row.counts.registered),
                    count(row.counts.assessed),
                    count(row.counts.passed),
                    count(row.counts.recognised),
                    row.per_mille.map_or(Value::Empty, |per_mille| {
                        Value::Hundredths(i64::from(per_mille) * 10)
                    }),
                    row.target
                        .percent()
                        .map_or(Value::Empty, |percent| Value::Number(i64::from(percent))),
                    row.gap.map_or(Value::Empty, count),
                ]));
            }
        }
        Ok(Table {
            file: format!("xa-hoi-hoc-tap-{organization_id}-{year}"),
            sheet: "Xã hội học tập",
            title: titled(
                format!("BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM {year}"),
                title,
            ),
            columns: &COLUMNS,
            lines: futures_util::stream::iter([Ok(lines)]).boxed(),
        })
    };
    asked.answer(prepare).await
}

const INDICATOR_COLUMNS: [Column; 12] = [
    column("STT", 6.0),
    column("Mã", 10.0),
    column("Chỉ tiêu", 48.0),
    column("Đơn vị", 32.0),
    column("Số đạt", 12.0),
    column("Tổng số", 12.0),
    column("Tỷ lệ (%)", 10.0),
    column("Chỉ tiêu (%)", 12.0),
    column("Thời hạn", 10.0),
    column("Đánh giá", 16.0),
    column("Đã báo cáo", 12.0),
    column("Nguồn số liệu", 40.0),
];

/// A verdict in the report's words: met, not met, not every commune reported, none reported.
fn verdict(value: Option<shared::indicator::Value>, met: Option<bool>) -> Value {
    let words = match (value, met) {
        (_, Some(true)) => "Đạt",
        (_, Some(false)) => "Chưa đạt",
        (Some(_), None) => "Chưa đủ báo cáo",
        (None, None) => "Chưa báo cáo",
    };
    Value::Text(words.to_owned())
}

/// A share per thousand as a percent cell with two decimals.
fn percent(per_mille: i64) -> Value {
    Value::Hundredths(per_mille.saturating_mul(10))
}

/// `GET /api/organizations/{id}/indicator-report?year=`: the plan's indicators of an
/// organisation for a year, each against its target, and for the city each commune's own
/// figures beneath the indicators it adds up from them (a commune that has not reported is
/// listed, blank, so it can be asked). Public, figures only, as the page is.
pub async fn indicator_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Response {
    let prepare = async {
        let organization_id = path_id(&id, "an organisation's id")?;
        let year = year_asked(&asked)?;
        let organization = crate::service::organization::get(&state.db, organization_id).await?;
        let report = indicator::report_of(&state.db, organization_id, year).await?;
        let mut lines = Vec::new();
        for (place, line) in (1..).zip(report) {
            let progress = line.progress;
            let indicator = &progress.indicator;
            let target = i64::from(indicator.target_per_mille);
            let value = progress.value;
            lines.push(Line::row(vec![
                Value::Number(place),
                Value::Text(indicator.code.clone()),
                Value::Text(indicator.name.clone()),
                Value::Text(organization.name.clone()),
                value.map_or(Value::Empty, |v| Value::Number(v.numerator)),
                value.map_or(Value::Empty, |v| Value::Number(v.denominator)),
                value.map_or(Value::Empty, |v| percent(i64::from(v.per_mille()))),
                percent(target),
                Value::Number(i64::from(indicator.deadline)),
                verdict(value, progress.met()),
                Value::Text(format!("{}/{}", progress.reported, progress.expected)),
                Value::text(progress.own.as_ref().map(|own| own.source.clone())),
            ]));
            let target = u16::try_from(indicator.target_per_mille).unwrap_or(u16::MAX);
            for (commune, reported) in line.communes {
                let value = reported.as_ref().map(indicator::value_of);
                lines.push(Line::row(vec![
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Text(commune),
                    value.map_or(Value::Empty, |v| Value::Number(v.numerator)),
                    value.map_or(Value::Empty, |v| Value::Number(v.denominator)),
                    value.map_or(Value::Empty, |v| percent(i64::from(v.per_mille()))),
                    Value::Empty,
                    Value::Empty,
                    verdict(value, value.map(|v| v.meets(target))),
                    Value::Empty,
                    Value::text(reported.map(|row| row.source)),
                ]));
            }
        }
        Ok(Table {
            file: format!("chi-tieu-ke-hoach-52-{organization_id}-{year}"),
            sheet: "Chỉ tiêu",
            title: titled(
                format!("BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH 52/KH-UBND NĂM {year}"),
                organization.name.clone(),
            ),
            columns: &INDICATOR_COLUMNS,
            lines: futures_util::stream::iter([Ok(lines)]).boxed(),
        })
    };
    asked.answer(prepare).await
}
