//! A program's lists to take away: its applications with their scores, its ranking, its
//! awards and the receipt list signed at the ceremony (for its staff and its fund's
//! treasurers, as on screen), and its public recipients (for anyone).
//!
//! - `GET /api/programs/{id}/applications?status=&search=&order=`
//! - `GET /api/programs/{id}/ranking`
//! - `GET /api/programs/{id}/awards?status=`
//! - `GET /api/programs/{id}/receipts` (the paid awards, to sign)
//! - `GET /api/programs/{id}/recipients`

use axum::{
    extract::{Path, State},
    response::Response,
};
use shared::{ApplicationOrder, ApplicationStatus, AwardStatus, Money, date::vietnam_day};

use super::{Asked, Column, Line, PAGE, Table, Tally, Value, column, pages, path_id};
use crate::{
    error::Error,
    http::{AppState, evidence::Signed},
    service::{
        actor::SignedIn,
        application as applications, award as awards,
        program::{self as programs, ProgramWithTiers},
        ranking::{self, RankKey},
    },
};

/// A program's name and school year, as a title's second line.
fn named(program: &ProgramWithTiers) -> String {
    format!("{} · {}", program.program.name, program.program.cycle)
}

/// A count, as a number.
fn count(n: usize) -> Value {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A mean score (hundredths of a percent), or nothing while none is.
fn score(score: Option<i64>) -> Value {
    score.map_or(Value::Empty, Value::Hundredths)
}

const APPLICATION_COLUMNS: [Column; 6] = [
    column("Mã hồ sơ", 12.0),
    column("Người học", 28.0),
    column("Trạng thái", 18.0),
    column("Ngày lập", 12.0),
    column("Ngày nộp", 12.0),
    column("Điểm trung bình (%)", 14.0),
];

/// `GET /api/programs/{id}/applications`: the submitted applications of a program, of a
/// status (`status=UNDER_REVIEW`) or all, searched (`search=`), in an order (`order=`, as the
/// API's `ApplicationOrder`), with their mean scores.
pub async fn program_applications(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let program_id = path_id(&id, "a program's id")?;
        let status = asked.coded(
            "status",
            ApplicationStatus::from_code,
            "an application status",
        )?;
        let order = asked
            .coded(
                "order",
                ApplicationOrder::from_code,
                "OLDEST, LATEST_SUBMITTED or BEST_SCORE",
            )?
            .unwrap_or(ApplicationOrder::Oldest);
        let search = asked.text("search").unwrap_or_default();
        let chosen = applications::ProgramApplications::open_as(
            &state.db,
            &actor,
            program_id,
            status,
            applications::Search::parse(search)?,
        )
        .await?;
        let program = programs::get(&state.db, program_id).await?;
        let lines = pages(state.db.clone(), move |db, after: Option<i64>| {
            let chosen = chosen.clone();
            async move {
                let page = chosen.page(&db, order, after, PAGE).await?;
                let next = page.next_cursor(|last| last.id);
                let lines = page
                    .items
                    .into_iter()
                    .map(|a| {
                        Line::row(vec![
                            Value::Text(shared::application::reference(a.id)),
                            Value::Text(a.learner_name),
                            Value::Text(a.status.vietnamese_name().to_owned()),
                            Value::Date(vietnam_day(a.created_at)),
                            a.submitted_at
                                .map_or(Value::Empty, |at| Value::Date(vietnam_day(at))),
                            // −1 while no review is in.
                            score((a.rank_score >= 0).then_some(a.rank_score)),
                        ])
                    })
                    .collect();
                Ok((lines, next))
            }
        });
        let mut title = vec!["DANH SÁCH HỒ SƠ".to_owned(), named(&program)];
        if let Some(status) = status {
            title.push(format!("Trạng thái: {}", status.vietnamese_name()));
        }
        if !search.is_empty() {
            title.push(format!("Tìm: {search}"));
        }
        Ok(Table {
            file: format!("ho-so-chuong-trinh-{program_id}"),
            sheet: "Hồ sơ",
            title,
            columns: &APPLICATION_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}

const RANKING_COLUMNS: [Column; 9] = [
    column("Hạng", 8.0),
    column("Mã hồ sơ", 12.0),
    column("Người học", 28.0),
    column("Điểm trung bình (%)", 14.0),
    column("Số bài đã chấm", 10.0),
    column("Số bài được giao", 10.0),
    column("Trạng thái", 18.0),
    column("Mức khen thưởng", 20.0),
    column("Số tiền (đồng)", 16.0),
];

/// `GET /api/programs/{id}/ranking`: the applications under review or decided, best mean
/// score first, numbered, with their awards once approved.
pub async fn program_ranking(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let program_id = path_id(&id, "a program's id")?;
        let ranking = ranking::Ranking::open_as(&state.db, &actor, program_id).await?;
        let program = programs::get(&state.db, program_id).await?;
        let context = (state.db.clone(), program.tiers.clone());
        // Where the reading is: after a line, and how many came before.
        let lines = pages(
            context,
            move |(db, tiers), after: Option<(RankKey, i64)>| async move {
                let (key, mut place) = after.map_or((None, 0), |(key, n)| (Some(key), n));
                let page = ranking.page(&db, key, PAGE).await?;
                let last = page.items.last().map(ranking::Ranked::key);
                let tier = |id: i64| tiers.iter().find(|t| t.id == id).map(|t| t.name.clone());
                let lines = page
                    .items
                    .into_iter()
                    .map(|r| {
                        place += 1;
                        let award = r.award.as_ref();
                        Line::row(vec![
                            Value::Number(place),
                            Value::Text(shared::application::reference(r.application.id)),
                            Value::Text(r.learner_name),
                            score(r.score.map(i64::from)),
                            count(r.reviews_submitted),
                            count(r.reviews_assigned),
                            Value::Text(r.application.status.vietnamese_name().to_owned()),
                            Value::text(award.and_then(|a| tier(a.tier_id))),
                            award.map_or(Value::Empty, |a| Value::Money(a.amount)),
                        ])
                    })
                    .collect();
                let next = page.has_next_page.then_some(last).flatten();
                Ok((lines, next.map(|key| (key, place))))
            },
        );
        Ok(Table {
            file: format!("xep-hang-chuong-trinh-{program_id}"),
            sheet: "Xếp hạng",
            title: vec!["BẢNG XẾP HẠNG".to_owned(), named(&program)],
            columns: &RANKING_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}

const AWARD_COLUMNS: [Column; 11] = [
    column("STT", 6.0),
    column("Mã hồ sơ", 12.0),
    column("Họ và tên", 28.0),
    column("Ngày sinh", 12.0),
    column("Lớp", 8.0),
    column("Trường", 28.0),
    column("Mức khen thưởng", 20.0),
    column("Số tiền (đồng)", 16.0),
    column("Trạng thái", 18.0),
    column("Ngày duyệt", 12.0),
    column("Ngày chi", 12.0),
];

const RECEIPT_COLUMNS: [Column; 7] = [
    column("STT", 6.0),
    column("Họ và tên", 28.0),
    column("Lớp", 8.0),
    column("Trường", 28.0),
    column("Số tiền (đồng)", 16.0),
    column("Ký nhận", 18.0),
    column("Điểm chỉ", 12.0),
];

/// What an awards file is laid out as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Every fact of each award.
    Awards,
    /// The paper the recipients sign at the ceremony.
    Receipts,
}

/// `GET /api/programs/{id}/awards`: a program's awards (of `status`, or all), in the order
/// they were decided, numbered, with their total.
pub async fn program_awards(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    awards_file(&state, actor, &id, &asked, Layout::Awards).await
}

/// `GET /api/programs/{id}/receipts`: the receipt list of a program's paid awards (or of
/// another `status`), with a column to sign, the total and the total in words.
pub async fn program_receipts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    awards_file(&state, actor, &id, &asked, Layout::Receipts).await
}

async fn awards_file(
    state: &AppState,
    actor: SignedIn,
    id: &str,
    asked: &Asked,
    layout: Layout,
) -> Response {
    let prepare = async {
        let program_id = path_id(id, "a program's id")?;
        let wanted = asked.coded("status", AwardStatus::from_code, "an award status")?;
        let status = match layout {
            Layout::Awards => wanted,
            Layout::Receipts => Some(wanted.unwrap_or(AwardStatus::Paid)),
        };
        let chosen = awards::ProgramAwards::open_as(&state.db, &actor, program_id, status).await?;
        let program = programs::get(&state.db, program_id).await?;
        let (width, amount_at) = match layout {
            Layout::Awards => (AWARD_COLUMNS.len(), 7),
            Layout::Receipts => (RECEIPT_COLUMNS.len(), 4),
        };
        // Where the reading is: after an award, with how many came before and their total.
        let lines = pages(
            state.db.clone(),
            move |db, after: Option<(i64, Tally)>| async move {
                let (cursor, mut tally) =
                    after.map_or((None, Tally::default()), |(id, t)| (Some(id), t));
                let page = chosen.page(&db, cursor, PAGE).await?;
                let last = page.items.last().map(|line| line.award.id);
                let mut lines: Vec<Line> = page
                    .items
                    .into_iter()
                    .map(|line| {
                        let place = tally.add(line.award.amount);
                        award_line(layout, place, line)
                    })
                    .collect();
                if page.has_next_page {
                    return Ok((lines, last.map(|id| (id, tally))));
                }
                lines.push(tally.total_line(width, amount_at));
                if layout == Layout::Receipts {
                    let words = Money::from_dong(tally.total).in_words_vi();
                    lines.push(Line::summary(width, 1, &format!("Bằng chữ: {words}"), &[]));
                }
                Ok((lines, None))
            },
        );
        let (file, sheet, heading, columns): (_, _, _, &'static [Column]) = match layout {
            Layout::Awards => (
                "khen-thuong-chuong-trinh",
                "Khen thưởng",
                "DANH SÁCH KHEN THƯỞNG",
                &AWARD_COLUMNS,
            ),
            Layout::Receipts => (
                "ky-nhan-chuong-trinh",
                "Ký nhận",
                "DANH SÁCH KÝ NHẬN",
                &RECEIPT_COLUMNS,
            ),
        };
        let mut title = vec![heading.to_owned(), named(&program)];
        if let Some(status) = status {
            title.push(format!("Trạng thái: {}", status.vietnamese_name()));
        }
        Ok(Table {
            file: format!("{file}-{program_id}"),
            sheet,
            title,
            columns,
            lines,
        })
    };
    asked.answer(prepare).await
}

fn award_line(layout: Layout, place: i64, line: awards::AwardLine) -> Line {
    let learner = line.learner;
    let award = line.award;
    match layout {
        Layout::Awards => Line::row(vec![
            Value::Number(place),
            Value::Text(shared::application::reference(award.application_id)),
            Value::Text(learner.full_name),
            Value::Date(learner.date_of_birth),
            Value::text(learner.class_name),
            Value::text(learner.school),
            Value::Text(line.tier_name),
            Value::Money(award.amount),
            Value::Text(award.status.vietnamese_name().to_owned()),
            Value::Date(vietnam_day(award.decided_at)),
            award
                .settled_at
                .filter(|_| award.status == AwardStatus::Paid)
                .map_or(Value::Empty, |at| Value::Date(vietnam_day(at))),
        ]),
        Layout::Receipts => Line::row(vec![
            Value::Number(place),
            Value::Text(learner.full_name),
            Value::text(learner.class_name),
            Value::text(learner.school),
            Value::Money(award.amount),
            Value::Empty,
            Value::Empty,
        ]),
    }
}

const RECIPIENT_COLUMNS: [Column; 4] = [
    column("STT", 6.0),
    column("Người nhận", 16.0),
    column("Xã, phường", 28.0),
    column("Số tiền (đồng)", 16.0),
];

/// `GET /api/programs/{id}/recipients`: the public list of a program's paid recipients, as
/// its public page shows them (name initials, commune, amount), in the order they were paid.
/// For anyone; a draft program is not found.
pub async fn program_recipients(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
) -> Response {
    let prepare = async {
        let program_id = path_id(&id, "a program's id")?;
        let program = programs::get_as(&state.db, None, program_id).await?;
        let lines = pages(
            state.db.clone(),
            move |db, after: Option<(i64, Tally)>| async move {
                let (cursor, mut tally) =
                    after.map_or((None, Tally::default()), |(id, t)| (Some(id), t));
                let page = awards::recipients(&db, program_id, cursor, PAGE).await?;
                let last = page.items.last().map(|r| r.paid_by_transaction);
                let mut lines: Vec<Line> = page
                    .items
                    .into_iter()
                    .map(|r| {
                        Line::row(vec![
                            Value::Number(tally.add(r.amount.dong())),
                            Value::Text(r.name),
                            Value::text(r.commune),
                            Value::Money(r.amount.dong()),
                        ])
                    })
                    .collect();
                if page.has_next_page {
                    return Ok((lines, last.map(|id| (id, tally))));
                }
                lines.push(tally.total_line(RECIPIENT_COLUMNS.len(), 3));
                Ok((lines, None))
            },
        );
        Ok::<_, Error>(Table {
            file: format!("nguoi-nhan-chuong-trinh-{program_id}"),
            sheet: "Người nhận",
            title: vec!["DANH SÁCH NGƯỜI NHẬN".to_owned(), named(&program)],
            columns: &RECIPIENT_COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}
