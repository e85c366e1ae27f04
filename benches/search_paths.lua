-- wrk script: cycles through realistic search pages (name fragments, full names,
-- document numbers in both bracket styles, violation words, Traditional script,
-- filters, deep pages). Usage: wrk -t2 -c16 -d30s -s benches/search_paths.lua http://127.0.0.1:3000
local queries = {
  "/search?q=%E5%98%89%E5%B3%AA%E5%85%B3",                 -- 嘉峪关
  "/search?q=%E9%9B%84%E5%85%B3%E5%BB%BA%E8%AE%BE",       -- 雄关建设
  "/search?q=%E5%98%89%E5%B3%AA%E9%97%9C",                 -- 嘉峪關 (Traditional)
  "/search?q=%E9%95%9C%E9%93%81%E5%8C%BA",                 -- 镜铁区
  "/search?q=%E8%99%9A%E5%81%87%E5%AE%A3%E4%BC%A0",       -- 虚假宣传
  "/search?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8",       -- 食品安全
  "/search?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7&kind=blacklist",
  "/search?q=%E5%98%89%E5%B8%82%E7%9B%91%E7%BD%9A%E3%80%942024%E3%80%9512%E5%8F%B7", -- 嘉市监罚〔2024〕12号
  "/search?q=%E5%98%89%E5%B8%82%E7%9B%91%E7%BD%9A%5B2024%5D12",                      -- 嘉市监罚[2024]12
  "/search?q=%E7%BD%9A%E6%AC%BE&sort=date",                -- 罚款, by date
  "/search?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&page=500", -- 有限公司, page 500
  "/search?kind=penalty&from=2025-01-01&to=2025-12-31",
  "/search?q=%E7%BB%9F%E8%AE%A1&status=listed",            -- 统计, on a list
  "/search?q=%E5%B7%A5%E7%A8%8B%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&subject_kind=organisation",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end
