//! The organisation tree of the associations.

use crate::{
    ValidationError, ValidationReason,
    text::{optional_line, required_line},
};

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

impl OrganizationKind {
    /// Its name in Vietnamese, as forms and lists write it (and imports read it).
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::City => "Thành phố",
            Self::Commune => "Xã/phường",
            Self::Chapter => "Chi hội",
            Self::Clan => "Dòng họ",
            Self::Other => "Khác",
        }
    }
}

/// The longest name an organisation may have.
pub const NAME_MAX_CHARS: usize = 255;

/// An organisation's name: one line of text, at most [`NAME_MAX_CHARS`].
pub fn valid_name(name: &str) -> Result<String, ValidationError> {
    required_line("name", name, NAME_MAX_CHARS)
}

/// An administrative unit's code (the GSO's five digits for a commune, say): letters, digits
/// and hyphens, at most 16; none when blank.
pub fn valid_area_code(code: &str) -> Result<Option<String>, ValidationError> {
    let field = "areaCode";
    let code = optional_line(field, code, 16)?;
    if code
        .as_deref()
        .is_some_and(|code| !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: AREA_CODE.into(),
            },
        ));
    }
    Ok(code)
}

/// What an area code's error expects.
pub const AREA_CODE: &str = "letters, digits and hyphens, such as 10012";

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
