//! One learner funded once: when two learners on record are the same person, and what a
//! program does when the person it is about to award was already awarded elsewhere in the same
//! school year.
//!
//! The same pupil can be on record twice: once with their school's chapter, once with their
//! clan, each keeping its own roster. A personal id settles it when both have one (and the
//! database keeps one record per personal id); when either
//! has none, the name (compared folded: no diacritics, no case, đ → d), the date of birth and
//! the commune they live in must all agree.

use chrono::NaiveDate;

use crate::text::folded;

coded_enum! {
    /// Why another award is taken to be for the same learner.
    pub enum DuplicateMatch {
        /// The same learner on record: one personal id is one record, so this is also the
        /// match by personal id.
        SameLearner => "SAME_LEARNER",
        /// Another learner on record, without a personal id on one side, with the same name
        /// (folded), date of birth and commune.
        NameBirthCommune => "NAME_BIRTH_COMMUNE",
    }
}

impl DuplicateMatch {
    /// Why, in Vietnamese, as the report and its export say it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::SameLearner => "cùng hồ sơ người học",
            Self::NameBirthCommune => "cùng họ tên, ngày sinh và xã/phường",
        }
    }
}

coded_enum! {
    /// What approving an application does when its learner was already awarded this school
    /// year by a program of the same kind.
    pub enum DuplicatePolicy {
        /// The decider sees the other awards and decides.
        Warn => "WARN",
        /// The approval is refused (`DUPLICATE_FUNDING`), naming the other award.
        Block => "BLOCK",
    }
}

impl DuplicatePolicy {
    /// A new program only warns: an association turns blocking on when it has agreed with
    /// the others which one funds which need.
    pub const DEFAULT: Self = Self::Warn;
}

/// What identifies a learner on record, for telling whether two are the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity<'a> {
    pub learner_id: i64,
    pub personal_id: Option<&'a str>,
    pub full_name: &'a str,
    pub date_of_birth: NaiveDate,
    pub commune_id: Option<i64>,
}

impl Identity<'_> {
    /// Why `other` is the same person as `self`, if they are: the same record (or personal
    /// id, which the database keeps to one record); or, when either has no personal id, the same folded name, date of birth and
    /// commune (both known). Two different personal ids are two people, whatever their names.
    pub fn same_person(&self, other: &Identity<'_>) -> Option<DuplicateMatch> {
        if self.learner_id == other.learner_id {
            return Some(DuplicateMatch::SameLearner);
        }
        match (self.personal_id, other.personal_id) {
            (Some(mine), Some(theirs)) => (mine == theirs).then_some(DuplicateMatch::SameLearner),
            _ => (self.commune_id.is_some()
                && self.commune_id == other.commune_id
                && self.date_of_birth == other.date_of_birth
                && folded(self.full_name) == folded(other.full_name))
            .then_some(DuplicateMatch::NameBirthCommune),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pupil<'a>(
        learner_id: i64,
        personal_id: Option<&'a str>,
        full_name: &'a str,
    ) -> Identity<'a> {
        Identity {
            learner_id,
            personal_id,
            full_name,
            date_of_birth: NaiveDate::from_ymd_opt(2012, 3, 4).unwrap_or_default(),
            commune_id: Some(7),
        }
    }

    #[test]
    fn a_learner_is_the_same_person_as_their_own_record() {
        let an = pupil(1, None, "Nguyễn Văn An");
        assert_eq!(an.same_person(&an), Some(DuplicateMatch::SameLearner));
    }

    #[test]
    fn two_records_with_one_personal_id_are_one_person_whatever_their_names() {
        let school = pupil(1, Some("001212345678"), "Nguyễn Văn An");
        let clan = pupil(2, Some("001212345678"), "Nguyen Van Anh");
        assert_eq!(school.same_person(&clan), Some(DuplicateMatch::SameLearner));
    }

    #[test]
    fn two_different_personal_ids_are_two_people_even_with_one_name() {
        let one = pupil(1, Some("001212345678"), "Nguyễn Văn An");
        let other = pupil(2, Some("001212345679"), "Nguyễn Văn An");
        assert_eq!(one.same_person(&other), None);
    }

    #[test]
    fn without_a_personal_id_the_folded_name_birth_and_commune_decide() {
        let school = pupil(1, Some("001212345678"), "Đặng Thị Tráng");
        let clan = pupil(2, None, "DANG THI  TRANG");
        assert_eq!(
            school.same_person(&clan),
            Some(DuplicateMatch::NameBirthCommune)
        );
        let born_later = Identity {
            date_of_birth: NaiveDate::from_ymd_opt(2012, 3, 5).unwrap_or_default(),
            ..clan
        };
        assert_eq!(school.same_person(&born_later), None);
        let elsewhere = Identity {
            commune_id: Some(8),
            ..clan
        };
        assert_eq!(school.same_person(&elsewhere), None);
        let nowhere = Identity {
            commune_id: None,
            ..clan
        };
        assert_eq!(
            Identity {
                commune_id: None,
                ..school
            }
            .same_person(&nowhere),
            None,
            "an unknown commune is no evidence"
        );
        assert_eq!(
            school.same_person(&pupil(3, None, "Đặng Thị Trang Anh")),
            None
        );
    }
}
