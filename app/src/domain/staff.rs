//! Back-office accounts: roles, what each may do, and the password policy.
//! The permission checks are pure so every handler asks the same question.

/// What a back-office account is for (DESIGN.md "Back-office users").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// 数据来源单位: publishes and corrects its own department's records only.
    Provider,
    /// 信用办: handles objections, complaints, repair applications and pledges.
    Reviewer,
    /// Manages accounts, lists and configuration; may do what a reviewer does.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Provider, Role::Reviewer, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Provider => "数据报送（部门）",
            Role::Reviewer => "审核（信用办）",
            Role::Admin => "管理员",
        }
    }
}

/// What a page shows instead of a submitter's identity to those who may not see it.
pub fn submitter_hidden_note(submission_kind: &str) -> &'static str {
    match submission_kind {
        "complaint" => "举报人信息仅信用管理部门可见",
        _ => "申请人身份和联系方式仅信用管理部门可见",
    }
}

/// What a page shows instead of attachments that stay with the credit office.
pub const ATTACHMENTS_WITHHELD_NOTE: &str =
    "附件可能透露举报人身份，仅信用管理部门可查看；核查所需材料由信用管理部门转交。";

/// Who is acting, as the permission rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    /// The provider's own department.
    pub department_id: Option<i64>,
}

impl Actor {
    /// Queues of public submissions, their attachments and decisions.
    pub fn can_handle_submissions(self) -> bool {
        matches!(self.role, Role::Reviewer | Role::Admin)
    }

    /// Accounts, lists and configuration.
    pub fn can_administer(self) -> bool {
        self.role == Role::Admin
    }

    /// Creating, correcting and withdrawing records of `department_id`: a
    /// provider for its own department only; an admin for any.
    pub fn can_publish_for(self, department_id: i64) -> bool {
        match self.role {
            Role::Provider => self.department_id == Some(department_id),
            Role::Admin => true,
            Role::Reviewer => false,
        }
    }

    /// Whether this account sees the records pages at all.
    pub fn can_publish(self) -> bool {
        matches!(self.role, Role::Provider | Role::Admin)
    }

    /// A submission assigned to a department may be read by its provider (to check the facts).
    pub fn can_read_assigned(self, assigned_department_id: Option<i64>) -> bool {
        self.can_handle_submissions()
            || (self.role == Role::Provider
                && assigned_department_id.is_some()
                && assigned_department_id == self.department_id)
    }

    /// Whether this account may see who submitted something: the submitter's
    /// name, phone, e-mail and, for an application, the applicant. The credit
    /// office only (reviewer, admin): a department asked to check a complaint
    /// may be the one it is about, and a complainant's identity must never
    /// reach it (DOMAIN.md "Privacy"). Views leave the fields out for others;
    /// the data never reaches their pages.
    pub fn may_see_submitter_identity(self) -> bool {
        self.can_handle_submissions()
    }

    /// Whether this account may download a submission's attachments. The
    /// credit office always. The department it was assigned to, for an
    /// objection or a repair or removal application only: there the files are
    /// the applicant's proof about its own record, which the department must
    /// check. A complaint's files (photos, letters, recordings) may identify
    /// the complainant, so they stay with the credit office, which forwards
    /// what the check needs.
    pub fn may_download_attachments(self, submission_kind: &str, assigned_department_id: Option<i64>) -> bool {
        self.may_see_submitter_identity()
            || (submission_kind != "complaint" && self.can_read_assigned(assigned_department_id))
    }

    /// The change-log (audit) view.
    pub fn can_audit(self) -> bool {
        matches!(self.role, Role::Reviewer | Role::Admin)
    }

    /// Publishing and taking down 典型案例: the credit office (reviewers) and admins.
    pub fn can_publish_cases(self) -> bool {
        matches!(self.role, Role::Reviewer | Role::Admin)
    }

    /// Ordering 书面说明 / 限期整改 on a government integrity record, and
    /// publishing 政务诚信评价 results: the credit office and admins.
    pub fn can_supervise_government_integrity(self) -> bool {
        matches!(self.role, Role::Reviewer | Role::Admin)
    }

