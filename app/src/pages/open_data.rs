//! The human pages of the open data: the API reference with examples.

use leptos::prelude::*;

use super::document;

/// One endpoint: method and path, what it returns, an example request.
const ENDPOINTS: &[(&str, &str, &str)] = &[
    (
        "GET /api/v1/records",
        "公开中的信息，按编号倒序，游标分页。可按 kind（类别）、department（作出决定的部门编号）、subject（主体编号）、from/to（决定日期）、status（public 或 under_objection，即异议处理中）、list（名单名称）筛选；limit 最多 500；用返回的 next_cursor 作为 cursor 取下一页。",
        "/api/v1/records?kind=penalty&from=2026-01-01&limit=50",
    ),
    (
        "GET /api/v1/records/{id}",
        "一条公开信息及其全部国家标准字段（columns）；不再公示（撤销、修复、到期、移出名单）的信息返回 410；从未公开的信息（敏感、简易程序、待上线、拟列入黑名单）与不存在的编号一样返回 404。",
        "/api/v1/records/1",
    ),
    (
        "GET /api/v1/subjects/{id}",
        "一个主体（企业、个体工商户、自然人、机关）及其公开信息，是否在红、黑名单上。",
        "/api/v1/subjects/1",
    ),
    ("GET /api/v1/departments", "各部门及其公开信息数量、页面和订阅地址。", "/api/v1/departments"),
    ("GET /api/v1/lists", "红名单和黑名单，以及每个名单当前在列的数量。", "/api/v1/lists"),
    (
        "GET /api/v1/changes?since=SEQ",
        "变更记录（新增、列入名单、更正、撤销、修复、到期、办理进展），按序号递增；每条带哈希和前序哈希，可自行校验整条链。未公开的变更（待上线、拟列入、告知、不予列入、敏感和简易程序信息）只保留序号和哈希（op 为 redacted），链仍可校验。",
        "/api/v1/changes?since=0&limit=100",
    ),
    (
        "GET /api/v1/statistics",
        "按类别、部门、月份的统计，各部门公示及时率，异议及其成立数，按期答复情况。",
        "/api/v1/statistics",
    ),
    ("GET /api/v1/search?q=…", "全文检索（名称、统一社会信用代码、文书号）。", "/api/v1/search?q=嘉峪关"),
];

pub fn api_docs_page() -> String {
    document(
        "开放数据接口",
        view! {
            <h1>"开放数据接口"</h1>
            <p>"本站公开的信息可以通过下列接口以 JSON 格式获取，无需注册。字段名为英文且保持稳定，每个字段对应的国家标准字段见"<a href="/downloads/dictionary">"数据字典"</a>"。接口说明的机器可读版本："<a href="/api/v1/openapi.json">"OpenAPI 3 文档"</a>"。"</p>
            <p>"每个客户端每分钟的请求数有上限；超过时返回 429，并在 Retry-After 头中给出需等待的秒数。批量获取请使用"<a href="/downloads">"数据下载"</a>"；跟踪变化请使用变更接口或"<a href="/changes.atom">"变更订阅（Atom）"</a>"。"</p>
            <table class="data-table">
                <caption>"接口一览"</caption>
                <thead><tr><th scope="col">"接口"</th><th scope="col">"说明"</th><th scope="col">"示例"</th></tr></thead>
                <tbody>
                    {ENDPOINTS.iter().map(|(path, what, example)| view! {
                        <tr>
                            <th scope="row"><code>{*path}</code></th>
                            <td>{*what}</td>
                            <td><a href=*example><code>{*example}</code></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"校验变更链"</h2>
            <p>"每条变更的哈希 = SHA-256（前序哈希、序号、时间、操作人、操作、对象类型、对象编号、类别、原因、内容哈希，以 0x1F 分隔，空值为空串），十六进制小写。第一条的前序哈希为 64 个 0。任何一条被改动或删除，之后的哈希都将对不上。"</p>
        },
    )
}

/// One dataset on the downloads page.
#[derive(Clone, Debug)]
pub struct DatasetView {
    pub code: &'static str,
    pub label: &'static str,
    pub public_records: i64,
}

pub fn downloads_page(datasets: Vec<DatasetView>, as_of: String) -> String {
    document(
        "数据下载",
        view! {
            <h1>"数据下载"</h1>
            <p>{format!("以下文件按国家标准字段导出本站当前公开的全部信息（截至 {as_of}），每次下载都按最新数据生成。CSV 为 UTF-8（带 BOM，Excel 可直接打开），NDJSON 每行一条 JSON。自然人身份证件号码已脱敏。")}</p>
            <p>"字段说明见"<a href="/downloads/dictionary">"数据字典"</a>"；开放数据目录可通过"<a href="/downloads/catalog.jsonld">"DCAT 元数据（JSON-LD）"</a>"采集；按条获取和跟踪变化请用"<a href="/api">"开放数据接口"</a>"。"</p>
            <table class="data-table" id="datasets">
                <caption>"数据集"</caption>
                <thead><tr><th scope="col">"类别"</th><th scope="col">"公开条数"</th><th scope="col">"下载"</th></tr></thead>
                <tbody>
                    {datasets.into_iter().map(|d| view! {
                        <tr>
                            <th scope="row">{d.label}</th>
                            <td>{d.public_records}</td>
                            <td>
                                <a href=format!("/downloads/{}.csv", d.code)>"CSV"</a>" · "
                                <a href=format!("/downloads/{}.ndjson", d.code)>"NDJSON"</a>" · "
                                <a href=format!("/downloads/dictionary#{}", d.code)>"字段"</a>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        },
    )
}

/// The dictionary of every kind: (code, label, entries).
pub fn dictionary_page(
    kinds: Vec<(
        &'static str,
        &'static str,
        Vec<crate::domain::data_dictionary::DictionaryEntry>,
    )>,
) -> String {
    document(
        "数据字典",
        view! {
            <h1>"数据字典"</h1>
            <p>"每类信息的字段与下载文件的列一一对应，顺序相同。“接口字段”是开放数据接口中对应的英文字段名。"</p>
            {kinds.into_iter().map(|(code, label, entries)| view! {
                <section id=code>
                    <h2>{label}</h2>
                    <table class="data-table">
                        <thead><tr><th scope="col">"字段（国家标准）"</th><th scope="col">"必填"</th><th scope="col">"公开方式"</th><th scope="col">"接口字段"</th></tr></thead>
                        <tbody>
                            {entries.into_iter().map(|e| view! {
                                <tr>
                                    <th scope="row">{e.column}</th>
                                    <td>{if e.required { "是" } else { "否" }}</td>
                                    <td>{e.publication}</td>
                                    <td><code>{e.api_field.unwrap_or("—")}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }).collect_view()}
        },
    )
}
