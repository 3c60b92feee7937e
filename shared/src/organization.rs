//! The organisation tree of the associations.

use std::fmt;

/// What level of the association an organisation is. Since 1 July 2025 local government has
/// two tiers, so there is no district level: a commune or ward sits directly under the city,
/// and chapters and clan councils may nest to any depth below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
pub enum OrganizationKind {
    /// Hội Khuyến học of a city or province.
    City,
    /// Hội Khuyến học of a commune (xã) or ward (phường).
    Commune,
    /// Chi hội: a chapter in a school, village, residential group or agency.
    Chapter,
    /// Ban khuyến học dòng họ: a clan's learning-promotion council.
    Clan,
    /// Anything else (an enterprise's or association's own learning-promotion body).
    Other,
}

impl OrganizationKind {
    pub const ALL: [Self; 5] = [
        Self::City,
        Self::Commune,
        Self::Chapter,
        Self::Clan,
        Self::Other,
    ];

    /// The stable code stored in the database and used on the wire.
    pub const fn code(self) -> &'static str {
        match self {
            Self::City => "CITY",
            Self::Commune => "COMMUNE",
            Self::Chapter => "CHAPTER",
            Self::Clan => "CLAN",
            Self::Other => "OTHER",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

impl fmt::Display for OrganizationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).ok(),
                Some(format!("\"{}\"", kind.code()))
            );
        }
        assert_eq!(OrganizationKind::from_code("DISTRICT"), None);
    }
}
