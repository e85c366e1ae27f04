//! Identity codes (unified social credit codes, resident ID numbers), the
//! hashing and scrambling they are derived with, and date formatting.
//!
//! Codes are derived from a subject's key through bijections, so two subjects
//! of the same class never share a code and no set of used codes is kept.

use app::domain::{resident_id, uscc};
use chrono::{Datelike, NaiveDate};

/// The characters of a unified social credit code (GB 32100-2015).
pub const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Region code of 嘉峪关市.
pub const REGION: &str = "620200";

/// A 64-bit hash of two values (splitmix64 finaliser).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_add(b.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Large primes: a prime `p` is coprime to any `m` it does not divide, so
/// `p mod m` is a valid multiplier for every modulus used here.
const PRIMES: [u64; 4] = [
    2_147_483_647,
    4_294_967_291,
    67_280_421_310_721,
    2_305_843_009_213_693_951,
];

/// A bijection of `0..m` onto itself that looks random: `x·a + c mod m` with
/// `a` coprime to `m`. Values of `x` at or above `m` wrap around.
pub fn scramble(x: u64, m: u64, salt: u64) -> u64 {
    if m <= 1 {
        return 0;
    }
    let p = PRIMES[(salt & 3) as usize];
    debug_assert_ne!(m % p, 0, "the multiplier must be coprime to m");
    let a = p % m;
    let c = (salt >> 16) % m;
    (((x % m) as u128 * a as u128 + c as u128) % m as u128) as u64
}

/// Appends `value` in base 31 over the USCC charset, `len` characters wide.
fn push_base31(out: &mut String, mut value: u64, len: usize) {
    let mut buf = [b'0'; 16];
    for slot in buf[..len].iter_mut().rev() {
        *slot = USCC_CHARSET[(value % 31) as usize];
        value /= 31;
    }
    out.push_str(std::str::from_utf8(&buf[..len]).expect("ascii"));
}

/// The check character of an old 9-character organisation code (GB 11714)
/// over its first 8 digits.
fn org_code_check(digits: &[u8; 8]) -> char {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits.iter().zip(W).map(|(d, w)| (d - b'0') as u32 * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).expect("digit"),
    }
}

/// Completes 17 characters with the check character of `app::domain::uscc`.
pub fn with_uscc_check(mut first17: String) -> String {
    let c = uscc::check_char(&first17).expect("valid USCC body");
    first17.push(c);
    first17
}

/// A unified social credit code for subject `key` of a class: `kind` is the
/// two-character registration/type prefix (91, 92, 93). Older enterprises keep
/// their 9-digit organisation code, newer ones have the `MA…` form.
pub fn subject_uscc(kind: &str, key: u64, salt: u64) -> String {
    let mut s = String::with_capacity(18);
    s.push_str(kind);
    s.push_str(REGION);
    let old_style = kind == "91" && mix(key, salt ^ 0x006f_6c64) % 10 < 3;
    if old_style {
        let v = scramble(key, 100_000_000, mix(salt, 0x006f_7267));
        let start = s.len();
        push_digits(&mut s, v, 8);
        let digits: [u8; 8] = s.as_bytes()[start..].try_into().expect("8 digits");
        s.push(org_code_check(&digits));
    } else {
        s.push_str("MA");
        let v = scramble(key, 31u64.pow(7), mix(salt, 0x6d61));
        push_base31(&mut s, v, 7);
    }
    with_uscc_check(s)
}

/// Region codes of resident ID numbers: most people were registered in
/// 嘉峪关, many came from elsewhere in Gansu or the neighbouring provinces.
const ID_REGIONS: [&str; 24] = [
    "620200", "620200", "620200", "620200", "620200", "620200", "620200", "620200", "620200", "620200", "620200",
    "620200", "620102", "620103", "620902", "620921", "620922", "620702", "620302", "620402", "620602", "621102",
    "640104", "610103",
];

/// The range resident birth dates are drawn from: people of working age,
/// 22 to 66 years old today.
pub struct BirthRange {
    pub first: NaiveDate,
    pub days: u64,
}

