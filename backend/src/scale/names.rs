//! Names, schools and a fixed-seed die, so that the city looks varied and two runs make the
//! same one.

pub(super) const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
pub(super) const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hoài", "Gia",
];
pub(super) const GIVEN: [&str; 32] = [
    "Anh", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Phong", "Phúc", "Quang",
    "Quyên", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tú", "Tuấn", "Yến",
];
pub(super) const LEVELS: [(&str, &str); 4] = [
    ("PRIMARY", "Trường Tiểu học"),
    ("LOWER_SECONDARY", "Trường THCS"),
    ("UPPER_SECONDARY", "Trường THPT"),
    ("UNIVERSITY", "Trường Đại học"),
];

/// A fixed-seed generator (SplitMix64), so that two runs make the same city. The data only
/// needs to look varied; a dependency for that would buy nothing.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

impl Dice {
    /// A full name: family, middle and given.
    pub(super) fn full_name(&mut self) -> String {
        format!(
            "{} {} {}",
            self.pick(&FAMILY),
            self.pick(&MIDDLE),
            self.pick(&GIVEN)
        )
    }
}
