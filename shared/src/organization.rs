//! The organisation tree of the associations.

coded_enum! {
    /// What level of the association an organisation is. Since 1 July 2025 local government
    /// has two tiers, so there is no district level: a commune or ward sits directly under the
    /// city, and chapters and clan councils may nest to any depth below it.
    pub enum OrganizationKind {
        /// Hội Khuyến học of a city or province.
        City => "CITY",
        /// Hội Khuyến học of a commune (xã) or ward (phường).
        Commune => "COMMUNE",
        /// Chi hội: a chapter in a school, village, residential group or agency.
        Chapter => "CHAPTER",
        /// Ban khuyến học dòng họ: a clan's learning-promotion council.
        Clan => "CLAN",
        /// Anything else (an enterprise's or association's own learning-promotion body).
        Other => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for &kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).ok(),
                Some(format!("\"{}\"", kind.code()))
            );
        }
        assert_eq!(OrganizationKind::from_code("DISTRICT"), None);
    }
}
