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
        "一条公开信息及其全部国家标准字段（columns）；不再公示的信息返回 410。",
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
        "变更记录（新增、更正、撤销、修复、到期、办理进展），按序号递增；每条带哈希和前序哈希，可自行校验整条链。",
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