    /// Reporting a remedy done: the credit office, or a provider of the
    /// department the record counts against (its unit) or that supplied it.
    pub fn can_report_remedy(self, unit_id: Option<i64>, source_id: i64) -> bool {
        self.can_supervise_government_integrity()
            || (self.role == Role::Provider && self.department_id.is_some_and(|d| Some(d) == unit_id || d == source_id))
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a new password is refused, in words for the form.
pub fn password_problem(username: &str, password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"));
    }
    if chars > 128 {
        return Some("密码最多 128 个字符".into());
    }
    if password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("密码不能包含用户名".into());
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|b| **b).count() < 2 {
        return Some("密码至少包含字母、数字、符号中的两类".into());
    }
    None
}

/// Usernames: 3–32 of a-z, 0-9, '.', '_', '-' (they appear in the change log).
pub fn username_problem(username: &str) -> Option<String> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !(3..=32).contains(&username.len()) || !ok_chars {
        return Some("用户名为 3–32 位小写字母、数字、“.”“_”“-”".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(dept: i64) -> Actor {
        Actor {
            role: Role::Provider,
            department_id: Some(dept),
        }
    }

    #[test]
    fn the_credit_office_orders_remedies_and_the_unit_reports_them_done() {
        let reviewer = Actor {
            role: Role::Reviewer,
            department_id: None,
        };
        assert!(reviewer.can_supervise_government_integrity());
        assert!(reviewer.can_report_remedy(None, 1));
        assert!(!provider(3).can_supervise_government_integrity());
        // The unit the record counts against, or the department that supplied it.
        assert!(provider(3).can_report_remedy(Some(3), 1));
        assert!(provider(1).can_report_remedy(Some(3), 1));
        assert!(!provider(4).can_report_remedy(Some(3), 1));
        assert!(!provider(4).can_report_remedy(None, 1));
    }

    #[test]
    fn a_provider_publishes_for_its_own_department_only() {
        assert!(provider(3).can_publish_for(3));
        assert!(!provider(3).can_publish_for(4));
        assert!(!provider(3).can_handle_submissions());
        assert!(!provider(3).can_administer());
        let reviewer = Actor {
            role: Role::Reviewer,
            department_id: None,
        };
        assert!(!reviewer.can_publish_for(3) && reviewer.can_handle_submissions() && !reviewer.can_administer());
        let admin = Actor {
            role: Role::Admin,
            department_id: None,
        };
        assert!(admin.can_publish_for(3) && admin.can_handle_submissions() && admin.can_administer());
    }

    #[test]
    fn a_provider_reads_submissions_assigned_to_its_department() {
        assert!(provider(3).can_read_assigned(Some(3)));
        assert!(!provider(3).can_read_assigned(Some(4)));
        assert!(!provider(3).can_read_assigned(None));
    }

    #[test]
    fn only_the_credit_office_sees_who_submitted() {
        let reviewer = Actor {
            role: Role::Reviewer,
            department_id: None,
        };
        let admin = Actor {
            role: Role::Admin,
            department_id: None,
        };
        assert!(reviewer.may_see_submitter_identity() && admin.may_see_submitter_identity());
        assert!(!provider(3).may_see_submitter_identity());
        // Attachments: a complaint's never reach the department, an objection's proof does.
        assert!(!provider(3).may_download_attachments("complaint", Some(3)));
        assert!(provider(3).may_download_attachments("objection", Some(3)));
        assert!(provider(3).may_download_attachments("repair", Some(3)));
        assert!(!provider(3).may_download_attachments("objection", Some(4)));
        assert!(reviewer.may_download_attachments("complaint", Some(3)));
    }

    #[test]
    fn password_policy() {
        assert!(password_problem("wang", "short1").unwrap().contains("10"));
        assert!(password_problem("wang", "wang-2026-abc").unwrap().contains("用户名"));
        assert!(password_problem("wang", "abcdefghijkl").unwrap().contains("两类"));
        assert_eq!(password_problem("wang", "correct horse 9"), None);
    }

    #[test]
    fn roles_round_trip_and_usernames_are_plain() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
        assert_eq!(username_problem("zhang.san"), None);
        assert!(username_problem("Zhang San").is_some());
        assert!(username_problem("ab").is_some());
    }
}
