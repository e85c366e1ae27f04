//! After the demo records: what the credit office does with them, so a fresh
//! portal shows government integrity at work — 书面说明 / 限期整改 ordered on
//! some integrity records (most done, some left overdue for the tick to
//! publish) and last year's 政务诚信评价 results. Deterministic: the same
//! records and date give the same follow-up. Written through the store's
//! ordinary logged writes, as the back-office would.

use app::domain::clock::china_date;
use app::domain::integrity_evaluation::{Evaluation, Evaluator};
use app::domain::integrity_remedy::{Completion, Remedy, RemedyOrder};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use crate::store::{Store, StoreError};

/// Who the change log names for the demo's back-office actions.
const DEMO_ACTOR: &str = "demo";

/// Noon in China on `day`, as the moment an action is logged.
fn china_noon(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap_or_default())
}

/// Orders remedies on the newest integrity records and publishes evaluation
/// results for every department; (remedies ordered, results published).
pub async fn add_government_integrity_follow_up(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<(usize, usize), StoreError> {
    let today = china_date(now);
    let mut ordered = 0;
    for (i, r) in store.integrity_records_for_staff(None).await?.iter().enumerate() {
        // A second `portal demo` on the same folder orders nothing twice.
        if i % 3 != 0 || !store.remedies_of(r.id).await?.is_empty() {
            continue;
        }
        let on = (r.decision_date + Duration::days(7)).min(today);
        let mut orders = vec![RemedyOrder {
            remedy: Remedy::WrittenExplanation,
            requirement: "就失信行为的原因、造成的影响和整改措施作出书面说明，报市社会信用体系建设工作领导小组办公室。"
                .into(),
            due: on + Duration::days(30),
        }];
        if i % 2 == 0 {
            orders.push(RemedyOrder {
                remedy: Remedy::Rectification,
                requirement: "完成整改：履行生效判决或合同约定义务，建立防止再次发生的内部制度。".into(),
                due: on + Duration::days(90),
            });
        }
        for (k, order) in orders.iter().enumerate() {
            let id = store.order_remedy(r.id, order, DEMO_ACTOR, china_noon(on)).await?;
            ordered += 1;
            // Most are done a few days before their due date; one in five is left to run over.
            let done_on = order.due - Duration::days(3);
            if done_on <= today && (i / 3 + k) % 5 != 4 {
                if let Some(remedy) = store.remedy(id).await? {
                    let done = Completion {
                        done_on,
                        report: format!("已按要求完成{}，相关材料已报送备查。", order.remedy.label()),
                    };
                    store
                        .complete_remedy(&remedy, &done, DEMO_ACTOR, china_noon(done_on))
                        .await?;
                }
            }
        }
    }

    let year = today.year() - 1;
    let grades = ["优秀", "良好", "良好", "合格", "良好", "优秀", "基本合格"];
    let mut published = 0;
    for d in store.all_departments().await? {
        let n = d.id.unsigned_abs() as usize;
        let mut results = vec![Evaluation {
            department_id: d.id,
            year,
            evaluator_kind: Evaluator::Official,
            evaluator: "市社会信用体系建设工作领导小组".into(),
            result: grades[n % grades.len()].into(),
            score_tenths: Some(780 + (n as i64 * 37) % 200),
            source_document: format!("关于{year}年度政务诚信状况评价结果的通报（信用办〔{}〕2号）", year + 1),
            source_url: None,
        }];
        if n.is_multiple_of(3) {
            results.push(Evaluation {
                department_id: d.id,
                year,
                evaluator_kind: Evaluator::ThirdParty,
                evaluator: "省信用研究院".into(),
                result: ["A", "AA", "A", "BBB"][n % 4].into(),
                score_tenths: None,
                source_document: format!("{year}年度政务诚信第三方评价报告"),
                source_url: None,
            });
        }
        for e in &results {
            match store.publish_evaluation(e, DEMO_ACTOR, now).await {
                Ok(_) => published += 1,
                // Already published by an earlier demo run.
                Err(StoreError::Refused(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok((ordered, published))
}
