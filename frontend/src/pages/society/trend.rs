//! A learning society's trend: each model's share recognised over the last years, as lines on
//! one chart and, with the same figures, as a table.

use leptos::prelude::*;
use shared::society::RecognitionModel;

use crate::{
    api::documents::society_progress::SocietyProgressSocietyTrend as YearRow,
    i18n::{Text, model_name, use_i18n},
};

/// The chart's drawing box: the percent labels' gutter, the plot and the years under it.
const GUTTER: f64 = 34.0;
const WIDTH: f64 = 320.0;
const TOP: f64 = 8.0;
const PLOT_HEIGHT: f64 = 120.0;
/// Room to the right of the last year, so its label is not cut.
const RIGHT: f64 = 16.0;

/// A share per thousand as a percent with one decimal, as Vietnamese writes it: `62,5`.
fn share(per_mille: Option<i64>) -> String {
    per_mille.map_or_else(|| "–".to_owned(), |p| format!("{},{}", p / 10, p % 10))
}

/// The class that colours a model's line and its legend.
const fn series_class(model: RecognitionModel) -> &'static str {
    match model {
        RecognitionModel::Household => "series household",
        RecognitionModel::Clan => "series clan",
        RecognitionModel::Community => "series community",
        RecognitionModel::Unit => "series unit",
        RecognitionModel::Citizen => "series citizen",
    }
}

/// Each model's share per thousand in each year, None where it has no denominator.
fn series(years: &[YearRow]) -> Vec<(RecognitionModel, Vec<Option<i64>>)> {
    RecognitionModel::ALL
        .iter()
        .map(|&model| {
            let cells = years
                .iter()
                .map(|year| {
                    year.progress
                        .iter()
                        .find(|row| row.model == model)
                        .and_then(|row| row.per_mille)
                })
                .collect();
            (model, cells)
        })
        .collect()
}

/// Where the `i`th of `count` years and a share per thousand are drawn.
fn point(i: usize, count: usize, per_mille: i64) -> (f64, f64) {
    let span = WIDTH - GUTTER - RIGHT;
    let x = if count > 1 {
        GUTTER + span * i as f64 / (count - 1) as f64
    } else {
        GUTTER + span / 2.0
    };
    let y = TOP + PLOT_HEIGHT * (1.0 - per_mille.clamp(0, 1000) as f64 / 1000.0);
    (x, y)
}

/// The runs of consecutive years with a share, each as a polyline's points: a year without
/// one breaks the line rather than dropping it to zero.
fn runs(cells: &[Option<i64>]) -> Vec<Vec<(f64, f64)>> {
    let mut found = vec![Vec::new()];
    for (i, cell) in cells.iter().enumerate() {
        match cell {
            Some(per_mille) => {
                if let Some(run) = found.last_mut() {
                    run.push(point(i, cells.len(), *per_mille));
                }
            }
            None => found.push(Vec::new()),
        }
    }
    found.retain(|run| !run.is_empty());
    found
}

/// The lines: a percent grid, a line and points per model, the years beneath. The figures are
/// in the table after it, so the drawing is hidden from screen readers.
#[component]
fn TrendChart(heads: Vec<i64>, series: Vec<(RecognitionModel, Vec<Option<i64>>)>) -> impl IntoView {
    let i18n = use_i18n();
    let count = heads.len();
    let grid = [0_i64, 250, 500, 750, 1000].map(|per_mille| {
        let (_, y) = point(0, count, per_mille);
        view! {
            <line class="grid" x1=GUTTER x2=WIDTH - RIGHT y1=y y2=y />
            <text x=GUTTER - 4.0 y=y + 3.0 text-anchor="end">{format!("{}%", per_mille / 10)}</text>
        }
    });
    let years = heads.into_iter().enumerate().map(|(i, year)| {
        let (x, _) = point(i, count, 0);
        view! { <text x=x y=TOP + PLOT_HEIGHT + 16.0 text-anchor="middle">{year}</text> }
    });
    let lines = series
        .iter()
        .map(|(model, cells)| {
            let class = series_class(*model);
            runs(cells)
                .into_iter()
                .map(|run| {
                    let points = run
                        .iter()
                        .map(|(x, y)| format!("{x:.1},{y:.1}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let dots = run
                        .into_iter()
                        .map(|(x, y)| view! { <circle class=class cx=x cy=y r="2.5" /> })
                        .collect_view();
                    view! { <polyline class=class points=points />{dots} }
                })
                .collect_view()
        })
        .collect_view();
    let shown: Vec<RecognitionModel> = series
        .iter()
        .filter(|(_, cells)| cells.iter().any(Option::is_some))
        .map(|(model, _)| *model)
        .collect();
    view! {
        <svg class="chart trend-chart" viewBox=format!("0 0 {WIDTH} {}", TOP + PLOT_HEIGHT + 22.0) aria-hidden="true">
            {grid.into_iter().collect_view()}
            {years.collect_view()}
            {lines}
        </svg>
        <p class="legend" aria-hidden="true">
            {shown.into_iter().map(|model| view! {
                <span class=series_class(model)>{move || model_name(model, i18n.locale.get())}</span>
            }).collect_view()}
        </p>
    }
}

/// Each model's share recognised over the last years: a chart, and a table with a row per
/// model.
#[component]
pub(super) fn Trend(years: Vec<YearRow>) -> impl IntoView {
    let i18n = use_i18n();
    let heads: Vec<i64> = years.iter().map(|y| y.year).collect();
    let rows = series(&years);
    let any = rows
        .iter()
        .any(|(_, cells)| cells.iter().any(Option::is_some));
    let table_rows: Vec<(RecognitionModel, Vec<String>)> = rows
        .iter()
        .map(|(model, cells)| (*model, cells.iter().copied().map(share).collect()))
        .collect();
    view! {
        <section class="card" aria-labelledby="trend-title">
            <h2 id="trend-title">{move || i18n.t(Text::SocietyTrendTitle)}</h2>
            {any.then(|| view! { <TrendChart heads=heads.clone() series=rows /> })}
            <table class="trend">
                <caption class="muted small">{move || i18n.t(Text::SocietyTrendCaption)}</caption>
                <thead><tr>
                    <th scope="col">{move || i18n.t(Text::SocietyModelLabel)}</th>
                    {heads.into_iter().map(|year| view! { <th scope="col">{year}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {table_rows.into_iter().map(|(model, cells)| view! {
                        <tr>
                            <th scope="row">{move || model_name(model, i18n.locale.get())}</th>
                            {cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
