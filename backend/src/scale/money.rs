//! The scale city's money: donations into every fund (one commune's fund much busier than the
//! rest), and a sponsor behind each program's fund so that every award the story approves is
//! covered.

use chrono::{DateTime, Duration, Utc};
use shared::DonorKind;

use super::{
    Sizes, Writer,
    ledger::{Ledger, Movement},
    sink::Table,
    tree::Tree,
};

#[derive(Clone, Copy)]
/// Where the donations go: the city's fund, and the fund that gets `busy_fund_donations`.
pub(super) struct Funds {
    pub(super) city_id: i64,
    pub(super) city_fund: i64,
    pub(super) busy_fund_id: i64,
}

impl Writer<'_> {
    /// `sizes.donations` donations over the funds of `tree`, about ten per donor.
    pub(super) async fn donations(
        &mut self,
        ledger: &mut Ledger,
        sizes: &Sizes,
        tree: &Tree,
        funds: &Funds,
        year_start: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let Funds {
            city_id,
            city_fund,
            busy_fund_id,
        } = *funds;
        let (mut donor, mut fund_id) = (0, busy_fund_id);
        for n in 0..sizes.donations {
            // About ten donations per donor, all to one fund, whose organisation keeps the donor
            // (as a treasurer recording them would).
            if n % 10 == 0 || n == sizes.busy_fund_donations {
                fund_id = if n < sizes.busy_fund_donations {
                    busy_fund_id
                } else if (n / 10) % 5 == 0 {
                    city_fund
                } else {
                    tree.fund_ids[self.dice.below(tree.fund_ids.len())]
                };
                donor = self.ids.take(Table::Donor);
                let name = self.dice.full_name();
                let keeper = tree.fund_owner.get(&fund_id).copied().unwrap_or(city_id);
                self.sink
                    .push(
                        Table::Donor,
                        vec![
                            donor.into(),
                            keeper.into(),
                            DonorKind::Person.into(),
                            name.clone().into(),
                            false.into(),
                            self.now.into(),
                            shared::text::folded(&name).into(),
                        ],
                    )
                    .await?;
            }
            let amount = if fund_id == city_fund {
                50_000_000
            } else {
                100_000 * (1 + self.dice.below(50) as i64)
            };
            let at = (year_start - Duration::days(365)
                + Duration::minutes(self.dice.below(700 * 24 * 60) as i64))
            .min(self.now);
            ledger
                .record(
                    &mut self.sink,
                    &mut self.ids,
                    Movement::Donation {
                        fund: fund_id,
                        donor,
                        amount,
                    },
                    at,
                )
                .await?;
        }
        Ok(())
    }

    /// A sponsor's donation behind each program's fund, enough for all its awards.
    pub(super) async fn sponsors(
        &mut self,
        ledger: &mut Ledger,
        sizes: &Sizes,
        tree: &Tree,
        funds: &Funds,
        year_start: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let (city_id, city_fund) = (funds.city_id, funds.city_fund);
        // And a sponsor behind each program's fund, so that every award below is covered
        // whatever the dice gave the fund (a reservation may never overdraw it).
        let mut sponsored = vec![(city_fund, city_id, sizes.city_applications)];
        for commune in &tree.communes {
            sponsored.push((
                commune.fund_id,
                commune.id,
                sizes.learners.div_ceil(tree.communes.len()),
            ));
        }
        for (fund, keeper, applications) in sponsored {
            let sponsor = self.ids.take(Table::Donor);
            let name = "Doanh nghiệp đồng hành cùng Khuyến học";
            self.sink
                .push(
                    Table::Donor,
                    vec![
                        sponsor.into(),
                        keeper.into(),
                        DonorKind::Organization.into(),
                        name.into(),
                        false.into(),
                        self.now.into(),
                        shared::text::folded(name).into(),
                    ],
                )
                .await?;
            let amount = i64::try_from(applications).unwrap_or(i64::MAX / 2_000_000) * 1_000_000;
            let movement = Movement::Donation {
                fund,
                donor: sponsor,
                amount: amount.max(1_000_000),
            };
            ledger
                .record(&mut self.sink, &mut self.ids, movement, year_start)
                .await?;
        }
        Ok(())
    }
}
