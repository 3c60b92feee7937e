//! The people of the scale city: staff of the city and of every commune, guardians, and
//! their learners (three to a guardian). Every account shares one password, hashed once: the
//! data is for measuring, never for people.

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use shared::{Gender, Role};

use super::{
    DOMAIN, Sizes, Writer,
    names::{FAMILY, GIVEN, LEVELS, MIDDLE},
    sink::Table,
    tree::Commune,
};

/// The city's own staff: who manages its program, pays its awards and reviews for it.
pub(super) struct CityStaff {
    pub(super) manager: i64,
    pub(super) treasurer: i64,
    pub(super) reviewers: Vec<i64>,
}

impl Writer<'_> {
    /// An account, `login@DOMAIN`, with a role in an organisation if it has one.
    async fn person(
        &mut self,
        login: String,
        name: String,
        role: Option<(Role, i64)>,
    ) -> anyhow::Result<i64> {
        let id = self.ids.take(Table::UserAccount);
        self.sink
            .push(
                Table::UserAccount,
                vec![
                    id.into(),
                    format!("{login}@{DOMAIN}").into(),
                    name.into(),
                    self.password_hash.clone().into(),
                    self.now.into(),
                    self.now.into(),
                ],
            )
            .await?;
        if let Some((role, organization_id)) = role {
            let membership = self.ids.take(Table::Membership);
            self.sink
                .push(
                    Table::Membership,
                    vec![
                        membership.into(),
                        id.into(),
                        organization_id.into(),
                        role.code().into(),
                        self.now.into(),
                    ],
                )
                .await?;
        }
        Ok(id)
    }

    /// The city's admin, manager, treasurer and reviewers, and each commune's (whose manager
    /// and reviewers go into `communes`).
    pub(super) async fn staff(
        &mut self,
        sizes: &Sizes,
        city_id: i64,
        communes: &mut [Commune],
    ) -> anyhow::Result<CityStaff> {
        self.person(
            "admin".into(),
            "Quản trị thành phố".into(),
            Some((Role::Admin, city_id)),
        )
        .await?;
        let city_manager = self
            .person(
                "quanly".into(),
                "Quản lý chương trình thành phố".into(),
                Some((Role::ProgramManager, city_id)),
            )
            .await?;
        let city_treasurer = self
            .person(
                "thuquy".into(),
                "Thủ quỹ thành phố".into(),
                Some((Role::Treasurer, city_id)),
            )
            .await?;
        let mut city_reviewers = Vec::new();
        for r in 0..100 {
            city_reviewers.push(
                self.person(
                    format!("giamkhao{r}"),
                    format!("Giám khảo thành phố {r}"),
                    Some((Role::Reviewer, city_id)),
                )
                .await?,
            );
        }
        for (n, commune) in communes.iter_mut().enumerate() {
            self.person(
                format!("admin.{n}"),
                format!("Quản trị phường {n}"),
                Some((Role::Admin, commune.id)),
            )
            .await?;
            commune.manager = self
                .person(
                    format!("quanly.{n}"),
                    format!("Quản lý phường {n}"),
                    Some((Role::ProgramManager, commune.id)),
                )
                .await?;
            self.person(
                format!("thuquy.{n}"),
                format!("Thủ quỹ phường {n}"),
                Some((Role::Treasurer, commune.id)),
            )
            .await?;
            for r in 0..sizes.reviewers_per_commune {
                let reviewer = self
                    .person(
                        format!("giamkhao.{n}.{r}"),
                        format!("Giám khảo {r} phường {n}"),
                        Some((Role::Reviewer, commune.id)),
                    )
                    .await?;
                commune.reviewers.push(reviewer);
            }
        }
        Ok(CityStaff {
            manager: city_manager,
            treasurer: city_treasurer,
            reviewers: city_reviewers,
        })
    }

    /// `count` guardians; the id of the first (the others follow it).
    pub(super) async fn guardians(&mut self, count: usize) -> anyhow::Result<i64> {
        let first = self.ids.peek(Table::UserAccount);
        for g in 0..count {
            let name = self.dice.full_name();
            self.person(format!("phuhuynh{g}"), name, None).await?;
        }
        Ok(first)
    }

    /// `count` learners spread evenly over the communes, three to a guardian from
    /// `guardians_from` on; the id of the first (the others follow it).
    pub(super) async fn learners(
        &mut self,
        count: usize,
        communes: &[Commune],
        guardians_from: i64,
    ) -> anyhow::Result<i64> {
        let first_learner = self.ids.peek(Table::Learner);
        for n in 0..count {
            let id = self.ids.take(Table::Learner);
            let c = n % communes.len();
            let commune = &communes[c];
            let chapter = commune
                .chapters
                .get(self.dice.below(commune.chapters.len()))
                .copied();
            let (level, school) = LEVELS[self.dice.below(LEVELS.len())];
            let middle = self.dice.pick(&MIDDLE);
            let born = NaiveDate::from_ymd_opt(
                2006 + i32::try_from(self.dice.below(14)).unwrap_or(0),
                1,
                1,
            )
            .context("a date")?
                + Duration::days(self.dice.below(365) as i64);
            let guardian = guardians_from + (n / 3) as i64;
            let name = format!(
                "{} {middle} {}",
                self.dice.pick(&FAMILY),
                self.dice.pick(&GIVEN)
            );
            let school = format!("{school} Quy Mô {}", c + 1);
            let search_text = shared::text::learner_search_text(&name, Some(&school));
            self.sink
                .push(
                    Table::Learner,
                    vec![
                        id.into(),
                        name.into(),
                        born.into(),
                        if middle == "Thị" {
                            Gender::Female
                        } else {
                            Gender::Male
                        }
                        .into(),
                        format!("{:012}", 1_000_000_000 + n).into(),
                        level.into(),
                        school.into(),
                        format!("{}A{}", 1 + self.dice.below(12), 1 + self.dice.below(6)).into(),
                        commune.id.into(),
                        if self.dice.below(3) == 0 { "POOR" } else { "" }.into(),
                        i32::try_from(500 + self.dice.below(500))
                            .unwrap_or(800)
                            .into(),
                        chapter.into(),
                        guardian.into(),
                        self.now.into(),
                        self.now.into(),
                        search_text.into(),
                    ],
                )
                .await?;
            self.sink
                .push(
                    Table::LearnerManager,
                    vec![id.into(), guardian.into(), self.now.into()],
                )
                .await?;
        }
        Ok(first_learner)
    }
}
