//! The tree of the scale city: its communes (the seed's first, then new ones up to the count),
//! each with its fund and its chapters, every fourth chapter with a fund of its own.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Value};
use shared::OrganizationKind;

use super::{Sizes, Writer, sink::Table};
use crate::entity::{fund, organization};

/// A commune of the scale city, with the people its programs need.
pub(super) struct Commune {
    pub(super) id: i64,
    pub(super) fund_id: i64,
    pub(super) chapters: Vec<i64>,
    pub(super) manager: i64,
    pub(super) reviewers: Vec<i64>,
}

/// The communes, and every fund with the organisation that keeps it.
pub(super) struct Tree {
    pub(super) communes: Vec<Commune>,
    pub(super) fund_ids: Vec<i64>,
    pub(super) fund_owner: BTreeMap<i64, i64>,
}

impl Writer<'_> {
    pub(super) async fn tree(
        &mut self,
        db: &DatabaseConnection,
        sizes: &Sizes,
        city: &organization::Model,
        funds: &[fund::Model],
        city_fund: i64,
    ) -> anyhow::Result<Tree> {
        let fund_of = |organization_id: i64| {
            funds
                .iter()
                .find(|f| f.organization_id == organization_id)
                .map(|f| f.id)
        };
        let mut communes = Vec::new();
        for existing in organization::Entity::find()
            .filter(organization::Column::ParentId.eq(city.id))
            .filter(organization::Column::Kind.eq(OrganizationKind::Commune))
            .all(db)
            .await?
            .into_iter()
            .take(sizes.communes)
        {
            let fund_id = match fund_of(existing.id) {
                Some(fund_id) => fund_id,
                None => {
                    let fund_id = self.ids.take(Table::Fund);
                    let name = existing.name.replace("Hội Khuyến học", "Quỹ Khuyến học");
                    self.sink
                        .push(
                            Table::Fund,
                            vec![
                                fund_id.into(),
                                existing.id.into(),
                                name.clone().into(),
                                Value::String(None),
                                self.now.into(),
                                shared::text::folded(&name).into(),
                            ],
                        )
                        .await?;
                    fund_id
                }
            };
            communes.push((existing.id, existing.path, fund_id));
        }
        while communes.len() < sizes.communes {
            let (id, fund_id, n) = (
                self.ids.take(Table::Organization),
                self.ids.take(Table::Fund),
                communes.len() + 1,
            );
            let path = format!("{}{id}/", city.path);
            let name = format!("Hội Khuyến học phường Quy Mô {n}");
            self.sink
                .push(
                    Table::Organization,
                    vec![
                        id.into(),
                        city.id.into(),
                        OrganizationKind::Commune.into(),
                        name.clone().into(),
                        path.clone().into(),
                        self.now.into(),
                        self.now.into(),
                        shared::text::folded(&name).into(),
                    ],
                )
                .await?;
            self.sink
                .push(
                    Table::Fund,
                    vec![
                        fund_id.into(),
                        id.into(),
                        format!("Quỹ Khuyến học phường Quy Mô {n}").into(),
                        "Học bổng và khen thưởng học sinh của phường.".into(),
                        self.now.into(),
                        shared::text::folded(&format!("Quỹ Khuyến học phường Quy Mô {n}")).into(),
                    ],
                )
                .await?;
            communes.push((id, path, fund_id));
        }
        let mut fund_ids = vec![city_fund];
        let mut fund_owner = BTreeMap::from([(city_fund, city.id)]);
        let mut communes_made = Vec::new();
        for (n, (id, path, fund_id)) in communes.into_iter().enumerate() {
            fund_ids.push(fund_id);
            fund_owner.insert(fund_id, id);
            let mut chapters = Vec::new();
            for c in 1..=sizes.chapters_per_commune {
                let chapter = self.ids.take(Table::Organization);
                let name = format!("Chi hội Khuyến học tổ dân phố {c} – {}", n + 1);
                self.sink
                    .push(
                        Table::Organization,
                        vec![
                            chapter.into(),
                            id.into(),
                            OrganizationKind::Chapter.into(),
                            name.clone().into(),
                            format!("{path}{chapter}/").into(),
                            self.now.into(),
                            self.now.into(),
                            shared::text::folded(&name).into(),
                        ],
                    )
                    .await?;
                if c % 4 == 1 {
                    let chapter_fund = self.ids.take(Table::Fund);
                    self.sink
                        .push(
                            Table::Fund,
                            vec![
                                chapter_fund.into(),
                                chapter.into(),
                                format!("Quỹ chi hội tổ dân phố {c} – {}", n + 1).into(),
                                Value::String(None),
                                self.now.into(),
                                shared::text::folded(&format!(
                                    "Quỹ chi hội tổ dân phố {c} – {}",
                                    n + 1
                                ))
                                .into(),
                            ],
                        )
                        .await?;
                    fund_ids.push(chapter_fund);
                    fund_owner.insert(chapter_fund, chapter);
                }
                chapters.push(chapter);
            }
            communes_made.push(Commune {
                id,
                fund_id,
                chapters,
                manager: 0,
                reviewers: Vec::new(),
            });
        }
        Ok(Tree {
            communes: communes_made,
            fund_ids,
            fund_owner,
        })
    }
}
