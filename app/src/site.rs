//! Who runs this portal and how the public reaches it: the settings every page
//! shows (today the reporting channels the seeds name, 举报电话 and 举报邮箱).
//! The server reads them from `<data>/site.toml` and provides them to the
//! pages as a Leptos context for each request; a page reads them with
//! [`current`]. Without a settings file nothing is shown rather than a
//! made-up number.

use serde::Deserialize;

use crate::domain::complaint::is_email;

/// The site's public settings, as `site.toml` writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// 举报电话: a hotline (12345), a landline (0937-6221234) or a mobile number.
    #[serde(default)]
    pub report_phone: Option<String>,
    /// 举报邮箱.
    #[serde(default)]
    pub report_email: Option<String>,
}

/// Why a settings file was refused, naming the setting.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SiteSettingsError {
    #[error("report_phone“{0}”不是电话号码：只能含数字、空格、“-”和括号，3 至 20 个字符")]
    Phone(String),
    #[error("report_email“{0}”不是电子邮件地址")]
    Email(String),
}

impl SiteSettings {
    /// Checks the values and drops empty ones, so a page never shows a blank channel.
    pub fn checked(self) -> Result<SiteSettings, SiteSettingsError> {
        let report_phone = non_empty(self.report_phone);
        let report_email = non_empty(self.report_email);
        if let Some(p) = &report_phone {
            if !is_hotline(p) {
                return Err(SiteSettingsError::Phone(p.clone()));
            }
        }
        if let Some(e) = &report_email {
            if !is_email(e) {
                return Err(SiteSettingsError::Email(e.clone()));
            }
        }
        Ok(SiteSettings {
            report_phone,
            report_email,
        })
    }

    /// Plausible values for the demo city, written beside demo data.
    pub fn demo() -> SiteSettings {
        SiteSettings {
            report_phone: Some("0937-12345".into()),
            report_email: Some("xinyong@jyg.example.cn".into()),
        }
    }

    /// Whether any reporting channel besides the online form is configured.
    pub fn has_report_channels(&self) -> bool {
        self.report_phone.is_some() || self.report_email.is_some()
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A phone number as a portal prints it: short hotlines (12345) included,
/// so looser than `complaint::is_phone`, which checks a citizen's own number.
fn is_hotline(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (3..=20).contains(&s.chars().count())
        && digits >= 3
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）'))
}

/// The settings provided for the page being rendered, or none configured.
pub fn current() -> SiteSettings {
    leptos::prelude::use_context::<SiteSettings>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotlines_landlines_and_mobiles_are_phones() {
        for ok in ["12345", "0937-12345", "0937-6221234", "(0937) 622 1234", "13912345678"] {
            assert!(is_hotline(ok), "{ok}");
        }
        for bad in ["", "12", "电话12345", "0937-1234x", "123456789012345678901"] {
            assert!(!is_hotline(bad), "{bad}");
        }
    }

    #[test]
    fn checked_drops_blanks_and_names_the_bad_setting() {
        let blank = SiteSettings {
            report_phone: Some("  ".into()),
            report_email: None,
        };
        assert_eq!(blank.checked(), Ok(SiteSettings::default()));
        let bad_phone = SiteSettings {
            report_phone: Some("call us".into()),
            report_email: None,
        };
        assert_eq!(bad_phone.checked(), Err(SiteSettingsError::Phone("call us".into())));
        let bad_mail = SiteSettings {
            report_phone: None,
            report_email: Some("jubao.example.cn".into()),
        };
        assert_eq!(
            bad_mail.checked(),
            Err(SiteSettingsError::Email("jubao.example.cn".into()))
        );
        assert_eq!(SiteSettings::demo().checked(), Ok(SiteSettings::demo()));
    }

    #[test]
    fn without_a_context_nothing_is_configured() {
        assert!(!current().has_report_channels());
    }

    #[test]
    fn a_provided_context_is_what_pages_read() {
        let owner = leptos::prelude::Owner::new();
        owner.with(|| {
            leptos::prelude::provide_context(SiteSettings::demo());
            assert_eq!(current(), SiteSettings::demo());
        });
    }
}