impl BirthRange {
    pub fn new(today: NaiveDate) -> Self {
        let first = NaiveDate::from_ymd_opt(today.year() - 66, 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(today.year() - 22, 12, 31).expect("date");
        BirthRange {
            first,
            days: (last - first).num_days() as u64 + 1,
        }
    }
}

/// A resident ID number for person `key` and whether the person is male.
/// The birth date and sequence number come from a bijection of the key, so
/// two keys never give the same number (up to `days × 1000` keys).
pub fn resident_id(key: u64, salt: u64, births: &BirthRange) -> (String, bool) {
    let p = scramble(key, births.days * 1000, mix(salt, 0x6964));
    let birth = births.first + chrono::Days::new(p % births.days);
    let seq = p / births.days;
    let region = ID_REGIONS[(mix(key, salt ^ 0x0072_6567) % ID_REGIONS.len() as u64) as usize];
    let mut s = String::with_capacity(18);
    s.push_str(region);
    s.push_str(&format!(
        "{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        birth.day(),
        seq
    ));
    let c = resident_id::check_char(&s).expect("valid resident ID body");
    s.push(c);
    (s, seq % 2 == 1)
}

/// Appends `value` in decimal, zero-padded to `width` digits.
fn push_digits(out: &mut String, value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut v = value;
    let mut i = buf.len();
    while v > 0 || i > buf.len() - width {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ascii digits"));
}

/// `YYYY/MM/DD` or `YYYY-MM-DD`.
pub fn fmt_date(d: NaiveDate, slash: bool) -> String {
    let sep = if slash { '/' } else { '-' };
    let mut s = String::with_capacity(10);
    push_digits(&mut s, d.year() as u64, 4);
    s.push(sep);
    push_digits(&mut s, d.month() as u64, 2);
    s.push(sep);
    push_digits(&mut s, d.day() as u64, 2);
    s
}

/// `2024年3月5日`, as dates are written in decision texts.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// An amount in yuan as 万元 with up to four decimals: 5000 → "0.5".
pub fn wan_yuan(yuan: u64) -> String {
    let whole = yuan / 10_000;
    let frac = yuan % 10_000;
    if frac == 0 {
        return whole.to_string();
    }
    let mut s = format!("{whole}.{frac:04}");
    while s.ends_with('0') {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn scramble_is_a_bijection() {
        for m in [1u64, 2, 7, 10, 31, 360, 1000, 3000, 4_470, 19_358] {
            for salt in [0u64, 1, 2, 3, 12345] {
                let set: HashSet<_> = (0..m).map(|x| scramble(x, m, salt)).collect();
                assert_eq!(set.len() as u64, m);
                assert!(set.iter().all(|v| *v < m));
            }
        }
    }

    #[test]
    fn old_organisation_codes_check() {
        // 75591846-9 is the organisation code inside 91330000755918469E.
        assert_eq!(org_code_check(b"75591846"), '9');
        assert_eq!(org_code_check(b"13240748"), '6');
    }

    #[test]
    fn dates_and_digits() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(fmt_date(d, true), "2024/03/05");
        assert_eq!(fmt_date(d, false), "2024-03-05");
        let mut s = String::new();
        push_digits(&mut s, 0, 3);
        push_digits(&mut s, 7, 1);
        push_digits(&mut s, 12345, 2);
        assert_eq!(s, "000712345");
    }

    #[test]
    fn amounts_in_wan_yuan() {
        assert_eq!(wan_yuan(5_000), "0.5");
        assert_eq!(wan_yuan(23_500), "2.35");
        assert_eq!(wan_yuan(100_000), "10");
        assert_eq!(wan_yuan(856), "0.0856");
    }

    #[test]
    fn codes_are_unique_and_valid() {
        let births = BirthRange::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
        let mut ids = HashSet::new();
        let mut usccs = HashSet::new();
        for key in 0..50_000u64 {
            let (id, _) = resident_id(key, 7, &births);
            assert_eq!(resident_id::check_char(&id[..17]), id.chars().nth(17));
            assert!(ids.insert(id[6..].to_string()), "birth date and sequence repeat");
            let u = subject_uscc("91", key, 7);
            assert_eq!(uscc::check_char(&u[..17]), u.chars().nth(17));
            assert!(usccs.insert(u));
        }
    }
}
